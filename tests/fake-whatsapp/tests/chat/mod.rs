//! Helpers for the messaging tests: a linked client, hashes, and collecting events.

#![allow(clippy::unwrap_used)]
// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;

use fake_whatsapp::FakeNetwork;
use tokio::sync::mpsc;
use whatsapp_rust::bot::BotHandle;
use whatsapp_rust::prelude::Event;

/// A client on `db`, linked by QR and connected (its HTTP client reaches the fake CDN).
pub async fn linked_client(
    net: &FakeNetwork,
    db: &Path,
) -> (BotHandle, mpsc::UnboundedReceiver<Arc<Event>>) {
    let (client, events, _) = crate::common::pair_and_connect(net, db).await;
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
