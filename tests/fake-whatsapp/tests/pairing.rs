#![allow(clippy::unwrap_used)]
//! End to end with the real whatsapp-rust client: pair by QR, log in again from the stored
//! session (Noise IK, no QR), and reconnect by itself after the network drops it.

mod common;

use std::time::Duration;

use common::{client_event, init_logs, net_event, start_client};
use fake_whatsapp::{FakeNetwork, HandshakePattern, NetEvent};
use tokio::time::Instant;
use whatsapp_rust::prelude::Event;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pairs_by_qr_logs_in_again_and_reconnects() {
    init_logs();
    let net = FakeNetwork::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("whatsapp.db");

    // (a) First run: the client shows a QR, the phone scans it, the client logs in.
    let mut net_events = net.subscribe();
    let started = Instant::now();
    let (client, mut events) = start_client(&net, &db).await;
    let (qr, _) = client_event(&mut events, "QR code", |e| {
        matches!(e, Event::PairingQrCode(_))
    })
    .await;
    let to_qr = started.elapsed();
    let Event::PairingQrCode(qr) = &*qr else {
        unreachable!()
    };
    let device = net.scan_qr(&qr.code).await.unwrap();
    assert_eq!(device.user, net.phone_number());
    assert_ne!(device.device, 0, "a companion is never device 0");

    let (paired, _) = client_event(&mut events, "PairSuccess", |e| {
        matches!(e, Event::PairSuccess(_))
    })
    .await;
    let paired_at = Instant::now();
    let Event::PairSuccess(paired) = &*paired else {
        unreachable!()
    };
    assert_eq!(paired.id, device);
    assert_eq!(paired.lid.user, net.account_lid().user);
    let (_, before) = client_event(&mut events, "Connected after pairing", |e| {
        matches!(e, Event::Connected(_))
    })
    .await;
    let pair_to_connected = paired_at.elapsed();
    assert!(
        !before
            .iter()
            .any(|e| matches!(&**e, Event::LoggedOut(_) | Event::PairError(_))),
        "pairing went wrong: {before:#?}"
    );
    net_event(
        &mut net_events,
        "LoggedIn",
        |e| matches!(e, NetEvent::LoggedIn { jid, .. } if *jid == device),
    )
    .await;
    eprintln!("timing: client start -> first QR event: {to_qr:?}");
    eprintln!("timing: PairSuccess -> Connected: {pair_to_connected:?}");
    // Without the phone's app-state key share the client waits out a 10 s grace period
    // before syncing; well under that means the share was decrypted and accepted.
    assert!(
        pair_to_connected < Duration::from_secs(8),
        "the client waited for an app-state key it should already have"
    );

    // (b) Restart on the same store: no QR, straight login over Noise IK.
    client.shutdown().await;
    let mut net_events = net.subscribe();
    let restarted = Instant::now();
    let (client, mut events) = start_client(&net, &db).await;
    let (_, before) = client_event(&mut events, "Connected after restart", |e| {
        matches!(e, Event::Connected(_))
    })
    .await;
    eprintln!("timing: restart -> Connected: {:?}", restarted.elapsed());
    assert!(
        !before
            .iter()
            .any(|e| matches!(&**e, Event::PairingQrCode(_))),
        "a stored session must not ask for a QR again: {before:#?}"
    );
    let handshake = net_event(&mut net_events, "handshake", |e| {
        matches!(e, NetEvent::HandshakeCompleted { .. })
    })
    .await;
    assert!(
        matches!(
            handshake,
            NetEvent::HandshakeCompleted {
                pattern: HandshakePattern::Ik,
                ..
            }
        ),
        "a client with a cached certificate chain resumes with IK, got {handshake:?}"
    );

    // (c) The network drops every socket; the client reconnects on its own.
    let mut net_events = net.subscribe();
    net.drop_connections().await;
    let dropped = Instant::now();
    client_event(&mut events, "Connected after the drop", |e| {
        matches!(e, Event::Connected(_))
    })
    .await;
    eprintln!("timing: drop -> Connected again: {:?}", dropped.elapsed());
    net_event(
        &mut net_events,
        "LoggedIn after the drop",
        |e| matches!(e, NetEvent::LoggedIn { jid, .. } if *jid == device),
    )
    .await;

    client.shutdown().await;
    net.shutdown().await;
}
