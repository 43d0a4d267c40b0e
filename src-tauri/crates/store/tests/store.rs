//! The store against real SQLite files in a temp dir: log, idempotency, search, outbox.
#![allow(clippy::unwrap_used)] // Helpers outside #[test] fns unwrap too.

use mostrador_store::{CancelOutcome, Idempotency, Inserted, NewMessage, Store};
use mostrador_types::{Content, ErrorInfo, MessageQuery, Recipient, Status};

fn new_msg(n: u32, text: &str, now: i64) -> NewMessage {
    NewMessage {
        id: format!("id-{n}"),
        whatsapp_id: format!("WA{n}"),
        to: Recipient::Phone(format!("5917000000{n}")),
        content: Content::Text { text: text.into() },
        search_extra: String::new(),
        idempotency: None,
        now,
    }
}

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("app.db")).unwrap();
    (dir, store)
}

fn err(code: &str) -> ErrorInfo {
    ErrorInfo {
        code: code.into(),
        message: format!("{code} happened"),
    }
}

async fn insert(store: &Store, m: NewMessage) -> mostrador_types::Message {
    match store.insert(m).await.unwrap() {
        Inserted::New(m) => m,
        other => panic!("expected a new message, got {other:?}"),
    }
}

#[tokio::test]
async fn a_message_is_queued_with_its_ids_and_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.db");
    {
        let store = Store::open(&path).unwrap();
        let m = insert(&store, new_msg(1, "Gracias por su compra", 1000)).await;
        assert_eq!(m.status, Status::Queued);
        assert_eq!(m.whatsapp_id, "WA1");
        assert_eq!(m.status_times.queued, Some(1000));
        assert_eq!(m.attempts, 0);
        store.close();
    }
    let store = Store::open(&path).unwrap();
    let m = store.get("id-1").await.unwrap().unwrap();
    assert_eq!(
        m.content,
        Content::Text {
            text: "Gracias por su compra".into()
        }
    );
    assert_eq!(
        store.get_by_whatsapp_id("WA1").await.unwrap().unwrap().id,
        "id-1"
    );
    assert!(store.get("nope").await.unwrap().is_none());
}

#[tokio::test]
async fn idempotency_keys_return_the_original_or_conflict_and_expire() {
    let (_d, store) = open();
    let with_key = |n, fp: &str, now| NewMessage {
        idempotency: Some(Idempotency {
            key: "pos-42".into(),
            fingerprint: fp.into(),
            not_before: now - 86_400_000,
        }),
        ..new_msg(n, "hola", now)
    };
    let first = insert(&store, with_key(1, "A", 1_000)).await;
    assert_eq!(first.idempotency_key.as_deref(), Some("pos-42"));
    match store.insert(with_key(2, "A", 2_000)).await.unwrap() {
        Inserted::Existing(m) => assert_eq!(m.id, first.id),
        other => panic!("{other:?}"),
    }
    match store.insert(with_key(3, "B", 3_000)).await.unwrap() {
        Inserted::Conflict(m) => assert_eq!(m.id, first.id),
        other => panic!("{other:?}"),
    }
    // Nothing new was queued by the repeats.
    let page = store
        .list(MessageQuery {
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    // A day later the key is free again.
    let later = insert(&store, with_key(4, "B", 1_000 + 86_400_001)).await;
    assert_eq!(later.id, "id-4");
    assert_eq!(
        store.get("id-1").await.unwrap().unwrap().idempotency_key,
        None
    );
}

#[tokio::test]
async fn search_filters_and_cursor_pages() {
    let (_d, store) = open();
    for n in 0..30 {
        let text = if n % 3 == 0 {
            "Factura electrónica lista"
        } else {
            "Pedido listo para recoger"
        };
        let mut m = new_msg(n, text, 10_000 + i64::from(n));
        m.search_extra = format!("7000000{n}");
        insert(&store, m).await;
    }
    // Accents do not matter, words are prefixes.
    let q = |text: &str| MessageQuery {
        text: Some(text.into()),
        limit: 100,
        ..Default::default()
    };
    assert_eq!(store.list(q("electronica")).await.unwrap().items.len(), 10);
    assert_eq!(store.list(q("fact list")).await.unwrap().items.len(), 10);
    assert_eq!(
        store.list(q("pedido factura")).await.unwrap().items.len(),
        0
    );
    // The recipient, and its local form, are searchable.
    assert_eq!(store.list(q("59170000007")).await.unwrap().items.len(), 1);
    assert_eq!(store.list(q("70000007")).await.unwrap().items.len(), 1);
    // Newest first, paged by cursor with no gaps or repeats.
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = store
            .list(MessageQuery {
                limit: 7,
                cursor,
                ..Default::default()
            })
            .await
            .unwrap();
        seen.extend(page.items.iter().map(|m| m.created_at));
        match page.next_cursor {
            Some(c) => cursor = Some(c.parse().unwrap()),
            None => break,
        }
    }
    let expected: Vec<i64> = (0..30).rev().map(|n| 10_000 + n).collect();
    assert_eq!(seen, expected);
    // Date range and recipient filters.
    let range = MessageQuery {
        since: Some(10_010),
        until: Some(10_020),
        limit: 100,
        ..Default::default()
    };
    assert_eq!(store.list(range).await.unwrap().items.len(), 10);
    let to = MessageQuery {
        to: Some(Recipient::Phone("59170000003".into())),
        limit: 100,
        ..Default::default()
    };
    assert_eq!(store.list(to).await.unwrap().items[0].id, "id-3");
    // Search combined with a status filter.
    let claimed = store.claim_next(20_000).await.unwrap().unwrap();
    assert_eq!(claimed.message.id, "id-0");
    let sending = MessageQuery {
        text: Some("factura".into()),
        statuses: vec![Status::Sending],
        limit: 100,
        ..Default::default()
    };
    let page = store.list(sending).await.unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].id, "id-0");
}

#[tokio::test]
async fn the_outbox_hands_out_due_messages_in_order() {
    let (_d, store) = open();
    for n in 1..=3 {
        insert(&store, new_msg(n, "x", 100)).await;
    }
    assert_eq!(store.next_due().await.unwrap(), Some(100));
    assert!(
        store.claim_next(99).await.unwrap().is_none(),
        "nothing is due yet"
    );
    let a = store.claim_next(100).await.unwrap().unwrap();
    assert_eq!(
        (a.message.id.as_str(), a.message.status, a.message.attempts),
        ("id-1", Status::Sending, 1)
    );
    // In flight: not handed out twice.
    let b = store.claim_next(100).await.unwrap().unwrap();
    assert_eq!(b.message.id, "id-2");
    // A transient failure waits for its backoff; later messages are not blocked behind it.
    store
        .retry_later(a.seq, err("TIMEOUT"), 5_000, 101)
        .await
        .unwrap();
    let c = store.claim_next(200).await.unwrap().unwrap();
    assert_eq!(c.message.id, "id-3");
    assert!(store.claim_next(200).await.unwrap().is_none());
    assert_eq!(store.next_due().await.unwrap(), Some(5_000));
    let again = store.claim_next(5_000).await.unwrap().unwrap();
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
    let b2 = store.claim_next(6_000).await.unwrap().unwrap();
    assert_eq!((b2.message.id.as_str(), b2.message.attempts), ("id-2", 1));
    // Permanent failure.
    let f = store.fail(b2.seq, err("BAD"), 6_001).await.unwrap();
    assert_eq!(f.status, Status::Failed);
    assert_eq!(f.status_times.failed, Some(6_001));
    // Only id-3 is left, and it is in flight.
    assert!(store.claim_next(i64::MAX).await.unwrap().is_none());
}

#[tokio::test]
async fn statuses_only_move_forward_and_fill_skipped_times() {
    let (_d, store) = open();
    insert(&store, new_msg(1, "x", 0)).await;
    let c = store.claim_next(1).await.unwrap().unwrap();
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
    let c = store.claim_next(1).await.unwrap().unwrap();
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
    let c = store.claim_next(1).await.unwrap().unwrap();
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
    let c = store.claim_next(6).await.unwrap().unwrap();
    assert_eq!(
        c.message.id, "id-1",
        "the cancelled message is never handed out"
    );
    assert!(store.claim_next(6).await.unwrap().is_none());
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
    let c = store.claim_next(1).await.unwrap().unwrap();
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
            .claim_next(5)
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
        for n in 1..=4 {
            insert(&store, new_msg(n, "x", 0)).await;
        }
        // 1: acked. 2: handed, no ack. 3: in flight at the crash. 4: still queued.
        let c1 = store.claim_next(1).await.unwrap().unwrap();
        store.handed(c1.seq, 1).await.unwrap();
        store
            .apply_status("WA1", Status::Sent, None, 2)
            .await
            .unwrap();
        let c2 = store.claim_next(3).await.unwrap().unwrap();
        store.handed(c2.seq, 3).await.unwrap();
        store.claim_next(4).await.unwrap().unwrap();
        store.close();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.resume_unacknowledged(10).await.unwrap(),
        1,
        "message 2 goes back"
    );
    let mut order = Vec::new();
    while let Some(c) = store.claim_next(10).await.unwrap() {
        order.push(c.message.whatsapp_id.clone());
        store.handed(c.seq, 11).await.unwrap();
    }
    assert_eq!(order, ["WA2", "WA3", "WA4"]);
}

#[tokio::test]
async fn concurrent_writes_share_commits_and_all_land() {
    let (_d, store) = open();
    let mut tasks = Vec::new();
    for n in 0..200 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store.insert(new_msg(n, "x", 0)).await
        }));
    }
    for t in tasks {
        assert!(matches!(t.await.unwrap().unwrap(), Inserted::New(_)));
    }
    // A failing write (duplicate id) is rolled back alone.
    assert!(store.insert(new_msg(5, "dup", 0)).await.is_err());
    let page = store
        .list(MessageQuery {
            limit: 500,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.items.len(), 200);
}

/// Text search with filters takes one of two plans depending on how many rows the filters
/// leave; both must give the same answers.
#[tokio::test]
async fn text_search_with_filters_agrees_across_both_query_plans() {
    let (_d, store) = open();
    // The three oldest go in first, in order, so the failures below hit exactly them.
    for n in 0..3 {
        insert(
            &store,
            new_msg(
                n,
                if n == 0 {
                    "Factura lista"
                } else {
                    "Pedido listo"
                },
                0,
            ),
        )
        .await;
    }
    let tasks: Vec<_> = (3..5_100)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move {
                let text = if n % 100 == 0 {
                    "Factura lista"
                } else {
                    "Pedido listo"
                };
                store.insert(new_msg(n, text, i64::from(n))).await.unwrap();
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    // Fail the three oldest: a rare status among 5,100 queued messages.
    for _ in 0..3 {
        let c = store.claim_next(i64::MAX).await.unwrap().unwrap();
        store.fail(c.seq, err("BAD"), 1).await.unwrap();
    }
    let query = |text: &str, statuses: Vec<Status>| MessageQuery {
        text: Some(text.into()),
        statuses,
        limit: 500,
        ..Default::default()
    };
    // Queued: ~5,100 rows, so the text index drives.
    let queued = store
        .list(query("factura", vec![Status::Queued]))
        .await
        .unwrap();
    assert_eq!(queued.items.len(), 50, "51 invoices, one of them failed");
    // Failed: 3 rows, so the filter drives.
    let failed = store
        .list(query("lis", vec![Status::Failed]))
        .await
        .unwrap();
    assert_eq!(failed.items.len(), 3);
    let failed_invoices = store
        .list(query("factura", vec![Status::Failed]))
        .await
        .unwrap();
    assert_eq!(failed_invoices.items.len(), 1);
}

/// At rest the file is ciphertext: no message text, no readable schema; the wrong key (or
/// none) cannot open it.
#[tokio::test]
async fn an_encrypted_database_keeps_nothing_readable_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.db");
    let key = "a1".repeat(32);
    {
        let store = Store::open_encrypted(&path, &key).unwrap();
        insert(&store, new_msg(1, "Factura secreta número 4242", 0)).await;
        store.close();
    }
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        for needle in [
            &b"secreta"[..],
            b"SQLite format 3",
            b"59170000001",
            b"CREATE TABLE",
        ] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "plaintext {:?} on disk",
                String::from_utf8_lossy(needle)
            );
        }
    }
    let again = Store::open_encrypted(&path, &key).unwrap();
    assert!(again.get("id-1").await.unwrap().is_some());
    again.close();
    assert!(matches!(
        Store::open_encrypted(&path, &"b2".repeat(32)),
        Err(mostrador_store::StoreError::Locked)
    ));
    assert!(Store::open(&path).is_err(), "no key, no data");
    assert!(Store::open_encrypted(&path, "short").is_err());
}
