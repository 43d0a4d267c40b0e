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
