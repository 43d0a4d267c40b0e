//! A message someone wrote to the shop, translated from whatsapp-rust's decrypted message into
//! the core's `Incoming` — which ones count (others', not the shop's own devices, not status
//! updates, protocol messages, edits or reactions), who sent it, and what it holds — plus the
//! download handle of an attachment. Pure: no client, no I/O; `receiving` does the rest.

use mostrador_core::incoming::{Incoming, IncomingBody};
use mostrador_core::types::Kind;
use whatsapp_rust::download::{DownloadParams, MediaType};
use whatsapp_rust::serde_json::{self, Value, json};
use whatsapp_rust::types::message::MessageInfo;
use whatsapp_rust::waproto::whatsapp as wa;
use whatsapp_rust::{Jid, Server};

/// Who wrote, as far as the message itself tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sender {
    /// Their phone number (digits).
    Phone(String),
    /// Only their LID (user part): the phone number is the client's LID↔PN mapping's to tell.
    Lid(String),
}

/// Whether the message is one to report and, if so, who sent it; `None` for the shop's own
/// messages, status updates, newsletters and senders that are not people.
pub fn sender(info: &MessageInfo) -> Option<Sender> {
    let source = &info.source;
    let chat = &source.chat;
    let status = chat.server == Server::Broadcast && chat.user == "status";
    if source.is_from_me || status || chat.server == Server::Newsletter {
        return None;
    }
    let phone_of = |jid: &Jid| (jid.server == Server::Pn).then(|| jid.user.to_string());
    match source.sender.server {
        Server::Pn => phone_of(&source.sender).map(Sender::Phone),
        Server::Lid => Some(source.sender_alt.as_ref().and_then(phone_of).map_or_else(
            || Sender::Lid(source.sender.user.to_string()),
            Sender::Phone,
        )),
        _ => None,
    }
}

/// The core's view of `message` from the phone number `from`; `None` when it is nothing a
/// person reads (protocol messages, edits, revokes, reactions, poll votes, key distribution).
pub fn incoming(message: &wa::Message, info: &MessageInfo, from: String) -> Option<Incoming> {
    let body = body(unwrap(message))?;
    let chat = &info.source.chat;
    Some(Incoming {
        whatsapp_id: info.id.to_string(),
        from,
        group: (chat.server == Server::Group).then(|| chat.to_string()),
        push_name: Some(info.push_name.clone()).filter(|n| !n.is_empty()),
        at: info.timestamp.timestamp_millis(),
        body,
    })
}

/// The content inside the envelopes a sender may add (disappearing, view-once, captioned
/// documents).
fn unwrap(message: &wa::Message) -> &wa::Message {
    let inner = [
        &message.ephemeral_message,
        &message.view_once_message,
        &message.view_once_message_v2,
        &message.document_with_caption_message,
    ]
    .into_iter()
    .find_map(|f| f.as_option().and_then(|f| f.message.as_option()));
    inner.map_or(message, unwrap)
}

fn body(m: &wa::Message) -> Option<IncomingBody> {
    let silent = m.protocol_message.is_set()
        || m.reaction_message.is_set()
        || m.enc_reaction_message.is_set()
        || m.edited_message.is_set()
        || m.poll_update_message.is_set()
        || m.pin_in_chat_message.is_set()
        || m.keep_in_chat_message.is_set();
    if silent {
        return None;
    }
    if let Some(text) = &m.conversation {
        return Some(IncomingBody::Text { text: text.clone() });
    }
    if let Some(ext) = m.extended_text_message.as_option() {
        let text = ext.text.clone().unwrap_or_default();
        return Some(IncomingBody::Text { text });
    }
    if let Some(media) = media(m) {
        return Some(media);
    }
    let what = [
        (m.sticker_message.is_set(), "sticker"),
        (m.location_message.is_set(), "location"),
        (m.live_location_message.is_set(), "live location"),
        (m.contact_message.is_set(), "contact"),
        (m.contacts_array_message.is_set(), "contacts"),
        (
            m.poll_creation_message.is_set()
                || m.poll_creation_message_v2.is_set()
                || m.poll_creation_message_v3.is_set(),
            "poll",
        ),
    ]
    .into_iter()
    .find_map(|(set, what)| set.then_some(what));
    match what {
        Some(what) => Some(IncomingBody::Other { what: what.into() }),
        // Only a sender key or context: the group's key handover, not something to read.
        None if m.sender_key_distribution_message.is_set() || is_empty(m) => None,
        None => Some(IncomingBody::Other {
            what: "unsupported message".into(),
        }),
    }
}

/// Nothing a person wrote: at most the context the client adds to every message.
fn is_empty(m: &wa::Message) -> bool {
    let bare = wa::Message {
        message_context_info: m.message_context_info.clone(),
        ..Default::default()
    };
    *m == bare
}

/// The fields every attachment type shares.
struct Attachment<'a> {
    kind: Kind,
    media_type: MediaType,
    direct_path: Option<&'a str>,
    media_key: Option<&'a [u8]>,
    file_sha256: Option<&'a [u8]>,
    file_enc_sha256: Option<&'a [u8]>,
    file_length: Option<u64>,
    mime_type: Option<&'a str>,
    caption: Option<&'a str>,
    file_name: Option<&'a str>,
}

macro_rules! attachment {
    ($msg:expr, $kind:expr, $media_type:expr, caption: $caption:expr, file_name: $name:expr) => {
        Attachment {
            kind: $kind,
            media_type: $media_type,
            direct_path: $msg.direct_path.as_deref(),
            media_key: $msg.media_key.as_deref(),
            file_sha256: $msg.file_sha256.as_deref(),
            file_enc_sha256: $msg.file_enc_sha256.as_deref(),
            file_length: $msg.file_length,
            mime_type: $msg.mimetype.as_deref(),
            caption: $caption,
            file_name: $name,
        }
    };
}

fn media(m: &wa::Message) -> Option<IncomingBody> {
    let a = if let Some(i) = m.image_message.as_option() {
        attachment!(i, Kind::Image, MediaType::Image, caption: i.caption.as_deref(), file_name: None)
    } else if let Some(v) = m.video_message.as_option() {
        attachment!(v, Kind::Video, MediaType::Video, caption: v.caption.as_deref(), file_name: None)
    } else if let Some(a) = m.audio_message.as_option() {
        attachment!(a, Kind::Audio, MediaType::Audio, caption: None, file_name: None)
    } else if let Some(d) = m.document_message.as_option() {
        let name = d.file_name.as_deref().or(d.title.as_deref());
        attachment!(d, Kind::Document, MediaType::Document, caption: d.caption.as_deref(), file_name: name)
    } else {
        return None;
    };
    let handle = handle(&a);
    Some(match handle {
        Some(handle) => IncomingBody::Media {
            kind: a.kind,
            caption: a.caption.map(str::to_owned).filter(|c| !c.is_empty()),
            file_name: a.file_name.map(str::to_owned).filter(|n| !n.is_empty()),
            mime_type: a.mime_type.unwrap_or("application/octet-stream").to_owned(),
            size: a.file_length.unwrap_or(0),
            handle,
        },
        // Without where and how to fetch it, the attachment cannot be shown.
        None => IncomingBody::Other {
            what: format!("{} (unavailable)", a.kind.as_str()),
        },
    })
}

/// What a download needs, as a small JSON object (binary fields in hex).
fn handle(a: &Attachment<'_>) -> Option<String> {
    let value = json!({
        "direct_path": a.direct_path?,
        "media_key": hex(a.media_key?),
        "file_sha256": hex(a.file_sha256?),
        "file_enc_sha256": hex(a.file_enc_sha256?),
        "file_length": a.file_length.unwrap_or(0),
        "media_type": media_type_name(a.media_type),
    });
    Some(value.to_string())
}

/// Reads a handle back into what whatsapp-rust downloads with; `None` if it is not one.
pub fn download_params(handle: &str) -> Option<DownloadParams> {
    let v: Value = serde_json::from_str(handle).ok()?;
    let bytes = |k: &str| v.get(k)?.as_str().and_then(unhex);
    Some(DownloadParams::encrypted(
        v.get("direct_path")?.as_str()?,
        &bytes("media_key")?,
        &bytes("file_sha256")?,
        &bytes("file_enc_sha256")?,
        v.get("file_length")?.as_u64()?,
        media_type(v.get("media_type")?.as_str()?)?,
    ))
}

fn media_type_name(t: MediaType) -> &'static str {
    match t {
        MediaType::Image => "image",
        MediaType::Video => "video",
        MediaType::Audio => "audio",
        _ => "document",
    }
}

fn media_type(name: &str) -> Option<MediaType> {
    Some(match name {
        "image" => MediaType::Image,
        "video" => MediaType::Video,
        "audio" => MediaType::Audio,
        "document" => MediaType::Document,
        _ => return None,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
#[path = "received_tests.rs"]
mod tests;
