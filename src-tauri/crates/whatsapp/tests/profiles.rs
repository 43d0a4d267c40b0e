//! Two linked numbers at once through the real core and engines: each profile's engine links
//! its own account (two fake networks, two shop phones), a send from each reaches the
//! customer from the right number, and logging one out leaves the other sending.
#![allow(clippy::unwrap_used)]

mod support;

use std::sync::Arc;

use fake_whatsapp::{FakeNetwork, NetworkConfig};
use futures_util::future::BoxFuture;
use mostrador_core::clock::SystemClock;
use mostrador_core::engine::{EngineError, EngineSink, Messenger};
use mostrador_core::profiles::Engines;
use mostrador_core::types::{Event, NewProfile, SessionState, Status};
use mostrador_core::{Draft, DraftBody};
use mostrador_whatsapp::{EngineConfig, WhatsAppEngine};
use support::*;

const CUSTOMER: &str = "59171234567";
const DELIVERIES: &str = "59170000002";

/// Starts the second profile's engine against the second network, as the app starts each
/// profile's engine with its own session file.
struct SecondNetwork {
    url: String,
    dir: std::path::PathBuf,
}

impl Engines for SecondNetwork {
    fn start<'a>(
        &'a self,
        id: &'a str,
        sink: EngineSink,
    ) -> BoxFuture<'a, Result<Arc<dyn Messenger>, EngineError>> {
        Box::pin(async move {
            let config = EngineConfig {
                store_path: self.dir.join(format!("{id}.db")),
                server_url: Some(self.url.clone()),
                store_key: Some(Box::new(|| Ok(SESSION_KEY.to_owned()))),
                secret: b"test secret".to_vec(),
                on_forget: None,
            };
            let engine = WhatsAppEngine::start(config, sink, Arc::new(SystemClock)).await?;
            Ok(Arc::new(engine) as Arc<dyn Messenger>)
        })
    }

    fn wipe<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<(), EngineError>> {
        Box::pin(async { Ok(()) })
    }
}

fn text(text: &str, profile: Option<&str>) -> Draft {
    Draft {
        to: format!("+{CUSTOMER}"),
        body: DraftBody::Text { text: text.into() },
        idempotency_key: None,
        send_at: None,
        profile: profile.map(str::to_owned),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_numbers_send_from_their_own_accounts_and_one_logged_out_leaves_the_other() {
    let main_net = FakeNetwork::start().await.unwrap();
    let second_net = FakeNetwork::start_with(NetworkConfig {
        phone_number: DELIVERIES.into(),
        lid: "100000000000002".into(),
        ..NetworkConfig::default()
    })
    .await
    .unwrap();
    for net in [&main_net, &second_net] {
        net.add_contact(CUSTOMER).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let engines = Arc::new(SecondNetwork {
        url: second_net.ws_url(),
        dir: dir.path().to_owned(),
    });
    let mut app = start_app_with(dir.path(), &main_net.ws_url(), Some(engines)).await;
    app.pair(&main_net).await;

    // The second number: added, its own QR scanned by its own phone, connected.
    app.service
        .add_profile(NewProfile {
            name: "Entregas".into(),
            color: None,
        })
        .await
        .unwrap();
    let qr = app
        .next(|e| match e {
            Event::Qr(q) if q.profile == "p2" => Some(q.code.clone()),
            _ => None,
        })
        .await;
    second_net.scan_qr(&qr).await.unwrap();
    let linked = app
        .session_event(|s| s.profile == "p2" && s.state == SessionState::Connected)
        .await;
    assert_eq!(linked.phone.as_deref(), Some("+59170000002"));
    assert_eq!(
        app.service.session(None).unwrap().phone.as_deref(),
        Some("+59170000001")
    );

    let receipt = app
        .service
        .send(text("recibo 1", None))
        .await
        .unwrap()
        .message;
    let on_its_way = app
        .service
        .send(text("su pedido va en camino", Some("Entregas")))
        .await
        .unwrap()
        .message;
    let from_main = main_net.wait_received(CUSTOMER, 1, PATIENCE).await.unwrap();
    let from_second = second_net
        .wait_received(CUSTOMER, 1, PATIENCE)
        .await
        .unwrap();
    assert_eq!(from_main[0].id, receipt.whatsapp_id);
    assert_eq!(from_main[0].from.user, "59170000001");
    assert_eq!(from_second[0].id, on_its_way.whatsapp_id);
    assert_eq!(from_second[0].from.user, DELIVERIES);
    app.until_status(&on_its_way.id, Status::Sent).await;

    // The second number unlinked: the main one goes on sending.
    app.skip_past_events();
    app.service.logout(Some("p2")).await.unwrap();
    app.session_event(|s| s.profile == "p2" && s.state == SessionState::LoggedOut)
        .await;
    let after = app
        .service
        .send(text("recibo 2", None))
        .await
        .unwrap()
        .message;
    let got = main_net.wait_received(CUSTOMER, 2, PATIENCE).await.unwrap();
    assert_eq!(got[1].id, after.whatsapp_id);
    let held = app
        .service
        .send(text("espera el nuevo vínculo", Some("p2")))
        .await
        .unwrap()
        .message;
    app.until_status(&after.id, Status::Sent).await;
    assert_eq!(
        app.service.message(&held.id).await.unwrap().status,
        Status::Queued
    );
    assert_eq!(
        second_net.received(CUSTOMER).len(),
        1,
        "nothing more from the unlinked number"
    );
    app.stop().await;
}
