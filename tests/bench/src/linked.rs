//! A `mostrador serve` process linked to the fake WhatsApp network's account, as after the
//! manager scanned the QR code: the starting point of the engine benchmarks, and what a POS
//! then does with it (queue texts, wait until they are settled). Also the QR as a POS sees
//! it, which `first_qr` times on its own.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use fake_whatsapp::FakeNetwork;
use serde_json::Value;
use tempfile::TempDir;

use crate::serve_process::{ServeProcess, api_key};
use crate::sse::EventStream;
use crate::{Conn, Result};

/// Generous: the first login generates and uploads the device's prekeys.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// How often the message log is checked while waiting for the queue to settle.
const SETTLE_POLL: Duration = Duration::from_millis(100);

/// A linked and connected `serve`. Dropping it kills the process, then removes its data dir.
pub struct Linked {
    pub port: u16,
    pub key: String,
    // Declared before the dir: fields drop in order, and the process must go first.
    pub serve: ServeProcess,
    dir: TempDir,
}

/// Starts `serve` (the demo build at `bin`) on a fresh data dir against `net`, has the
/// network's phone scan the QR it shows, and returns once the session is connected.
pub async fn link(bin: &Path, net: &FakeNetwork) -> Result<Linked> {
    link_paced(bin, net, 0).await
}

/// The same, sending with a gap of `pacing_ms` between messages.
pub async fn link_paced(bin: &Path, net: &FakeNetwork, pacing_ms: u64) -> Result<Linked> {
    let dir = tempfile::tempdir()?;
    let key = api_key(bin, dir.path())?;
    let serve = ServeProcess::spawn_paced(bin, dir.path(), &net.ws_url(), pacing_ms)?;
    let port = serve.wait_port(PATIENCE).await?;
    let mut events = EventStream::open(port, &key).await?;
    let qr = current_qr(&mut events, port, &key).await?;
    net.scan_qr(&qr)
        .await
        .map_err(|e| format!("the phone could not scan the QR: {e}"))?;
    events
        .wait_for(PATIENCE, |e| {
            e.name == "session" && e.data["state"] == "connected"
        })
        .await
        .map_err(|e| format!("not connected after the scan: {e}; {}", serve.log_tail()))?;
    Ok(Linked {
        port,
        key,
        serve,
        dir,
    })
}

/// The QR string a POS would show now: asked for once (it may already exist), else the
/// first `qr` event. `events` must have been opened before, so no code slips between.
pub async fn current_qr(events: &mut EventStream, port: u16, key: &str) -> Result<String> {
    let mut conn = Conn::connect(port).await?;
    let (status, body) = conn.send("GET", "/api/v1/session/qr", "", key).await?;
    if status == 200 {
        let v: Value = serde_json::from_slice(&body)?;
        if let Some(code) = v["data"]["code"].as_str() {
            return Ok(code.to_owned());
        }
    }
    let event = events
        .wait_for(PATIENCE, |e| e.name == "qr")
        .await
        .map_err(|e| {
            format!(
                "no pairing QR: {e} (only a demo build of mostrador can reach the fake network)"
            )
        })?;
    event.data["code"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("a qr event without a code: {}", event.data).into())
}

impl Linked {
    /// The data dir `serve` runs on (the session lives here, so a restart reuses it).
    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// `POST /api/v1/messages` with a text; fails unless the message was queued (202).
    /// Returns the WhatsApp id the message will be sent under.
    pub async fn send_text(&self, conn: &mut Conn, to: &str, text: &str) -> Result<String> {
        let body = serde_json::json!({ "to": to, "type": "text", "text": text }).to_string();
        let (status, answer) = conn
            .send("POST", "/api/v1/messages", &body, &self.key)
            .await?;
        if status != 202 {
            return Err(format!(
                "POST /api/v1/messages answered {status}: {}",
                String::from_utf8_lossy(&answer)
            )
            .into());
        }
        let answer: Value = serde_json::from_slice(&answer)?;
        answer["data"]["whatsapp_id"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("a queued message without a whatsapp_id: {answer}").into())
    }

    /// Queues `n` texts over `clients` concurrent connections, the i-th to
    /// `recipients[i % len]`, as fast as they are accepted. Returns their WhatsApp ids.
    pub async fn send_many(
        self: &Arc<Self>,
        recipients: &[String],
        n: usize,
        clients: usize,
    ) -> Result<Vec<String>> {
        let recipients = Arc::new(recipients.to_vec());
        let mut tasks = tokio::task::JoinSet::new();
        for c in 0..clients {
            let (app, recipients) = (self.clone(), recipients.clone());
            tasks.spawn(async move {
                let mut conn = Conn::connect(app.port).await?;
                let mut ids = Vec::new();
                for i in (c..n).step_by(clients) {
                    let to = &recipients[i % recipients.len()];
                    ids.push(app.send_text(&mut conn, to, &format!("Ticket {i}")).await?);
                }
                Ok::<_, crate::BoxError>(ids)
            });
        }
        let mut ids = Vec::with_capacity(n);
        while let Some(done) = tasks.join_next().await {
            ids.extend(done??);
        }
        Ok(ids)
    }

    /// Waits until no message is queued, being sent or only `sent` any more: each one was
    /// delivered (the fake contacts send delivery receipts) or failed. Polls the log.
    pub async fn until_settled(&self, patience: Duration) -> Result<()> {
        let deadline = std::time::Instant::now() + patience;
        let mut conn = Conn::connect(self.port).await?;
        loop {
            let (status, body) = conn
                .send(
                    "GET",
                    "/api/v1/messages?status=queued,sending,sent&limit=1",
                    "",
                    &self.key,
                )
                .await?;
            let page: Value = serde_json::from_slice(&body)?;
            if status != 200 {
                return Err(format!("GET /api/v1/messages answered {status}: {page}").into());
            }
            if page["data"]["items"].as_array().is_some_and(Vec::is_empty) {
                return Ok(());
            }
            if std::time::Instant::now() > deadline {
                return Err(format!("messages still unsettled after {patience:?}").into());
            }
            tokio::time::sleep(SETTLE_POLL).await;
        }
    }

    /// How many messages ended `failed` (counted up to 500).
    pub async fn failed(&self) -> Result<usize> {
        let mut conn = Conn::connect(self.port).await?;
        let (_, body) = conn
            .send(
                "GET",
                "/api/v1/messages?status=failed&limit=500",
                "",
                &self.key,
            )
            .await?;
        let page: Value = serde_json::from_slice(&body)?;
        Ok(page["data"]["items"].as_array().map_or(0, Vec::len))
    }
}
