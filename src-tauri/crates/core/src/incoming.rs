//! What an engine reports when someone writes to the shop's number: the decrypted message as
//! plain data, and the handle that fetches its attachment later (only when someone opens it).

use mostrador_types::Kind;

/// A message a customer (or a group member) sent to the shop's number.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    /// WhatsApp's id of the message; the same message seen twice has the same id.
    pub whatsapp_id: String,
    /// The sender's phone number, E.164 digits without `+`.
    pub from: String,
    /// The group JID when it was written in a group, else `None` (a chat with the shop).
    pub group: Option<String>,
    /// The name the sender gave WhatsApp, as their phone sends it.
    pub push_name: Option<String>,
    /// When the sender's phone says it was written, ms since the Unix epoch.
    pub at: i64,
    pub body: IncomingBody,
}

#[derive(Debug, Clone, PartialEq)]
pub enum IncomingBody {
    Text {
        text: String,
    },
    /// An image, video, audio (voice notes too) or document; the bytes stay on WhatsApp's
    /// servers until the engine's `Messenger::download` fetches them with `handle`.
    Media {
        kind: Kind,
        caption: Option<String>,
        file_name: Option<String>,
        mime_type: String,
        size: u64,
        /// Engine-private: what the engine needs to fetch and decrypt the bytes (opaque to
        /// the core, kept with the message in the encrypted log).
        handle: String,
    },
    /// Anything else (a sticker, a location, a contact card, a poll…): named, not shown.
    Other {
        what: String,
    },
}
