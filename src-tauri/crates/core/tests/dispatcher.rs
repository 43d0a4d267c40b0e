//! The dispatcher with an injected clock: order, pacing, backoff, retry, cancel, restart.
#![allow(clippy::unwrap_used)]

mod support;

use std::sync::Arc;
use std::time::Duration;

use mostrador_core::clock::Clock;
use mostrador_core::engine::{EngineError, Failure};
use mostrador_core::types::{Event, SessionState, Status};
use mostrador_core::{Code, Config};
use support::*;

fn transient() -> EngineError {
    EngineError::new(Failure::Transient, "TIMEOUT", "the server did not answer")
}

#[tokio::test]
async fn queued_messages_wait_for_a_connection_then_go_in_order() {
    let h = start(no_pacing()).await;
    let ids: Vec<_> = [("uno"), ("dos"), ("tres")]
        .iter()
        .map(|t| t.to_string())
        .collect();
    let mut queued = Vec::new();
    for t in &ids {
        queued.push(h.queue(t).await);
    }
    assert!(
        h.engine.sent().is_empty(),
        "nothing goes out while disconnected"
    );
    h.engine.connect();
    let sent = h.engine.wait_sent(3).await;
    let got: Vec<_> = sent.iter().map(|o| o.whatsapp_id.clone()).collect();
    let want: Vec<_> = queued.iter().map(|m| m.whatsapp_id.clone()).collect();
    assert_eq!(got, want);
    for m in &queued {
        let m = h.wait_status(&m.id, Status::Sent).await;
        assert_eq!(m.attempts, 1);
    }
}

#[tokio::test]
async fn sends_are_paced_by_a_gap_with_jitter() {
    let h = start(Config::default()).await; // 1 s ± 0.5 s
    for n in 0..5 {
        h.queue(&format!("m{n}")).await;
    }
    h.engine.connect();
    let mut gaps = Vec::new();
    for n in 1..5 {
        h.engine.wait_sent(n).await;
        let before = h.clock.now_ms();
        let wake = h.clock.next_sleeper().await;
        // Just before the gap ends nothing more has gone out.
        h.clock.set(wake - 1);
        assert_eq!(h.engine.sent().len(), n);
        h.clock.set(wake);
        gaps.push(wake - before);
    }
    h.engine.wait_sent(5).await;
    assert!(gaps.iter().all(|g| (500..=1500).contains(g)), "{gaps:?}");
    assert!(
        gaps.windows(2).any(|w| w[0] != w[1]),
        "jitter varies the gap: {gaps:?}"
    );
}

#[tokio::test]
async fn transient_failures_back_off_exponentially_then_succeed() {
    let h = start(no_pacing()).await;
    h.engine.fail_next(transient());
    h.engine.fail_next(transient());
    let m = h.queue("hola").await;
    h.engine.connect();
    let first = h.clock.next_sleeper().await;
    assert_eq!(first - T0, 2_000);
    let after_one = h.service.message(&m.id).await.unwrap();
    assert_eq!((after_one.status, after_one.attempts), (Status::Sending, 1));
    assert_eq!(after_one.error.unwrap().code, "TIMEOUT");
    h.clock.set(first);
    let second = h.clock.next_sleeper().await;
    assert_eq!(second - first, 4_000);
    h.clock.set(second);
    h.engine.wait_sent(1).await;
    let m = h.wait_status(&m.id, Status::Sent).await;
    assert_eq!((m.attempts, m.error), (3, None));
}

#[tokio::test]
async fn retries_stop_at_the_limit_and_permanent_errors_fail_at_once() {
    let mut config = no_pacing();
    config.retry.max_attempts = 2;
    let h = start(config).await;
    h.engine.fail_next(transient());
    h.engine.fail_next(transient());
    h.engine.fail_next(EngineError::new(
        Failure::Permanent,
        "NOT_ON_WHATSAPP",
        "no WhatsApp",
    ));
    let a = h.queue("a").await;
    h.engine.connect();
    let t = h.clock.advance_to_next_sleeper().await;
    assert_eq!(t - T0, 2_000);
    let a = h.wait_status(&a.id, Status::Failed).await;
    assert_eq!((a.attempts, a.error.unwrap().code.as_str()), (2, "TIMEOUT"));
    let b = h.queue("b").await;
    let b = h.wait_status(&b.id, Status::Failed).await;
    assert_eq!(
        (b.attempts, b.error.unwrap().code.as_str()),
        (1, "NOT_ON_WHATSAPP")
    );
    assert!(h.engine.sent().is_empty());
    // The user retries: same WhatsApp id, attempts from zero, and this time it goes.
    let r = h.service.retry(&b.id).await.unwrap();
    assert_eq!((r.status, r.attempts), (Status::Queued, 0));
    let sent = h.engine.wait_sent(1).await;
    assert_eq!(sent[0].whatsapp_id, b.whatsapp_id);
    let again = h.service.retry(&b.id).await.unwrap_err();
    assert_eq!(again.code, Code::InvalidState);
    assert_eq!(
        h.service.retry("missing").await.unwrap_err().code,
        Code::NotFound
    );
}

#[tokio::test]
async fn a_cancelled_message_is_never_sent() {
    let h = start(no_pacing()).await;
    let a = h.queue("cancel me").await;
    let b = h.queue("send me").await;
    let c = h.service.cancel(&a.id).await.unwrap();
    assert_eq!(c.status, Status::Cancelled);
    h.engine.connect();
    h.wait_status(&b.id, Status::Sent).await;
    let sent = h.engine.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].whatsapp_id, b.whatsapp_id);
    assert_eq!(
        h.service.cancel(&b.id).await.unwrap_err().code,
        Code::InvalidState
    );
    assert_eq!(
        h.service.cancel(&a.id).await.unwrap_err().code,
        Code::InvalidState
    );
}

#[tokio::test]
async fn a_dropped_connection_does_not_use_up_attempts() {
    let h = start(no_pacing()).await;
    h.engine.fail_next(EngineError::not_connected());
    let m = h.queue("x").await;
    h.engine.connect();
    let m = h.wait_status(&m.id, Status::Sent).await;
    assert_eq!(m.attempts, 1);
}

#[tokio::test]
async fn a_restart_resends_unacknowledged_messages_with_the_same_ids() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let clock = Arc::new(mostrador_core::testing::ManualClock::new(T0));
    let first = start_in(dir.clone(), no_pacing(), clock.clone()).await;
    first.engine.set_auto_ack(false); // the server never acks before the "crash"
    let mut ids = Vec::new();
    for n in 0..3 {
        ids.push(first.queue(&format!("m{n}")).await.whatsapp_id);
    }
    first.engine.connect();
    first.engine.wait_sent(3).await;
    first.service.shutdown().await;

    let second = start_in(dir, no_pacing(), clock).await;
    second.engine.connect();
    let resent: Vec<_> = second
        .engine
        .wait_sent(3)
        .await
        .into_iter()
        .map(|o| o.whatsapp_id)
        .collect();
    assert_eq!(resent, ids);
}

#[tokio::test]
async fn a_reconnect_during_a_send_resends_what_the_old_connection_took() {
    let h = start(no_pacing()).await;
    h.engine.set_auto_ack(false);
    h.engine.connect();
    let (started, release) = h.engine.hold_next_send();
    let m = h.queue("ticket").await;
    started.await.unwrap(); // so the first connect has been applied
    let mut events = h.service.subscribe();
    // The connection drops and comes back while the send is on its way; the stanza went
    // out on the dead connection, so no ack will ever come for it.
    h.engine.disconnect("stream closed");
    h.engine.connect();
    until_event(
        &mut events,
        |e| matches!(e, Event::Session(s) if s.state == SessionState::Connected),
    )
    .await;
    release.send(()).unwrap();
    let sent = h.engine.wait_sent(2).await;
    assert_eq!(sent[0].whatsapp_id, m.whatsapp_id);
    assert_eq!(sent[1].whatsapp_id, m.whatsapp_id, "sent again, same id");
}

#[tokio::test]
async fn receipts_move_statuses_forward_only() {
    let h = start(no_pacing()).await;
    let m = h.queue("x").await;
    h.engine.connect();
    h.wait_status(&m.id, Status::Sent).await;
    h.engine.receipt(&m.whatsapp_id, Status::Read);
    h.wait_status(&m.id, Status::Read).await;
    h.engine.receipt(&m.whatsapp_id, Status::Delivered);
    h.engine.nack(&m.whatsapp_id, "479");
    h.engine.receipt(&m.whatsapp_id, Status::Played);
    let m = h.wait_status(&m.id, Status::Played).await;
    assert!(m.status_times.delivered.is_some());
}

#[tokio::test]
async fn a_nack_fails_the_message() {
    let h = start(no_pacing()).await;
    h.engine.set_auto_ack(false);
    let m = h.queue("x").await;
    h.engine.connect();
    h.engine.wait_sent(1).await;
    h.engine.nack(&m.whatsapp_id, "479");
    let m = h.wait_status(&m.id, Status::Failed).await;
    assert_eq!(m.error.unwrap().code, "479");
}

#[tokio::test]
async fn waiting_for_the_server_returns_on_ack_or_at_the_deadline() {
    let h = start(no_pacing()).await;
    let m = h.queue("x").await;
    let service = h.service.clone();
    let id = m.id.clone();
    let waiter =
        tokio::spawn(async move { service.wait_for_server(&id, Duration::from_secs(60)).await });
    // It waits with a deadline capped at the configured 15 s.
    assert_eq!(h.clock.next_sleeper().await - T0, 15_000);
    h.engine.connect();
    assert_eq!(waiter.await.unwrap().unwrap().status, Status::Sent);

    // Queued only once the service knows the link is down (else the dispatcher may still
    // hand it over on the old connection).
    let mut events = h.service.subscribe();
    h.engine.disconnect("test");
    until_event(
        &mut events,
        |e| matches!(e, Event::Session(s) if s.state != SessionState::Connected),
    )
    .await;
    let m = h.queue("y").await;
    let service = h.service.clone();
    let waiter =
        tokio::spawn(async move { service.wait_for_server(&m.id, Duration::from_secs(2)).await });
    let t = h.clock.advance_to_next_sleeper().await;
    assert_eq!(t - T0, 2_000);
    assert_eq!(waiter.await.unwrap().unwrap().status, Status::Queued);
}
