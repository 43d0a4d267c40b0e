//! The encrypted attachment file format: keys derived from the database key, sealing and
//! opening, and the keyed file names.
//!
//! Version 2 (written now): `MSTRBLB2 | nonce (12) | ciphertext | tag (16)`, AES-256-GCM with
//! associated data `MSTRBLB2 || content hash (hex)`. The hash in the associated data binds
//! each file to the content it is stored for: a file copied or renamed over another
//! content's name, or pieced together from two writes, fails to open.
//!
//! Version 1 (written by releases before the hash binding): the same layout with `MSTRBLB1`
//! and associated data `MSTRBLB1` alone. It is still read — opened under that associated
//! data, then the decrypted content's SHA-256 must be the expected hash — so upgrading loses
//! no attachment. It is never written; a damaged v1 file is rewritten as v2 by the next send
//! of the same content.

use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::hmac;
use sha2::{Digest, Sha256};

use crate::{Code, Error, Result};

/// First bytes of an encrypted attachment file, format version 2 (bound to its content).
const MAGIC: &[u8; 8] = b"MSTRBLB2";
/// Format version 1: still read, never written.
const MAGIC_V1: &[u8; 8] = b"MSTRBLB1";
/// Magic and nonce.
pub const HEADER_LEN: usize = 8 + NONCE_LEN;

/// The two keys the attachment store uses, both derived from the database key.
pub struct Keys {
    seal: LessSafeKey,
    names: hmac::Key,
}

impl Keys {
    pub fn derive(key: &[u8; 32]) -> Keys {
        let master = hmac::Key::new(hmac::HMAC_SHA256, key);
        let seal_key = hmac::sign(&master, b"mostrador attachments: seal");
        let name_key = hmac::sign(&master, b"mostrador attachments: names");
        Keys {
            // AES-256 takes any 32 bytes; an HMAC-SHA256 tag is exactly that.
            seal: LessSafeKey::new(
                UnboundKey::new(&AES_256_GCM, seal_key.as_ref())
                    .unwrap_or_else(|_| unreachable!("32-byte AES-256 key")),
            ),
            names: hmac::Key::new(hmac::HMAC_SHA256, name_key.as_ref()),
        }
    }

    /// The file name for a content hash: HMAC(key, hash), so it reveals nothing without the key.
    pub fn name(&self, sha256: &str) -> String {
        hex(hmac::sign(&self.names, sha256.as_bytes()).as_ref())
    }
}

/// Encrypts `bytes` in place (no copy of a large attachment) for the content `sha256`;
/// returns the header to write before them and the tag to write after.
pub fn seal_in_place(
    k: &Keys,
    sha256: &str,
    bytes: &mut [u8],
) -> Result<([u8; HEADER_LEN], [u8; 16])> {
    // A random nonce per file: a content is written once, or again only to replace it.
    let mut nonce = [0u8; NONCE_LEN];
    getrandom::fill(&mut nonce)
        .map_err(|e| Error::new(Code::Internal, format!("no randomness for encryption: {e}")))?;
    let tag = k
        .seal
        .seal_in_place_separate_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(aad(sha256)),
            bytes,
        )
        .map_err(|_| Error::new(Code::Internal, "the attachment could not be encrypted"))?;
    let mut header = [0u8; HEADER_LEN];
    header[..MAGIC.len()].copy_from_slice(MAGIC);
    header[MAGIC.len()..].copy_from_slice(&nonce);
    let mut tag_bytes = [0u8; 16];
    tag_bytes.copy_from_slice(tag.as_ref());
    Ok((header, tag_bytes))
}

/// The content of a stored file if it is whole, was sealed with this key, and holds the
/// content `sha256`; `None` otherwise.
pub fn open(k: &Keys, mut stored: Vec<u8>, sha256: &str) -> Option<Vec<u8>> {
    if stored.len() < HEADER_LEN {
        return None;
    }
    let (version_aad, v1) = match &stored[..MAGIC.len()] {
        m if m == MAGIC => (aad(sha256), false),
        m if m == MAGIC_V1 => (MAGIC_V1.to_vec(), true),
        _ => return None,
    };
    let nonce = Nonce::try_assume_unique_for_key(&stored[MAGIC.len()..HEADER_LEN]).ok()?;
    let len = k
        .seal
        .open_in_place(nonce, Aad::from(version_aad), &mut stored[HEADER_LEN..])
        .ok()?
        .len();
    // Plaintext moves to the front; the buffer is reused rather than copied.
    stored.copy_within(HEADER_LEN..HEADER_LEN + len, 0);
    stored.truncate(len);
    // A v1 file says nothing about its content: check it.
    if v1 && sha256_hex(&stored) != sha256 {
        return None;
    }
    Some(stored)
}

/// Associated data of a v2 file: the magic, then the content hash it was written for.
fn aad(sha256: &str) -> Vec<u8> {
    let mut aad = MAGIC.to_vec();
    aad.extend_from_slice(sha256.as_bytes());
    aad
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealed(k: &Keys, content: &[u8], hash: &str) -> Vec<u8> {
        let mut body = content.to_vec();
        let (header, tag) = seal_in_place(k, hash, &mut body).unwrap();
        [&header[..], &body, &tag].concat()
    }

    /// A file as releases before version 2 wrote it.
    fn sealed_v1(k: &Keys, content: &[u8]) -> Vec<u8> {
        let nonce = [3u8; NONCE_LEN];
        let mut body = content.to_vec();
        let tag = k
            .seal
            .seal_in_place_separate_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(MAGIC_V1),
                &mut body,
            )
            .unwrap();
        [&MAGIC_V1[..], &nonce, &body, tag.as_ref()].concat()
    }

    #[test]
    fn a_file_opens_only_for_the_content_it_was_sealed_for() {
        let k = Keys::derive(&[7; 32]);
        let (a, b) = (sha256_hex(b"receipt A"), sha256_hex(b"receipt B"));
        let file = sealed(&k, b"receipt A", &a);
        assert_eq!(&file[..8], b"MSTRBLB2");
        assert_eq!(open(&k, file.clone(), &a).unwrap(), b"receipt A");
        // The same file under another content's name: refused.
        assert!(open(&k, file, &b).is_none());
        // Sealed for B but holding A's bytes (a mix-up, or two writers): refused.
        let lying = sealed(&k, b"receipt A", &b);
        assert!(open(&k, lying.clone(), &a).is_none());
        assert!(open(&k, lying, &b).is_some(), "v2 trusts its sealed hash");
    }

    #[test]
    fn version_1_files_still_open_when_their_content_matches() {
        let k = Keys::derive(&[7; 32]);
        let file = sealed_v1(&k, b"old receipt");
        let hash = sha256_hex(b"old receipt");
        assert_eq!(open(&k, file.clone(), &hash).unwrap(), b"old receipt");
        assert!(open(&k, file, &sha256_hex(b"another")).is_none());
    }
}
