//! whatsapp-rust's events, translated into what the core understands: session states, QR
//! codes, and message statuses (server ack → sent, receipts → delivered/read/played,
//! nack → failed).

use std::sync::{Arc, Weak};

use mostrador_core::engine::EngineEvent;
use mostrador_core::types::{QrCode, SessionInfo, SessionState, Status};
use whatsapp_rust::types::events::{Event, EventHandler};
use whatsapp_rust::types::presence::ReceiptType;

use crate::engine::Inner;

/// Runs inline on whatsapp-rust's dispatch path, in arrival order, so it only translates and
/// hands over; anything slow (wiping a logged-out session) goes to a task.
pub struct Forwarder {
    pub inner: Weak<Inner>,
}

impl EventHandler for Forwarder {
    fn handle_event(&self, event: Arc<Event>) {
        let Some(inner) = self.inner.upgrade() else {
            return;
        };
        let now = inner.clock.now_ms();
        let state = |state: SessionState, reason: Option<String>| {
            let mut info = SessionInfo::new(state, now);
            info.reason = reason;
            EngineEvent::State(info)
        };
        match &*event {
            Event::PairingQrCode(q) => {
                inner.sink.emit(state(SessionState::Pairing, None));
                let expires_at = now + i64::try_from(q.timeout.as_millis()).unwrap_or(i64::MAX / 2);
                inner.sink.emit(EngineEvent::Qr(QrCode {
                    code: q.code.clone(),
                    expires_at,
                }));
            }
            Event::PairingCode(_) => inner.sink.emit(state(SessionState::Pairing, None)),
            Event::PairSuccess(_) => inner.sink.emit(state(
                SessionState::Connecting,
                Some("linked; connecting".into()),
            )),
            Event::PairError(e) => inner.sink.emit(state(
                SessionState::Disconnected,
                Some(format!("linking failed: {}", e.error)),
            )),
            Event::PairingQrCodesExhausted(_) => inner.sink.emit(state(
                SessionState::Disconnected,
                Some("qr_expired: the QR codes expired; ask for new ones".into()),
            )),
            Event::Connected(_) => inner
                .sink
                .emit(EngineEvent::State(inner.connected_info(now))),
            Event::Disconnected(d) => inner.sink.emit(state(
                SessionState::Disconnected,
                Some(format!("connection lost ({:?}); reconnecting", d.reason)),
            )),
            Event::StreamReplaced(_) => inner.sink.emit(state(
                SessionState::Disconnected,
                Some("replaced: WhatsApp was opened for this number somewhere else".into()),
            )),
            Event::TemporaryBan(b) => inner.sink.emit(state(
                SessionState::Disconnected,
                Some(format!(
                    "temporary_ban: WhatsApp blocked this number for {} s ({:?})",
                    b.expire.num_seconds(),
                    b.code
                )),
            )),
            Event::ClientOutdated(_) => inner.sink.emit(state(
                SessionState::Disconnected,
                Some("client_outdated: WhatsApp asks for a newer version of Mostrador".into()),
            )),
            Event::LoggedOut(l) => {
                // Reported once the session is wiped: "logged out" means no key left on disk.
                let info = state(
                    SessionState::LoggedOut,
                    Some(format!("logged out ({:?})", l.reason)),
                );
                tokio::spawn(async move {
                    inner.forget_session().await;
                    inner.sink.emit(info);
                });
            }
            Event::ServerAck(ack) if ack.class.as_deref() == Some("message") => {
                let (status, error) = match &ack.error {
                    None => (Status::Sent, None),
                    Some(code) => (
                        Status::Failed,
                        Some((
                            format!("NACK_{code}"),
                            format!("WhatsApp refused the message (error {code})"),
                        )),
                    ),
                };
                inner.sink.emit(EngineEvent::Status {
                    whatsapp_id: ack.id.clone(),
                    status,
                    error,
                    at: now,
                });
            }
            Event::Receipt(r) => {
                let status = match r.r#type {
                    ReceiptType::Delivered => Status::Delivered,
                    ReceiptType::Read => Status::Read,
                    ReceiptType::Played => Status::Played,
                    _ => return,
                };
                for id in &r.message_ids {
                    inner.sink.emit(EngineEvent::Status {
                        whatsapp_id: id.clone(),
                        status,
                        error: None,
                        at: now,
                    });
                }
            }
            _ => {}
        }
    }
}
