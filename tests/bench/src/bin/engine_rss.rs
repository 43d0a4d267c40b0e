//! Resident memory (VmRSS) of `mostrador serve` (demo build) linked to the fake WhatsApp
//! network in this process: idle once linked, then after sending many texts (the queue
//! drained, every message delivered, memory settled). Targets: <= 40 MB linked and idle;
//! growth after 10,000 messages <= 10%.
//! Usage: engine_rss [path to the demo mostrador binary] [messages] (default:
//! target/release/mostrador-demo, 10000).
#![allow(clippy::disallowed_methods)] // A bench measures wall time.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_whatsapp::FakeNetwork;
use mostrador_bench::arrivals::Arrivals;
use mostrador_bench::linked::{Linked, link};
use mostrador_bench::memory::{mb, rss_line as show, settled_rss};
use mostrador_bench::{Result, ms, rss_kib};

/// Recipients the texts go to in turn (each its own Signal session in the app).
const RECIPIENTS: usize = 20;
const CLIENTS: usize = 8;
/// The texts go out in this many equal rounds, memory read after each.
const ROUNDS: usize = 4;
/// Long enough for 10,000 messages at a few hundred per second on a slow machine.
const DRAIN_PATIENCE: Duration = Duration::from_secs(600);

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let bin = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "target/release/mostrador-demo".into()),
    );
    let messages: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let outcome = tokio::runtime::Runtime::new()
        .map_err(Into::into)
        .and_then(|rt| rt.block_on(bench(&bin, messages)));
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("engine_rss: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn bench(bin: &Path, messages: usize) -> Result<()> {
    let net = FakeNetwork::start().await?;
    let recipients: Vec<String> = (0..RECIPIENTS).map(|i| format!("+5917400{i:04}")).collect();
    for phone in &recipients {
        net.add_contact(phone)?;
    }
    let app = Arc::new(link(bin, &net).await?);
    measure(&net, &app, &recipients, messages)
        .await
        .map_err(|e| app.serve.explain(e))
}

async fn measure(
    net: &FakeNetwork,
    app: &Arc<Linked>,
    recipients: &[String],
    messages: usize,
) -> Result<()> {
    let pid = app.serve.pid();
    println!("engine memory: `mostrador serve` (demo build) linked to the fake WhatsApp");
    let idle = settled_rss(pid).await;
    println!("  {:<32}{}", "linked, idle:", show(pid, idle));
    let mut arrivals = Arrivals::watch(net);
    // One text to each recipient: the first send pages in the sending code and opens a
    // Signal session per recipient, a one-off cost worth telling apart from growth.
    send_round(app, &mut arrivals, recipients, recipients.len()).await?;
    let warm = settled_rss(pid).await;
    let label = format!("after one text to each of {}:", recipients.len());
    println!("  {label:<32}{}", show(pid, warm));
    // In rounds, so the figures show whether memory levels off (caches filling) or keeps
    // climbing (a leak).
    let mut sent = 0;
    let mut after = warm;
    for round in 1..=ROUNDS {
        let n = messages * round / ROUNDS - sent;
        let took = send_round(app, &mut arrivals, recipients, n).await?;
        sent += n;
        after = settled_rss(pid).await;
        let label = format!("{sent} texts later, drained:");
        println!(
            "  {label:<32}{} ({n} at the server in {:.1} s)",
            show(pid, after),
            ms(took) / 1000.0
        );
    }
    let (_, peak) = rss_kib(pid);
    let growth = |from: u64| (after as f64 / from as f64 - 1.0) * 100.0;
    println!(
        "  {sent} texts to {} recipients: {} idle -> {} (growth {:+.1}% from idle, {:+.1}% \
         from after the first round); peak {}",
        recipients.len(),
        mb(idle),
        mb(after),
        growth(idle),
        growth(warm),
        mb(peak)
    );
    Ok(())
}

/// Queues `n` texts, waits until all reached the server and the app has settled every one
/// as delivered (or failed, which is an error). Returns the time to the last arrival.
async fn send_round(
    app: &Arc<Linked>,
    arrivals: &mut Arrivals,
    recipients: &[String],
    n: usize,
) -> Result<Duration> {
    let start = Instant::now();
    let ids = app.send_many(recipients, n, CLIENTS).await?;
    let mut ids: HashSet<String> = ids.into_iter().collect();
    arrivals.last_of(&mut ids, DRAIN_PATIENCE).await?;
    let took = start.elapsed();
    app.until_settled(DRAIN_PATIENCE).await?;
    match app.failed().await? {
        0 => Ok(took),
        failed => Err(format!("{failed} messages failed").into()),
    }
}
