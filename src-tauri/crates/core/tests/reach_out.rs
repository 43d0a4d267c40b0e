//! The reach-out limit: a first message WhatsApp refuses with 463 waits (not failed, not
//! retried in a loop) and goes, same WhatsApp id, the moment that customer writes; other
//! customers' words do not release it.
#![allow(clippy::unwrap_used)]

mod support;

use mostrador_core::incoming::{Incoming, IncomingBody};
use mostrador_core::types::{Event, Status};
use support::{no_pacing, start};

fn writes(from: &str) -> Incoming {
    Incoming {
        whatsapp_id: format!("IN-{from}"),
        from: from.into(),
        group: None,
        push_name: None,
        at: 0,
        body: IncomingBody::Text {
            text: "hola".into(),
        },
    }
}

#[tokio::test]
async fn a_refused_first_message_waits_for_the_customer_and_then_goes_once() {
    let h = start(no_pacing()).await;
    h.engine.set_auto_ack(false);
    h.engine.connect();
    let m = h.queue("Su recibo").await;
    let handed = h.engine.wait_sent(1).await;
    h.engine.nack(&handed[0].whatsapp_id, "NACK_463");
    let held = h.wait_status(&m.id, Status::Waiting).await;
    assert_eq!(held.error.as_ref().unwrap().code, "REACH_OUT_LIMIT");
    assert!(held.status_times.waiting.is_some());

    // Someone else writing changes nothing for this customer (a release would be in the
    // same step that announces what was received).
    let mut events = h.service.subscribe();
    h.engine.receive(writes("59170000000"), None);
    support::until_event(
        &mut events,
        |e| matches!(e, Event::Received(r) if r.from == "+59170000000"),
    )
    .await;
    assert_eq!(
        h.service.message(&m.id).await.unwrap().status,
        Status::Waiting
    );
    h.engine.receive(writes("59171234567"), None);
    let sent = h.engine.wait_sent(2).await;
    assert_eq!(
        sent[1].whatsapp_id, handed[0].whatsapp_id,
        "the same message, once"
    );
    assert_eq!(sent.len(), 2);
    h.engine.set_auto_ack(true);
    h.engine.emit(mostrador_core::engine::EngineEvent::Status {
        whatsapp_id: sent[1].whatsapp_id.clone(),
        status: Status::Sent,
        error: None,
        at: 1,
    });
    let gone = h.wait_status(&m.id, Status::Sent).await;
    assert!(gone.error.is_none());
    h.service.shutdown().await;
}

#[tokio::test]
async fn a_held_message_expires_when_its_customer_does_not_write_in_time_and_one_can_be_withdrawn()
{
    let h = start(no_pacing()).await;
    h.engine.set_auto_ack(false);
    h.engine.connect();
    let kept = h.queue("Su recibo").await;
    let withdrawn = h.queue("Su factura").await;
    for m in h.engine.wait_sent(2).await {
        h.engine.nack(&m.whatsapp_id, "NACK_463");
    }
    let held = h.wait_status(&kept.id, Status::Waiting).await;
    h.wait_status(&withdrawn.id, Status::Waiting).await;
    let cancelled = h.service.cancel(&withdrawn.id).await.unwrap();
    assert_eq!(cancelled.status, Status::Cancelled);

    // It waits the day `customer_wait_ms` gives it (24 h by default), to the ms, even idle.
    let ends = held.status_times.waiting.unwrap() + 86_400_000;
    h.clock.wait_for_sleeper(ends).await;
    h.clock.set(ends);
    let expired = h.wait_status(&kept.id, Status::Expired).await;
    let why = expired.error.unwrap();
    assert_eq!(why.code, "CUSTOMER_DID_NOT_WRITE");
    assert!(why.message.contains("24.0 h"), "{}", why.message);

    // The customer writing afterwards brings back neither.
    let mut events = h.service.subscribe();
    h.engine.receive(writes("59171234567"), None);
    support::until_event(
        &mut events,
        |e| matches!(e, Event::Received(r) if r.from == "+59171234567"),
    )
    .await;
    assert_eq!(h.engine.sent().len(), 2, "nothing more was handed over");
    assert_eq!(
        h.service.message(&withdrawn.id).await.unwrap().status,
        Status::Cancelled
    );
    h.service.shutdown().await;
}

#[tokio::test]
async fn a_shorter_wait_set_while_idle_applies_at_once() {
    let h = start(no_pacing()).await;
    h.engine.set_auto_ack(false);
    h.engine.connect();
    let m = h.queue("Su recibo").await;
    let handed = h.engine.wait_sent(1).await;
    h.engine.nack(&handed[0].whatsapp_id, "NACK_463");
    let held = h.wait_status(&m.id, Status::Waiting).await;
    let since = held.status_times.waiting.unwrap();
    h.clock.wait_for_sleeper(since + 86_400_000).await;
    h.service
        .update_settings(mostrador_core::types::SettingsPatch {
            customer_wait_ms: Some(3_600_000),
            ..Default::default()
        })
        .await
        .unwrap();
    h.clock.wait_for_sleeper(since + 3_600_000).await;
    h.clock.set(since + 3_600_000);
    let expired = h.wait_status(&m.id, Status::Expired).await;
    assert!(expired.error.unwrap().message.contains("1.0 h"));
    h.service.shutdown().await;
}
