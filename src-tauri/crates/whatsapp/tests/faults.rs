//! What goes wrong with WhatsApp, end to end: each fault the fake network scripts reaches the
//! core's session as the state it means and a reason a person can act on, and the session
//! recovers the way it should — by itself (a dropped connection, a server outage, the end of
//! a ban) or when asked (`relink`: new QR codes after they ran out, taking a replaced session
//! back, trying again after an update).
#![allow(clippy::unwrap_used)]

mod support;

use std::time::Duration;

use fake_whatsapp::{FakeNetwork, NetEvent};
use mostrador_core::types::{ReasonCode, SessionInfo, SessionState};
use support::*;
use tokio::time::Instant;

/// Whether the session's reason has `code`, the part a UI matches on.
fn reason_is(s: &SessionInfo, code: ReasonCode) -> bool {
    s.reason_code() == Some(code)
}

/// The QR's ref: what the server issued it under, unique per code.
fn qr_ref(code: &str) -> &str {
    code.split(',').next().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn qr_codes_run_out_then_relink_shows_a_fresh_one_the_phone_scans() {
    let net = FakeNetwork::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &net.ws_url()).await;
    let first = app.qr().await;

    // Nobody scans. The client rotates the refs the server gave it on its own timers (60 s,
    // then 20 s each); a pairing session given none runs out at once, which is the same
    // "all codes spent" the client reports after minutes. A blip moves the client to such a
    // session.
    net.limit_qr_refs(0);
    net.drop_connections().await;
    let expired = app
        .until_session(|s| reason_is(s, ReasonCode::QrExpired))
        .await;
    assert_eq!(expired.state, SessionState::Disconnected, "{expired:?}");
    assert!(
        app.service.qr(None).is_err(),
        "no code is offered once they ran out"
    );

    // Asked again, the app starts a new pairing session with new codes.
    net.clear_faults();
    app.service.relink(None).await.unwrap();
    let fresh = app.qr().await;
    assert_ne!(qr_ref(&fresh.code), qr_ref(&first.code), "a fresh code");
    assert!(
        net.scan_qr(&first.code).await.is_err(),
        "the expired code links nothing"
    );
    net.scan_qr(&fresh.code).await.unwrap();
    app.until_state(SessionState::Connected).await;
    assert_eq!(
        app.service.session(None).unwrap().phone,
        Some(format!("+{}", net.phone_number()))
    );
    app.stop().await;
    net.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_connection_comes_back_by_itself_after_a_backoff() {
    let net = FakeNetwork::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &net.ws_url()).await;
    app.pair(&net).await;
    app.skip_past_events();

    // Timed where it happens, not when the test gets round to reading it.
    let mut seen = net.subscribe();
    let reconnected = tokio::spawn(async move {
        loop {
            if let Ok(NetEvent::ClientConnected { .. }) = seen.recv().await {
                return Instant::now();
            }
        }
    });
    let dropped = Instant::now();
    net.drop_connections().await;

    let lost = app
        .session_event(|s| s.state != SessionState::Connected)
        .await;
    assert_eq!(lost.state, SessionState::Disconnected, "{lost:?}");
    assert!(reason_is(&lost, ReasonCode::ConnectionLost), "{lost:?}");
    app.session_event(|s| s.state == SessionState::Connected)
        .await;
    let gap = tokio::time::timeout(PATIENCE, reconnected)
        .await
        .unwrap()
        .unwrap()
        - dropped;
    eprintln!("timing: reconnected {gap:?} after the drop");
    // whatsapp-rust waits about a second before the first retry; an immediate reconnect
    // loop would hammer a server that just went away.
    assert!(
        gap >= Duration::from_millis(500),
        "reconnected after {gap:?}"
    );
    app.stop().await;
    net.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_stays_disconnected_until_the_server_is_back() {
    let net = FakeNetwork::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &net.ws_url()).await;
    app.pair(&net).await;

    // The server goes away (503) and refuses every socket for a while.
    let mut seen = net.subscribe();
    net.set_refuse_connections(true);
    assert!(net.stream_error(503) >= 1);
    let lost = app
        .until_session(|s| s.state == SessionState::Disconnected)
        .await;
    assert!(reason_is(&lost, ReasonCode::ConnectionLost), "{lost:?}");
    for _ in 0..2 {
        tokio::time::timeout(PATIENCE, async {
            while !matches!(seen.recv().await, Ok(NetEvent::SocketRefused)) {}
        })
        .await
        .unwrap();
    }
    // Refused retries are no news: the session still says what happened.
    assert_eq!(app.service.session(None).unwrap(), lost);

    net.set_refuse_connections(false);
    app.until_state(SessionState::Connected).await;
    app.stop().await;
    net.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_temporary_ban_says_how_long_and_ends_by_itself() {
    let net = FakeNetwork::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &net.ws_url()).await;
    app.pair(&net).await;
    app.skip_past_events();

    // Live sessions stay up during a ban; the next login is refused with how long it lasts
    // (long enough to outlast the client's first retry, about a second, on a busy machine).
    net.temporary_ban(4);
    net.drop_connections().await;
    let banned = app
        .until_session(|s| reason_is(s, ReasonCode::TemporaryBan))
        .await;
    assert_eq!(banned.state, SessionState::Disconnected, "{banned:?}");
    let reason = banned.reason.unwrap().detail;
    assert!(
        reason.contains("blocked this number for ") && reason.contains(" s (reason 101: "),
        "{reason}"
    );
    let at = Instant::now();

    // whatsapp-rust gives up after a ban; the engine tries again once it is over.
    app.session_event(|s| s.state == SessionState::Connected)
        .await;
    eprintln!("timing: connected {:?} after the ban", at.elapsed());
    app.stop().await;
    net.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_taken_over_elsewhere_stays_off_until_taken_back() {
    let net = FakeNetwork::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &net.ws_url()).await;
    app.pair(&net).await;
    app.skip_past_events();

    assert_eq!(net.replace_session(), 1);
    let replaced = app
        .session_event(|s| s.state != SessionState::Connected)
        .await;
    assert_eq!(replaced.state, SessionState::Disconnected, "{replaced:?}");
    assert!(reason_is(&replaced, ReasonCode::Replaced), "{replaced:?}");

    // Nothing else happens until asked: the first change after it is the relink's.
    app.service.relink(None).await.unwrap();
    let next = app.session_event(|_| true).await;
    assert_eq!(next.state, SessionState::Connecting, "{next:?}");
    app.until_state(SessionState::Connected).await;
    app.stop().await;
    net.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outdated_client_is_told_to_update() {
    let net = FakeNetwork::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &net.ws_url()).await;
    app.pair(&net).await;

    // Live sessions stay up; the next connect is refused (405).
    net.client_outdated();
    net.drop_connections().await;
    let outdated = app
        .until_session(|s| reason_is(s, ReasonCode::ClientOutdated))
        .await;
    assert_eq!(outdated.state, SessionState::Disconnected, "{outdated:?}");
    assert!(
        outdated.reason.unwrap().detail.contains("update Mostrador"),
        "says what to do"
    );

    // Once WhatsApp accepts the client again, a relink reconnects the same session.
    net.clear_faults();
    app.service.relink(None).await.unwrap();
    app.until_state(SessionState::Connected).await;
    app.stop().await;
    net.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starting_offline_says_whatsapp_is_unreachable_then_links_once_it_is_back() {
    // A port nothing listens on: the shop PC starts with no internet.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &format!("ws://127.0.0.1:{port}/ws/chat")).await;
    let offline = app
        .until_session(|s| s.state == SessionState::Disconnected)
        .await;
    assert!(reason_is(&offline, ReasonCode::Unreachable), "{offline:?}");

    // The connection comes back: the client's own retries find the server.
    let net = FakeNetwork::start_with(fake_whatsapp::NetworkConfig {
        ws_port: port,
        ..Default::default()
    })
    .await
    .unwrap();
    let qr = app.qr().await;
    net.scan_qr(&qr.code).await.unwrap();
    app.until_state(SessionState::Connected).await;
    app.stop().await;
    net.shutdown().await;
}
