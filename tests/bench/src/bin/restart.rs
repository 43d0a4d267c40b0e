//! Restart → connected: `mostrador serve` (demo build) linked to the fake WhatsApp network in
//! this process is stopped — SIGTERM and SIGKILL in turn — and started again on its data dir,
//! N times. As soon as the API is up, a POS queues texts, so the outbox holds them when the
//! connection comes back. Prints min/p50/max of: start → API port, start → `connected` (the
//! session event), start → the last queued text at the server. For two accounts: a business
//! one (its name comes with the link) and a personal one whose phone never synced its app
//! state (empty critical collections, no name anywhere: whatsapp-rust then holds its own
//! `Connected` back ~10 s at every start). Target: restart → connected ≤ 1 s.
//! Usage: restart [path to the demo mostrador binary] [restarts] [texts queued] (default:
//! target/release/mostrador-demo, 10, 20).
#![allow(clippy::disallowed_methods)] // A bench measures wall time.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use fake_whatsapp::{FakeNetwork, NetworkConfig};
use mostrador_bench::arrivals::Arrivals;
use mostrador_bench::linked::{Linked, PATIENCE, link};
use mostrador_bench::serve_process::ServeProcess;
use mostrador_bench::sse::EventStream;
use mostrador_bench::{Conn, Result, Stats};
use serde_json::Value;

/// The recipient of the queued texts.
const ANA: &str = "+59171000001";

/// One restart, split where the time goes.
struct Run {
    port: Duration,
    connected: Duration,
    delivered: Duration,
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let bin = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "target/release/mostrador-demo".into()),
    );
    let restarts: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10);
    let queued: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(20);
    let outcome = tokio::runtime::Runtime::new()
        .map_err(Into::into)
        .and_then(|rt| rt.block_on(bench(&bin, restarts, queued)));
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("restart: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn bench(bin: &Path, restarts: usize, queued: usize) -> Result<()> {
    let never_synced = NetworkConfig::personal("");
    let accounts = [
        ("business account", NetworkConfig::default()),
        ("personal account, app state never synced", never_synced),
    ];
    for (name, config) in accounts {
        let runs = account(bin, config, restarts, queued).await?;
        println!(
            "restart: {restarts} restarts of a linked `serve` (SIGTERM/SIGKILL in turn), \
             {queued} texts queued at each; {name}"
        );
        let line = |f: fn(&Run) -> Duration| Stats::new(runs.iter().map(f).collect()).spread();
        println!("  api.port written:            {}", line(|r| r.port));
        println!("  session connected:           {}", line(|r| r.connected));
        println!("  last queued text at server:  {}", line(|r| r.delivered));
    }
    Ok(())
}

async fn account(
    bin: &Path,
    config: NetworkConfig,
    restarts: usize,
    queued: usize,
) -> Result<Vec<Run>> {
    let net = FakeNetwork::start_with(config).await?;
    net.add_contact(ANA)?;
    let mut linked = link(bin, &net).await?;
    let mut arrivals = Arrivals::watch(&net);
    let mut runs = Vec::with_capacity(restarts);
    for i in 0..restarts {
        let run = restart(bin, &net, &mut linked, &mut arrivals, i, queued)
            .await
            .map_err(|e| linked.serve.explain(e))?;
        runs.push(run);
        // Every text delivered before the next stop, so each start begins alike.
        linked.until_settled(PATIENCE).await?;
    }
    drop(linked);
    net.shutdown().await;
    Ok(runs)
}

async fn restart(
    bin: &Path,
    net: &FakeNetwork,
    linked: &mut Linked,
    arrivals: &mut Arrivals,
    i: usize,
    queued: usize,
) -> Result<Run> {
    // SIGTERM and SIGKILL in turn.
    linked.serve.stop(i.is_multiple_of(2))?;
    // A killed `serve` leaves its port file behind; the new one writes its own.
    match std::fs::remove_file(linked.data_dir().join("api.port")) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
        _ => {}
    }
    let started = Instant::now();
    let started_ms = epoch_ms(SystemTime::now());
    linked.serve = ServeProcess::spawn(bin, linked.data_dir(), &net.ws_url())?;
    linked.port = linked.serve.wait_port(PATIENCE).await?;
    let port = started.elapsed();
    let mut events = EventStream::open(linked.port, &linked.key).await?;
    let mut conn = Conn::connect(linked.port).await?;
    let mut ids = HashSet::new();
    for n in 0..queued {
        ids.insert(
            linked
                .send_text(&mut conn, ANA, &format!("Restart {i}, ticket {n}"))
                .await?,
        );
    }
    let connected_ms = connected_since(&mut events, &mut conn, &linked.key).await?;
    let connected = Duration::from_millis(u64::try_from(connected_ms - started_ms).unwrap_or(0));
    let delivered = arrivals.last_of(&mut ids, PATIENCE).await? - started;
    Ok(Run {
        port,
        connected,
        delivered,
    })
}

/// When the session became connected (its `since`, ms since the epoch, stamped by `serve`):
/// from the session as it is now, or from the `session` event that says so.
async fn connected_since(events: &mut EventStream, conn: &mut Conn, key: &str) -> Result<i64> {
    let (status, body) = conn.send("GET", "/api/v1/session", "", key).await?;
    let session: Value = serde_json::from_slice(&body)?;
    let data = if status == 200 && session["data"]["state"] == "connected" {
        session["data"].clone()
    } else {
        events
            .wait_for(PATIENCE, |e| {
                e.name == "session" && e.data["state"] == "connected"
            })
            .await?
            .data
    };
    data["since"]
        .as_i64()
        .ok_or_else(|| format!("a session without `since`: {data}").into())
}

fn epoch_ms(t: SystemTime) -> i64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
