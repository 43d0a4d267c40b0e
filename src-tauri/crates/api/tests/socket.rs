//! Over a real loopback socket: the server binds port 0, answers, streams events, shuts down.
#![allow(clippy::unwrap_used)]

mod support;

use std::time::Duration;

use mostrador_api::{ApiKey, ApiOptions};
use serde_json::json;
use support::*;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

async fn raw(port: u16, request: String) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    s.write_all(request.as_bytes()).await.unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).await.unwrap();
    out
}

#[tokio::test]
async fn serves_on_loopback_streams_events_and_stops_cleanly() {
    let api = api().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let router = mostrador_api::router(
        api.service.clone(),
        ApiKey::new(KEY.into()),
        ApiOptions::default(),
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(mostrador_api::serve(vec![listener], router, async {
        let _ = stopped.await;
    }));

    let health = raw(
        port,
        format!(
            "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        ),
    )
    .await;
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    let rebinding = raw(
        port,
        "GET /api/v1/health HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n".into(),
    )
    .await;
    assert!(rebinding.starts_with("HTTP/1.1 403"), "{rebinding}");

    // Subscribe to events, then queue a message and see it announced.
    let mut sse = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    sse.write_all(
        format!(
            "GET /api/v1/events HTTP/1.1\r\nHost: localhost:{port}\r\nX-API-Key: {KEY}\r\n\r\n"
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    let mut lines = BufReader::new(sse).lines();
    let mut seen = Vec::new();
    let mut queued = false;
    while let Some(line) = tokio::time::timeout(Duration::from_secs(10), lines.next_line())
        .await
        .unwrap()
        .unwrap()
    {
        if line == "event: session" && !queued {
            queued = true;
            let body = json!({"to": "71234567", "text": "hola"}).to_string();
            let r = raw(
                port,
                format!(
                    "POST /api/v1/messages HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-API-Key: {KEY}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                ),
            )
            .await;
            assert!(r.starts_with("HTTP/1.1 202"), "{r}");
        }
        if line.starts_with("data:") && line.contains("\"type\":\"message\"") {
            seen.push(line);
            break;
        }
    }
    assert!(seen[0].contains("\"status\":\"queued\""), "{seen:?}");

    // Shutting down ends the open event stream instead of waiting for it forever.
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("shutdown finished")
        .unwrap()
        .unwrap();
    while let Some(line) = lines.next_line().await.unwrap() {
        assert!(
            !line.contains("\"type\":\"message\""),
            "no events after shutdown: {line}"
        );
    }
}
