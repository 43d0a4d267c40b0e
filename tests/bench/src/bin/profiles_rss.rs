//! Resident memory (VmRSS) of `mostrador serve` (demo build) with 1, 3 and 5 linked numbers
//! (profiles), idle: each added number is its own whatsapp-rust client, session store and
//! lane. Target: <= 10 MB per additional linked, idle number. The fake network has one shop
//! account, so each profile is another linked device of it — the client, its store and keys
//! are as a separate account's would be.
//! Usage: profiles_rss [path to the demo mostrador binary] (default:
//! target/release/mostrador-demo).
#![allow(clippy::disallowed_methods)] // A bench measures wall time.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use fake_whatsapp::FakeNetwork;
use mostrador_bench::linked::{Linked, link};
use mostrador_bench::memory::{rss_line as show, settled_rss};
use mostrador_bench::sse::EventStream;
use mostrador_bench::{Conn, Result};

const PATIENCE: Duration = Duration::from_secs(60);

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
            eprintln!("profiles_rss: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn bench(bin: &Path) -> Result<()> {
    let net = FakeNetwork::start().await?;
    let app = link(bin, &net).await?;
    measure(&net, &app).await.map_err(|e| app.serve.explain(e))
}

async fn measure(net: &FakeNetwork, app: &Linked) -> Result<()> {
    let pid = app.serve.pid();
    println!("profiles memory: `mostrador serve` (demo build), linked numbers idle");
    let one = settled_rss(pid).await;
    println!("  {:<22}{}", "1 linked number:", show(pid, one));
    let mut last = one;
    for n in 2..=5 {
        add_and_link(net, app, n).await?;
        let now = settled_rss(pid).await;
        if n == 3 || n == 5 {
            println!(
                "  {:<22}{} (+{:.1} MB per number after the first)",
                format!("{n} linked numbers:"),
                show(pid, now),
                (now as f64 - one as f64) / 1024.0 / (n - 1) as f64
            );
        }
        last = now;
    }
    println!(
        "  each additional linked, idle number: +{:.1} MB on average (target <= 10 MB)",
        (last as f64 - one as f64) / 1024.0 / 4.0
    );
    Ok(())
}

/// Adds profile `p{n}`, has the phone scan its QR, waits until it is connected.
async fn add_and_link(net: &FakeNetwork, app: &Linked, n: usize) -> Result<()> {
    let mut events = EventStream::open(app.port, &app.key).await?;
    let mut conn = Conn::connect(app.port).await?;
    let body = serde_json::json!({ "name": format!("Número {n}") }).to_string();
    let (status, answer) = conn
        .send("POST", "/api/v1/profiles", &body, &app.key)
        .await?;
    if status != 201 {
        return Err(format!(
            "adding a number: {status} {}",
            String::from_utf8_lossy(&answer)
        )
        .into());
    }
    let id = format!("p{n}");
    let qr = events
        .wait_for(PATIENCE, |e| {
            e.name == "qr" && e.data["profile"] == id.as_str()
        })
        .await?;
    let code = qr.data["code"]
        .as_str()
        .ok_or("a qr event without a code")?;
    net.scan_qr(code)
        .await
        .map_err(|e| format!("the phone could not scan {id}'s QR: {e}"))?;
    events
        .wait_for(PATIENCE, |e| {
            e.name == "session"
                && e.data["profile"] == id.as_str()
                && e.data["state"] == "connected"
        })
        .await?;
    Ok(())
}
