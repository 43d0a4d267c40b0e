//! whatsapp-rust's events, translated into what the core understands: session states with a
//! reason a person can act on, QR codes, and message statuses (server ack → sent, receipts →
//! delivered/read/played, nack → failed).

use std::sync::atomic::Ordering;
use std::sync::{Arc, Weak};
use std::time::Duration;

use mostrador_core::engine::EngineEvent;
use mostrador_core::types::{QrCode, SessionInfo, SessionState, Status};
use whatsapp_rust::types::events::{
    ConnectFailure, ConnectFailureReason, Event, EventHandler, LoggedOut, TemporaryBan,
};
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
            // Whichever comes first for a connection says `connected` (see `ready.rs`).
            Event::OfflineSyncCompleted(_) => {
                if inner.ready.offline_delivered() {
                    inner
                        .sink
                        .emit(EngineEvent::State(inner.connected_info(now)));
                }
            }
            Event::Connected(_) => {
                if inner.ready.library_connected() {
                    inner
                        .sink
                        .emit(EngineEvent::State(inner.connected_info(now)));
                }
            }
            Event::PairSuccess(_) => {
                inner.ready.linked();
                inner.sink.emit(state(
                    SessionState::Connecting,
                    Some("linked; connecting".into()),
                ));
            }
            Event::Disconnected(d) => {
                // The details are for the log; the person sees what it means.
                tracing::info!(reason = %d.reason, "WhatsApp connection lost; reconnecting");
                inner.sink.emit(state(
                    SessionState::Disconnected,
                    Some(
                        "connection_lost: the connection to WhatsApp dropped; reconnecting by \
                         itself"
                            .into(),
                    ),
                ));
            }
            Event::TemporaryBan(b) => {
                inner
                    .sink
                    .emit(state(SessionState::Disconnected, Some(ban_reason(b))));
                // whatsapp-rust stops for good after a ban; a shop left alone should go on
                // sending once it is over, so the engine tries again then.
                let wait = u64::try_from(b.expire.num_seconds()).unwrap_or(0);
                inner.restart_later(inner.current_run(), Duration::from_secs(wait));
            }
            Event::LoggedOut(l) => {
                let by_app = inner.logging_out.swap(false, Ordering::SeqCst);
                // Reported once the session is wiped: "logged out" means no key left on disk.
                let info = state(SessionState::LoggedOut, Some(logged_out_reason(l, by_app)));
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
            other => {
                if let Some((s, reason)) = session_change(other) {
                    inner.sink.emit(state(s, reason));
                }
            }
        }
    }
}

/// The session state one of the remaining events leads to, and why; `None` when it does not
/// change the session. Each reason starts with a short code (`qr_expired: …`) the UI can
/// match, then says what happened and what comes next.
fn session_change(event: &Event) -> Option<(SessionState, Option<String>)> {
    use SessionState::*;
    let change = match event {
        Event::PairingCode(_) => (Pairing, None),
        Event::PairError(e) => (
            Disconnected,
            Some(format!("pair_failed: linking failed: {}", e.error)),
        ),
        // The client closed the connection: nothing more comes until asked.
        Event::PairingQrCodesExhausted(x) if x.disconnected => (
            Disconnected,
            Some("qr_expired: the QR codes expired without being scanned; ask for new ones".into()),
        ),
        // A pairing code is still on screen and the client stays up waiting for it.
        Event::PairingQrCodesExhausted(_) => (
            Pairing,
            Some("qr_expired: the QR codes expired; the pairing code can still be typed".into()),
        ),
        Event::StreamReplaced(_) => (
            Disconnected,
            Some(
                "replaced: this WhatsApp session was opened somewhere else (another copy of \
                 Mostrador?); it stays off here until you reconnect it (relink)"
                    .into(),
            ),
        ),
        Event::ClientOutdated(_) => (
            Disconnected,
            Some(
                "client_outdated: WhatsApp no longer accepts this version of Mostrador; update \
                 Mostrador"
                    .into(),
            ),
        ),
        Event::ConnectFailure(f) => (Disconnected, Some(connect_failure_reason(f))),
        _ => return None,
    };
    Some(change)
}

fn ban_reason(b: &TemporaryBan) -> String {
    let secs = u64::try_from(b.expire.num_seconds()).unwrap_or(0);
    let mut reason = format!(
        "temporary_ban: WhatsApp blocked this number for {} (reason {})",
        human_duration(secs),
        b.code
    );
    if let Some(message) = b.message.as_deref().filter(|m| !m.is_empty()) {
        reason.push_str(&format!(": {message}"));
    }
    reason.push_str("; Mostrador connects again when the ban ends");
    reason
}

fn connect_failure_reason(f: &ConnectFailure) -> String {
    let mut reason = format!(
        "connect_failed: WhatsApp refused the connection (error {})",
        f.reason.code()
    );
    if let Some(message) = f.message.as_deref().filter(|m| !m.is_empty()) {
        reason.push_str(&format!(": {message}"));
    }
    // whatsapp-rust retries only what the server calls temporary.
    reason.push_str(if f.reason.should_reconnect() {
        "; retrying"
    } else {
        "; not retrying until you reconnect (relink)"
    });
    reason
}

fn logged_out_reason(l: &LoggedOut, by_app: bool) -> String {
    let why = match (&l.reason, l.on_connect) {
        _ if by_app => "unlinked from this app".to_owned(),
        (ConnectFailureReason::AccountLocked, _) => "WhatsApp locked this account".to_owned(),
        (ConnectFailureReason::LoggedOut, false) => {
            "this device was unlinked from the phone".to_owned()
        }
        (ConnectFailureReason::LoggedOut, true) => {
            "WhatsApp no longer knows this device (unlinked from the phone meanwhile)".to_owned()
        }
        (other, _) => format!("WhatsApp ended the session (error {})", other.code()),
    };
    format!("logged_out: {why}; link again with a new QR code")
}

/// `3600` → "1 h"; whole units, largest two.
fn human_duration(secs: u64) -> String {
    let (d, h, m, s) = (
        secs / 86_400,
        secs % 86_400 / 3600,
        secs % 3600 / 60,
        secs % 60,
    );
    let parts: Vec<String> = [(d, "d"), (h, "h"), (m, "min"), (s, "s")]
        .into_iter()
        .skip_while(|(n, _)| *n == 0)
        .take(2)
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n} {unit}"))
        .collect();
    if parts.is_empty() {
        "0 s".into()
    } else {
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use whatsapp_rust::chrono;
    use whatsapp_rust::types::events::{PairingQrCodesExhausted, TempBanReason};

    use super::*;

    #[test]
    fn qr_codes_running_out_disconnects_unless_a_pairing_code_is_pending() {
        let gone = Event::PairingQrCodesExhausted(
            PairingQrCodesExhausted::builder()
                .disconnected(true)
                .build(),
        );
        let (state, reason) = session_change(&gone).unwrap();
        assert_eq!(state, SessionState::Disconnected);
        assert!(reason.unwrap().starts_with("qr_expired: "));

        let code_pending = Event::PairingQrCodesExhausted(
            PairingQrCodesExhausted::builder()
                .disconnected(false)
                .build(),
        );
        let (state, reason) = session_change(&code_pending).unwrap();
        assert_eq!(state, SessionState::Pairing, "{reason:?}");
    }

    #[test]
    fn a_refused_connection_says_whether_it_is_retried() {
        let temporary = Event::ConnectFailure(
            ConnectFailure::builder()
                .reason(ConnectFailureReason::ServiceUnavailable)
                .build(),
        );
        let (state, reason) = session_change(&temporary).unwrap();
        assert_eq!(state, SessionState::Disconnected);
        assert_eq!(
            reason.unwrap(),
            "connect_failed: WhatsApp refused the connection (error 503); retrying"
        );
        let for_good = Event::ConnectFailure(
            ConnectFailure::builder()
                .reason(ConnectFailureReason::BadUserAgent)
                .message("go away".into())
                .build(),
        );
        let (_, reason) = session_change(&for_good).unwrap();
        assert_eq!(
            reason.unwrap(),
            "connect_failed: WhatsApp refused the connection (error 409): go away; not \
             retrying until you reconnect (relink)"
        );
    }

    #[test]
    fn a_ban_says_how_long_and_why() {
        let ban = TemporaryBan::builder()
            .code(TempBanReason::BlockedByUsers)
            .expire(chrono::Duration::seconds(90 * 60))
            .build();
        assert_eq!(
            ban_reason(&ban),
            "temporary_ban: WhatsApp blocked this number for 1 h 30 min (reason 102: too \
             many people blocked you); Mostrador connects again when the ban ends"
        );
    }

    #[test]
    fn logged_out_says_who_ended_it() {
        let out = |reason, on_connect| {
            LoggedOut::builder()
                .on_connect(on_connect)
                .reason(reason)
                .build()
        };
        let phone = out(ConnectFailureReason::LoggedOut, false);
        assert!(logged_out_reason(&phone, false).contains("unlinked from the phone"));
        assert!(logged_out_reason(&phone, true).contains("unlinked from this app"));
        let locked = out(ConnectFailureReason::AccountLocked, true);
        assert!(logged_out_reason(&locked, false).contains("locked"));
    }

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(human_duration(0), "0 s");
        assert_eq!(human_duration(45), "45 s");
        assert_eq!(human_duration(3600), "1 h");
        assert_eq!(human_duration(3660), "1 h 1 min");
        assert_eq!(human_duration(2 * 86_400 + 3 * 3600 + 5), "2 d 3 h");
        assert_eq!(human_duration(86_400 + 59), "1 d");
    }
}
