//! Webhook events are written with the change that causes them, only while a webhook is on,
//! read in order after a cursor, and dropped once every enabled webhook is past them.
#![allow(clippy::unwrap_used)]

mod support;

use mostrador_store::{HookProgress, HookSubject, WebhookChange};
use mostrador_types::{Delivery, DeliveryProblem, Status, WebhookHealth};
use support::{insert, new_msg, open};

fn kinds(events: &[mostrador_store::HookEvent]) -> Vec<&str> {
    events.iter().map(|e| e.kind.as_str()).collect()
}

#[tokio::test]
async fn status_changes_become_events_in_order_only_while_a_webhook_is_on() {
    let (_dir, store) = open();
    insert(&store, new_msg(1, "before any webhook", 10)).await;
    let hook = store
        .insert_webhook(
            "wh1".into(),
            "https://pos.example/hook".into(),
            vec!["*".into()],
            20,
        )
        .await
        .unwrap();
    assert_eq!(hook.cursor, 0);
    assert!(store.hook_events(0, 100).await.unwrap().is_empty());

    let m = insert(&store, new_msg(2, "hola", 30)).await;
    let claimed = store
        .claim_next("default", 31, vec![])
        .await
        .unwrap()
        .unwrap();
    store.handed(claimed.seq, 32).await.unwrap();
    store
        .apply_status(&m.whatsapp_id, Status::Sent, None, 33)
        .await
        .unwrap();
    store
        .apply_status(&m.whatsapp_id, Status::Delivered, None, 34)
        .await
        .unwrap();
    let events = store.hook_events(0, 100).await.unwrap();
    assert_eq!(
        kinds(&events),
        [
            "message.queued",
            "message.sending",
            "message.sent",
            "message.delivered"
        ]
    );
    // Each keeps the status it announced, whatever the message is now; ids are distinct.
    match &events[2].subject {
        HookSubject::Message {
            message, status, ..
        } => {
            assert_eq!(*status, Status::Sent);
            assert_eq!(message.status, Status::Delivered);
            assert_eq!(message.id, m.id);
        }
        other => panic!("{other:?}"),
    }
    assert_ne!(events[0].id, events[1].id);
    assert!(events[0].id.starts_with("evt_"));
    assert_eq!(
        store.hook_events(events[1].seq, 1).await.unwrap()[0].seq,
        events[2].seq
    );

    // Off: nothing more is written.
    let off = WebhookChange {
        enabled: Some(false),
        ..Default::default()
    };
    store.change_webhook("wh1", off, 40).await.unwrap().unwrap();
    insert(&store, new_msg(3, "nadie escucha", 41)).await;
    assert_eq!(store.hook_events(0, 100).await.unwrap().len(), 4);
    // With none enabled, pruning drops everything.
    assert_eq!(store.prune_hook_events().await.unwrap(), 4);
}

#[tokio::test]
async fn progress_moves_the_cursor_keeps_recent_attempts_and_a_410_turns_it_off() {
    let (_dir, store) = open();
    let hook = store
        .insert_webhook(
            "wh1".into(),
            "http://127.0.0.1:9/h".into(),
            vec!["message.*".into()],
            1,
        )
        .await
        .unwrap();
    insert(&store, new_msg(1, "uno", 2)).await;
    insert(&store, new_msg(2, "dos", 3)).await;
    let events = store.hook_events(0, 10).await.unwrap();
    let attempt = |e: &mostrador_store::HookEvent, status| Delivery {
        event_id: e.id.clone(),
        event_type: e.kind.clone(),
        attempt: 1,
        at: 5,
        http_status: Some(status),
        latency_ms: 3,
        error: (status >= 300).then(|| format!("the receiver answered HTTP {status}")),
        problem: (status >= 300).then_some(DeliveryProblem::Status),
    };
    let progress = HookProgress {
        cursor: events[0].seq,
        attempts: vec![attempt(&events[0], 204)],
        failing_since: None,
        last_success_at: Some(5),
        gone: false,
    };
    store
        .record_hook_progress(hook.seq, progress, 5)
        .await
        .unwrap();
    // The second is still waiting; the first can go.
    assert_eq!(store.prune_hook_events().await.unwrap(), 1);
    assert_eq!(store.hook_events(0, 10).await.unwrap().len(), 1);
    let w = store.webhook("wh1").await.unwrap().unwrap();
    assert_eq!(
        (w.cursor, w.webhook.health),
        (events[0].seq, WebhookHealth::Ok)
    );

    let gone = HookProgress {
        cursor: events[0].seq,
        attempts: vec![attempt(&events[1], 410)],
        failing_since: Some(6),
        last_success_at: None,
        gone: true,
    };
    store.record_hook_progress(hook.seq, gone, 6).await.unwrap();
    let w = store.webhook("wh1").await.unwrap().unwrap();
    assert_eq!(w.webhook.health, WebhookHealth::Gone);
    assert!(!w.webhook.enabled);
    assert_eq!(w.webhook.last_success_at, Some(5));
    let recent = store.deliveries(hook.seq, 10).await.unwrap();
    assert_eq!(
        recent
            .iter()
            .map(|d| (d.http_status, d.problem))
            .collect::<Vec<_>>(),
        [
            (Some(410), Some(DeliveryProblem::Status)),
            (Some(204), None)
        ]
    );
    // Turned on again, it starts from now, healthy.
    let on = WebhookChange {
        enabled: Some(true),
        ..Default::default()
    };
    let w = store.change_webhook("wh1", on, 7).await.unwrap().unwrap();
    assert_eq!(w.webhook.health, WebhookHealth::Ok);
    assert_eq!(w.cursor, events[1].seq);
    assert!(store.delete_webhook("wh1").await.unwrap());
    assert!(store.deliveries(hook.seq, 10).await.unwrap().is_empty());
}
