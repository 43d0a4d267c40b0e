//! Webhook delivery to a loopback receiver while POS requests keep coming: (1) fan-out — N
//! messages queued by 8 clients as fast as they go, each raising a `message.queued` event:
//! events delivered per second; (2) latency — a steady 200 messages/s for 10 s: the time from
//! the status change (the message's `updated_at`) to the receiver reading the event.
//! Goals: ≥ 1,000 events/s; p99 ≤ 50 ms.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)] // A bench measures wall time.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use mostrador_bench::{Conn, Stats, start_server};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

const CLIENTS: usize = 8;

fn now_ms() -> i64 {
    i64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis(),
    )
    .unwrap()
}

/// A keep-alive HTTP/1.1 receiver answering 204; reports each event's change time and when it
/// was read (ms since the epoch).
async fn receiver() -> (u16, mpsc::UnboundedReceiver<(i64, i64)>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        loop {
            let (socket, _) = listener.accept().await.unwrap();
            let tx = tx.clone();
            tokio::spawn(async move {
                let mut r = BufReader::new(socket);
                loop {
                    let mut length = 0usize;
                    let mut line = String::new();
                    loop {
                        line.clear();
                        if r.read_line(&mut line).await.unwrap_or(0) == 0 {
                            return;
                        }
                        if line == "\r\n" {
                            break;
                        }
                        if let Some((k, v)) = line.split_once(':')
                            && k.eq_ignore_ascii_case("content-length")
                        {
                            length = v.trim().parse().unwrap_or(0);
                        }
                    }
                    let mut body = vec![0u8; length];
                    r.read_exact(&mut body).await.unwrap();
                    let read = now_ms();
                    let event: serde_json::Value = serde_json::from_slice(&body).unwrap();
                    let changed = event["data"]["updated_at"].as_i64().unwrap_or(read);
                    let _ = tx.send((changed, read));
                    r.get_mut()
                        .write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n")
                        .await
                        .unwrap();
                }
            });
        }
    });
    (port, rx)
}

async fn enqueue(port: u16, n: usize, per_second: Option<u32>) {
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|c| {
            tokio::spawn(async move {
                let mut conn = Conn::open(port).await;
                let gap = per_second.map(|r| Duration::from_secs(1) * CLIENTS as u32 / r);
                let start = Instant::now();
                for i in 0..n / CLIENTS {
                    if let Some(gap) = gap {
                        tokio::time::sleep_until((start + gap * i as u32).into()).await;
                    }
                    let body = format!(r#"{{"to":"+59171234567","text":"Ticket {c}-{i}"}}"#);
                    let (status, _) = conn.request("POST", "/api/v1/messages", &body).await;
                    assert_eq!(status, 202);
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
}

async fn collect(rx: &mut mpsc::UnboundedReceiver<(i64, i64)>, n: usize) -> Vec<Duration> {
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let (changed, read) = tokio::time::timeout(Duration::from_secs(60), rx.recv())
            .await
            .expect("webhook deliveries stalled")
            .unwrap();
        out.push(Duration::from_millis(
            u64::try_from(read - changed).unwrap_or(0),
        ));
    }
    out
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let server = start_server().await;
        let (port, mut rx) = receiver().await;
        let mut conn = Conn::open(server.port).await;
        let body = format!(
            r#"{{"url":"http://127.0.0.1:{port}/hook","events":["message.queued"]}}"#
        );
        let (status, answer) = conn.request("POST", "/api/v1/webhooks", &body).await;
        assert_eq!(status, 201, "{}", String::from_utf8_lossy(&answer));

        let start = Instant::now();
        let sending = tokio::spawn(enqueue(server.port, n, None));
        collect(&mut rx, n).await;
        let elapsed = start.elapsed();
        sending.await.unwrap();
        println!(
            "webhook fan-out: {n} events delivered in {:.2} s = {:.0} events/s (queued by {CLIENTS} clients meanwhile)",
            elapsed.as_secs_f64(),
            n as f64 / elapsed.as_secs_f64()
        );

        let steady = 2_000;
        let sending = tokio::spawn(enqueue(server.port, steady, Some(200)));
        let latency = Stats::new(collect(&mut rx, steady).await);
        sending.await.unwrap();
        println!("status change -> webhook received at 200 msg/s: {}", latency.line());
        server.service.shutdown().await;
    });
}
