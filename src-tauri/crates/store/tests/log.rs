//! The log on real SQLite files: a message queued with its ids, idempotency keys, many
//! writers sharing commits, and encryption at rest.
#![allow(clippy::unwrap_used)]

mod support;

use mostrador_store::{Idempotency, Inserted, NewMessage, Store};
use mostrador_types::{Content, MessageQuery, Status};

use support::*;

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
    assert_eq!(m.whatsapp_id, "WA1");
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
