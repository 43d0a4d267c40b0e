//! The door: only this PC may talk to the API. Rejects non-loopback peers, a `Host` that is
//! not localhost (DNS rebinding), and an `Origin` that is not the served UI's own (a web page
//! in the cashier's browser trying to use the POS port). The desktop window needs no origin
//! here: it talks to the backend over Tauri IPC, and `tauri://localhost` is every Tauri
//! app's origin, not only Mostrador's.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use mostrador_core::Code;

use crate::envelope::ApiError;

/// The calling program's address, as the socket saw it (absent in in-process tests).
pub(crate) fn peer(req: &Request) -> Option<SocketAddr> {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0)
}

pub async fn loopback_only(req: Request, next: Next) -> Response {
    if peer(&req).is_some_and(|p| !p.ip().is_loopback()) {
        return forbidden("the API only answers programs on this computer");
    }
    if let Err(why) = check_headers(req.headers()) {
        return forbidden(why);
    }
    next.run(req).await
}

fn forbidden(why: &str) -> Response {
    ApiError::new(Code::Forbidden, why).into_response()
}

fn check_headers(headers: &HeaderMap) -> Result<(), &'static str> {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .ok_or("a Host header naming localhost is required")?;
    if !is_loopback_host(host) {
        return Err("the Host must be localhost, 127.0.0.1 or [::1]");
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        let same_origin = origin
            .strip_prefix("http://")
            .is_some_and(|o| o.eq_ignore_ascii_case(host));
        if !same_origin {
            return Err("requests from web pages of other sites are not allowed");
        }
    }
    Ok(())
}

/// `localhost`, `127.0.0.1` or `[::1]`, with any port.
fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((ip, port)) if port.is_empty() || is_port(port) => return ip == "::1",
            _ => return false,
        }
    } else {
        match host.split_once(':') {
            Some((name, port)) if is_port(port) => name,
            Some(_) => return false,
            None => host,
        }
    };
    name.eq_ignore_ascii_case("localhost") || name == "127.0.0.1"
}

fn is_port(p: &str) -> bool {
    p.strip_prefix(':').unwrap_or(p).parse::<u16>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn loopback_hosts() {
        for h in [
            "localhost",
            "localhost:3107",
            "LOCALHOST:1",
            "127.0.0.1",
            "127.0.0.1:3107",
            "[::1]",
            "[::1]:3107",
        ] {
            assert!(is_loopback_host(h), "{h}");
        }
        for h in [
            "evil.com",
            "evil.com:3107",
            "127.0.0.1.evil.com",
            "localhost.evil.com",
            "[::2]:1",
            "127.0.0.2",
            "localhost:x",
            "",
            "[::1]x",
        ] {
            assert!(!is_loopback_host(h), "{h}");
        }
    }

    fn headers(host: &str, origin: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_str(host).unwrap());
        if let Some(o) = origin {
            h.insert(header::ORIGIN, HeaderValue::from_str(o).unwrap());
        }
        h
    }

    #[test]
    fn origins() {
        assert!(check_headers(&headers("127.0.0.1:3107", None)).is_ok());
        assert!(check_headers(&headers("127.0.0.1:3107", Some("http://127.0.0.1:3107"))).is_ok());
        assert!(check_headers(&headers("localhost:3107", Some("tauri://localhost"))).is_err());
        assert!(check_headers(&headers("127.0.0.1:3107", Some("http://localhost:3107"))).is_err());
        assert!(check_headers(&headers("127.0.0.1:3107", Some("https://evil.com"))).is_err());
        assert!(check_headers(&headers("127.0.0.1:3107", Some("null"))).is_err());
        assert!(check_headers(&headers("127.0.0.1:3107", Some("http://127.0.0.1:9999"))).is_err());
        assert!(check_headers(&HeaderMap::new()).is_err());
    }
}
