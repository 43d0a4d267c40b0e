//! The seam to WhatsApp: what the core asks of an engine, and what an engine reports back.
//! The real engine (whatsapp-rust) and the in-memory test engine both implement it.

use futures_util::future::BoxFuture;
use mostrador_types::{
    Content, Group, GroupChange, GroupDetails, ParticipantAction, ParticipantOutcome, QrCode,
    ReasonCode, Recipient, SessionInfo, SessionState, Status,
};
use tokio::sync::mpsc;

use crate::blobs::Blobs;
use crate::incoming::Incoming;
#[cfg(doc)]
use crate::incoming::IncomingBody;

/// The most numbers one check (`Messenger::is_on_whatsapp`) is asked about.
pub const MAX_CHECK: usize = 500;

/// One message to hand to WhatsApp. The WhatsApp id is fixed: every attempt reuses it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub whatsapp_id: String,
    pub to: Recipient,
    pub content: Content,
    /// The attachment, for media messages.
    pub media: Option<MediaFile>,
}

/// An attachment in the app's store, read (and decrypted) only when the engine uploads it.
#[derive(Debug, Clone)]
pub struct MediaFile {
    blobs: Blobs,
    sha256: String,
}

impl MediaFile {
    pub(crate) fn new(blobs: Blobs, sha256: String) -> Self {
        MediaFile { blobs, sha256 }
    }

    /// The attachment's bytes; the file is read on a blocking thread.
    pub async fn read(&self) -> std::io::Result<Vec<u8>> {
        let (blobs, sha256) = (self.blobs.clone(), self.sha256.clone());
        tokio::task::spawn_blocking(move || blobs.get(&sha256))
            .await
            .map_err(std::io::Error::other)?
    }
}

impl PartialEq for MediaFile {
    fn eq(&self, other: &Self) -> bool {
        self.sha256 == other.sha256
    }
}

/// What WhatsApp shows the shop of one number's account. Each part is absent when the account
/// has none or hides it from the shop (its privacy settings), never an error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserInfo {
    /// The "about" text.
    pub about: Option<String>,
    /// A business account's verified name.
    pub business_name: Option<String>,
    /// Where WhatsApp serves the profile picture (its own, expiring address).
    pub picture_url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Not connected right now: the attempt did not happen and is not counted.
    NotConnected,
    /// Worth trying again later (timeouts, server hiccups).
    Transient,
    /// Trying again will not help (number not on WhatsApp, media rejected).
    Permanent,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct EngineError {
    pub failure: Failure,
    /// A stable code for the log and the API, e.g. `NOT_ON_WHATSAPP`.
    pub code: String,
    pub message: String,
}

impl EngineError {
    pub fn new(failure: Failure, code: &str, message: impl Into<String>) -> Self {
        EngineError {
            failure,
            code: code.to_owned(),
            message: message.into(),
        }
    }

    pub fn not_connected() -> Self {
        EngineError::new(
            Failure::NotConnected,
            "NOT_CONNECTED",
            "WhatsApp is not connected",
        )
    }
}

/// What an engine does for the core. Methods return boxed futures so the core can hold
/// any engine as `Arc<dyn Messenger>`.
pub trait Messenger: Send + Sync + 'static {
    /// Hands the message to WhatsApp. Ok means the server will now ack it (reported as
    /// `EngineEvent::Status` with `Status::Sent`), not that it was delivered.
    fn send<'a>(&'a self, msg: &'a Outgoing) -> BoxFuture<'a, Result<(), EngineError>>;

    /// The groups the linked account belongs to; `refresh` bypasses any cache.
    fn groups(&self, refresh: bool) -> BoxFuture<'_, Result<Vec<Group>, EngineError>>;

    /// For each E.164 number (digits only), its WhatsApp JID when it has WhatsApp (None when
    /// not); same order. As few questions to WhatsApp as the protocol allows, and remembered.
    fn is_on_whatsapp<'a>(
        &'a self,
        phones: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<Option<String>>, EngineError>>;

    /// What WhatsApp shows of the account of `phone` (E.164 digits, known to have WhatsApp):
    /// its about text, business name and profile picture.
    fn user_info<'a>(&'a self, phone: &'a str) -> BoxFuture<'a, Result<UserInfo, EngineError>>;

    /// One group's details (`jid`: `…@g.us`). A group the account is not in: `NOT_FOUND`.
    fn group_info<'a>(&'a self, jid: &'a str) -> BoxFuture<'a, Result<GroupDetails, EngineError>>;

    /// Creates a group with the account as its admin and these numbers (E.164 digits, each
    /// known to have WhatsApp) in it.
    fn create_group<'a>(
        &'a self,
        subject: &'a str,
        phones: &'a [String],
    ) -> BoxFuture<'a, Result<GroupDetails, EngineError>>;

    /// Changes a group's subject, description or a setting. Not allowed: `FORBIDDEN`.
    fn change_group<'a>(
        &'a self,
        jid: &'a str,
        change: &'a GroupChange,
    ) -> BoxFuture<'a, Result<(), EngineError>>;

    /// Adds, removes, promotes or demotes these numbers (E.164 digits): what became of each,
    /// same order. The account not an admin: `FORBIDDEN`.
    fn change_participants<'a>(
        &'a self,
        jid: &'a str,
        action: ParticipantAction,
        phones: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<ParticipantOutcome>, EngineError>>;

    /// The account leaves the group.
    fn leave_group<'a>(&'a self, jid: &'a str) -> BoxFuture<'a, Result<(), EngineError>>;

    /// The group's invite link; `reset` revokes the current one and makes a new one.
    fn invite_link<'a>(
        &'a self,
        jid: &'a str,
        reset: bool,
    ) -> BoxFuture<'a, Result<String, EngineError>>;

    /// Unlinks this device and forgets the session.
    fn logout(&self) -> BoxFuture<'_, Result<(), EngineError>>;

    /// Links by phone number instead of QR: returns the 8-character code to type on the
    /// phone (`phone` is E.164 digits).
    fn pair_code<'a>(&'a self, phone: &'a str) -> BoxFuture<'a, Result<String, EngineError>>;

    /// Starts linking again (new QR codes) after the codes ran out or after a logout.
    fn relink(&self) -> BoxFuture<'_, Result<(), EngineError>>;

    /// Goes offline, keeping the session, and reports `disconnected` (reason
    /// `stopped_by_app`); also how an engine is stopped for good.
    fn go_offline(&self) -> BoxFuture<'_, Result<(), EngineError>>;

    /// Comes back online after `disconnect`, with the saved session (or linking anew).
    fn go_online(&self) -> BoxFuture<'_, Result<(), EngineError>>;

    /// The bytes of a received attachment (see [`IncomingBody::Media`]), fetched from
    /// WhatsApp and decrypted; `max_bytes` bounds what is accepted.
    fn download<'a>(
        &'a self,
        handle: &'a str,
        max_bytes: u64,
    ) -> BoxFuture<'a, Result<Vec<u8>, EngineError>>;
}

/// What an engine reports, in order, through its `EngineSink`.
#[derive(Debug, Clone, PartialEq)]
pub enum EngineEvent {
    State(SessionInfo),
    Qr(QrCode),
    /// Server ack (`Sent`), receipts (`Delivered`, `Read`, `Played`) or a nack (`Failed`).
    Status {
        whatsapp_id: String,
        status: Status,
        error: Option<(String, String)>,
        at: i64,
    },
    /// Someone wrote to the shop's number.
    Received(Incoming),
}

/// The engine's end of the event channel. Unbounded so an engine never blocks on the core;
/// the core drains it promptly.
#[derive(Debug, Clone)]
pub struct EngineSink(mpsc::UnboundedSender<EngineEvent>);

/// The core's end.
pub struct EngineEvents(pub(crate) mpsc::UnboundedReceiver<EngineEvent>);

impl EngineEvents {
    /// The next event, `None` once the engine is gone. The core reads its end itself; this is
    /// for code that sits between an engine and the core (tests that watch what an engine
    /// reports, then pass it on).
    pub async fn recv(&mut self) -> Option<EngineEvent> {
        self.0.recv().await
    }
}

pub fn channel() -> (EngineSink, EngineEvents) {
    let (tx, rx) = mpsc::unbounded_channel();
    (EngineSink(tx), EngineEvents(rx))
}

impl EngineSink {
    pub fn emit(&self, event: EngineEvent) {
        // The core is gone only at shutdown; nothing is waiting for the event then.
        let _ = self.0.send(event);
    }
}

/// The engine `serve` runs with when no WhatsApp engine is configured: always disconnected,
/// so messages queue durably and nothing pretends to be sent.
pub struct NoEngine;

impl NoEngine {
    pub fn start(sink: &EngineSink, now: i64) -> NoEngine {
        sink.emit(EngineEvent::State(SessionInfo::because(
            SessionState::Disconnected,
            now,
            ReasonCode::NoEngine,
            "no WhatsApp engine is configured",
        )));
        NoEngine
    }
}

impl Messenger for NoEngine {
    fn send<'a>(&'a self, _: &'a Outgoing) -> BoxFuture<'a, Result<(), EngineError>> {
        Box::pin(async { Err(EngineError::not_connected()) })
    }

    fn groups(&self, _: bool) -> BoxFuture<'_, Result<Vec<Group>, EngineError>> {
        Box::pin(async { Err(EngineError::not_connected()) })
    }

    fn is_on_whatsapp<'a>(
        &'a self,
        _: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<Option<String>>, EngineError>> {
        Box::pin(async { Err(EngineError::not_connected()) })
    }

    fn user_info<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<UserInfo, EngineError>> {
        Box::pin(async { Err(EngineError::not_connected()) })
    }

    fn group_info<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<GroupDetails, EngineError>> {
        Box::pin(async { Err(EngineError::not_connected()) })
    }

    fn create_group<'a>(
        &'a self,
        _: &'a str,
        _: &'a [String],
    ) -> BoxFuture<'a, Result<GroupDetails, EngineError>> {
        Box::pin(async { Err(EngineError::not_connected()) })
    }

    fn change_group<'a>(
        &'a self,
        _: &'a str,
        _: &'a GroupChange,
    ) -> BoxFuture<'a, Result<(), EngineError>> {
        Box::pin(async { Err(EngineError::not_connected()) })
    }

    fn change_participants<'a>(
        &'a self,
        _: &'a str,
        _: ParticipantAction,
        _: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<ParticipantOutcome>, EngineError>> {
        Box::pin(async { Err(EngineError::not_connected()) })
    }

    fn leave_group<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<(), EngineError>> {
        Box::pin(async { Err(EngineError::not_connected()) })
    }

    fn invite_link<'a>(
        &'a self,
        _: &'a str,
        _: bool,
    ) -> BoxFuture<'a, Result<String, EngineError>> {
        Box::pin(async { Err(EngineError::not_connected()) })
    }

    fn logout(&self) -> BoxFuture<'_, Result<(), EngineError>> {
        Box::pin(async { Err(EngineError::not_connected()) })
    }

    fn pair_code<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<String, EngineError>> {
        Box::pin(async { Err(EngineError::not_connected()) })
    }

    fn relink(&self) -> BoxFuture<'_, Result<(), EngineError>> {
        Box::pin(async { Err(EngineError::not_connected()) })
    }

    fn go_offline(&self) -> BoxFuture<'_, Result<(), EngineError>> {
        Box::pin(async { Ok(()) })
    }

    fn go_online(&self) -> BoxFuture<'_, Result<(), EngineError>> {
        Box::pin(async { Err(EngineError::not_connected()) })
    }

    fn download<'a>(&'a self, _: &'a str, _: u64) -> BoxFuture<'a, Result<Vec<u8>, EngineError>> {
        Box::pin(async { Err(EngineError::not_connected()) })
    }
}

/// What a surface hears when the engine refuses: "not connected" has its own code (queued
/// messages wait; a lookup can be tried again later), anything else is the engine's word.
impl From<EngineError> for crate::Error {
    fn from(e: EngineError) -> Self {
        match e.failure {
            Failure::NotConnected => crate::Error::new(
                crate::Code::NotConnected,
                "WhatsApp is not connected right now; try again when it is",
            ),
            // Group administration: refused by WhatsApp, or a group the account is not in.
            _ if e.code == "FORBIDDEN" => crate::Error::new(crate::Code::Forbidden, e.message),
            _ if e.code == "NOT_FOUND" => crate::Error::new(crate::Code::NotFound, e.message),
            _ => crate::Error::new(crate::Code::EngineError, e.message),
        }
    }
}
