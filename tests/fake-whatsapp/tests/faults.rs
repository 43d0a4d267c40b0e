#![allow(clippy::unwrap_used)]
//! Scripted faults against the real whatsapp-rust client: each one must surface as the client
//! event a real WhatsApp outage, ban or unlink produces, and recoverable ones must recover.

mod common;

use common::{client_event, init_logs, net_event, pair_and_connect, start_client};
use fake_whatsapp::{Error, FakeNetwork, NetEvent};
use tokio::time::Instant;
use whatsapp_rust::prelude::Event;
use whatsapp_rust::types::events::TempBanReason;

fn is_logged_out(e: &Event) -> bool {
    matches!(e, Event::LoggedOut(_))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recovers_from_restarts_outages_and_refused_sockets() {
    init_logs();
    let net = FakeNetwork::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (client, mut events, device) = pair_and_connect(&net, &dir.path().join("wa.db")).await;
    let logged_in = |e: &NetEvent| matches!(e, NetEvent::LoggedIn { jid, .. } if *jid == device);

    // 515: the server restarts the stream; the client reconnects at once.
    let mut net_events = net.subscribe();
    assert!(net.stream_error(515) >= 1);
    let (_, before) = client_event(&mut events, "Connected after 515", |e| {
        matches!(e, Event::Connected(_))
    })
    .await;
    assert!(!before.iter().any(|e| is_logged_out(e)), "{before:#?}");
    net_event(&mut net_events, "LoggedIn after 515", logged_in).await;

    // 503: the service is unavailable; the client backs off, then logs in again.
    let mut net_events = net.subscribe();
    assert!(net.stream_error(503) >= 1);
    let (_, before) = client_event(&mut events, "Connected after 503", |e| {
        matches!(e, Event::Connected(_))
    })
    .await;
    assert!(!before.iter().any(|e| is_logged_out(e)), "{before:#?}");
    net_event(&mut net_events, "LoggedIn after 503", logged_in).await;

    // An outage that drops every new socket: the client keeps retrying, with backoff.
    let mut net_events = net.subscribe();
    net.set_refuse_connections(true);
    net.drop_connections().await;
    net_event(&mut net_events, "a refused socket", |e| {
        matches!(e, NetEvent::SocketRefused)
    })
    .await;
    let first = Instant::now();
    net_event(&mut net_events, "a second refused socket", |e| {
        matches!(e, NetEvent::SocketRefused)
    })
    .await;
    eprintln!(
        "timing: gap between refused attempts: {:?}",
        first.elapsed()
    );
    net.set_refuse_connections(false);
    let (_, before) = client_event(&mut events, "Connected after the outage", |e| {
        matches!(e, Event::Connected(_))
    })
    .await;
    assert!(!before.iter().any(|e| is_logged_out(e)), "{before:#?}");
    net_event(&mut net_events, "LoggedIn after the outage", logged_in).await;

    client.shutdown().await;
    net.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bans_outdated_clients_and_replaced_sessions() {
    init_logs();
    let net = FakeNetwork::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("wa.db");
    let (client, mut events, _) = pair_and_connect(&net, &db).await;

    // A temporary ban refuses the next login with 402 and how long it lasts.
    let mut net_events = net.subscribe();
    net.temporary_ban(3600);
    net.drop_connections().await;
    let (ban, _) = client_event(&mut events, "TemporaryBan", |e| {
        matches!(e, Event::TemporaryBan(_))
    })
    .await;
    let Event::TemporaryBan(ban) = &*ban else {
        unreachable!()
    };
    assert_eq!(ban.code, TempBanReason::SentToTooManyPeople);
    let secs = ban.expire.num_seconds();
    assert!((3590..=3600).contains(&secs), "expire {secs}");
    net_event(&mut net_events, "402 refusal", |e| {
        matches!(e, NetEvent::ConnectRefused { reason: 402, .. })
    })
    .await;
    client.shutdown().await;

    // An outdated client is refused with 405.
    net.clear_faults();
    net.client_outdated();
    let (client, mut events) = start_client(&net, &db).await;
    client_event(&mut events, "ClientOutdated", |e| {
        matches!(e, Event::ClientOutdated(_))
    })
    .await;
    client.shutdown().await;

    // Faults cleared: the same session logs in, then another one replaces it.
    net.clear_faults();
    let (client, mut events) = start_client(&net, &db).await;
    client_event(&mut events, "Connected after clearing faults", |e| {
        matches!(e, Event::Connected(_))
    })
    .await;
    assert_eq!(net.replace_session(), 1);
    let (_, before) = client_event(&mut events, "StreamReplaced", |e| {
        matches!(e, Event::StreamReplaced(_))
    })
    .await;
    assert!(!before.iter().any(|e| is_logged_out(e)), "{before:#?}");

    client.shutdown().await;
    net.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unlinks_from_the_phone_and_from_the_app() {
    init_logs();
    let net = FakeNetwork::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();

    // The phone removes the companion: LoggedOut now, and its session is refused later.
    let db = dir.path().join("unlinked.db");
    let (client, mut events, device) = pair_and_connect(&net, &db).await;
    let mut net_events = net.subscribe();
    net.unlink_device(&device).unwrap();
    let (out, _) = client_event(&mut events, "LoggedOut", is_logged_out).await;
    let Event::LoggedOut(out) = &*out else {
        unreachable!()
    };
    assert!(!out.on_connect);
    let removed = net_event(&mut net_events, "DeviceRemoved", |e| {
        matches!(e, NetEvent::DeviceRemoved { .. })
    })
    .await;
    assert_eq!(
        removed,
        NetEvent::DeviceRemoved {
            jid: device.clone(),
            by_companion: false
        }
    );
    assert!(matches!(
        net.unlink_device(&device),
        Err(Error::UnknownDevice(_))
    ));
    client.shutdown().await;
    assert_logged_out_on_connect(&net, &db).await;

    // The app logs out: the server answers remove-companion-device and forgets the device.
    let db = dir.path().join("app-logout.db");
    let (client, _events, device) = pair_and_connect(&net, &db).await;
    let mut net_events = net.subscribe();
    client.client().logout().await;
    let removed = net_event(&mut net_events, "DeviceRemoved by the app", |e| {
        matches!(e, NetEvent::DeviceRemoved { .. })
    })
    .await;
    assert_eq!(
        removed,
        NetEvent::DeviceRemoved {
            jid: device,
            by_companion: true
        }
    );
    client.shutdown().await;
    assert_logged_out_on_connect(&net, &db).await;

    // "Log out from all devices" on the phone.
    let db = dir.path().join("all.db");
    let (client, mut events, device) = pair_and_connect(&net, &db).await;
    assert_eq!(net.logout_from_phone(), vec![device]);
    client_event(&mut events, "LoggedOut", is_logged_out).await;
    client.shutdown().await;

    net.shutdown().await;
}

/// A client restarted on `db` presents a session the network forgot: `<failure 401>`.
async fn assert_logged_out_on_connect(net: &FakeNetwork, db: &std::path::Path) {
    let mut net_events = net.subscribe();
    let (client, mut events) = start_client(net, db).await;
    let (out, before) = client_event(&mut events, "LoggedOut at connect", is_logged_out).await;
    let Event::LoggedOut(out) = &*out else {
        unreachable!()
    };
    assert!(out.on_connect);
    assert!(
        !before.iter().any(|e| matches!(&**e, Event::Connected(_))),
        "{before:#?}"
    );
    net_event(&mut net_events, "LoginRejected", |e| {
        matches!(e, NetEvent::LoginRejected { .. })
    })
    .await;
    client.shutdown().await;
}
