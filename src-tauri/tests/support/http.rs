//! A tiny HTTP/1.1 client over a plain TCP stream (`Connection: close`), enough for tests.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

pub struct Response {
    pub status: u16,
    pub body: String,
}

impl Response {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

pub enum Auth<'a> {
    None,
    Header(&'a str),
    Bearer(&'a str),
}

pub fn get(port: u16, path: &str, auth: Auth) -> Response {
    request(port, "GET", path, auth, None)
}

pub fn post_json(port: u16, path: &str, auth: Auth, body: &serde_json::Value) -> Response {
    request(port, "POST", path, auth, Some(&body.to_string()))
}

pub fn request(port: u16, method: &str, path: &str, auth: Auth, body: Option<&str>) -> Response {
    let mut stream = send_request(port, method, path, auth, body);
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    parse(&raw)
}

/// Opens a long-lived GET (an event stream) and returns once its headers have arrived.
pub fn open_stream(port: u16, path: &str, auth: Auth) -> (u16, TcpStream) {
    let mut stream = send_request(port, "GET", path, auth, None);
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        assert_eq!(stream.read(&mut byte).unwrap(), 1, "stream closed early");
        head.push(byte[0]);
    }
    (parse(&head).status, stream)
}

fn send_request(port: u16, method: &str, path: &str, auth: Auth, body: Option<&str>) -> TcpStream {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
         Accept: application/json\r\n"
    );
    match auth {
        Auth::None => {}
        Auth::Header(key) => head.push_str(&format!("X-API-Key: {key}\r\n")),
        Auth::Bearer(key) => head.push_str(&format!("Authorization: Bearer {key}\r\n")),
    }
    let body = body.unwrap_or("");
    if method != "GET" {
        head.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body.as_bytes()).unwrap();
    stream
}

fn parse(raw: &[u8]) -> Response {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no end of headers in: {text}"));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in: {head}"));
    let chunked = head.lines().any(|l| {
        let l = l.to_ascii_lowercase();
        l.starts_with("transfer-encoding:") && l.contains("chunked")
    });
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_owned()
    };
    Response { status, body }
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let size =
            usize::from_str_radix(size.split(';').next().unwrap_or("0").trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.push_str(&after[..size]);
        rest = after[size..].trim_start_matches("\r\n");
    }
    out
}
