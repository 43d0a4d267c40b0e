//! Starting again on a linked session: connected again at once, and what was queued before the
//! connection came back goes out — for a business account, a personal one (its name comes
//! from the phone's app state), and one whose phone never synced its app state (no name
//! anywhere), where whatsapp-rust itself publishes `Connected` only ten seconds later.
#![allow(clippy::unwrap_used)]

mod support;

use std::time::Duration;

use fake_whatsapp::{FakeNetwork, NetworkConfig};
use mostrador_core::types::{SessionInfo, SessionState, Status};
use mostrador_core::{Draft, DraftBody};
use support::*;

const CUSTOMER: &str = "59171234567";

/// Far below the 10 s whatsapp-rust waits, at every start of a nameless account, for an
/// app-state key share that a real phone sends only at linking.
const RECONNECT: Duration = Duration::from_secs(3);

/// Links, stops, starts again with a message queued before the connection is back. Returns
/// the session as linked and as restarted.
async fn link_then_restart(config: NetworkConfig) -> (SessionInfo, SessionInfo) {
    let net = FakeNetwork::start_with(config).await.unwrap();
    net.add_contact(CUSTOMER).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &net.ws_url()).await;
    app.pair(&net).await;
    let linked = app.service.session(None).unwrap();
    app.stop().await;

    let mut app = start_app(dir.path(), &net.ws_url()).await;
    let queued = app
        .service
        .send(Draft {
            to: CUSTOMER.into(),
            body: DraftBody::Text {
                text: "sent after the restart".into(),
            },
            idempotency_key: None,
            send_at: None,
            profile: None,
        })
        .await
        .unwrap()
        .message;
    let again = tokio::time::timeout(
        RECONNECT,
        app.until_session(|s| s.state == SessionState::Connected),
    )
    .await
    .expect("connected again without waiting for the app-state bootstrap");
    app.until_status(&queued.id, Status::Sent).await;
    app.stop().await;
    net.shutdown().await;
    (linked, again)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_account_whose_phone_never_synced_app_state_reconnects_at_once() {
    let (linked, again) = link_then_restart(NetworkConfig::personal("")).await;
    assert_eq!(linked.name, None);
    assert_eq!(again.name, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_personal_account_shows_its_name_from_app_state_and_reconnects_at_once() {
    let (linked, again) = link_then_restart(NetworkConfig::personal("Ana Pérez")).await;
    assert_eq!(linked.name.as_deref(), Some("Ana Pérez"));
    assert_eq!(again.name.as_deref(), Some("Ana Pérez"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_business_account_reconnects_at_once() {
    let (linked, again) = link_then_restart(NetworkConfig::default()).await;
    assert_eq!(linked.name.as_deref(), Some("Tienda Demo"));
    assert_eq!(again.name.as_deref(), Some("Tienda Demo"));
}
