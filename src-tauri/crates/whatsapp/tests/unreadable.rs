//! A saved session that its key no longer opens (the keyring entry lost, or restored from
//! the wrong backup): the app does not stop over it. The files are kept aside, dated; the
//! key is dropped; the shop is told why and links again; queued messages wait and go.
#![allow(clippy::unwrap_used)]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use fake_whatsapp::FakeNetwork;
use mostrador_core::types::{ReasonCode, SessionState, Status};
use mostrador_core::{Draft, DraftBody};
use support::*;

/// Not the key the session was saved under.
const OTHER_KEY: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fn names_in(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_its_key_cannot_open_is_set_aside_and_the_shop_links_again() {
    let net = FakeNetwork::start().await.unwrap();
    net.add_contact("59171234567").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &net.ws_url()).await;
    app.pair(&net).await;
    app.stop().await;

    let forgotten = Arc::new(AtomicBool::new(false));
    let flag = forgotten.clone();
    let on_forget = Box::new(move || flag.store(true, Ordering::SeqCst));
    let mut again = start_app_keyed(dir.path(), &net.ws_url(), OTHER_KEY, Some(on_forget)).await;
    let info = again
        .until_session(|s| s.state == SessionState::LoggedOut)
        .await;
    let reason = info.reason.unwrap();
    assert_eq!(reason.code, ReasonCode::SessionUnreadable, "{reason}");
    let reason = reason.detail;
    assert!(reason.contains("Link this computer again"), "{reason}");
    assert!(
        forgotten.load(Ordering::SeqCst),
        "the useless key is dropped"
    );
    let names = names_in(dir.path());
    assert!(!names.iter().any(|n| n == "whatsapp.db"), "{names:?}");
    let kept = names
        .iter()
        .find(|n| n.starts_with("whatsapp.db.unreadable-"))
        .unwrap_or_else(|| panic!("the old session is kept: {names:?}"));
    assert!(reason.contains(kept.as_str()), "says where: {reason}");

    // Meanwhile a receipt is queued; linking again sends it.
    let sent = again
        .service
        .send(Draft {
            to: "59171234567".into(),
            body: DraftBody::Text {
                text: "Recibo 42".into(),
            },
            idempotency_key: None,
            send_at: None,
            profile: None,
        })
        .await
        .unwrap();
    again.service.relink(None).await.unwrap();
    again.pair(&net).await;
    again.until_status(&sent.message.id, Status::Sent).await;
    again.stop().await;
    net.shutdown().await;
}
