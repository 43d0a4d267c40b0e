//! Helpers shared by the end-to-end tests: a real whatsapp-rust client wired to a fake network,
//! and event waits with a generous safety-net timeout.

#![allow(clippy::unwrap_used)]
// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

pub mod admin_http;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use fake_whatsapp::{FakeNetwork, NetEvent};
use tokio::sync::{broadcast, mpsc};
use tokio::time::timeout;
use whatsapp_rust::Jid;
use whatsapp_rust::async_trait;
use whatsapp_rust::bot::{Bot, BotHandle};
use whatsapp_rust::http::{HttpClient, HttpRequest, HttpResponse, UreqHttpClient};
use whatsapp_rust::prelude::{Event, EventHandler, SqliteStore};
use whatsapp_rust::transport::TokioWebSocketTransportFactory;

/// Safety net only: every wait below ends on an event long before this.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// Sends `https://127.0.0.1:…` requests to `http://127.0.0.1:…` (the fake CDN serves plain
/// HTTP; the client always builds `https://` upload URLs) and refuses anything else, so
/// nothing a test does can leave the machine.
pub struct LoopbackHttp(pub UreqHttpClient);

#[async_trait]
impl HttpClient for LoopbackHttp {
    async fn execute(
        &self,
        mut request: HttpRequest,
    ) -> whatsapp_rust::anyhow::Result<HttpResponse> {
        let Some(rest) = request.url.strip_prefix("https://127.0.0.1:") else {
            whatsapp_rust::anyhow::bail!("tests only talk to loopback, not {}", request.url);
        };
        request.url = format!("http://127.0.0.1:{rest}");
        self.0.execute(request).await
    }
}

/// Forwards the client's events, in dispatch order, to the test.
pub struct Forward(pub mpsc::UnboundedSender<Arc<Event>>);

impl EventHandler for Forward {
    fn handle_event(&self, event: Arc<Event>) {
        let _ = self.0.send(event);
    }
}

pub async fn start_client(
    net: &FakeNetwork,
    db: &Path,
) -> (BotHandle, mpsc::UnboundedReceiver<Arc<Event>>) {
    let store = SqliteStore::new(db.to_str().unwrap()).await.unwrap();
    let (tx, rx) = mpsc::unbounded_channel();
    let bot = Bot::builder()
        .with_backend(store)
        .with_transport_factory(TokioWebSocketTransportFactory::new().with_url(net.ws_url()))
        .with_http_client(LoopbackHttp(UreqHttpClient::new()))
        .with_version((2, 3000, 1))
        .with_wanted_pre_key_count(30)
        .with_event_handler(Forward(tx))
        .build()
        .await
        .unwrap();
    (bot.spawn(), rx)
}

/// Waits for the first client event matching `want`, returning it and everything before it.
pub async fn client_event(
    rx: &mut mpsc::UnboundedReceiver<Arc<Event>>,
    what: &str,
    want: impl Fn(&Event) -> bool,
) -> (Arc<Event>, Vec<Arc<Event>>) {
    let mut seen = Vec::new();
    let found = timeout(PATIENCE, async {
        while let Some(event) = rx.recv().await {
            if want(&event) {
                return Some(event);
            }
            seen.push(event);
        }
        None
    })
    .await;
    match found {
        Ok(Some(event)) => (event, seen),
        _ => panic!("no {what} from the client; saw {seen:#?}"),
    }
}

/// Waits for the first network event matching `want`.
pub async fn net_event(
    rx: &mut broadcast::Receiver<NetEvent>,
    what: &str,
    want: impl Fn(&NetEvent) -> bool,
) -> NetEvent {
    timeout(PATIENCE, async {
        loop {
            match rx.recv().await {
                Ok(event) if want(&event) => return event,
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => panic!("network closed"),
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("no {what} from the network"))
}

/// `RUST_LOG=fake_whatsapp=debug cargo test -- --nocapture` shows what the server saw.
pub fn init_logs() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_test_writer()
        .try_init();
}

/// Starts a fresh client on `db`, links it by QR and waits until it is connected.
pub async fn pair_and_connect(
    net: &FakeNetwork,
    db: &Path,
) -> (BotHandle, mpsc::UnboundedReceiver<Arc<Event>>, Jid) {
    let (client, mut events) = start_client(net, db).await;
    let (qr, _) = client_event(&mut events, "QR code", |e| {
        matches!(e, Event::PairingQrCode(_))
    })
    .await;
    let Event::PairingQrCode(qr) = &*qr else {
        unreachable!()
    };
    let device = net.scan_qr(&qr.code).await.unwrap();
    client_event(&mut events, "Connected after pairing", |e| {
        matches!(e, Event::Connected(_))
    })
    .await;
    (client, events, device)
}
