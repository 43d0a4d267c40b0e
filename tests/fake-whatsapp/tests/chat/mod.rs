//! Helpers for the messaging tests: a real client that can upload media to the fake CDN (its
//! upload URLs are always `https://`, the fake serves plain HTTP on loopback), linked by QR.

#![allow(clippy::unwrap_used)]
// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;

use fake_whatsapp::FakeNetwork;
use tokio::sync::mpsc;
use whatsapp_rust::async_trait;
use whatsapp_rust::bot::{Bot, BotHandle};
use whatsapp_rust::http::{HttpClient, HttpRequest, HttpResponse, UreqHttpClient};
use whatsapp_rust::prelude::{Event, SqliteStore};
use whatsapp_rust::transport::TokioWebSocketTransportFactory;

use crate::common::{Forward, client_event};

/// Sends `https://127.0.0.1:…` requests to `http://127.0.0.1:…` and refuses anything else,
/// so nothing a test does can leave the machine.
pub struct LoopbackHttp(UreqHttpClient);

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

/// A client on `db` with the loopback HTTP client, linked by QR and connected.
pub async fn linked_client(
    net: &FakeNetwork,
    db: &Path,
) -> (BotHandle, mpsc::UnboundedReceiver<Arc<Event>>) {
    let store = SqliteStore::new(db.to_str().unwrap()).await.unwrap();
    let (tx, mut events) = mpsc::unbounded_channel();
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
    let client = bot.spawn();
    let (qr, _) = client_event(&mut events, "QR code", |e| {
        matches!(e, Event::PairingQrCode(_))
    })
    .await;
    let Event::PairingQrCode(qr) = &*qr else {
        unreachable!()
    };
    net.scan_qr(&qr.code).await.unwrap();
    client_event(&mut events, "Connected after pairing", |e| {
        matches!(e, Event::Connected(_))
    })
    .await;
    (client, events)
}

/// Lowercase hex SHA-256, to compare with what recipients report.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Collects client events until `done` holds for everything seen so far (events arrive in
/// any order), and returns them.
pub async fn collect_until(
    events: &mut mpsc::UnboundedReceiver<Arc<Event>>,
    what: &str,
    done: impl Fn(&[Arc<Event>]) -> bool,
) -> Vec<Arc<Event>> {
    let mut seen = Vec::new();
    let finished = tokio::time::timeout(crate::common::PATIENCE, async {
        while !done(&seen) {
            match events.recv().await {
                Some(event) => seen.push(event),
                None => return false,
            }
        }
        true
    })
    .await;
    if finished != Ok(true) {
        panic!("no {what} from the client; saw {seen:#?}");
    }
    seen
}
