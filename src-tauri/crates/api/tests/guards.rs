//! The door: keys, Host and Origin checks, rate limits, and the envelope on every error.
#![allow(clippy::unwrap_used)]

mod support;

use axum::body::Body;
use axum::http::{Method, Request};
use mostrador_api::{ApiOptions, RateLimit};
use support::*;

#[tokio::test]
async fn health_needs_no_key_and_everything_else_does() {
    let api = api().await;
    let r = api
        .call(
            Request::get("/api/v1/health")
                .header("host", HOST)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.data()["status"], "ok");

    let no_key = api
        .call(
            Request::get("/api/v1/session")
                .header("host", HOST)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    no_key.assert_error(401, "UNAUTHORIZED");
    let wrong = api
        .call(
            Request::get("/api/v1/session")
                .header("host", HOST)
                .header("x-api-key", "nope")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    wrong.assert_error(401, "UNAUTHORIZED");
    let bearer = api
        .call(
            Request::get("/api/v1/session")
                .header("host", HOST)
                .header("authorization", format!("Bearer {KEY}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(bearer.status, 200);
    assert_eq!(bearer.data()["state"], "connecting");
}

#[tokio::test]
async fn foreign_hosts_and_origins_are_refused_even_with_the_key() {
    let api = api().await;
    for host in ["evil.example", "evil.example:3107", "192.168.1.5:3107"] {
        let r = api
            .call(
                Request::get("/api/v1/health")
                    .header("host", host)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        r.assert_error(403, "FORBIDDEN");
    }
    // Mostrador's window talks over IPC, never to this port: no Tauri app's origin (every
    // Tauri app has the same ones) is let in either.
    for origin in [
        "https://evil.example",
        "null",
        "http://localhost:9999",
        "tauri://localhost",
        "http://tauri.localhost",
    ] {
        let r = api
            .call(
                request(Method::GET, "/api/v1/session")
                    .header("origin", origin)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        r.assert_error(403, "FORBIDDEN");
    }
    let own = api
        .call(
            request(Method::GET, "/api/v1/session")
                .header("origin", format!("http://{HOST}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(own.status, 200);
}

#[tokio::test]
async fn unknown_routes_and_methods_get_the_envelope() {
    let api = api().await;
    api.get("/api/v1/nope").await.assert_error(404, "NOT_FOUND");
    api.get("/").await.assert_error(404, "NOT_FOUND");
    let r = api
        .call(
            request(Method::DELETE, "/api/v1/messages")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    r.assert_error(405, "METHOD_NOT_ALLOWED");
    let r = api
        .call(
            request(Method::PUT, "/api/v1/health")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    r.assert_error(405, "METHOD_NOT_ALLOWED");
}

#[tokio::test]
async fn a_runaway_client_is_rate_limited_with_retry_after() {
    let options = ApiOptions {
        rate_limit: Some(RateLimit {
            per_second: 0.5,
            burst: 2,
        }),
        ui_dir: None,
        demo_phone: None,
    };
    let api = api_with(quick_config(), options).await;
    assert_eq!(api.get("/api/v1/session").await.status, 200);
    assert_eq!(api.get("/api/v1/session").await.status, 200);
    let r = api.get("/api/v1/session").await;
    r.assert_error(429, "RATE_LIMITED");
    let retry_after: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=3).contains(&retry_after), "{retry_after}");
}

/// From `ip` (as the server's socket would say), with `key`.
fn from_peer(ip: &str, key: &str) -> Request<Body> {
    let mut req = Request::get("/api/v1/session")
        .header("host", HOST)
        .header("x-api-key", key)
        .body(Body::empty())
        .unwrap();
    let addr = std::net::SocketAddr::new(ip.parse().unwrap(), 50000);
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(addr));
    req
}

#[tokio::test]
async fn a_program_guessing_keys_is_slowed_down_and_others_are_not() {
    let api = api().await;
    for _ in 0..20 {
        api.call(from_peer("127.0.0.1", "guess"))
            .await
            .assert_error(401, "UNAUTHORIZED");
    }
    let r = api.call(from_peer("127.0.0.1", "guess")).await;
    r.assert_error(429, "RATE_LIMITED");
    assert!(r.headers.contains_key("retry-after"));
    // Out of guesses, it is not even told whether the next one is right.
    api.call(from_peer("127.0.0.1", KEY))
        .await
        .assert_error(429, "RATE_LIMITED");
    // Another program on this computer is not held up by it.
    assert_eq!(api.call(from_peer("::1", KEY)).await.status, 200);
}

#[tokio::test]
async fn oversize_bodies_are_413_with_the_envelope() {
    let mut config = quick_config();
    config.limits.document_bytes = 1000;
    config.limits.image_bytes = 1000;
    config.limits.video_bytes = 1000;
    config.limits.audio_bytes = 1000;
    let api = api_with(
        config,
        ApiOptions {
            rate_limit: None,
            ui_dir: None,
            demo_phone: None,
        },
    )
    .await;
    // Past the body limit for messages (1000 × 4/3 + 1 MiB).
    let big = format!(r#"{{"to":"71234567","text":"{}"}}"#, "x".repeat(1_200_000));
    api.post_raw("/api/v1/messages", "application/json", big)
        .await
        .assert_error(413, "PAYLOAD_TOO_LARGE");
    let (ct, body) = multipart(
        &[("to", "71234567")],
        Some(("big.pdf", "application/pdf", &vec![b'%'; 1_200_000])),
    );
    api.post_raw("/api/v1/messages", &ct, body)
        .await
        .assert_error(413, "PAYLOAD_TOO_LARGE");
    // Within the body limit but over the document limit.
    let (ct, body) = multipart(
        &[("to", "71234567")],
        Some(("f.pdf", "application/pdf", &[PDF, &[b' '; 2000]].concat())),
    );
    api.post_raw("/api/v1/messages", &ct, body)
        .await
        .assert_error(413, "MEDIA_TOO_LARGE");
    // Small routes take small bodies.
    let phones: Vec<String> = (0..10_000).map(|n| format!("7{n:07}")).collect();
    let r = api
        .post_json(
            "/api/v1/contacts/check",
            serde_json::json!({ "phones": phones }),
        )
        .await;
    r.assert_error(413, "PAYLOAD_TOO_LARGE");
}

/// With the web UI served, the API's paths stay the API's: a POS with a typo in its URL gets
/// a JSON 404 for any method, never the page with a 200; the page's own answers carry the
/// headers that keep other sites from framing or re-typing it.
#[tokio::test]
async fn with_the_ui_served_unknown_api_routes_are_json_404s_and_pages_are_fenced() {
    let ui = tempfile::tempdir().unwrap();
    std::fs::write(
        ui.path().join("index.html"),
        "<!doctype html><title>M</title>",
    )
    .unwrap();
    std::fs::write(ui.path().join("app.js"), "console.log(1)").unwrap();
    let options = ApiOptions {
        rate_limit: None,
        ui_dir: Some(ui.path().to_owned()),
        demo_phone: None,
    };
    let api = api_with(quick_config(), options).await;
    for method in [Method::GET, Method::POST, Method::PUT, Method::DELETE] {
        for path in [
            "/api/v1/anything-unknown",
            "/api/v1/messages/x/nope",
            "/api/whatsapp/send-message",
            "/api",
            "/api/",
        ] {
            let r = api
                .call(request(method.clone(), path).body(Body::empty()).unwrap())
                .await;
            assert_eq!(r.status, 404, "{method} {path}");
            r.assert_error(404, "NOT_FOUND");
        }
    }
    // Known routes keep their own answers.
    assert_eq!(api.get("/api/v1/session").await.status, 200);
    api.call(
        request(Method::DELETE, "/api/v1/messages")
            .body(Body::empty())
            .unwrap(),
    )
    .await
    .assert_error(405, "METHOD_NOT_ALLOWED");

    for path in ["/", "/app.js", "/log/some-client-route"] {
        let r = api.get(path).await;
        assert_eq!(r.status, 200, "{path}");
        let csp = r.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.starts_with("default-src 'self'"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(r.headers["x-content-type-options"], "nosniff");
        assert_eq!(r.headers["referrer-policy"], "no-referrer");
    }
}
