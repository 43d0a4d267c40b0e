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
    pub reason: Option<SessionReason>,
    /// What can be done about the session now, as the service decides it (the core fills it
    /// in when it publishes a state; an engine leaves it empty). Surfaces offer these and no
    /// others.
    #[serde(default)]
    pub actions: Vec<SessionAction>,
    /// The profile (linked number) this session is.
    #[serde(default = "crate::profile::default_id")]
    pub profile: String,
}

impl SessionInfo {
    pub fn new(state: SessionState, since: i64) -> Self {
        SessionInfo {
            state,
            phone: None,
            name: None,
            since,
            reason: None,
            actions: Vec::new(),
            profile: crate::DEFAULT_PROFILE.to_owned(),
        }
    }

    /// A state entered for a reason: `code` for programs, `detail` for people.
    pub fn because(
        state: SessionState,
        since: i64,
        code: ReasonCode,
        detail: impl Into<String>,
    ) -> Self {
        SessionInfo {
            reason: Some(SessionReason::new(code, detail)),
            ..SessionInfo::new(state, since)
        }
    }

    /// The reason's code, if the state has a reason.
    pub fn reason_code(&self) -> Option<ReasonCode> {
        self.reason.as_ref().map(|r| r.code)
    }
}

/// Why the session is in its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SessionReason {
    /// What happened, for programs (the UI picks its words and buttons by it).
    pub code: ReasonCode,
    /// What happened and what comes next, in English, for a person (and the log).
    pub detail: String,
}

impl SessionReason {
    pub fn new(code: ReasonCode, detail: impl Into<String>) -> Self {
        SessionReason {
            code,
            detail: detail.into(),
        }
    }
}

/// `qr_expired: the QR codes expired…`, as the log shows a reason.
impl std::fmt::Display for SessionReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.detail)
    }
}

/// Every reason a session state can have. Closed: a new one is added here, and the UI's
/// test (which reads this list) fails until it has words for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    /// The phone accepted the link; the first connection is being made (`connecting`).
    Linked,
    /// The connection dropped; the engine reconnects by itself.
    ConnectionLost,
    /// WhatsApp cannot be reached (no internet?); retried by itself.
    Unreachable,
    /// Nobody scanned the QR codes in time (`disconnected`), or they ran out while a pairing
    /// code can still be typed (`pairing`).
    QrExpired,
    /// Linking failed.
    PairFailed,
    /// The session was opened somewhere else; off here until reconnected.
    Replaced,
    /// WhatsApp blocked the number for a while; the engine connects again when it ends.
    TemporaryBan,
    /// WhatsApp no longer accepts this version of Mostrador.
    ClientOutdated,
    /// WhatsApp refused the connection (the detail says whether it is retried).
    ConnectFailed,
    /// The engine itself failed (e.g. could not start the client again).
    EngineError,
    /// `serve --engine none`: messages only queue.
    NoEngine,
    /// The saved session could not be opened with its key; it was kept aside (`logged_out`).
    SessionUnreadable,
    /// The phone unlinked this device (`logged_out`).
    UnlinkedByPhone,
    /// This app unlinked the device — from the window or the REST API (`logged_out`).
    UnlinkedByApp,
    /// WhatsApp ended the session itself: the account was locked, or another error
    /// (`logged_out`).
    UnlinkedByWhatsapp,
    /// The shop took this number offline (`disconnected`); it stays linked and comes back
    /// when connected again.
    StoppedByApp,
}

impl ReasonCode {
    /// Every code, in declaration order.
    pub const ALL: [ReasonCode; 16] = [
        ReasonCode::Linked,
        ReasonCode::ConnectionLost,
        ReasonCode::Unreachable,
        ReasonCode::QrExpired,
        ReasonCode::PairFailed,
        ReasonCode::Replaced,
        ReasonCode::TemporaryBan,
        ReasonCode::ClientOutdated,
        ReasonCode::ConnectFailed,
        ReasonCode::EngineError,
        ReasonCode::NoEngine,
        ReasonCode::SessionUnreadable,
        ReasonCode::UnlinkedByPhone,
        ReasonCode::UnlinkedByApp,
        ReasonCode::UnlinkedByWhatsapp,
        ReasonCode::StoppedByApp,
    ];

    /// As on the wire (`qr_expired`).
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::Linked => "linked",
            ReasonCode::ConnectionLost => "connection_lost",
            ReasonCode::Unreachable => "unreachable",
            ReasonCode::QrExpired => "qr_expired",
            ReasonCode::PairFailed => "pair_failed",
            ReasonCode::Replaced => "replaced",
            ReasonCode::TemporaryBan => "temporary_ban",
            ReasonCode::ClientOutdated => "client_outdated",
            ReasonCode::ConnectFailed => "connect_failed",
            ReasonCode::EngineError => "engine_error",
            ReasonCode::NoEngine => "no_engine",
            ReasonCode::SessionUnreadable => "session_unreadable",
            ReasonCode::UnlinkedByPhone => "unlinked_by_phone",
            ReasonCode::UnlinkedByApp => "unlinked_by_app",
            ReasonCode::StoppedByApp => "stopped_by_app",
            ReasonCode::UnlinkedByWhatsapp => "unlinked_by_whatsapp",
        }
    }
}

/// Something a person can do about the session now. Both `relink` and `reconnect` are
/// `POST /session/relink`; they differ in what the person is told: a new QR code to scan,
/// or the saved session connecting again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SessionAction {
    /// Link again with new codes (the old link is gone or never finished).
    Relink,
    /// Connect the saved session again.
    Reconnect,
    /// Link by phone number instead of scanning (`POST /session/pair-code`).
    PairCode,
    /// Unlink this computer (`POST /session/logout`).
    Logout,
}

/// A pairing QR code as the engine produced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct QrCode {
    /// The string to encode in the QR.
    pub code: String,
    /// When the phone stops accepting it, ms since the epoch.
    pub expires_at: i64,
    /// The profile (linked number) it links.
    #[serde(default = "crate::profile::default_id")]
    pub profile: String,
}

impl QrCode {
    /// A code as an engine reports it; the core says which profile it links.
    pub fn new(code: impl Into<String>, expires_at: i64) -> Self {
        QrCode {
            code: code.into(),
            expires_at,
            profile: crate::DEFAULT_PROFILE.to_owned(),
        }
    }
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
    /// The number's WhatsApp id (`59171234567@s.whatsapp.net`), when it has WhatsApp.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jid: Option<String>,
    /// Why the input is not a valid number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn reason_codes_read_on_the_wire_as_they_are_named() {
        for code in ReasonCode::ALL {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::from(code.as_str())
            );
        }
        let info = SessionInfo::because(
            SessionState::Disconnected,
            7,
            ReasonCode::QrExpired,
            "the codes expired",
        );
        assert_eq!(
            serde_json::to_value(&info).unwrap(),
            serde_json::json!({
                "state": "disconnected",
                "since": 7,
                "reason": {"code": "qr_expired", "detail": "the codes expired"},
                "actions": [],
                "profile": "default",
            })
        );
        assert_eq!(
            info.reason.unwrap().to_string(),
            "qr_expired: the codes expired"
        );
    }
}
