//! Shared pieces of the benchmarks: latency statistics, a minimal keep-alive HTTP client, and
//! an in-process Mostrador server on a loopback port. The engine benchmarks' pieces (a
//! `mostrador serve` child process, its event stream, a linked session on the fake WhatsApp
//! network) are in the modules below.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)] // A bench measures wall time.

pub mod arrivals;
pub mod linked;
pub mod memory;
pub mod serve_process;
pub mod sse;

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

/// Any failure of a benchmark's setup, reported in one line.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T, E = BoxError> = std::result::Result<T, E>;

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

    /// How many samples took longer than `limit`.
    pub fn above(&self, limit: Duration) -> usize {
        self.sorted.len() - self.sorted.partition_point(|d| *d <= limit)
    }

    /// Smallest, median and largest, for runs repeated a few times.
    pub fn spread(&self) -> String {
        format!(
            "n={} min={:.1}ms p50={:.1}ms max={:.1}ms",
            self.sorted.len(),
            ms(self.pct(0.0)),
            ms(self.pct(50.0)),
            ms(self.pct(100.0))
        )
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
        engines: None,
        clock,
        random: Arc::new(SystemRandom),
        config: Config::default(),
        media_dir: dir.path().join("media"),
        vault: std::sync::Arc::new(mostrador_core::testing::MemoryVault::default()),
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
        vec![listener],
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
        Conn::connect(port).await.unwrap()
    }

    pub async fn connect(port: u16) -> std::io::Result<Conn> {
        let s = TcpStream::connect(("127.0.0.1", port)).await?;
        s.set_nodelay(true)?;
        Ok(Conn {
            reader: BufReader::new(s),
            port,
        })
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
        self.send(method, path, body, key).await.unwrap()
    }

    /// One request; the status code and body, or why the exchange failed.
    pub async fn send(
        &mut self,
        method: &str,
        path: &str,
        body: &str,
        key: &str,
    ) -> std::io::Result<(u16, Vec<u8>)> {
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX-API-Key: {key}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            self.port,
            body.len()
        );
        self.reader.get_mut().write_all(req.as_bytes()).await?;
        let mut line = String::new();
        self.reader.read_line(&mut line).await?;
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let mut length = 0usize;
        loop {
            line.clear();
            if self.reader.read_line(&mut line).await? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
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
        self.reader.read_exact(&mut body).await?;
        Ok((status, body))
    }
}

/// Resident and peak memory of a process, in KiB, from /proc.
pub fn rss_kib(pid: u32) -> (u64, u64) {
    let status = proc_status(pid);
    (field_kib(&status, "VmRSS:"), field_kib(&status, "VmHWM:"))
}

/// Resident memory split into anonymous (heap, stacks) and file-backed (the executable's
/// code and data, shared libraries), in KiB.
pub fn rss_split_kib(pid: u32) -> (u64, u64) {
    let status = proc_status(pid);
    (
        field_kib(&status, "RssAnon:"),
        field_kib(&status, "RssFile:"),
    )
}

fn proc_status(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default()
}

fn field_kib(status: &str, name: &str) -> u64 {
    status
        .lines()
        .find(|l| l.starts_with(name))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}
