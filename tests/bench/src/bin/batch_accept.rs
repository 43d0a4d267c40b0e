//! Accepting a 10,000-recipient broadcast through HTTP (`POST /api/v1/batches`): JSON read,
//! every row validated (number, variables, duplicates), the batch and its 10,000 items
//! stored in one durable commit, the `202` read back. Engine disconnected (items only
//! queue). Five runs. Target: <= 1 s each.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use std::time::Instant;

use mostrador_bench::{Conn, Stats, start_server};

const RECIPIENTS: usize = 10_000;
const RUNS: usize = 5;

fn body(run: usize) -> String {
    let recipients: Vec<_> = (0..RECIPIENTS)
        .map(|i| {
            serde_json::json!({
                "to": format!("+591 7{:07}", run * RECIPIENTS + i),
                "variables": {"nombre": format!("Cliente {i}"), "saldo": i * 3},
            })
        })
        .collect();
    serde_json::json!({
        "name": format!("Promo {run}"),
        "template": {"text": "Hola {nombre}, su saldo es Bs {saldo}. {{Promo}} 2x1 hasta el domingo."},
        "recipients": recipients,
    })
    .to_string()
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let server = start_server().await;
        let mut conn = Conn::open(server.port).await;
        let mut samples = Vec::new();
        for run in 0..RUNS {
            let body = body(run);
            let t = Instant::now();
            let (status, answer) = conn.request("POST", "/api/v1/batches", &body).await;
            samples.push(t.elapsed());
            assert_eq!(status, 202, "{}", String::from_utf8_lossy(&answer));
        }
        let stats = Stats::new(samples);
        println!(
            "batch_accept: {RECIPIENTS} recipients over HTTP (validate + one durable commit), {RUNS} runs"
        );
        println!("accept: {}", stats.spread());
        server.service.shutdown().await;
    });
}
