//! Dropping a session from disk: after a logout (the files and their key deleted) and when
//! its key no longer opens it (the files kept aside, dated; the shop links again).

use mostrador_core::engine::EngineEvent;
use mostrador_core::types::{SessionInfo, SessionState};

use crate::host::ClientHost;
use crate::{files, reasons};

impl ClientHost {
    /// After a logout (ours or the phone's): stop the client and delete the session, so no
    /// key of the unlinked device stays on disk. The next link starts from a fresh QR.
    pub async fn forget_session(&self) {
        self.stop().await;
        match files::remove_session(&self.config.store_path) {
            Ok(()) => self.forget_key(),
            // Files left behind stay readable with their key: dropping it would only turn
            // them into an unreadable store at the next start.
            Err(e) => tracing::error!(error = %e, "cannot delete the WhatsApp session files"),
        }
        if let Ok(mut g) = self.groups.lock() {
            g.take();
        }
        tracing::info!("WhatsApp session forgotten");
    }

    pub(crate) fn forget_key(&self) {
        if let Some(forget) = &self.config.on_forget {
            forget();
        }
    }

    /// A saved session its key does not open: moved aside (kept, dated), its key dropped so
    /// the next link makes a new one, and the shop told to link again — instead of an app
    /// that cannot start.
    pub(crate) fn set_aside_session(&self, why: &str) {
        let now = self.clock.now_ms();
        let stamp = mostrador_core::types::time::file_stamp(now);
        let kept = match files::set_aside(&self.config.store_path, &stamp) {
            Ok(kept) => {
                self.forget_key();
                kept.display().to_string()
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot move the unreadable session aside");
                self.config.store_path.display().to_string()
            }
        };
        tracing::error!(error = why, kept = %kept, "the saved WhatsApp session cannot be opened with its key");
        self.sink.emit(EngineEvent::State(SessionInfo {
            reason: Some(reasons::session_unreadable(&kept)),
            ..SessionInfo::new(SessionState::LoggedOut, now)
        }));
    }
}
