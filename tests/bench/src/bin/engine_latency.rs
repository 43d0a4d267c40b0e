//! The WhatsApp engine's send path, end to end: `mostrador serve` (demo build, pacing 0)
//! linked to the fake WhatsApp network in this process. Times each POS `POST /messages`
//! until the encrypted `<message>` stanza reaches the fake server (the network stamps its
//! arrival before acking or decrypting it).
//!   latency     sequential texts to one warm recipient: p50/p95/p99 (target p99 <= 20 ms)
//!   throughput  N texts to one recipient, and one text to each of 50 recipients never sent
//!               to before (number check and prekey fetch included): messages/s from the
//!               first POST to the last arrival
//! Usage: engine_latency [path to the demo mostrador binary] [sends] (default:
//! target/release/mostrador-demo, 1000).
#![allow(clippy::disallowed_methods)] // A bench measures wall time.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_whatsapp::FakeNetwork;
use mostrador_bench::arrivals::Arrivals;
use mostrador_bench::linked::{Linked, PATIENCE, link};
use mostrador_bench::{Conn, Result, Stats, ms};

/// The warm recipient.
const ANA: &str = "+59171000001";
const WARM_UP: usize = 50;
const NEW_RECIPIENTS: usize = 50;
/// Concurrent POS connections in the throughput runs, so queueing is never the bottleneck.
const CLIENTS: usize = 8;
/// Sends slower than this are counted apart (see where it is printed).
const SLOW: Duration = Duration::from_millis(30);

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let bin = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "target/release/mostrador-demo".into()),
    );
    let sends: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let outcome = tokio::runtime::Runtime::new()
        .map_err(Into::into)
        .and_then(|rt| rt.block_on(bench(&bin, sends)));
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("engine_latency: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn bench(bin: &Path, sends: usize) -> Result<()> {
    let net = FakeNetwork::start().await?;
    net.add_contact(ANA)?;
    let new: Vec<String> = (0..NEW_RECIPIENTS)
        .map(|i| format!("+5917300{i:04}"))
        .collect();
    for phone in &new {
        net.add_contact(phone)?;
    }
    let app = Arc::new(link(bin, &net).await?);
    measure(&net, &app, &new, sends)
        .await
        .map_err(|e| app.serve.explain(e))
}

async fn measure(net: &FakeNetwork, app: &Arc<Linked>, new: &[String], sends: usize) -> Result<()> {
    let mut arrivals = Arrivals::watch(net);
    println!("engine: `mostrador serve` (demo build, pacing 0) linked to the fake WhatsApp");

    let mut conn = Conn::connect(app.port).await?;
    sequential(app, &mut conn, &mut arrivals, WARM_UP).await?;
    let (http, arrival) = sequential(app, &mut conn, &mut arrivals, sends).await?;
    println!("latency, {sends} sequential texts to one recipient after {WARM_UP} to warm up:");
    println!("  POST answered (202, queued):  {}", http.line());
    println!("  POST -> stanza at the server: {}", arrival.line());
    // A cluster just above 40 ms is Linux's delayed-ACK timer: a small write held back by
    // Nagle's algorithm on a socket without TCP_NODELAY until the peer acknowledges.
    println!(
        "  of which over {} ms: {}",
        SLOW.as_millis(),
        arrival.above(SLOW)
    );

    let one = vec![ANA.to_owned()];
    let rate = throughput(app, &mut arrivals, &one, sends).await?;
    println!("throughput, {sends} texts to one recipient ({CLIENTS} POS connections): {rate}");
    let rate = throughput(app, &mut arrivals, new, new.len()).await?;
    println!("throughput, one text to each of {NEW_RECIPIENTS} new recipients: {rate}");

    // Every message reached its recipient intact: the fake contacts decrypted them all.
    let expected = WARM_UP + 2 * sends;
    net.wait_received(ANA, expected, PATIENCE).await?;
    for phone in new {
        net.wait_received(phone, 1, PATIENCE).await?;
    }
    Ok(())
}

/// One text at a time, each sent once the previous one reached the server. Returns the
/// POST times and the POST-to-arrival times.
async fn sequential(
    app: &Linked,
    conn: &mut Conn,
    arrivals: &mut Arrivals,
    n: usize,
) -> Result<(Stats, Stats)> {
    let (mut http, mut arrival) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for i in 0..n {
        let start = Instant::now();
        let id = app
            .send_text(conn, ANA, &format!("Gracias por su compra, ticket {i}"))
            .await?;
        http.push(start.elapsed());
        arrival.push(arrivals.of(&id, PATIENCE).await? - start);
    }
    Ok((Stats::new(http), Stats::new(arrival)))
}

/// Queues `n` texts to `recipients` (round robin) and times the first POST to the last
/// arrival at the server.
async fn throughput(
    app: &Arc<Linked>,
    arrivals: &mut Arrivals,
    recipients: &[String],
    n: usize,
) -> Result<String> {
    let start = Instant::now();
    let ids = app.send_many(recipients, n, CLIENTS).await?;
    let queued = start.elapsed();
    let mut ids: HashSet<String> = ids.into_iter().collect();
    let last = arrivals.last_of(&mut ids, PATIENCE).await? - start;
    Ok(format!(
        "{:.0} messages/s ({n} in {:.0} ms; all queued after {:.0} ms)",
        n as f64 / last.as_secs_f64(),
        ms(last),
        ms(queued)
    ))
}
