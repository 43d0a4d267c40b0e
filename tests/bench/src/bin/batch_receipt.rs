//! A receipt sent by hand while a 5,000-recipient broadcast runs: `mostrador serve` (demo
//! build) linked to the fake WhatsApp network with a pacing gap of 1 s, the broadcast
//! accepted and sending; then a receipt every few gaps, timed from its `POST` to its
//! stanza at the server. Target: <= one pacing gap (single messages go before batch items).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use fake_whatsapp::FakeNetwork;
use mostrador_bench::arrivals::Arrivals;
use mostrador_bench::linked::{PATIENCE, link_paced};
use mostrador_bench::{Conn, Result, Stats};

const GAP_MS: u64 = 1_000;
const RECIPIENTS: usize = 5_000;
const RECEIPTS: usize = 10;
const CASHIER: &str = "+59171234567";

fn main() -> ExitCode {
    let bin = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "target/release/mostrador-demo".into()),
    );
    let outcome = tokio::runtime::Runtime::new()
        .map_err(Into::into)
        .and_then(|rt| rt.block_on(bench(&bin)));
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("batch_receipt: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn bench(bin: &Path) -> Result<()> {
    let net = FakeNetwork::start().await?;
    net.add_contact(CASHIER)?;
    let customers: Vec<String> = (0..RECIPIENTS)
        .map(|i| format!("+5917{:07}", 2_000_000 + i))
        .collect();
    for c in &customers {
        net.add_contact(c)?;
    }
    let app = link_paced(bin, &net, GAP_MS).await?;
    let mut arrivals = Arrivals::watch(&net);
    let mut conn = Conn::connect(app.port).await?;
    let recipients: Vec<_> = customers
        .iter()
        .map(|c| serde_json::json!({"to": c, "variables": {"n": c}}))
        .collect();
    let body = serde_json::json!({
        "name": "Promo",
        "template": {"text": "Hola {n}: 2x1 hasta el domingo"},
        "recipients": recipients,
    })
    .to_string();
    let (status, answer) = conn
        .send("POST", "/api/v1/batches", &body, &app.key)
        .await?;
    if status != 202 {
        return Err(format!(
            "POST /batches answered {status}: {}",
            String::from_utf8_lossy(&answer)
        )
        .into());
    }
    let mut samples = Vec::new();
    for i in 0..RECEIPTS {
        // Let a few broadcast items go, so each receipt lands at a different point of a gap.
        tokio::time::sleep(Duration::from_millis(GAP_MS * 2 + 137 * i as u64)).await;
        let t = Instant::now();
        let id = app
            .send_text(&mut conn, CASHIER, &format!("Recibo {i}"))
            .await?;
        let at = arrivals.of(&id, PATIENCE).await?;
        samples.push(at - t);
    }
    let stats = Stats::new(samples);
    println!(
        "batch_receipt: {RECIPIENTS}-recipient broadcast running at a {GAP_MS} ms gap; {RECEIPTS} receipts, POST -> stanza at the server"
    );
    println!("receipt delay: {}", stats.spread());
    Ok(())
}
