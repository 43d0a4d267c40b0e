//! Messages sent later, on the manual clock: they wait as `scheduled` without holding up the
//! queue, go at their time (also after a restart), can be changed or cancelled while they
//! wait, and expire instead of going when found far past their time.
#![allow(clippy::unwrap_used)]

mod support;

use std::sync::Arc;
use std::time::Duration;

use mostrador_core::input::MessageEdit;
use mostrador_core::testing::ManualClock;
use mostrador_core::types::{Event, Status};
use mostrador_core::{Code, Draft};
use support::*;

const MINUTE: i64 = 60_000;

fn later(text_body: &str, at: i64) -> Draft {
    Draft {
        send_at: Some(at),
        ..text("71234567", text_body)
    }
}

#[tokio::test]
async fn a_scheduled_message_waits_without_holding_up_the_queue_then_goes_at_its_time() {
    let h = start(no_pacing()).await;
    h.engine.connect();
    let at = T0 + 10 * MINUTE;
    let waiting = h
        .service
        .send(later("su pedido está listo", at))
        .await
        .unwrap()
        .message;
    assert_eq!(waiting.status, Status::Scheduled);
    assert_eq!(waiting.send_at, Some(at));
    assert_eq!(waiting.status_times.scheduled, Some(T0));
    // Sent after it, sent before it: its time has not come.
    let now = h.queue("recibo").await;
    let sent = h.engine.wait_sent(1).await;
    assert_eq!(sent[0].whatsapp_id, now.whatsapp_id);
    // The dispatcher sleeps until exactly its time, and not a moment earlier does it go.
    h.clock.wait_for_sleeper(at).await;
    assert_eq!(h.engine.sent().len(), 1);
    h.clock.set(at);
    let sent = h.engine.wait_sent(2).await;
    assert_eq!(sent[1].whatsapp_id, waiting.whatsapp_id);
    let m = h.wait_status(&waiting.id, Status::Sent).await;
    assert_eq!(m.status_times.sending, Some(at));
}

#[tokio::test]
async fn a_time_just_past_sends_now_and_a_wrong_one_is_refused() {
    let h = start(no_pacing()).await;
    let now = h
        .service
        .send(later("ya", T0 - 1_000))
        .await
        .unwrap()
        .message;
    assert_eq!((now.status, now.send_at), (Status::Queued, None));
    for at in [T0 - 10 * MINUTE, T0 + 400 * 24 * 60 * MINUTE] {
        let e = h.service.send(later("no", at)).await.unwrap_err();
        assert_eq!(e.code, Code::ValidationError, "{at}");
    }
}

#[tokio::test]
async fn a_waiting_message_is_changed_or_cancelled_and_not_once_it_goes() {
    let h = start(no_pacing()).await;
    let m = h
        .service
        .send(later("a las 8", T0 + 60 * MINUTE))
        .await
        .unwrap()
        .message;
    let edit = MessageEdit {
        send_at: Some("2025-11-22T00:30:00Z".into()), // T0 + 30 min
        text: Some("a las siete y media".into()),
        caption: None,
    };
    let changed = h.service.reschedule(&m.id, edit).await.unwrap();
    assert_eq!(changed.send_at, Some(T0 + 30 * MINUTE));
    assert!(changed.revision > m.revision);
    assert!(
        matches!(&changed.content, mostrador_core::types::Content::Text { text } if text == "a las siete y media")
    );
    // The log is searched by the new words.
    let found = h
        .service
        .messages(mostrador_core::types::MessageQuery {
            text: Some("siete".into()),
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(found.items.len(), 1);
    // It goes at its new time.
    h.engine.connect();
    h.clock.wait_for_sleeper(T0 + 30 * MINUTE).await;
    h.clock.set(T0 + 30 * MINUTE);
    h.wait_status(&m.id, Status::Sent).await;
    let late = MessageEdit {
        text: Some("otra".into()),
        ..MessageEdit::default()
    };
    let e = h.service.reschedule(&m.id, late).await.unwrap_err();
    assert_eq!(e.code, Code::InvalidState);

    let other = h
        .service
        .send(later("mañana", T0 + 24 * 60 * MINUTE))
        .await
        .unwrap()
        .message;
    let cancelled = h.service.cancel(&other.id).await.unwrap();
    assert_eq!(cancelled.status, Status::Cancelled);
    let e = h
        .service
        .reschedule(
            &other.id,
            MessageEdit {
                text: Some("x".into()),
                ..MessageEdit::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, Code::InvalidState);
}

/// The PC was off at the message's time. Started again within the allowed delay it goes at
/// once; started later, it expires (announced) and is never handed over.
#[tokio::test]
async fn after_a_restart_a_due_message_goes_and_one_found_too_late_expires() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let clock = Arc::new(ManualClock::new(T0));
    let first = start_in(dir.clone(), no_pacing(), clock.clone()).await;
    let soon = first
        .service
        .send(later("en 10 min", T0 + 10 * MINUTE))
        .await
        .unwrap()
        .message;
    let tonight = first
        .service
        .send(later("a las 19", T0 + 60 * MINUTE))
        .await
        .unwrap()
        .message;
    first.service.shutdown().await;

    // Off until 13 h after the first one's time: past the default 12 h for it, not the other.
    clock.set(T0 + 10 * MINUTE + 13 * 60 * MINUTE - 30 * MINUTE);
    let mut config = no_pacing();
    config.expire_after = Duration::from_secs(12 * 60 * 60);
    let second = start_in(dir, config, clock.clone()).await;
    let mut events = second.service.subscribe();
    second.engine.connect();
    let expired = until_event(
        &mut events,
        |e| matches!(e, Event::Message(u) if u.id == soon.id && u.status == Status::Expired),
    )
    .await;
    assert!(matches!(expired, Event::Message(_)));
    second.wait_status(&tonight.id, Status::Sent).await;
    let sent = second.engine.sent();
    assert_eq!(sent.len(), 1, "only the one still in time went");
    assert_eq!(sent[0].whatsapp_id, tonight.whatsapp_id);
    let gone = second.service.message(&soon.id).await.unwrap();
    assert_eq!(gone.status, Status::Expired);
    assert!(gone.status_times.expired.is_some());
    assert_eq!(
        second.service.cancel(&soon.id).await.unwrap_err().code,
        Code::InvalidState
    );
}
