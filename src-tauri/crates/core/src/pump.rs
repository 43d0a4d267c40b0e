//! Applies what the engine reports — session changes, QR codes, acks and receipts — to the
//! log and announces it.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use mostrador_types::{ErrorInfo, Event, SessionState};

use crate::engine::{EngineEvent, EngineEvents};
use crate::service::Inner;

pub(crate) async fn run(inner: Arc<Inner>, mut events: EngineEvents) {
    while let Some(event) = events.0.recv().await {
        match event {
            EngineEvent::State(info) => {
                if info.state != SessionState::Pairing {
                    inner.set_qr(None);
                }
                tracing::info!(state = ?info.state, reason = info.reason.as_deref().unwrap_or(""), "session");
                if info.state == SessionState::Connected {
                    // Counted before it is published, so the dispatcher never sees the new
                    // state with the old count.
                    inner.connections.fetch_add(1, Ordering::SeqCst);
                }
                inner.session.send_replace(info.clone());
                inner.emit(Event::Session(info));
            }
            EngineEvent::Qr(qr) => {
                inner.set_qr(Some(qr.clone()));
                inner.emit(Event::Qr(qr));
            }
            EngineEvent::Status {
                whatsapp_id,
                status,
                error,
                at,
            } => {
                let error = error.map(|(code, message)| ErrorInfo { code, message });
                match inner
                    .store
                    .apply_status(&whatsapp_id, status, error, at)
                    .await
                {
                    Ok(Some(m)) => inner.announce(&m),
                    Ok(None) => {
                        tracing::debug!(%whatsapp_id, %status, "status ignored (not forward or unknown)")
                    }
                    Err(e) => tracing::error!(error = %e, "cannot record a status"),
                }
            }
        }
    }
}
