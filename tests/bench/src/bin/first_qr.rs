//! Time from starting `mostrador serve` (fresh data dir, demo build) to the first pairing QR a
//! POS can show, against the fake WhatsApp network in this process. Repeated; prints
//! min/p50/max of: the API port published, the server handing out QR refs (seen in-process
//! on the fake network), and the QR read from the API (GET /session/qr or the `qr` event).
//! Target: QR <= 500 ms.
//! Usage: first_qr [path to the demo mostrador binary] [runs] (default:
//! target/release/mostrador-demo, 10).
#![allow(clippy::disallowed_methods)] // A bench measures wall time.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use fake_whatsapp::{FakeNetwork, NetEvent};
use mostrador_bench::linked::{PATIENCE, current_qr};
use mostrador_bench::serve_process::{ServeProcess, api_key};
use mostrador_bench::sse::EventStream;
use mostrador_bench::{Result, Stats};
use tokio::sync::broadcast;

/// One start, split where the time goes.
struct Run {
    port: Duration,
    refs: Duration,
    qr: Duration,
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let bin = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "target/release/mostrador-demo".into()),
    );
    let runs: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10);
    let outcome = tokio::runtime::Runtime::new()
        .map_err(Into::into)
        .and_then(|rt| rt.block_on(bench(&bin, runs)));
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("first_qr: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn bench(bin: &std::path::Path, runs: usize) -> Result<()> {
    let mut all = Vec::new();
    for _ in 0..runs {
        all.push(once(bin).await?);
    }
    println!("first QR: {runs} starts of `mostrador serve` on a fresh data dir (demo build)");
    let line = |f: fn(&Run) -> Duration| Stats::new(all.iter().map(f).collect()).spread();
    println!("  api.port written:          {}", line(|r| r.port));
    println!("  fake server sent QR refs:  {}", line(|r| r.refs));
    println!("  QR available to the POS:   {}", line(|r| r.qr));
    Ok(())
}

async fn once(bin: &std::path::Path) -> Result<Run> {
    let net = FakeNetwork::start().await?;
    let dir = tempfile::tempdir()?;
    // The key exists before the clock starts: a POS reads it once, not at every start.
    let key = api_key(bin, dir.path())?;
    let started = Instant::now();
    let refs_sent = tokio::spawn(pairing_started(net.subscribe()));
    let serve = ServeProcess::spawn(bin, dir.path(), &net.ws_url())?;
    let port = serve.wait_port(PATIENCE).await?;
    let port_at = started.elapsed();
    let mut events = EventStream::open(port, &key).await?;
    current_qr(&mut events, port, &key).await?;
    let qr_at = started.elapsed();
    let refs_at = tokio::time::timeout(PATIENCE, refs_sent)
        .await
        .ok()
        .and_then(|joined| joined.ok())
        .flatten()
        .ok_or("the fake network saw no pairing")?
        - started;
    drop(serve);
    net.shutdown().await;
    Ok(Run {
        port: port_at,
        refs: refs_at,
        qr: qr_at,
    })
}

/// When the fake server sent the new companion its QR refs.
async fn pairing_started(mut events: broadcast::Receiver<NetEvent>) -> Option<Instant> {
    loop {
        match events.recv().await {
            Ok(NetEvent::PairingStarted { .. }) => return Some(Instant::now()),
            Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
            Err(broadcast::error::RecvError::Closed) => return None,
        }
    }
}
