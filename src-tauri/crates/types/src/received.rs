//! A message a customer sent to the shop's number, as the log, the API and the UI show it.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What someone wrote to the shop (`direction: in` in the log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Received {
    pub id: String,
    pub whatsapp_id: String,
    /// The sender's number, E.164 with `+`.
    #[schema(example = "+59171234567")]
    pub from: String,
    /// The group it was written in, when it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The name the sender gave WhatsApp.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub push_name: Option<String>,
    /// `text`, `image`, `video`, `audio`, `document`, or `other` (a sticker, a location…).
    pub kind: String,
    /// The text, or a media message's caption.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// For `other`: what it was (`sticker`, `location`…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub what: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// The attachment's size in bytes (fetched from WhatsApp only when opened).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// When the sender wrote it (their phone's time), ms since the epoch.
    pub at: i64,
    /// When it reached the shop, ms since the epoch.
    pub received_at: i64,
    /// The profile (linked number) it was written to.
    #[serde(default = "crate::profile::default_id")]
    pub profile: String,
    /// The last message the shop had sent to this customer before (what this answers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_reply_to: Option<String>,
    /// Someone at the shop has seen it.
    pub read: bool,
}
