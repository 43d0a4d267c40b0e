//! Log search and filters over 1,000,000 stored messages. Builds the data set once (kept in
//! target/bench-data for later runs), then times a mix of real queries.
//! Target: p95 <= 50 ms.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mostrador_bench::{Stats, ms};
use mostrador_store::{NewMessage, Store};
use mostrador_types::{Content, ErrorInfo, MessageQuery, Recipient, Status};

const TOTAL: u32 = 1_000_000;
const NOW: i64 = 1_763_769_600_000;
/// The data set spans 90 days.
const SPAN_MS: i64 = 90 * 86_400_000;
const WORDS: &[&str] = &[
    "pedido",
    "factura",
    "recibo",
    "entrega",
    "listo",
    "pago",
    "cuota",
    "garantía",
    "cambio",
    "promoción",
    "descuento",
    "mañana",
    "sucursal",
    "retiro",
    "envío",
    "cotización",
];

fn phone(n: u32) -> String {
    format!("5917{:07}", n % 5000)
}

fn message(n: u32) -> NewMessage {
    let w1 = WORDS[(n as usize * 7) % WORDS.len()];
    let w2 = WORDS[(n as usize * 13 + 5) % WORDS.len()];
    let content = if n.is_multiple_of(10) {
        Content::Document {
            media: mostrador_types::MediaRef {
                sha256: format!("{n:064x}"),
                mime_type: "application/pdf".into(),
                size: 20_000,
            },
            file_name: format!("factura-{n:07}.pdf"),
            caption: Some(format!("Su {w1} número {n}")),
        }
    } else {
        Content::Text {
            text: format!("Gracias por su compra. Su {w1} {n} de {w2} está registrado."),
        }
    };
    let to = phone(n);
    NewMessage {
        id: format!("M{n:09}"),
        whatsapp_id: format!("3EB0{n:018X}"),
        search_extra: to[3..].to_owned(),
        to: Recipient::Phone(to),
        content,
        idempotency: None,
        send_at: None,
        profile: "default".into(),
        now: NOW - SPAN_MS + i64::from(n) * (SPAN_MS / i64::from(TOTAL)),
    }
}

async fn build(path: &std::path::Path) -> Store {
    let store = Store::open(path).unwrap();
    // Complete = the last message and the failed ones are there.
    let failed = MessageQuery {
        statuses: vec![Status::Failed],
        limit: 1,
        ..Default::default()
    };
    let complete = store
        .get(&format!("M{:09}", TOTAL - 1))
        .await
        .unwrap()
        .is_some()
        && !store.list(failed).await.unwrap().items.is_empty();
    if complete {
        println!("data set: reusing {}", path.display());
        return store;
    }
    let start = Instant::now();
    let next = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let tasks: Vec<_> = (0..256)
        .map(|_| {
            let (store, next) = (store.clone(), next.clone());
            tokio::spawn(async move {
                loop {
                    let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if n >= TOTAL {
                        break;
                    }
                    store.insert(message(n)).await.unwrap();
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let fill = start.elapsed();
    // The oldest 5,000 failed; the rest stay queued.
    for _ in 0..5_000 {
        let c = store
            .claim_next("default", NOW, vec![])
            .await
            .unwrap()
            .unwrap();
        store
            .fail(
                c.seq,
                ErrorInfo {
                    code: "NOT_ON_WHATSAPP".into(),
                    message: "x".into(),
                },
                NOW,
            )
            .await
            .unwrap();
    }
    println!(
        "data set: {TOTAL} messages inserted in {:.1} s ({:.0}/s, durable group commits)",
        fill.as_secs_f64(),
        f64::from(TOTAL) / fill.as_secs_f64()
    );
    store
}

fn main() {
    let dir =
        PathBuf::from(std::env::var("BENCH_DATA").unwrap_or_else(|_| "target/bench-data".into()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("search-1m.db");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let store = build(&path).await;
        let day = NOW - SPAN_MS / 2;
        let q = |text: Option<&str>| MessageQuery {
            text: text.map(str::to_owned),
            limit: 50,
            ..Default::default()
        };
        let mut cases: Vec<(&str, MessageQuery)> = vec![
            ("latest page", q(None)),
            ("search common word", q(Some("gracias"))),
            ("search two words", q(Some("factura registrado"))),
            ("search rare number", q(Some("123457"))),
            ("search file name prefix", q(Some("factura-00420"))),
            ("search local number", q(Some("71234"))),
            (
                "status=failed",
                MessageQuery {
                    statuses: vec![Status::Failed],
                    ..q(None)
                },
            ),
            (
                "search + status=failed",
                MessageQuery {
                    statuses: vec![Status::Failed],
                    ..q(Some("pedido"))
                },
            ),
            (
                "recipient",
                MessageQuery {
                    to: Some(Recipient::Phone(phone(4242))),
                    ..q(None)
                },
            ),
            (
                "one day",
                MessageQuery {
                    since: Some(day),
                    until: Some(day + 86_400_000),
                    ..q(None)
                },
            ),
            (
                "search + one day",
                MessageQuery {
                    since: Some(day),
                    until: Some(day + 86_400_000),
                    ..q(Some("pago"))
                },
            ),
            (
                "search + recipient + status",
                MessageQuery {
                    to: Some(Recipient::Phone(phone(7))),
                    statuses: vec![Status::Queued],
                    ..q(Some("gracias"))
                },
            ),
        ];
        // Page 2 of a common search.
        let first = store.list(q(Some("entrega"))).await.unwrap();
        let cursor = first.next_cursor.as_deref().unwrap().parse().unwrap();
        cases.push((
            "search page 2",
            MessageQuery {
                cursor: Some(cursor),
                ..q(Some("entrega"))
            },
        ));

        let mut all = Vec::new();
        println!(
            "{:<30} {:>8} {:>8} {:>6}",
            "query", "p50 ms", "p95 ms", "rows"
        );
        for (name, query) in &cases {
            let mut samples = Vec::new();
            let mut rows = 0;
            for _ in 0..60 {
                let t = Instant::now();
                let page = store.list(query.clone()).await.unwrap();
                samples.push(t.elapsed());
                rows = page.items.len();
            }
            let s = Stats::new(samples.clone());
            println!(
                "{name:<30} {:>8.2} {:>8.2} {rows:>6}",
                ms(s.pct(50.0)),
                ms(s.pct(95.0))
            );
            all.extend(samples);
        }
        let overall = Stats::new(all);
        println!("all queries: {}", overall.line());
        let _: Duration = overall.pct(95.0);
    });
}
