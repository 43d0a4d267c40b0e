#![allow(clippy::unwrap_used)]
//! A client whose stored session belongs to another network: its IK hello is encrypted to a
//! server key this network never had, so the server answers XX-style (the client pivots to
//! XXfallback), then refuses the unknown device and the client reports that it is logged out.

mod common;

use common::{client_event, init_logs, net_event, pair_and_connect, start_client};
use fake_whatsapp::{FakeNetwork, HandshakePattern, NetEvent};
use whatsapp_rust::prelude::Event;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stale_session_falls_back_to_xx_and_is_logged_out() {
    init_logs();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("whatsapp.db");

    let first = FakeNetwork::start().await.unwrap();
    let (client, _, _) = pair_and_connect(&first, &db).await;
    client.shutdown().await;
    first.shutdown().await;

    let second = FakeNetwork::start().await.unwrap();
    let mut net_events = second.subscribe();
    let (client, mut events) = start_client(&second, &db).await;

    let handshake = net_event(&mut net_events, "handshake", |e| {
        matches!(e, NetEvent::HandshakeCompleted { .. })
    })
    .await;
    assert!(
        matches!(
            handshake,
            NetEvent::HandshakeCompleted {
                pattern: HandshakePattern::XxFallback,
                ..
            }
        ),
        "got {handshake:?}"
    );
    net_event(&mut net_events, "login refusal", |e| {
        matches!(e, NetEvent::LoginRejected { .. })
    })
    .await;
    let (logged_out, before) = client_event(&mut events, "LoggedOut", |e| {
        matches!(e, Event::LoggedOut(_))
    })
    .await;
    let Event::LoggedOut(logged_out) = &*logged_out else {
        unreachable!()
    };
    assert!(logged_out.on_connect, "refused at connect time");
    assert!(
        !before.iter().any(|e| matches!(&**e, Event::Connected(_))),
        "an unknown device must not get in: {before:#?}"
    );

    client.shutdown().await;
    second.shutdown().await;
}
