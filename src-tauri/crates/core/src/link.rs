//! The link to WhatsApp as the rest of the core sees it: the session, which connection this
//! is, and the QR code on offer — one value, written only by `engine_reports`.

use mostrador_types::{QrCode, SessionInfo, SessionState};
use tokio::sync::watch;

/// One snapshot of the link. The parts change together, so a reader never sees a new state
/// with an old connection count or a QR code from another state.
#[derive(Debug, Clone)]
pub(crate) struct Link {
    pub session: SessionInfo,
    /// How many times the engine has reported "connected". The dispatcher compares it with
    /// the connection it last resumed unacknowledged sends for: a drop and a reconnect that
    /// happen while it is busy with one send never show as a change of state, but they do
    /// change this count.
    pub connection: u64,
    /// The QR code to show, only while pairing.
    pub qr: Option<QrCode>,
}

impl Link {
    pub fn starting(now: i64) -> Self {
        Link {
            session: SessionInfo::new(SessionState::Connecting, now),
            connection: 0,
            qr: None,
        }
    }

    pub fn connected(&self) -> bool {
        self.session.state == SessionState::Connected
    }
}

/// What the link's readers hold: the service (session, QR) and the dispatcher.
pub(crate) type LinkWatch = watch::Receiver<Link>;
