//! A message as stored and reported: what it carries, who it goes to, and how far it got.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{Recipient, Status};

/// An attachment already stored by the app, named by the SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MediaRef {
    /// Hex SHA-256 of the bytes (the app's media folder keys its file names on it).
    pub sha256: String,
    /// The type sniffed from the bytes, e.g. `application/pdf`.
    pub mime_type: String,
    pub size: u64,
}

/// What a message carries, after validation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Content {
    Text {
        text: String,
    },
    Image {
        media: MediaRef,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<String>,
    },
    Document {
        media: MediaRef,
        file_name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<String>,
    },
    Video {
        media: MediaRef,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<String>,
    },
    Audio {
        media: MediaRef,
        /// Shown as a push-to-talk voice note rather than an audio file.
        voice_note: bool,
    },
    Location {
        latitude: f64,
        longitude: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        address: Option<String>,
    },
    Contact {
        display_name: String,
        vcard: String,
    },
    Poll {
        question: String,
        options: Vec<String>,
        /// Whether a voter may pick more than one option.
        multiple_choice: bool,
    },
}

/// The kind of content, as a plain name (for filters, the log and the database).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Text,
    Image,
    Document,
    Video,
    Audio,
    Location,
    Contact,
    Poll,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Image => "image",
            Kind::Document => "document",
            Kind::Video => "video",
            Kind::Audio => "audio",
            Kind::Location => "location",
            Kind::Contact => "contact",
            Kind::Poll => "poll",
        }
    }
}

impl Content {
    pub fn kind(&self) -> Kind {
        match self {
            Content::Text { .. } => Kind::Text,
            Content::Image { .. } => Kind::Image,
            Content::Document { .. } => Kind::Document,
            Content::Video { .. } => Kind::Video,
            Content::Audio { .. } => Kind::Audio,
            Content::Location { .. } => Kind::Location,
            Content::Contact { .. } => Kind::Contact,
            Content::Poll { .. } => Kind::Poll,
        }
    }

    pub fn media(&self) -> Option<&MediaRef> {
        match self {
            Content::Image { media, .. }
            | Content::Document { media, .. }
            | Content::Video { media, .. }
            | Content::Audio { media, .. } => Some(media),
            _ => None,
        }
    }

    /// The words a person would search the log for: text, caption, file name, place, names.
    pub fn searchable_text(&self) -> String {
        let parts: Vec<&str> = match self {
            Content::Text { text } => vec![text],
            Content::Image { caption, .. } | Content::Video { caption, .. } => {
                caption.as_deref().into_iter().collect()
            }
            Content::Document {
                file_name, caption, ..
            } => std::iter::once(file_name.as_str())
                .chain(caption.as_deref())
                .collect(),
            Content::Audio { .. } => vec![],
            Content::Location { name, address, .. } => name
                .as_deref()
                .into_iter()
                .chain(address.as_deref())
                .collect(),
            Content::Contact { display_name, .. } => vec![display_name],
            Content::Poll {
                question, options, ..
            } => std::iter::once(question.as_str())
                .chain(options.iter().map(String::as_str))
                .collect(),
        };
        parts.join(" ")
    }
}

/// Why a message failed (or why its last attempt did), as a code and a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorInfo {
    pub code: String,
    pub message: String,
}

/// When each status was reached, in milliseconds since the Unix epoch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StatusTimes {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduled: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queued: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sending: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivered: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub played: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancelled: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expired: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiting: Option<i64>,
}

impl StatusTimes {
    pub fn get(&self, status: Status) -> Option<i64> {
        match status {
            Status::Scheduled => self.scheduled,
            Status::Queued => self.queued,
            Status::Sending => self.sending,
            Status::Sent => self.sent,
            Status::Delivered => self.delivered,
            Status::Read => self.read,
            Status::Played => self.played,
            Status::Failed => self.failed,
            Status::Cancelled => self.cancelled,
            Status::Expired => self.expired,
            Status::Skipped => self.skipped,
            Status::Waiting => self.waiting,
        }
    }
}

/// A message in the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Message {
    /// The app's id for the message (time-ordered, 26 characters).
    pub id: String,
    /// The WhatsApp message id, chosen when the message was queued and reused on every
    /// attempt, so a resend is the same message to the recipient.
    pub whatsapp_id: String,
    #[schema(value_type = String, example = "+59171234567")]
    pub to: Recipient,
    pub content: Content,
    pub status: Status,
    /// Why it failed, or why the last attempt did while a retry is pending.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorInfo>,
    /// Send attempts so far.
    pub attempts: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
    pub updated_at: i64,
    /// When it is to go (ms since the epoch), for a message sent later.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub send_at: Option<i64>,
    /// Counts up with every change of the message. Of two copies (a list read from the log,
    /// an update pushed later), the higher revision is the newer one.
    pub revision: u32,
    pub status_times: StatusTimes,
    /// The name of the shop's contact for this number, as the book has it when read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "Ana Quispe")]
    pub contact_name: Option<String>,
    /// The profile (linked number) that sends it.
    #[serde(default = "crate::profile::default_id")]
    #[schema(example = "default")]
    pub profile: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn media() -> MediaRef {
        MediaRef {
            sha256: "ab".into(),
            mime_type: "application/pdf".into(),
            size: 3,
        }
    }

    #[test]
    fn content_is_tagged_by_type() {
        let c = Content::Document {
            media: media(),
            file_name: "factura.pdf".into(),
            caption: None,
        };
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(v["type"], "document");
        assert_eq!(v["file_name"], "factura.pdf");
        assert!(v.get("caption").is_none());
        assert_eq!(serde_json::from_value::<Content>(v).unwrap(), c);
    }

    #[test]
    fn searchable_text_covers_what_people_look_for() {
        let doc = Content::Document {
            media: media(),
            file_name: "factura-001.pdf".into(),
            caption: Some("Gracias".into()),
        };
        assert_eq!(doc.searchable_text(), "factura-001.pdf Gracias");
        let poll = Content::Poll {
            question: "¿Sabor?".into(),
            options: vec!["Fresa".into(), "Limón".into()],
            multiple_choice: false,
        };
        assert_eq!(poll.searchable_text(), "¿Sabor? Fresa Limón");
        let audio = Content::Audio {
            media: media(),
            voice_note: true,
        };
        assert_eq!(audio.searchable_text(), "");
    }
}
