//! What a fake recipient got, decoded from the decrypted `wa::Message`: the text, the media it
//! downloaded and decrypted itself (hash and size of the plaintext), locations, contact cards
//! and polls.

use whatsapp_rust::Jid;
use whatsapp_rust::wacore::download::MediaType;
use whatsapp_rust::waproto::whatsapp as wa;

use crate::media::{MediaStore, sha256_hex};

/// What kind of message arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MessageKind {
    /// Plain or extended text.
    Text,
    /// A photo.
    Image,
    /// A video.
    Video,
    /// An audio file.
    Audio,
    /// A voice note (`ptt`).
    Voice,
    /// A document.
    Document,
    /// A sticker.
    Sticker,
    /// A pinned location.
    Location,
    /// A contact card.
    Contact,
    /// A poll.
    Poll,
    /// Anything else (protocol messages, reactions, …).
    Other,
}

/// One message as its recipient decrypted it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Received {
    /// The message id the sender chose.
    pub id: String,
    /// The sending device, e.g. `59170000001:1@s.whatsapp.net`.
    pub from: Jid,
    /// The recipient, `phone@s.whatsapp.net`.
    pub to: Jid,
    /// The chat as the sender addressed it: the recipient's JID (PN or LID) or the group.
    pub chat: Jid,
    /// The group it was sent to, for group messages.
    pub group: Option<Jid>,
    /// What it is.
    pub kind: MessageKind,
    /// Text of a text message.
    pub text: Option<String>,
    /// Caption of an image, video or document.
    pub caption: Option<String>,
    /// File name of a document.
    pub file_name: Option<String>,
    /// Declared MIME type of media.
    pub mime_type: Option<String>,
    /// Lowercase hex SHA-256 of the media plaintext the recipient downloaded and decrypted.
    pub media_sha256: Option<String>,
    /// Length of that plaintext.
    pub media_len: Option<u64>,
    /// Why the media could not be fetched or decrypted, if it could not.
    pub media_error: Option<String>,
    /// Location latitude.
    pub latitude: Option<f64>,
    /// Location longitude.
    pub longitude: Option<f64>,
    /// Location name.
    pub name: Option<String>,
    /// Location address.
    pub address: Option<String>,
    /// Contact card display name.
    pub display_name: Option<String>,
    /// Contact card vCard.
    pub vcard: Option<String>,
    /// Poll question.
    pub poll_question: Option<String>,
    /// Poll options, in order.
    pub poll_options: Vec<String>,
    /// How many options a voter may pick.
    pub poll_selectable: Option<u32>,
    /// When the recipient decrypted it (unix seconds).
    pub at: u64,
    /// The whole decrypted message, for anything the fields above leave out.
    pub message: wa::Message,
}

/// Routing facts for a decrypted message.
pub(crate) struct Envelope {
    pub(crate) id: String,
    pub(crate) from: Jid,
    pub(crate) to: Jid,
    pub(crate) chat: Jid,
    pub(crate) group: Option<Jid>,
}

/// Media fields shared by every attachment type.
struct Attachment<'a> {
    kind: MessageKind,
    media_type: MediaType,
    direct_path: Option<&'a str>,
    media_key: Option<&'a [u8]>,
    file_enc_sha256: Option<&'a [u8]>,
    file_sha256: Option<&'a [u8]>,
    mime_type: Option<&'a str>,
    caption: Option<&'a str>,
    file_name: Option<&'a str>,
}

/// Decodes what the recipient sees; media is fetched from the CDN and decrypted.
pub(crate) fn decode(env: Envelope, message: wa::Message, media: &MediaStore) -> Received {
    let content = unwrap(&message);
    let mut r = Received {
        id: env.id,
        from: env.from,
        to: env.to,
        chat: env.chat,
        group: env.group,
        kind: MessageKind::Other,
        text: None,
        caption: None,
        file_name: None,
        mime_type: None,
        media_sha256: None,
        media_len: None,
        media_error: None,
        latitude: None,
        longitude: None,
        name: None,
        address: None,
        display_name: None,
        vcard: None,
        poll_question: None,
        poll_options: Vec::new(),
        poll_selectable: None,
        at: crate::nodes::now_secs(),
        message: message.clone(),
    };
    if let Some(text) = &content.conversation {
        r.kind = MessageKind::Text;
        r.text = Some(text.clone());
    } else if let Some(ext) = content.extended_text_message.as_option() {
        r.kind = MessageKind::Text;
        r.text = ext.text.clone();
    } else if let Some(attachment) = attachment(content) {
        open_attachment(&mut r, &attachment, media);
    } else if let Some(loc) = content.location_message.as_option() {
        r.kind = MessageKind::Location;
        r.latitude = loc.degrees_latitude;
        r.longitude = loc.degrees_longitude;
        r.name = loc.name.clone();
        r.address = loc.address.clone();
    } else if let Some(card) = content.contact_message.as_option() {
        r.kind = MessageKind::Contact;
        r.display_name = card.display_name.clone();
        r.vcard = card.vcard.clone();
    } else if let Some(poll) = [
        &content.poll_creation_message,
        &content.poll_creation_message_v2,
        &content.poll_creation_message_v3,
    ]
    .into_iter()
    .find_map(|p| p.as_option())
    {
        r.kind = MessageKind::Poll;
        r.poll_question = poll.name.clone();
        r.poll_options = poll
            .options
            .iter()
            .filter_map(|o| o.option_name.clone())
            .collect();
        r.poll_selectable = poll.selectable_options_count;
    }
    r
}

/// The content inside the wrappers a sender may add (own-device copies, disappearing and
/// view-once envelopes, captioned documents).
fn unwrap(message: &wa::Message) -> &wa::Message {
    let inner = [
        message
            .device_sent_message
            .as_option()
            .and_then(|d| d.message.as_option()),
        message
            .ephemeral_message
            .as_option()
            .and_then(|f| f.message.as_option()),
        message
            .view_once_message
            .as_option()
            .and_then(|f| f.message.as_option()),
        message
            .view_once_message_v2
            .as_option()
            .and_then(|f| f.message.as_option()),
        message
            .document_with_caption_message
            .as_option()
            .and_then(|f| f.message.as_option()),
    ]
    .into_iter()
    .flatten()
    .next();
    inner.map_or(message, unwrap)
}

fn attachment(m: &wa::Message) -> Option<Attachment<'_>> {
    if let Some(i) = m.image_message.as_option() {
        return Some(Attachment {
            kind: MessageKind::Image,
            media_type: MediaType::Image,
            direct_path: i.direct_path.as_deref(),
            media_key: i.media_key.as_deref(),
            file_enc_sha256: i.file_enc_sha256.as_deref(),
            file_sha256: i.file_sha256.as_deref(),
            mime_type: i.mimetype.as_deref(),
            caption: i.caption.as_deref(),
            file_name: None,
        });
    }
    if let Some(v) = m.video_message.as_option() {
        return Some(Attachment {
            kind: MessageKind::Video,
            media_type: MediaType::Video,
            direct_path: v.direct_path.as_deref(),
            media_key: v.media_key.as_deref(),
            file_enc_sha256: v.file_enc_sha256.as_deref(),
            file_sha256: v.file_sha256.as_deref(),
            mime_type: v.mimetype.as_deref(),
            caption: v.caption.as_deref(),
            file_name: None,
        });
    }
    if let Some(a) = m.audio_message.as_option() {
        return Some(Attachment {
            kind: if a.ptt == Some(true) {
                MessageKind::Voice
            } else {
                MessageKind::Audio
            },
            media_type: MediaType::Audio,
            direct_path: a.direct_path.as_deref(),
            media_key: a.media_key.as_deref(),
            file_enc_sha256: a.file_enc_sha256.as_deref(),
            file_sha256: a.file_sha256.as_deref(),
            mime_type: a.mimetype.as_deref(),
            caption: None,
            file_name: None,
        });
    }
    if let Some(d) = m.document_message.as_option() {
        return Some(Attachment {
            kind: MessageKind::Document,
            media_type: MediaType::Document,
            direct_path: d.direct_path.as_deref(),
            media_key: d.media_key.as_deref(),
            file_enc_sha256: d.file_enc_sha256.as_deref(),
            file_sha256: d.file_sha256.as_deref(),
            mime_type: d.mimetype.as_deref(),
            caption: d.caption.as_deref(),
            file_name: d.file_name.as_deref(),
        });
    }
    m.sticker_message.as_option().map(|s| Attachment {
        kind: MessageKind::Sticker,
        media_type: MediaType::Sticker,
        direct_path: s.direct_path.as_deref(),
        media_key: s.media_key.as_deref(),
        file_enc_sha256: s.file_enc_sha256.as_deref(),
        file_sha256: s.file_sha256.as_deref(),
        mime_type: s.mimetype.as_deref(),
        caption: None,
        file_name: None,
    })
}

/// Downloads the blob the attachment points at and decrypts it as the recipient's phone would:
/// the ciphertext must hash to `file_enc_sha256`, its MAC must verify under the media key, and
/// the plaintext must hash to `file_sha256`.
fn open_attachment(r: &mut Received, a: &Attachment<'_>, media: &MediaStore) {
    r.kind = a.kind.clone();
    r.mime_type = a.mime_type.map(str::to_owned);
    r.caption = a.caption.map(str::to_owned);
    r.file_name = a.file_name.map(str::to_owned);
    let (Some(path), Some(key), Some(enc_sha)) = (a.direct_path, a.media_key, a.file_enc_sha256)
    else {
        r.media_error = Some("no direct_path, media_key or file_enc_sha256".to_owned());
        return;
    };
    match media.open(path, key, enc_sha, a.media_type) {
        Ok(plain) => {
            let digest = sha256_hex(&plain);
            if a.file_sha256.map(hex) != Some(digest.clone()) {
                r.media_error = Some("plaintext does not match file_sha256".to_owned());
            }
            r.media_sha256 = Some(digest);
            r.media_len = Some(plain.len() as u64);
        }
        Err(e) => r.media_error = Some(e),
    }
}

/// Lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
