//! A companion device's published Signal keys: what it uploads (`encrypt` set), and what the
//! server answers about them (count, digest). Stage 2 hands these out as prekey bundles.

use std::collections::BTreeMap;

use whatsapp_rust::NodeBuilder;
use whatsapp_rust::wacore::prekeys::compute_key_bundle_digest;
use whatsapp_rust::wacore_binary::Node;

/// A signed prekey as published: id, X25519 public key, XEdDSA signature by the identity key.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SignedPreKey {
    /// Signed prekey id (24-bit on the wire).
    pub id: u32,
    /// X25519 public key.
    pub public: [u8; 32],
    /// Signature over `0x05 ‖ public` by the device identity key.
    pub signature: Vec<u8>,
}

/// The keys a device publishes so others can start Signal sessions with it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeviceKeys {
    /// Signal registration id.
    pub registration_id: u32,
    /// Identity public key (32 bytes, no type prefix).
    pub identity: [u8; 32],
    /// The current signed prekey.
    pub signed_prekey: SignedPreKey,
    /// Unused one-time prekeys by id.
    pub one_time: BTreeMap<u32, [u8; 32]>,
}

impl DeviceKeys {
    /// Applies a `<iq xmlns="encrypt" type="set">` upload (`registration`, `identity`, `list`,
    /// `skey`). Returns false when the node is not a well-formed upload.
    pub(crate) fn apply_upload(&mut self, iq: &Node) -> bool {
        let (Some(registration), Some(identity), Some(skey)) = (
            child_bytes(iq, "registration").and_then(be_uint),
            child_bytes(iq, "identity").and_then(key32),
            iq.get_optional_child("skey").and_then(parse_skey),
        ) else {
            return false;
        };
        self.registration_id = registration;
        self.identity = identity;
        self.signed_prekey = skey;
        if let Some(list) = iq.get_optional_child("list") {
            for key in list.get_children_by_tag("key") {
                if let (Some(id), Some(public)) = (
                    child_bytes(key, "id").and_then(be_uint),
                    child_bytes(key, "value").and_then(key32),
                ) {
                    self.one_time.insert(id, public);
                }
            }
        }
        true
    }

    /// Applies a `<rotate><skey>…</skey></rotate>` signed-prekey rotation.
    pub(crate) fn apply_rotation(&mut self, rotate: &Node) -> bool {
        match rotate.get_optional_child("skey").and_then(parse_skey) {
            Some(skey) => {
                self.signed_prekey = skey;
                true
            }
            None => false,
        }
    }

    /// `<count value=N/>`: how many one-time prekeys the server still holds.
    pub(crate) fn count_node(&self) -> Node {
        NodeBuilder::new("count")
            .attr("value", self.one_time.len().to_string())
            .build()
    }

    /// `<digest>` over the stored bundle, hashed the way the client re-computes it locally.
    pub(crate) fn digest_node(&self) -> Node {
        let publics: Vec<&[u8]> = self.one_time.values().map(|k| k.as_slice()).collect();
        let hash = compute_key_bundle_digest(
            &self.identity,
            &self.signed_prekey.public,
            &self.signed_prekey.signature,
            &publics,
        );
        let ids = self
            .one_time
            .keys()
            .map(|id| NodeBuilder::new("id").bytes(id24(*id)).build());
        NodeBuilder::new("digest")
            .children([
                NodeBuilder::new("registration")
                    .bytes(self.registration_id.to_be_bytes().to_vec())
                    .build(),
                NodeBuilder::new("type").bytes(vec![5u8]).build(),
                NodeBuilder::new("identity")
                    .bytes(self.identity.to_vec())
                    .build(),
                skey_node(&self.signed_prekey),
                NodeBuilder::new("list").children(ids).build(),
                NodeBuilder::new("hash").bytes(hash).build(),
            ])
            .build()
    }
}

/// `<skey><id/><value/><signature/></skey>`, as in uploads, digests and bundles.
pub(crate) fn skey_node(skey: &SignedPreKey) -> Node {
    NodeBuilder::new("skey")
        .children([
            NodeBuilder::new("id").bytes(id24(skey.id)).build(),
            NodeBuilder::new("value")
                .bytes(skey.public.to_vec())
                .build(),
            NodeBuilder::new("signature")
                .bytes(skey.signature.clone())
                .build(),
        ])
        .build()
}

/// Prekey ids travel as 3 big-endian bytes.
pub(crate) fn id24(id: u32) -> Vec<u8> {
    id.to_be_bytes()[1..].to_vec()
}

fn parse_skey(skey: &Node) -> Option<SignedPreKey> {
    Some(SignedPreKey {
        id: child_bytes(skey, "id").and_then(be_uint)?,
        public: child_bytes(skey, "value").and_then(key32)?,
        signature: child_bytes(skey, "signature")?.to_vec(),
    })
}

pub(crate) fn child_bytes<'a>(node: &'a Node, tag: &str) -> Option<&'a [u8]> {
    match &node.get_optional_child(tag)?.content {
        Some(whatsapp_rust::wacore_binary::NodeContent::Bytes(b)) => Some(b.as_slice()),
        _ => None,
    }
}

/// Big-endian unsigned integer of 1 to 4 bytes.
pub(crate) fn be_uint(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    Some(bytes.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b)))
}

pub(crate) fn key32(bytes: &[u8]) -> Option<[u8; 32]> {
    <[u8; 32]>::try_from(bytes).ok()
}
