#![allow(clippy::unwrap_used)]
//! The account's app state with the real whatsapp-rust client: a personal account's companion
//! learns the account's name from `critical_block` (`setting_pushName`, decrypted under the
//! key the phone shared), keeps it, and so logs in again without re-running its bootstrap.
//! A phone that never synced leaves the companion nameless.

mod common;

use std::time::Duration;

use common::{client_event, init_logs, pair_and_connect, start_client};
use fake_whatsapp::{FakeNetwork, NetworkConfig};
use whatsapp_rust::prelude::Event;

/// Far below the 10 s whatsapp-rust waits for a key share when it re-runs its bootstrap.
const RECONNECT: Duration = Duration::from_secs(3);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_personal_account_gets_its_name_from_app_state_and_keeps_it() {
    init_logs();
    let net = FakeNetwork::start_with(NetworkConfig::personal("Ana Pérez"))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("whatsapp.db");
    let (client, _events, _) = pair_and_connect(&net, &db).await;
    assert_eq!(client.client().push_name(), "Ana Pérez");
    client.shutdown().await;

    let (client, mut events) = start_client(&net, &db).await;
    tokio::time::timeout(
        RECONNECT,
        client_event(&mut events, "Connected after restart", |e| {
            matches!(e, Event::Connected(_))
        }),
    )
    .await
    .expect("with its name stored, the client logs in again without the bootstrap's wait");
    assert_eq!(client.client().push_name(), "Ana Pérez");
    client.shutdown().await;
    net.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_that_never_synced_leaves_the_companion_nameless() {
    init_logs();
    let net = FakeNetwork::start_with(NetworkConfig::personal(""))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (client, _events, _) = pair_and_connect(&net, &dir.path().join("whatsapp.db")).await;
    assert_eq!(client.client().push_name(), "");
    client.shutdown().await;
    net.shutdown().await;
}
