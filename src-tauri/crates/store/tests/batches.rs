//! Batches in the store: one commit for the batch and its items, single messages claimed
//! first, a paused batch's items never claimed, a cancel taking what still waits.
#![allow(clippy::unwrap_used)]

mod support;

use mostrador_store::{BatchChange, BatchInserted, NewBatch};
use mostrador_types::{BatchStatus, Content, Status};
use support::*;

fn batch(id: &str, first: u32, n: u32, now: i64) -> NewBatch {
    NewBatch {
        id: id.into(),
        name: id.into(),
        profile: "default".into(),
        template: Content::Text {
            text: "Hola {n}".into(),
        },
        pacing_ms: None,
        jitter_ms: None,
        send_at: None,
        idempotency: None,
        now,
        items: (first..first + n)
            .map(|i| new_msg(i, "Hola", now))
            .collect(),
        opted_out: mostrador_types::ErrorInfo {
            code: "OPTED_OUT".into(),
            message: "does not want broadcasts".into(),
        },
    }
}

#[tokio::test]
async fn singles_go_first_and_a_paused_batch_is_never_claimed() {
    let (_dir, store) = open();
    let BatchInserted::New(b) = store.insert_batch(batch("b1", 0, 3, 1)).await.unwrap() else {
        panic!("not new")
    };
    assert_eq!((b.total, b.status), (3, BatchStatus::Running));
    let single = insert(&store, new_msg(10, "recibo", 2)).await;
    let first = store
        .claim_next("default", 5, vec![])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        first.message.id, single.id,
        "the single message, though queued later"
    );
    assert!(first.batch.is_none());
    let item = store
        .claim_next("default", 5, vec![])
        .await
        .unwrap()
        .unwrap();
    let pace = item.batch.unwrap();
    assert!(
        store
            .claim_next("default", 5, vec![pace.batch])
            .await
            .unwrap()
            .is_none(),
        "held"
    );
    store.handed(item.seq, 6).await.unwrap();

    assert!(matches!(
        store
            .change_batch("b1", BatchStatus::Paused, 7)
            .await
            .unwrap(),
        BatchChange::Changed(_)
    ));
    assert!(
        store
            .claim_next("default", 8, vec![])
            .await
            .unwrap()
            .is_none(),
        "paused"
    );
    assert_eq!(store.next_due("default", vec![]).await.unwrap(), None);
    store
        .change_batch("b1", BatchStatus::Running, 9)
        .await
        .unwrap();
    assert!(
        store
            .claim_next("default", 10, vec![])
            .await
            .unwrap()
            .is_some()
    );

    let BatchChange::Changed(c) = store
        .change_batch("b1", BatchStatus::Cancelled, 11)
        .await
        .unwrap()
    else {
        panic!("not cancelled")
    };
    // One handed over, one being handed over now, one still waiting: that one is cancelled.
    assert_eq!(c.counts.get(&Status::Cancelled), Some(&1), "{c:?}");
    assert!(matches!(
        store
            .change_batch("b1", BatchStatus::Running, 12)
            .await
            .unwrap(),
        BatchChange::NotAllowed(_)
    ));
}
