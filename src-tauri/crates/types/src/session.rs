//! The link to the shop's WhatsApp account: its state, QR codes, groups and contacts.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SessionState {
    /// Not connected (no network, or no engine); messages wait in the queue.
    Disconnected,
    Connecting,
    /// Waiting for the phone to scan a QR code (or type a pair code).
    Pairing,
    Connected,
    /// The phone unlinked this device, or the user logged out: pairing is needed again.
    LoggedOut,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SessionInfo {
    pub state: SessionState,
    /// The linked number in E.164 form, once known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The account's display name, once known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// When the state was entered, ms since the epoch.
    pub since: i64,
    /// Why, for states that have a reason (e.g. a disconnect).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl SessionInfo {
    pub fn new(state: SessionState, since: i64) -> Self {
        SessionInfo {
            state,
            phone: None,
            name: None,
            since,
            reason: None,
        }
    }
}

/// A pairing QR code as the engine produced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct QrCode {
    /// The string to encode in the QR.
    pub code: String,
    /// When the phone stops accepting it, ms since the epoch.
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Group {
    pub jid: String,
    pub name: String,
    pub participants: u32,
}

/// Whether a phone number can receive WhatsApp messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ContactCheck {
    /// As given.
    pub input: String,
    /// Normalised E.164, when the input is a valid number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    pub registered: bool,
    /// Why the input is not a valid number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}
