//! Peak memory of `mostrador serve` while 8 clients each send a 60 MB document at once, as
//! multipart (streamed to disk) and as base64 JSON: how many were refused for a while with
//! `503 BUSY` (each client waits `Retry-After` and tries again), how long until all were
//! queued, and the process's peak RSS (VmHWM). Figures are printed, never asserted. Each
//! format runs on a fresh `serve` (no WhatsApp engine: the messages only queue), so each
//! peak is its own.
//! Usage: large_sends [path to the mostrador binary] [clients] [MB per file]
//! (default: target/release/mostrador, 8, 60).
#![allow(clippy::disallowed_methods)] // A bench measures wall time.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use mostrador_bench::serve_process::api_key;
use mostrador_bench::{Result, rss_kib};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

const BOUNDARY: &str = "mostrador-bench-boundary";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let bin = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "target/release/mostrador".into()),
    );
    let clients: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(8);
    let mb: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(60);
    let outcome = tokio::runtime::Runtime::new()
        .map_err(Into::into)
        .and_then(|rt| rt.block_on(bench(&bin, clients, mb)));
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("large_sends: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn bench(bin: &Path, clients: usize, mb: usize) -> Result<()> {
    println!(
        "large sends: {clients} clients at once, one {mb} MB document each, to `{}` serve",
        bin.display()
    );
    for format in [Format::Multipart, Format::Json] {
        let serve = Serve::start(bin).await?;
        let idle = rss_kib(serve.pid()).0;
        let start = Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        for client in 0..clients {
            let (port, key) = (serve.port, serve.key.clone());
            tasks.spawn(async move {
                let (content_type, body) = format.body(client, mb);
                send_until_queued(port, &key, &content_type, &body).await
            });
        }
        let mut refused = 0;
        while let Some(done) = tasks.join_next().await {
            refused += done??;
        }
        let took = start.elapsed();
        let (_, peak) = rss_kib(serve.pid());
        println!(
            "  {:<10} all {clients} queued in {:.1} s; {refused} answers 503 BUSY on the way; \
             serve RSS idle {:.1} MB, peak {:.1} MB",
            format.name(),
            took.as_secs_f64(),
            idle as f64 / 1024.0,
            peak as f64 / 1024.0
        );
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Format {
    Multipart,
    Json,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Multipart => "multipart",
            Format::Json => "JSON",
        }
    }

    /// The request's content type and body: a PDF-looking file of `mb` MB, different for
    /// each client (each its own receipt, stored separately).
    fn body(self, client: usize, mb: usize) -> (String, Vec<u8>) {
        let mut file = format!("%PDF-1.4\n% client {client}\n").into_bytes();
        let mut x = 0x9e37_79b9_u32 ^ client as u32;
        file.extend((0..mb * 1024 * 1024).map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        }));
        match self {
            Format::Multipart => {
                let mut body = format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"to\"\r\n\r\n\
                     +59171234567\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; \
                     name=\"file\"; filename=\"flyer-{client}.pdf\"\r\nContent-Type: \
                     application/pdf\r\n\r\n"
                )
                .into_bytes();
                body.extend_from_slice(&file);
                body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
                (format!("multipart/form-data; boundary={BOUNDARY}"), body)
            }
            Format::Json => {
                let body = serde_json::json!({
                    "to": "+59171234567",
                    "type": "document",
                    "file_name": format!("flyer-{client}.pdf"),
                    "media": base64::engine::general_purpose::STANDARD.encode(&file),
                });
                ("application/json".into(), body.to_string().into_bytes())
            }
        }
    }
}

/// Posts until the message is queued (202); after a `503` waits what `Retry-After` says.
/// Returns how many times it was refused.
async fn send_until_queued(port: u16, key: &str, content_type: &str, body: &[u8]) -> Result<u32> {
    let mut refused = 0;
    loop {
        let (status, retry_after, answer) = post(port, key, content_type, body).await?;
        match status {
            202 => return Ok(refused),
            503 => {
                refused += 1;
                tokio::time::sleep(Duration::from_secs(retry_after.unwrap_or(1))).await;
            }
            _ => {
                return Err(format!(
                    "POST /api/v1/messages answered {status}: {}",
                    String::from_utf8_lossy(&answer)
                )
                .into());
            }
        }
    }
}

/// One request on its own connection, with `Expect: 100-continue` as curl sends large
/// bodies: the body goes only if the server asks for it, so a refusal costs no upload.
async fn post(
    port: u16,
    key: &str,
    content_type: &str,
    body: &[u8],
) -> Result<(u16, Option<u64>, Vec<u8>)> {
    let stream = TcpStream::connect(("127.0.0.1", port)).await?;
    let mut stream = BufReader::new(stream);
    let head = format!(
        "POST /api/v1/messages HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-API-Key: {key}\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\nExpect: 100-continue\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    stream.get_mut().write_all(head.as_bytes()).await?;
    let (mut status, mut headers) = read_head(&mut stream).await?;
    if status == 100 {
        stream.get_mut().write_all(body).await?;
        (status, headers) = read_head(&mut stream).await?;
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .and_then(|(_, v)| v.parse::<u64>().ok())
    };
    let mut answer = vec![0u8; header("content-length").unwrap_or(0) as usize];
    stream.read_exact(&mut answer).await?;
    Ok((status, header("retry-after"), answer))
}

async fn read_head(stream: &mut BufReader<TcpStream>) -> Result<(u16, Vec<(String, String)>)> {
    let mut line = String::new();
    stream.read_line(&mut line).await?;
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("no HTTP status line: {line:?}"))?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        if stream.read_line(&mut line).await? == 0 || line == "\r\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    Ok((status, headers))
}

/// A `mostrador serve` with no WhatsApp engine on a fresh data dir; killed when dropped.
struct Serve {
    child: Child,
    port: u16,
    key: String,
    _dir: tempfile::TempDir,
}

impl Serve {
    async fn start(bin: &Path) -> Result<Serve> {
        let dir = tempfile::tempdir()?;
        let key = api_key(bin, dir.path())?;
        let child = Command::new(bin)
            .args([
                "serve",
                "--engine",
                "none",
                "--secrets",
                "file",
                "--port",
                "0",
            ])
            .args(["--rate-limit", "0", "--data-dir"])
            .arg(dir.path())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        let mut serve = Serve {
            child,
            port: 0,
            key,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        serve.port = loop {
            if let Some(p) = std::fs::read_to_string(serve._dir.path().join("api.port"))
                .ok()
                .and_then(|s| s.trim().parse().ok())
            {
                break p;
            }
            if Instant::now() > deadline {
                return Err("serve published no port in 30 s".into());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        Ok(serve)
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
