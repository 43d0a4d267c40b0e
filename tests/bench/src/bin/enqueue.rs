//! Durable enqueue through HTTP: 32 concurrent keep-alive clients POST text messages for a
//! fixed time while the engine is disconnected (messages only queue). Prints throughput and
//! latency percentiles. Targets: >= 3,000 req/s sustained, p99 <= 15 ms.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use std::time::{Duration, Instant};

use mostrador_bench::{Conn, Stats, start_server};

const CLIENTS: usize = 32;

fn main() {
    let secs: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let server = start_server().await;
        // Warm up: connections, statement caches, the WAL file.
        run(server.port, Duration::from_secs(1)).await;
        let start = Instant::now();
        let samples = run(server.port, Duration::from_secs(secs)).await;
        let elapsed = start.elapsed();
        let n = samples.len();
        let stats = Stats::new(samples);
        println!("enqueue: {CLIENTS} clients, {secs} s, synchronous=FULL commits");
        println!(
            "throughput: {:.0} req/s ({n} messages queued)",
            n as f64 / elapsed.as_secs_f64()
        );
        println!("latency: {}", stats.line());
        server.service.shutdown().await;
    });
}

async fn run(port: u16, length: Duration) -> Vec<Duration> {
    let deadline = Instant::now() + length;
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|c| {
            tokio::spawn(async move {
                let mut conn = Conn::open(port).await;
                let mut samples = Vec::new();
                let mut i = 0u64;
                while Instant::now() < deadline {
                    let body = format!(
                        r#"{{"to":"+59171234567","text":"Gracias por su compra, ticket {c}-{i}"}}"#
                    );
                    let t = Instant::now();
                    let (status, _) = conn.request("POST", "/api/v1/messages", &body).await;
                    samples.push(t.elapsed());
                    assert_eq!(status, 202, "every request must be queued");
                    i += 1;
                }
                samples
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all
}
