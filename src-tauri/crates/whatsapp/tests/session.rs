//! The session's life end to end: linking by code, unlinking from the app or the phone
//! (session files and key gone, next start asks to link again), a nack, and a dropped
//! connection in the middle of a queue (everything delivered, once).
#![allow(clippy::unwrap_used)]

mod support;

use fake_whatsapp::{AckPolicy, FakeNetwork};
use mostrador_core::types::{ReasonCode, SessionAction, SessionState, Status};
use mostrador_core::{Draft, DraftBody};
use support::*;

const CUSTOMER: &str = "59171234567";

fn text(t: &str) -> Draft {
    Draft {
        to: CUSTOMER.into(),
        body: DraftBody::Text { text: t.into() },
        idempotency_key: None,
        send_at: None,
        profile: None,
    }
}

fn session_files_exist(dir: &std::path::Path) -> bool {
    std::fs::read_dir(dir).unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with("whatsapp.db")
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn link_by_code_then_unlink_from_the_app() {
    let net = FakeNetwork::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &net.ws_url()).await;
    app.qr().await; // the client is up and waiting to be linked
    let code = app
        .service
        .pair_code(None, &format!("+{}", net.phone_number()))
        .await
        .unwrap();
    assert_eq!(code.replace('-', "").len(), 8, "{code}");
    net.enter_pair_code(&code).await.unwrap();
    app.until_state(SessionState::Connected).await;

    app.service.logout(None).await.unwrap();
    app.until_state(SessionState::LoggedOut).await;
    // This app did it, not the phone (the desktop's "unlinked by the phone" goes by this).
    let out = app.service.session(None).unwrap();
    assert_eq!(
        out.reason_code(),
        Some(ReasonCode::UnlinkedByApp),
        "{out:?}"
    );
    assert_eq!(out.actions, [SessionAction::Relink]);
    // Logged out is reported once the session is wiped.
    assert!(
        !session_files_exist(dir.path()),
        "the session files are deleted"
    );
    app.stop().await;

    // The next start asks to link again.
    let mut again = start_app(dir.path(), &net.ws_url()).await;
    again.qr().await;
    again.stop().await;
    net.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unlinked_from_the_phone_means_logged_out() {
    let net = FakeNetwork::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &net.ws_url()).await;
    app.pair(&net).await;
    assert!(!net.logout_from_phone().is_empty());
    app.until_state(SessionState::LoggedOut).await;
    let out = app.service.session(None).unwrap();
    assert_eq!(
        out.reason_code(),
        Some(ReasonCode::UnlinkedByPhone),
        "{out:?}"
    );
    assert!(
        !session_files_exist(dir.path()),
        "the session files are deleted"
    );
    app.stop().await;
    net.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nack_fails_the_message_with_the_servers_code() {
    let net = FakeNetwork::start().await.unwrap();
    net.add_contact(CUSTOMER).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &net.ws_url()).await;
    app.pair(&net).await;
    net.ack_next_message(AckPolicy::Nack(479));
    let m = app.service.send(text("refused")).await.unwrap().message;
    let m = app.until_status(&m.id, Status::Failed).await;
    assert_eq!(m.error.unwrap().code, "NACK_479");
    app.stop().await;
    net.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_dropped_mid_queue_delivers_everything_once() {
    let net = FakeNetwork::start().await.unwrap();
    net.add_contact(CUSTOMER).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &net.ws_url()).await;
    app.pair(&net).await;
    let mut ids = Vec::new();
    for n in 0..20 {
        ids.push(
            app.service
                .send(text(&format!("ticket {n}")))
                .await
                .unwrap()
                .message,
        );
    }
    net.wait_received(CUSTOMER, 3, PATIENCE).await.unwrap();
    net.drop_connections().await;
    for m in &ids {
        app.until_status(&m.id, Status::Sent).await;
    }
    let got = net.wait_received(CUSTOMER, 20, PATIENCE).await.unwrap();
    for m in &ids {
        assert_eq!(
            got.iter().filter(|r| r.id == m.whatsapp_id).count(),
            1,
            "{} once",
            m.whatsapp_id
        );
    }
    assert_eq!(got.len(), 20);
    app.stop().await;
    net.shutdown().await;
}
