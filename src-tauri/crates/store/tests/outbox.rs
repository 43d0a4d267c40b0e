//! The outbox on real SQLite files: order, forward-only statuses, nacks, cancel, retry,
//! resuming after a crash, and the revision every change counts up.
#![allow(clippy::unwrap_used)]

mod support;

use mostrador_store::{CancelOutcome, Store};
use mostrador_types::Status;

use support::*;

#[tokio::test]
async fn the_outbox_hands_out_due_messages_in_order() {
    let (_d, store) = open();
    for n in 1..=3 {
        insert(&store, new_msg(n, "x", 100)).await;
    }
    assert_eq!(store.next_due("default", vec![]).await.unwrap(), Some(100));
    assert!(
        store
            .claim_next("default", 99, vec![])
            .await
            .unwrap()
            .is_none(),
        "nothing is due yet"
    );
    let a = store
        .claim_next("default", 100, vec![])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (a.message.id.as_str(), a.message.status, a.message.attempts),
        ("id-1", Status::Sending, 1)
    );
    // In flight: not handed out twice.
    let b = store
        .claim_next("default", 100, vec![])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(b.message.id, "id-2");
    // A transient failure waits for its backoff; later messages are not blocked behind it.
    store
        .retry_later(a.seq, err("TIMEOUT"), 5_000, 101)
        .await
        .unwrap();
    let c = store
        .claim_next("default", 200, vec![])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.message.id, "id-3");
    assert!(
        store
            .claim_next("default", 200, vec![])
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store.next_due("default", vec![]).await.unwrap(),
        Some(5_000)
    );
    let again = store
        .claim_next("default", 5_000, vec![])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (again.message.id.as_str(), again.message.attempts),
        ("id-1", 2)
    );
    assert_eq!(again.message.error.unwrap().code, "TIMEOUT");
    // Handed over: out of the outbox, error cleared, still `sending` until the server acks.
    let m = store.handed(again.seq, 5_001).await.unwrap();
    assert_eq!((m.status, m.error), (Status::Sending, None));
    // Released (never started): back in, attempt not counted.
    store.release(b.seq).await.unwrap();
    let b2 = store
        .claim_next("default", 6_000, vec![])
        .await
        .unwrap()
        .unwrap();
    assert_eq!((b2.message.id.as_str(), b2.message.attempts), ("id-2", 1));
    // Permanent failure.
    let f = store.fail(b2.seq, err("BAD"), 6_001).await.unwrap();
    assert_eq!(f.status, Status::Failed);
    assert_eq!(f.status_times.failed, Some(6_001));
    // Only id-3 is left, and it is in flight.
    assert!(
        store
            .claim_next("default", i64::MAX, vec![])
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn statuses_only_move_forward_and_fill_skipped_times() {
    let (_d, store) = open();
    insert(&store, new_msg(1, "x", 0)).await;
    let c = store
        .claim_next("default", 1, vec![])
        .await
        .unwrap()
        .unwrap();
    store.handed(c.seq, 2).await.unwrap();
    // Read arrives before the ack and the delivery receipt.
    let m = store
        .apply_status("WA1", Status::Read, None, 30)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(m.status, Status::Read);
    assert_eq!(
        (
            m.status_times.sent,
            m.status_times.delivered,
            m.status_times.read
        ),
        (Some(30), Some(30), Some(30))
    );
    // The late ack and delivery receipt change nothing.
    assert!(
        store
            .apply_status("WA1", Status::Sent, None, 40)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .apply_status("WA1", Status::Delivered, None, 41)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .apply_status("WA1", Status::Failed, Some(err("NACK")), 42)
            .await
            .unwrap()
            .is_none()
    );
    let m = store.get("id-1").await.unwrap().unwrap();
    assert_eq!((m.status, m.status_times.sent), (Status::Read, Some(30)));
    assert!(
        store
            .apply_status("unknown", Status::Sent, None, 1)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_nack_that_beats_the_handover_keeps_its_reason() {
    let (_d, store) = open();
    insert(&store, new_msg(1, "x", 0)).await;
    let c = store
        .claim_next("default", 1, vec![])
        .await
        .unwrap()
        .unwrap();
    // The server refused the stanza before the dispatcher recorded handing it over.
    store
        .apply_status("WA1", Status::Failed, Some(err("NACK_479")), 2)
        .await
        .unwrap()
        .unwrap();
    let m = store.handed(c.seq, 3).await.unwrap();
    assert_eq!(
        (m.status, m.error.map(|e| e.code)),
        (Status::Failed, Some("NACK_479".to_owned()))
    );
}

#[tokio::test]
async fn a_nack_fails_the_message_and_a_late_ack_rescues_it() {
    let (_d, store) = open();
    insert(&store, new_msg(1, "x", 0)).await;
    let c = store
        .claim_next("default", 1, vec![])
        .await
        .unwrap()
        .unwrap();
    store.handed(c.seq, 2).await.unwrap();
    let m = store
        .apply_status("WA1", Status::Failed, Some(err("NACK_479")), 3)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (m.status, m.error.unwrap().code.as_str()),
        (Status::Failed, "NACK_479")
    );
    let m = store
        .apply_status("WA1", Status::Delivered, None, 4)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((m.status, m.error), (Status::Delivered, None));
}

#[tokio::test]
async fn cancel_only_while_waiting() {
    let (_d, store) = open();
    insert(&store, new_msg(1, "x", 0)).await;
    insert(&store, new_msg(2, "x", 0)).await;
    match store.cancel("id-2", 5).await.unwrap() {
        CancelOutcome::Cancelled(m) => assert_eq!(
            (m.status, m.status_times.cancelled),
            (Status::Cancelled, Some(5))
        ),
        other => panic!("{other:?}"),
    }
    let c = store
        .claim_next("default", 6, vec![])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        c.message.id, "id-1",
        "the cancelled message is never handed out"
    );
    assert!(
        store
            .claim_next("default", 6, vec![])
            .await
            .unwrap()
            .is_none()
    );
    // In flight, then handed over: too late either way.
    assert!(matches!(
        store.cancel("id-1", 7).await.unwrap(),
        CancelOutcome::NotCancellable(_)
    ));
    store.handed(c.seq, 8).await.unwrap();
    assert!(matches!(
        store.cancel("id-1", 9).await.unwrap(),
        CancelOutcome::NotCancellable(_)
    ));
    assert!(matches!(
        store.cancel("id-2", 9).await.unwrap(),
        CancelOutcome::NotCancellable(_)
    ));
    assert_eq!(
        store.cancel("nope", 9).await.unwrap(),
        CancelOutcome::NotFound
    );
    // A cancelled message stays cancelled whatever arrives.
    assert!(
        store
            .apply_status("WA2", Status::Delivered, None, 10)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_failed_message_can_be_requeued_with_the_same_ids() {
    let (_d, store) = open();
    insert(&store, new_msg(1, "x", 0)).await;
    let c = store
        .claim_next("default", 1, vec![])
        .await
        .unwrap()
        .unwrap();
    store.fail(c.seq, err("BAD"), 2).await.unwrap();
    let (done, m) = store.requeue_failed("id-1", 3).await.unwrap().unwrap();
    assert!(done);
    assert_eq!(
        (m.status, m.attempts, m.error, m.whatsapp_id.as_str()),
        (Status::Queued, 0, None, "WA1")
    );
    let (done, _) = store.requeue_failed("id-1", 4).await.unwrap().unwrap();
    assert!(!done, "only a failed message can be retried");
    assert!(store.requeue_failed("nope", 4).await.unwrap().is_none());
    assert_eq!(
        store
            .claim_next("default", 5, vec![])
            .await
            .unwrap()
            .unwrap()
            .message
            .whatsapp_id,
        "WA1"
    );
}

#[tokio::test]
async fn after_a_crash_unacknowledged_messages_resume_with_their_ids() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.db");
    {
        let store = Store::open(&path).unwrap();
        for n in 1..=5 {
            insert(&store, new_msg(n, "x", 0)).await;
        }
        // 1: acked. 2: handed, no ack. 3: in flight at the crash. 4: in flight, but its
        // receipt overtook the ack (delivered). 5: still queued.
        let c1 = store
            .claim_next("default", 1, vec![])
            .await
            .unwrap()
            .unwrap();
        store.handed(c1.seq, 1).await.unwrap();
        store
            .apply_status("WA1", Status::Sent, None, 2)
            .await
            .unwrap();
        let c2 = store
            .claim_next("default", 3, vec![])
            .await
            .unwrap()
            .unwrap();
        store.handed(c2.seq, 3).await.unwrap();
        store
            .claim_next("default", 4, vec![])
            .await
            .unwrap()
            .unwrap();
        store
            .claim_next("default", 4, vec![])
            .await
            .unwrap()
            .unwrap();
        store
            .apply_status("WA4", Status::Delivered, None, 5)
            .await
            .unwrap();
        store.close();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.resume_unacknowledged(None, 10).await.unwrap(),
        1,
        "message 2 goes back"
    );
    let mut order = Vec::new();
    while let Some(c) = store.claim_next("default", 10, vec![]).await.unwrap() {
        order.push(c.message.whatsapp_id.clone());
        store.handed(c.seq, 11).await.unwrap();
    }
    assert_eq!(
        order,
        ["WA2", "WA3", "WA5"],
        "the delivered one is not sent again"
    );
}

/// Every change of a message counts up its revision — the status, an attempt, an error — so
/// a surface holding a copy can tell an older update from a newer one without status rules.
#[tokio::test]
async fn every_change_counts_up_the_revision() {
    let (_d, store) = open();
    let m = insert(&store, new_msg(1, "hola", 10)).await;
    assert_eq!(m.revision, 1);
    let claimed = store
        .claim_next("default", 20, vec![])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claimed.message.revision, 2);
    let retry = store
        .retry_later(claimed.seq, err("TIMEOUT"), 1_000, 30)
        .await
        .unwrap();
    assert_eq!(retry.revision, 3);
    let claimed = store
        .claim_next("default", 1_000, vec![])
        .await
        .unwrap()
        .unwrap();
    let handed = store.handed(claimed.seq, 1_010).await.unwrap();
    assert_eq!(handed.revision, 5);
    let sent = store
        .apply_status("WA1", Status::Sent, None, 1_020)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(sent.revision, 6);
    // Old news changes nothing, not even the revision.
    assert!(
        store
            .apply_status("WA1", Status::Sending, None, 1_030)
            .await
            .unwrap()
            .is_none()
    );
    let read = store.get("id-1").await.unwrap().unwrap();
    assert_eq!((read.status, read.revision), (Status::Sent, 6));
}
