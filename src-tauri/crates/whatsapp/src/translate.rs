//! whatsapp-rust's events, translated into what the core understands — session states with a
//! reason (`reasons`), QR codes, message statuses (server ack → sent, receipts →
//! delivered/read/played, nack → failed) — and into what the engine must do about them
//! (announce a connection, restart after a ban, forget a logged-out session). Pure: no client,
//! no I/O; `lifecycle` carries the steps out, in order.

use std::time::Duration;

use mostrador_core::engine::EngineEvent;
use mostrador_core::types::{QrCode, SessionInfo, SessionReason, SessionState, Status};
use whatsapp_rust::types::events::Event;
use whatsapp_rust::types::presence::ReceiptType;

use crate::reasons;

/// What the engine knows as an event arrives.
#[derive(Debug, Clone, Copy)]
pub struct Seen {
    pub now: i64,
    /// This app is logging the device out, so a `LoggedOut` now is its doing.
    pub logging_out: bool,
}

/// One thing to do about an event.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Tell the core.
    Report(EngineEvent),
    /// The connection is up by one of the two signals `ready.rs` weighs: report `connected`
    /// (with the account's number and name) if that rule says this one counts.
    Ready(Signal),
    /// The phone accepted the link: the next login is the bootstrap (`ready.rs`).
    Linked,
    /// whatsapp-rust stops for good after a ban; a shop left alone should go on sending once
    /// it is over, so the engine starts a new client then (unless it was stopped meanwhile).
    RestartAfter(Duration),
    /// Stop the client and wipe the session, then report this: "logged out" means no key left
    /// on disk.
    Forget(SessionInfo),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// The server delivered what was queued while away (`OfflineSyncCompleted`).
    BacklogDelivered,
    /// whatsapp-rust published `Connected`.
    LibraryConnected,
}

/// The steps `event` calls for, in the order they must be taken; none for an event the core
/// does not care about.
pub fn translate(event: &Event, seen: Seen) -> Vec<Step> {
    let state = |state: SessionState, reason: Option<SessionReason>| {
        Step::Report(EngineEvent::State(SessionInfo {
            reason,
            ..SessionInfo::new(state, seen.now)
        }))
    };
    match event {
        Event::PairingQrCode(q) => {
            let timeout = i64::try_from(q.timeout.as_millis()).unwrap_or(i64::MAX / 2);
            vec![
                state(SessionState::Pairing, None),
                Step::Report(EngineEvent::Qr(QrCode::new(
                    q.code.clone(),
                    seen.now.saturating_add(timeout),
                ))),
            ]
        }
        // Whichever comes first for a connection says `connected` (see `ready.rs`).
        Event::OfflineSyncCompleted(_) => vec![Step::Ready(Signal::BacklogDelivered)],
        Event::Connected(_) => vec![Step::Ready(Signal::LibraryConnected)],
        Event::PairSuccess(_) => vec![
            Step::Linked,
            state(SessionState::Connecting, Some(reasons::linked())),
        ],
        // The details are for the log (`lifecycle`); the person sees what it means.
        Event::Disconnected(_) => vec![state(
            SessionState::Disconnected,
            Some(reasons::connection_lost()),
        )],
        Event::TemporaryBan(b) => vec![
            state(SessionState::Disconnected, Some(reasons::ban(b))),
            Step::RestartAfter(Duration::from_secs(
                u64::try_from(b.expire.num_seconds()).unwrap_or(0),
            )),
        ],
        Event::LoggedOut(l) => vec![Step::Forget(SessionInfo {
            reason: Some(reasons::logged_out(l, seen.logging_out)),
            ..SessionInfo::new(SessionState::LoggedOut, seen.now)
        })],
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
            vec![Step::Report(EngineEvent::Status {
                whatsapp_id: ack.id.clone(),
                status,
                error,
                at: seen.now,
            })]
        }
        Event::Receipt(r) => {
            let status = match r.r#type {
                ReceiptType::Delivered => Status::Delivered,
                ReceiptType::Read => Status::Read,
                ReceiptType::Played => Status::Played,
                _ => return vec![],
            };
            r.message_ids
                .iter()
                .map(|id| {
                    Step::Report(EngineEvent::Status {
                        whatsapp_id: id.clone(),
                        status,
                        error: None,
                        at: seen.now,
                    })
                })
                .collect()
        }
        other => session_change(other)
            .map(|(s, reason)| state(s, reason))
            .into_iter()
            .collect(),
    }
}

/// The session state one of the remaining events leads to, and why; `None` when it does not
/// change the session.
fn session_change(event: &Event) -> Option<(SessionState, Option<SessionReason>)> {
    use SessionState::*;
    let change = match event {
        Event::PairingCode(_) => (Pairing, None),
        Event::PairError(e) => (Disconnected, Some(reasons::pair_failed(&e.error))),
        // The client closed the connection: nothing more comes until asked.
        Event::PairingQrCodesExhausted(x) if x.disconnected => {
            (Disconnected, Some(reasons::qr_expired(false)))
        }
        // A pairing code is still on screen and the client stays up waiting for it.
        Event::PairingQrCodesExhausted(_) => (Pairing, Some(reasons::qr_expired(true))),
        Event::StreamReplaced(_) => (Disconnected, Some(reasons::replaced())),
        Event::ClientOutdated(_) => (Disconnected, Some(reasons::client_outdated())),
        Event::ConnectFailure(f) => (Disconnected, Some(reasons::connect_failure(f))),
        _ => return None,
    };
    Some(change)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mostrador_core::types::ReasonCode;
    use whatsapp_rust::chrono;
    use whatsapp_rust::types::events::{
        ConnectFailure, ConnectFailureReason, LoggedOut, PairingQrCodesExhausted, StreamReplaced,
        TempBanReason, TemporaryBan,
    };

    use super::*;

    const SEEN: Seen = Seen {
        now: 1_000,
        logging_out: false,
    };

    /// The one state `event` reports.
    fn state_of(event: Event) -> SessionInfo {
        match translate(&event, SEEN).as_slice() {
            [Step::Report(EngineEvent::State(info))] => info.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn qr_codes_running_out_disconnects_unless_a_pairing_code_is_pending() {
        let gone = state_of(Event::PairingQrCodesExhausted(
            PairingQrCodesExhausted::builder()
                .disconnected(true)
                .build(),
        ));
        assert_eq!(gone.state, SessionState::Disconnected);
        assert_eq!(gone.reason_code(), Some(ReasonCode::QrExpired));

        let code_pending = state_of(Event::PairingQrCodesExhausted(
            PairingQrCodesExhausted::builder()
                .disconnected(false)
                .build(),
        ));
        assert_eq!(
            code_pending.state,
            SessionState::Pairing,
            "{:?}",
            code_pending.reason
        );
    }

    #[test]
    fn a_refused_connection_and_a_replaced_session_disconnect_with_their_code() {
        let refused = state_of(Event::ConnectFailure(
            ConnectFailure::builder()
                .reason(ConnectFailureReason::ServiceUnavailable)
                .build(),
        ));
        assert_eq!(refused.state, SessionState::Disconnected);
        assert_eq!(refused.reason_code(), Some(ReasonCode::ConnectFailed));
        let replaced = state_of(Event::StreamReplaced(StreamReplaced::builder().build()));
        assert_eq!(replaced.reason_code(), Some(ReasonCode::Replaced));
        assert_eq!(replaced.since, SEEN.now);
    }

    #[test]
    fn a_ban_is_reported_then_waited_out() {
        let ban = TemporaryBan::builder()
            .code(TempBanReason::SentToTooManyPeople)
            .expire(chrono::Duration::seconds(90))
            .build();
        let steps = translate(&Event::TemporaryBan(ban), SEEN);
        let [
            Step::Report(EngineEvent::State(info)),
            Step::RestartAfter(wait),
        ] = steps.as_slice()
        else {
            panic!("{steps:?}");
        };
        assert_eq!(info.reason_code(), Some(ReasonCode::TemporaryBan));
        assert_eq!(*wait, Duration::from_secs(90));
    }

    #[test]
    fn a_logout_forgets_the_session_and_says_who_did_it() {
        let event = Event::LoggedOut(
            LoggedOut::builder()
                .on_connect(false)
                .reason(ConnectFailureReason::LoggedOut)
                .build(),
        );
        let forgotten = |seen| match translate(&event, seen).as_slice() {
            [Step::Forget(info)] => {
                assert_eq!(info.state, SessionState::LoggedOut);
                info.reason_code()
            }
            other => panic!("{other:?}"),
        };
        assert_eq!(forgotten(SEEN), Some(ReasonCode::UnlinkedByPhone));
        let ours = Seen {
            logging_out: true,
            ..SEEN
        };
        assert_eq!(forgotten(ours), Some(ReasonCode::UnlinkedByApp));
    }

    #[test]
    fn an_ack_sends_and_a_nack_fails_with_the_servers_code() {
        let ack = |error: Option<&str>, class: &str| {
            Event::ServerAck(
                whatsapp_rust::types::events::ServerAck::builder()
                    .id("3EB0".into())
                    .class(class.into())
                    .maybe_error(error.map(str::to_owned))
                    .build(),
            )
        };
        assert_eq!(
            translate(&ack(None, "message"), SEEN),
            [Step::Report(EngineEvent::Status {
                whatsapp_id: "3EB0".into(),
                status: Status::Sent,
                error: None,
                at: SEEN.now,
            })]
        );
        let Step::Report(EngineEvent::Status { status, error, .. }) =
            &translate(&ack(Some("479"), "message"), SEEN)[0]
        else {
            panic!("a status");
        };
        assert_eq!(*status, Status::Failed);
        assert_eq!(error.as_ref().unwrap().0, "NACK_479");
        assert_eq!(translate(&ack(None, "receipt"), SEEN), []);
    }

    #[test]
    fn linking_and_connecting_are_left_to_the_readiness_rule() {
        let connected = whatsapp_rust::types::events::Connected::builder().build();
        assert_eq!(
            translate(&Event::Connected(connected), SEEN),
            [Step::Ready(Signal::LibraryConnected)]
        );
    }
}
