//! Resident memory of the real `mostrador serve` process: right after start, after a burst of
//! requests, and idle again. Target: <= 30 MB idle.
//! Usage: idle_rss [path to the mostrador binary] (default: target/release/mostrador).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mostrador_bench::{Conn, rss_kib};

fn main() {
    let bin = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/release/mostrador".into());
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(&bin)
        .args([
            "serve",
            "--engine",
            "none",
            "--secrets",
            "file",
            "--port",
            "0",
            "--rate-limit",
            "0",
            "--data-dir",
        ])
        .arg(dir.path())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot start {bin}: {e} (build it with cargo build --release -p mostrador)")
        });
    let pid = child.id();
    let port_file = dir.path().join("api.port");
    let started = Instant::now();
    let port: u16 = loop {
        if let Some(p) = std::fs::read_to_string(&port_file)
            .ok()
            .and_then(|s| s.trim().parse().ok())
        {
            break p;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "serve did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let key = String::from_utf8(
        Command::new(&bin)
            .args(["api-key", "--secrets", "file", "--data-dir"])
            .arg(dir.path())
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap()
    .trim()
    .to_owned();
    std::thread::sleep(Duration::from_secs(2));
    let (rss, _) = rss_kib(pid);
    println!("idle after start:       RSS {:.1} MB", rss as f64 / 1024.0);

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut conn = Conn::open(port).await;
        for i in 0..2000 {
            let body = format!(r#"{{"to":"+59171234567","text":"ticket {i}"}}"#);
            let (status, _) = conn
                .request_with_key("POST", "/api/v1/messages", &body, &key)
                .await;
            assert_eq!(status, 202);
        }
        let (status, _) = conn
            .request_with_key("GET", "/api/v1/messages?q=ticket&limit=100", "", &key)
            .await;
        assert_eq!(status, 200);
    });
    let (rss, _) = rss_kib(pid);
    println!("after 2,000 requests:   RSS {:.1} MB", rss as f64 / 1024.0);
    std::thread::sleep(Duration::from_secs(3));
    let (rss, hwm) = rss_kib(pid);
    println!(
        "idle again:             RSS {:.1} MB (peak {:.1} MB)",
        rss as f64 / 1024.0,
        hwm as f64 / 1024.0
    );
    let _ = child.kill();
    let _ = child.wait();
}
