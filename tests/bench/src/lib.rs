//! Shared pieces of the benchmarks: latency statistics, a minimal keep-alive HTTP client, and
//! an in-process Mostrador server on a loopback port.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)] // A bench measures wall time.

use std::sync::Arc;
use std::time::Duration;

use mostrador_api::{ApiKey, ApiOptions};
use mostrador_core::clock::{Clock, SystemClock, SystemRandom};
use mostrador_core::engine::{self, NoEngine};
use mostrador_core::{Config, Deps, Service};
use mostrador_store::Store;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

pub const KEY: &str = "bench-key-0123456789abcdef0123456789";

/// Percentiles of a set of durations.
pub struct Stats {
    sorted: Vec<Duration>,
}

impl Stats {
    pub fn new(mut samples: Vec<Duration>) -> Self {
        samples.sort_unstable();
        Stats { sorted: samples }
    }

    pub fn pct(&self, p: f64) -> Duration {
        if self.sorted.is_empty() {
            return Duration::ZERO;
        }
        let i = ((p / 100.0) * (self.sorted.len() - 1) as f64).round() as usize;
        self.sorted[i]
    }

    pub fn line(&self) -> String {
        format!(
            "n={} p50={:.2}ms p95={:.2}ms p99={:.2}ms max={:.2}ms",
            self.sorted.len(),
            ms(self.pct(50.0)),
            ms(self.pct(95.0)),
            ms(self.pct(99.0)),
            ms(self.pct(100.0))
        )
    }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A server like `mostrador serve` runs (real store, real clock, no WhatsApp engine, so
/// messages only queue), on 127.0.0.1 with an OS-chosen port.
pub struct Server {
    pub port: u16,
    pub service: Arc<Service>,
    pub dir: tempfile::TempDir,
}

pub async fn start_server() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let (sink, events) = engine::channel();
    let clock = Arc::new(SystemClock);
    let messenger = Arc::new(NoEngine::start(&sink, clock.now_ms()));
    let service = Service::start(Deps {
        store: Store::open(&dir.path().join("mostrador.db")).unwrap(),
        messenger,
        engine_events: events,
        clock,
        random: Arc::new(SystemRandom),
        config: Config::default(),
        media_dir: dir.path().join("media"),
    })
    .await
    .unwrap();
    let router = mostrador_api::router(
        service.clone(),
        ApiKey::new(KEY.into()),
        ApiOptions {
            rate_limit: None,
            ui_dir: None,
            demo_phone: None,
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(mostrador_api::serve(
        listener,
        router,
        std::future::pending(),
    ));
    Server { port, service, dir }
}

/// One keep-alive HTTP/1.1 connection that sends a request and reads the whole answer.
pub struct Conn {
    reader: BufReader<TcpStream>,
    port: u16,
}

impl Conn {
    pub async fn open(port: u16) -> Conn {
        let s = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        s.set_nodelay(true).unwrap();
        Conn {
            reader: BufReader::new(s),
            port,
        }
    }

    /// Returns the status code and body.
    pub async fn request(&mut self, method: &str, path: &str, body: &str) -> (u16, Vec<u8>) {
        self.request_with_key(method, path, body, KEY).await
    }

    pub async fn request_with_key(
        &mut self,
        method: &str,
        path: &str,
        body: &str,
        key: &str,
    ) -> (u16, Vec<u8>) {
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX-API-Key: {key}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            self.port,
            body.len()
        );
        self.reader
            .get_mut()
            .write_all(req.as_bytes())
            .await
            .unwrap();
        let mut line = String::new();
        self.reader.read_line(&mut line).await.unwrap();
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let mut length = 0usize;
        loop {
            line.clear();
            self.reader.read_line(&mut line).await.unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                length = v.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0u8; length];
        self.reader.read_exact(&mut body).await.unwrap();
        (status, body)
    }
}

/// Resident and peak memory of a process, in KiB, from /proc.
pub fn rss_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}
