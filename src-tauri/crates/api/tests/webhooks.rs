//! Webhooks through the API: events reach a real loopback receiver signed, in order and
//! all of them after it was down; a 410 turns the webhook off; bad input gets a clear 400.
#![allow(clippy::unwrap_used)]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use support::{Api, api};
use tokio::sync::mpsc;

/// A safety net for waits; arrivals end them at once.
const PATIENCE: Duration = Duration::from_secs(20);

struct Received {
    headers: HeaderMap,
    body: Vec<u8>,
}

/// A receiver on 127.0.0.1:0 answering with `status` (changeable) and reporting each post.
async fn receiver(status: Arc<AtomicU16>) -> (String, mpsc::UnboundedReceiver<Received>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: axum::body::Bytes| {
            let (tx, status) = (tx.clone(), status.clone());
            async move {
                let _ = tx.send(Received {
                    headers,
                    body: body.to_vec(),
                });
                StatusCode::from_u16(status.load(Ordering::SeqCst)).unwrap()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, rx)
}

/// The signature as the Standard Webhooks specification defines it, computed here.
fn verify(secret: &str, r: &Received) {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap())
        .unwrap();
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &key);
    let h = |n: &str| r.headers[n].to_str().unwrap().to_owned();
    let signed = [
        h("webhook-id").as_bytes(),
        b".",
        h("webhook-timestamp").as_bytes(),
        b".",
        &r.body,
    ]
    .concat();
    let want = format!("v1,{}", STANDARD.encode(ring::hmac::sign(&key, &signed)));
    assert_eq!(h("webhook-signature"), want);
}

async fn next(rx: &mut mpsc::UnboundedReceiver<Received>, api: &Api) -> Received {
    // The worker may be waiting out a backoff on the manual clock: move it along.
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        tokio::select! {
            r = rx.recv() => return r.unwrap(),
            () = tokio::time::sleep(Duration::from_millis(20)) => {
                assert!(tokio::time::Instant::now() < deadline, "no delivery in time");
                api.clock.advance(Duration::from_secs(1));
            }
        }
    }
}

async fn create(api: &Api, url: &str, events: Value) -> (String, String) {
    let r = api
        .post_json("/api/v1/webhooks", json!({"url": url, "events": events}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    let d = r.data();
    (
        d["webhook"]["id"].as_str().unwrap().to_owned(),
        d["secret"].as_str().unwrap().to_owned(),
    )
}

async fn send(api: &Api, text: &str) -> String {
    let r = api
        .post_json(
            "/api/v1/messages",
            json!({"to": "+59171234567", "text": text}),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.json);
    r.data()["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_receiver_down_for_a_while_gets_every_event_signed_and_in_order() {
    let api = api().await;
    let status = Arc::new(AtomicU16::new(503));
    let (url, mut rx) = receiver(status.clone()).await;
    let (id, secret) = create(&api, &url, json!(["message.*"])).await;
    assert!(secret.starts_with("whsec_"));
    api.engine.connect();
    let first = send(&api, "uno").await;

    // Down: the first event is refused, then retried under the same id.
    let refused = next(&mut rx, &api).await;
    verify(&secret, &refused);
    let again = next(&mut rx, &api).await;
    assert_eq!(again.headers["webhook-id"], refused.headers["webhook-id"]);
    let w = api.get(&format!("/api/v1/webhooks/{id}")).await;
    assert_eq!(w.data()["health"], "failing", "{}", w.json);
    let second = send(&api, "dos").await;

    status.store(204, Ordering::SeqCst);
    let mut seen: Vec<(String, String, String)> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    while seen.iter().filter(|(_, _, t)| t == "message.sent").count() < 2 {
        let r = next(&mut rx, &api).await;
        verify(&secret, &r);
        let body: Value = serde_json::from_slice(&r.body).unwrap();
        let event_id = r.headers["webhook-id"].to_str().unwrap().to_owned();
        if ids.last() != Some(&event_id) {
            ids.push(event_id);
            seen.push((
                body["data"]["id"].as_str().unwrap().to_owned(),
                body["data"]["status"].as_str().unwrap().to_owned(),
                body["type"].as_str().unwrap().to_owned(),
            ));
        }
    }
    let of = |m: &str| {
        seen.iter()
            .filter(|(id, _, _)| id == m)
            .map(|(_, s, t)| {
                assert_eq!(format!("message.{s}"), *t);
                s.clone()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(of(&first), ["queued", "sending", "sent"]);
    assert_eq!(of(&second), ["queued", "sending", "sent"]);
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(
        unique.len(),
        ids.len(),
        "each event once after it was taken"
    );

    let w = api.get(&format!("/api/v1/webhooks/{id}")).await;
    assert_eq!(w.data()["health"], "ok", "{}", w.json);
    let d = api
        .get(&format!("/api/v1/webhooks/{id}/deliveries?limit=200"))
        .await;
    let attempts = d.data().as_array().unwrap().clone();
    assert!(
        attempts
            .iter()
            .any(|a| a["http_status"] == 503 && a["error"].is_string())
    );
    assert!(
        attempts
            .iter()
            .any(|a| a["http_status"] == 204 && a.get("error").is_none())
    );
    api.service.shutdown().await;
}

#[tokio::test]
async fn a_410_turns_the_webhook_off_and_the_test_event_reports_the_answer() {
    let api = api().await;
    let status = Arc::new(AtomicU16::new(200));
    let (url, mut rx) = receiver(status.clone()).await;
    let (id, secret) = create(&api, &url, json!(["*"])).await;
    let t = api
        .post_json(&format!("/api/v1/webhooks/{id}/test"), json!({}))
        .await;
    assert_eq!(t.data()["http_status"], 200, "{}", t.json);
    let r = next(&mut rx, &api).await;
    verify(&secret, &r);
    assert_eq!(
        serde_json::from_slice::<Value>(&r.body).unwrap()["type"],
        "webhook.test"
    );

    status.store(410, Ordering::SeqCst);
    api.engine.connect();
    send(&api, "adiós").await;
    next(&mut rx, &api).await;
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let w = api.get(&format!("/api/v1/webhooks/{id}")).await;
        if w.data()["health"] == "gone" {
            assert_eq!(w.data()["enabled"], false);
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "{}", w.json);
        tokio::task::yield_now().await;
    }
    api.service.shutdown().await;
}

#[tokio::test]
async fn bad_webhooks_get_a_clear_400_and_unknown_ones_404() {
    let api = api().await;
    for (body, why) in [
        (json!({"url": "http://192.168.1.9/h"}), "plain http://"),
        (json!({"url": "ftp://127.0.0.1/h"}), "https://"),
        (json!({}), "address"),
        (
            json!({"url": "https://pos.example/h", "events": ["message.opened"]}),
            "not an event type",
        ),
        (json!({"url": "https://pos.example/h", "secret": "x"}), ""),
    ] {
        let r = api.post_json("/api/v1/webhooks", body).await;
        r.assert_error(400, "VALIDATION_ERROR");
        assert!(
            r.json["error"]["message"].as_str().unwrap().contains(why),
            "{}",
            r.json
        );
    }
    api.get("/api/v1/webhooks/wh_nope")
        .await
        .assert_error(404, "NOT_FOUND");
    let list = api.get("/api/v1/webhooks").await;
    assert_eq!(
        list.data(),
        &json!([]),
        "a refused or removed webhook is not kept"
    );
    api.service.shutdown().await;
}
