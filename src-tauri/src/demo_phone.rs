//! Demo builds only: the built-in fake WhatsApp network's phone, reached through its admin
//! HTTP API on loopback, so the UI's "scan with the demo phone" links the app for real (the
//! fake phone runs the same pairing protocol a real phone does).

use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;
use mostrador_core::demo::{DemoPhone, DemoPhoneOps};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Linking includes the phone's side of the handshake; it takes well under a second.
const PATIENCE: Duration = Duration::from_secs(20);

/// `http://127.0.0.1:PORT` of the fake network's admin API, as `fake-whatsapp` prints it.
pub fn connect(admin_url: &str) -> Result<DemoPhone, String> {
    let rest = admin_url
        .trim()
        .trim_end_matches('/')
        .strip_prefix("http://")
        .ok_or_else(|| format!("{admin_url:?} is not an http:// URL"))?;
    let addr: std::net::SocketAddr = rest
        .parse()
        .map_err(|_| format!("{admin_url:?} is not http://127.0.0.1:PORT"))?;
    if !addr.ip().is_loopback() {
        return Err(format!(
            "{admin_url:?}: the demo phone must be on this computer"
        ));
    }
    Ok(DemoPhone(Arc::new(AdminPhone { addr })))
}

struct AdminPhone {
    addr: std::net::SocketAddr,
}

impl DemoPhoneOps for AdminPhone {
    fn scan(&self, qr: String) -> BoxFuture<'static, Result<(), String>> {
        let addr = self.addr;
        Box::pin(async move { post(addr, "/admin/scan", json!({ "qr": qr })).await })
    }

    fn enter_code(&self, code: String) -> BoxFuture<'static, Result<(), String>> {
        let addr = self.addr;
        Box::pin(async move { post(addr, "/admin/pair-code", json!({ "code": code })).await })
    }
}

/// One JSON POST over HTTP/1.1 (`Connection: close`); Ok on a 2xx answer, else its body.
async fn post(
    addr: std::net::SocketAddr,
    path: &str,
    body: serde_json::Value,
) -> Result<(), String> {
    let exchange = async {
        let body = body.to_string();
        let mut stream = TcpStream::connect(addr).await?;
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(body.as_bytes()).await?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await?;
        Ok::<_, std::io::Error>(String::from_utf8_lossy(&answer).into_owned())
    };
    let answer = tokio::time::timeout(PATIENCE, exchange)
        .await
        .map_err(|_| "the demo phone did not answer".to_owned())?
        .map_err(|e| format!("cannot reach the demo phone: {e}"))?;
    let status_ok = answer
        .split_whitespace()
        .nth(1)
        .is_some_and(|code| code.starts_with('2'));
    if status_ok {
        return Ok(());
    }
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or("").trim();
    let reason = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("error").and_then(|e| e.as_str().map(str::to_owned)))
        .unwrap_or_else(|| body.to_owned());
    Err(reason)
}
