//! The post-handshake transport: each frame is one AES-GCM-sealed binary node, with one
//! counter-based nonce sequence per direction.

use whatsapp_rust::wacore::framing::encode_frame;
use whatsapp_rust::wacore::noise::NoiseCipher;
use whatsapp_rust::wacore_binary::{Node, marshal, marshal::unmarshal_ref, util::unpack};

/// Why a frame could not be opened or sealed. Any of these ends the connection.
#[derive(Debug, thiserror::Error)]
pub(crate) enum WireError {
    #[error("frame does not decrypt: {0}")]
    Decrypt(String),
    #[error("frame is not a binary node: {0}")]
    Decode(String),
    #[error("cannot encode node: {0}")]
    Encode(String),
}

pub(crate) struct SecureChannel {
    read: NoiseCipher,
    write: NoiseCipher,
    read_counter: u32,
    write_counter: u32,
}

impl SecureChannel {
    pub(crate) fn new(read: NoiseCipher, write: NoiseCipher) -> Self {
        Self {
            read,
            write,
            read_counter: 0,
            write_counter: 0,
        }
    }

    /// Decrypts one frame payload and decodes the node inside.
    pub(crate) fn open(&mut self, frame: &[u8]) -> Result<Node, WireError> {
        let mut buf = frame.to_vec();
        self.read
            .decrypt_in_place_with_counter(self.read_counter, &mut buf)
            .map_err(|e| WireError::Decrypt(e.to_string()))?;
        self.read_counter = self.read_counter.wrapping_add(1);
        let plain = unpack(&buf).map_err(|e| WireError::Decode(e.to_string()))?;
        let node = unmarshal_ref(&plain).map_err(|e| WireError::Decode(e.to_string()))?;
        Ok(node.to_owned())
    }

    /// Encodes and encrypts a node into a complete length-prefixed frame.
    pub(crate) fn seal(&mut self, node: &Node) -> Result<Vec<u8>, WireError> {
        // `marshal` writes the leading flag byte (0 = uncompressed) the client's `unpack` expects.
        let plain = marshal(node).map_err(|e| WireError::Encode(e.to_string()))?;
        let sealed = self
            .write
            .encrypt_with_counter(self.write_counter, &plain)
            .map_err(|e| WireError::Encode(e.to_string()))?;
        self.write_counter = self.write_counter.wrapping_add(1);
        encode_frame(&sealed, None).map_err(|e| WireError::Encode(e.to_string()))
    }
}
