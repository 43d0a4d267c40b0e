//! The bytes a client writes before its first frame: an optional edge-routing intro
//! (`ED\0\1` ‖ 24-bit length ‖ routing info) followed by the connection header `WA\x06\x03`.

use whatsapp_rust::wacore_binary::consts::WA_CONN_HEADER;

const EDGE_ROUTING_MAGIC: &[u8] = b"ED\x00\x01";

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Preamble {
    /// Not enough bytes yet to tell.
    Incomplete,
    /// The preamble is this many bytes long; frames follow.
    Complete(usize),
    /// Not a WhatsApp client.
    Invalid,
}

pub(crate) fn measure(buf: &[u8]) -> Preamble {
    let mut offset = 0;
    if buf.len() < EDGE_ROUTING_MAGIC.len() {
        return if EDGE_ROUTING_MAGIC.starts_with(buf) || WA_CONN_HEADER.starts_with(buf) {
            Preamble::Incomplete
        } else {
            Preamble::Invalid
        };
    }
    if buf.starts_with(EDGE_ROUTING_MAGIC) {
        let Some(len) = buf.get(4..7) else {
            return Preamble::Incomplete;
        };
        let routing_len =
            (usize::from(len[0]) << 16) | (usize::from(len[1]) << 8) | usize::from(len[2]);
        offset = 7 + routing_len;
    }
    match buf.get(offset..offset + WA_CONN_HEADER.len()) {
        None => Preamble::Incomplete,
        Some(header) if header == WA_CONN_HEADER => {
            Preamble::Complete(offset + WA_CONN_HEADER.len())
        }
        Some(_) => Preamble::Invalid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_header() {
        assert_eq!(measure(b"WA\x06\x03\x00\x00\x01x"), Preamble::Complete(4));
        assert_eq!(measure(b"WA"), Preamble::Incomplete);
        assert_eq!(measure(b"GET / HTTP"), Preamble::Invalid);
    }

    #[test]
    fn edge_routing_intro_is_skipped() {
        let buf = b"ED\x00\x01\x00\x00\x02abWA\x06\x03rest";
        assert_eq!(measure(buf), Preamble::Complete(13));
        assert_eq!(measure(&buf[..9]), Preamble::Incomplete);
    }
}
