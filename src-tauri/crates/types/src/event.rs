//! What the core announces: to the UI, to SSE listeners, to notifications.

use serde::Serialize;
use utoipa::ToSchema;

use crate::{BatchUpdate, ErrorInfo, QrCode, SessionInfo, Settings, Status};

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    Session(SessionInfo),
    Qr(QrCode),
    Message(MessageUpdate),
    /// A manager changed the settings (from any surface): the ones in effect now.
    Settings(Settings),
    /// A batch's progress or status changed.
    Batch(BatchUpdate),
    /// A webhook was added, changed or removed, or its health changed (failing, back, gone).
    Webhook(crate::Webhook),
    /// A customer wrote to the shop's number.
    Received(crate::Received),
    /// The contact book changed (from any surface): read it again.
    Contacts(ContactsChanged),
    /// A profile (linked number) was added, renamed or removed: read the list again.
    Profiles(ProfilesChanged),
}

/// Which profile was added, changed or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ProfilesChanged {
    pub id: String,
}

/// What changed in the contact book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ContactsChanged {
    /// The contact added, changed or removed; none when many changed at once (an import).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl Event {
    /// The profile (linked number) the event is about, for those about one.
    pub fn profile(&self) -> Option<&str> {
        match self {
            Event::Session(s) => Some(&s.profile),
            Event::Qr(q) => Some(&q.profile),
            Event::Message(m) => Some(&m.profile),
            Event::Received(r) => Some(&r.profile),
            _ => None,
        }
    }

    /// The SSE event name.
    pub fn name(&self) -> &'static str {
        match self {
            Event::Session(_) => "session",
            Event::Qr(_) => "qr",
            Event::Message(_) => "message",
            Event::Settings(_) => "settings",
            Event::Batch(_) => "batch",
            Event::Webhook(_) => "webhook",
            Event::Received(_) => "received",
            Event::Contacts(_) => "contacts",
            Event::Profiles(_) => "profiles",
        }
    }
}

/// A message's status changed (or a new message was queued).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct MessageUpdate {
    pub id: String,
    pub whatsapp_id: String,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorInfo>,
    pub attempts: u32,
    /// ms since the epoch.
    pub at: i64,
    /// The message's revision after this change (see `Message::revision`): an update whose
    /// revision is not above the copy's is old news.
    pub revision: u32,
    /// The profile (linked number) that sends it.
    #[serde(default = "crate::profile::default_id")]
    pub profile: String,
}
