//! Reading `GET /api/v1/events` (Server-Sent Events) the way a POS or the UI would, over one
//! plain HTTP/1.1 connection: enough of chunked transfer and SSE framing to get each event's
//! name and JSON body, with nothing buffered past what has arrived.

use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::Result;

/// One event: its name (`session`, `qr`, `message`, `resync`) and its data as JSON.
#[derive(Debug)]
pub struct Event {
    pub name: String,
    pub data: Value,
}

/// An open event stream.
pub struct EventStream {
    reader: BufReader<TcpStream>,
    chunked: bool,
    /// Body bytes received but not yet split into events.
    pending: Vec<u8>,
}

impl EventStream {
    /// Subscribes; the server first sends the current session, then every later event.
    pub async fn open(port: u16, key: &str) -> Result<EventStream> {
        let stream = TcpStream::connect(("127.0.0.1", port)).await?;
        stream.set_nodelay(true)?;
        let mut reader = BufReader::new(stream);
        let req = format!(
            "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-API-Key: {key}\r\n\
             Accept: text/event-stream\r\n\r\n"
        );
        reader.get_mut().write_all(req.as_bytes()).await?;
        let mut line = String::new();
        reader.read_line(&mut line).await?;
        if line.split(' ').nth(1) != Some("200") {
            return Err(format!("GET /api/v1/events answered {}", line.trim()).into());
        }
        let mut chunked = false;
        loop {
            line.clear();
            if reader.read_line(&mut line).await? == 0 {
                return Err("event stream closed in its headers".into());
            }
            if line == "\r\n" {
                break;
            }
            if let Some((k, v)) = line.split_once(':')
                && k.eq_ignore_ascii_case("transfer-encoding")
                && v.trim().eq_ignore_ascii_case("chunked")
            {
                chunked = true;
            }
        }
        Ok(EventStream {
            reader,
            chunked,
            pending: Vec::new(),
        })
    }

    /// The next event (keep-alive comments skipped).
    pub async fn next(&mut self) -> Result<Event> {
        loop {
            if let Some(end) = find(&self.pending, b"\n\n") {
                let frame: Vec<u8> = self.pending.drain(..end + 2).collect();
                if let Some(event) = parse(&String::from_utf8_lossy(&frame)) {
                    return Ok(event);
                }
                continue;
            }
            self.fill().await?;
        }
    }

    /// Waits for the first event `pick` accepts, skipping the others; fails after `patience`.
    pub async fn wait_for(
        &mut self,
        patience: Duration,
        mut pick: impl FnMut(&Event) -> bool,
    ) -> Result<Event> {
        let found = tokio::time::timeout(patience, async {
            loop {
                let event = self.next().await?;
                if pick(&event) {
                    return Ok::<_, crate::BoxError>(event);
                }
            }
        })
        .await;
        found.map_err(|_| format!("no such event within {patience:?}"))?
    }

    /// Appends the next piece of body that arrives.
    async fn fill(&mut self) -> Result<()> {
        if !self.chunked {
            let mut buf = [0u8; 4096];
            let n = self.reader.read(&mut buf).await?;
            if n == 0 {
                return Err("event stream closed".into());
            }
            self.pending.extend_from_slice(&buf[..n]);
            return Ok(());
        }
        let mut size = String::new();
        if self.reader.read_line(&mut size).await? == 0 {
            return Err("event stream closed".into());
        }
        let hex = size.trim().split(';').next().unwrap_or_default();
        let len = usize::from_str_radix(hex, 16).map_err(|_| format!("bad chunk size {size:?}"))?;
        if len == 0 {
            return Err("event stream ended".into());
        }
        let start = self.pending.len();
        self.pending.resize(start + len + 2, 0);
        self.reader.read_exact(&mut self.pending[start..]).await?;
        // Each chunk ends with CRLF, which is framing, not data.
        self.pending.truncate(start + len);
        Ok(())
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `event:` and `data:` lines of one frame; `None` for a comment-only (keep-alive) frame.
fn parse(frame: &str) -> Option<Event> {
    let mut name = None;
    let mut data = String::new();
    for line in frame.lines() {
        if let Some(v) = line.strip_prefix("event:") {
            name = Some(v.trim().to_owned());
        } else if let Some(v) = line.strip_prefix("data:") {
            if !data.is_empty() {
                data.push('\n');
            }
            data.push_str(v.strip_prefix(' ').unwrap_or(v));
        }
    }
    let name = name?;
    let data = serde_json::from_str(&data).unwrap_or(Value::String(data));
    Some(Event { name, data })
}
