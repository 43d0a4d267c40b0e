//! Profiles in the store: each lane sees only its own outbox; removing one cancels what it
//! still had to send; names are unique and ids never come back.
#![allow(clippy::unwrap_used)]

mod support;

use mostrador_store::ProfileSaved;
use mostrador_types::Status;
use support::{insert, new_msg, open};

fn saved(s: ProfileSaved) -> mostrador_store::ProfileRow {
    match s {
        ProfileSaved::Saved(p) => p,
        other => panic!("expected a saved profile, got {other:?}"),
    }
}

#[tokio::test]
async fn the_default_profile_exists_and_new_ones_get_ids_that_never_return() {
    let (_dir, store) = open();
    let all = store.profiles().await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(
        (all[0].id.as_str(), all[0].name.as_str()),
        ("default", "Principal")
    );

    let p2 = saved(
        store
            .add_profile("Entregas".into(), "#2e7d32".into(), 5)
            .await
            .unwrap(),
    );
    assert_eq!(p2.id, "p2");
    assert_eq!(
        store
            .add_profile(" entregas ".into(), String::new(), 6)
            .await
            .unwrap(),
        ProfileSaved::NameTaken
    );
    assert!(
        store
            .remove_profile("p2".into(), 7)
            .await
            .unwrap()
            .is_some()
    );
    let p3 = saved(
        store
            .add_profile("Entregas".into(), String::new(), 8)
            .await
            .unwrap(),
    );
    assert_eq!(p3.id, "p3", "a removed profile's id is not given again");
    assert!(
        store
            .remove_profile("default".into(), 9)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store
            .change_profile("p3".into(), Some("Principal".into()), None)
            .await
            .unwrap(),
        ProfileSaved::NameTaken
    );
    let renamed = saved(
        store
            .change_profile(
                "p3".into(),
                Some("Sucursal Norte".into()),
                Some("#123456".into()),
            )
            .await
            .unwrap(),
    );
    assert_eq!(
        (renamed.name.as_str(), renamed.color.as_str()),
        ("Sucursal Norte", "#123456")
    );
    assert_eq!(
        store.change_profile("p9".into(), None, None).await.unwrap(),
        ProfileSaved::NotFound
    );
}

#[tokio::test]
async fn each_lane_claims_only_its_own_messages() {
    let (_dir, store) = open();
    saved(
        store
            .add_profile("Entregas".into(), String::new(), 1)
            .await
            .unwrap(),
    );
    let a = insert(&store, new_msg(1, "from the main number", 10)).await;
    let mut m = new_msg(2, "from deliveries", 10);
    m.profile = "p2".into();
    let b = insert(&store, m).await;
    assert_eq!((a.profile.as_str(), b.profile.as_str()), ("default", "p2"));

    let got = store.claim_next("p2", 10, vec![]).await.unwrap().unwrap();
    assert_eq!(got.message.id, b.id);
    assert!(store.claim_next("p2", 10, vec![]).await.unwrap().is_none());
    assert_eq!(store.next_due("p2", vec![]).await.unwrap(), None);
    assert_eq!(store.next_due("default", vec![]).await.unwrap(), Some(10));
    let got = store
        .claim_next("default", 10, vec![])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.message.id, a.id);
}

#[tokio::test]
async fn removing_a_profile_cancels_what_it_still_had_to_send_and_keeps_the_log() {
    let (_dir, store) = open();
    saved(
        store
            .add_profile("Entregas".into(), String::new(), 1)
            .await
            .unwrap(),
    );
    let mut queued = new_msg(1, "still queued", 10);
    queued.profile = "p2".into();
    let queued = insert(&store, queued).await;
    let mut later = new_msg(2, "for tomorrow", 10);
    later.profile = "p2".into();
    later.send_at = Some(1_000_000);
    insert(&store, later).await;
    let other = insert(&store, new_msg(3, "the main number's", 10)).await;

    let cancelled = store
        .remove_profile("p2".into(), 20)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(cancelled.len(), 2);
    assert!(cancelled.iter().all(|m| m.status == Status::Cancelled));
    assert_eq!(cancelled[0].error.as_ref().unwrap().code, "PROFILE_DELETED");
    assert!(
        store
            .claim_next("p2", i64::MAX, vec![])
            .await
            .unwrap()
            .is_none()
    );
    let kept = store.get(&queued.id).await.unwrap().unwrap();
    assert_eq!(kept.status, Status::Cancelled);
    assert_eq!(
        store.get(&other.id).await.unwrap().unwrap().status,
        Status::Queued
    );
    assert_eq!(store.profiles().await.unwrap().len(), 1);
    assert!(
        store
            .remove_profile("p2".into(), 30)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_message_to_an_account_linked_as_two_numbers_is_kept_once_by_each() {
    let (_dir, store) = open();
    let received = |id: &str, profile: &str| mostrador_store::NewReceived {
        id: id.into(),
        whatsapp_id: "3A1".into(),
        sender: "59171234567".into(),
        group: None,
        push_name: Some("Luis".into()),
        kind: "text".into(),
        body: Some("¿Llega hoy?".into()),
        what: None,
        file_name: None,
        mime_type: None,
        size: None,
        handle: None,
        sent_at: 1,
        received_at: 2,
        profile: profile.into(),
    };
    let first = store
        .insert_received(received("in_1", "default"))
        .await
        .unwrap();
    assert_eq!(first.unwrap().profile, "default");
    let other = store.insert_received(received("in_2", "p2")).await.unwrap();
    assert_eq!(other.unwrap().profile, "p2", "each number keeps its copy");
    let again = store.insert_received(received("in_3", "p2")).await.unwrap();
    assert!(
        again.is_none(),
        "delivered again to the same number: kept once"
    );
}
