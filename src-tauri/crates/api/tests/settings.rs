//! `/settings` (read, change, checks, locked settings) and `/api-key/rotate` (the old key
//! stops at once, the new one is stored; failures keep the old one).
#![allow(clippy::unwrap_used)]

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::Method;
use http_body_util::BodyExt;
use mostrador_api::{ApiKey, ApiOptions, KeyStore};
use mostrador_core::types::SettingName;
use serde_json::json;
use support::*;
use tower::ServiceExt;

fn options() -> ApiOptions {
    ApiOptions {
        rate_limit: None,
        ui_dir: None,
        demo_phone: None,
    }
}

#[tokio::test]
async fn settings_are_read_and_changed_and_apply_at_once() {
    let api = api().await;
    let r = api.get("/api/v1/settings").await;
    assert_eq!(
        r.data(),
        &json!({"default_country": "BO", "pacing_ms": 0, "jitter_ms": 0, "max_attempts": 5,
                "expire_after_ms": 43200000, "webhooks_lan": false, "customer_wait_ms": 86400000, "locked": []})
    );
    let r = api
        .patch_json(
            "/api/v1/settings",
            json!({"default_country": "mx", "pacing_ms": 1500, "jitter_ms": 250}),
        )
        .await;
    let want = json!({"default_country": "MX", "pacing_ms": 1500, "jitter_ms": 250,
                      "max_attempts": 5, "expire_after_ms": 43200000, "webhooks_lan": false, "customer_wait_ms": 86400000, "locked": []});
    assert_eq!(r.status, 200);
    assert_eq!(r.data(), &want);
    assert_eq!(api.get("/api/v1/settings").await.data(), &want);
    assert_eq!(api.service.settings().pacing_ms, 1500);
    // The new country reads numbers written without a country code.
    let sent = api
        .post_json(
            "/api/v1/messages",
            json!({"to": "55 1234 5678", "text": "hola"}),
        )
        .await;
    assert_eq!(sent.data()["to"], "+525512345678");
    let found = api.get("/api/v1/messages?to=5512345678").await;
    assert_eq!(found.data()["items"].as_array().unwrap().len(), 1);
    // Nothing to change is fine.
    assert_eq!(
        api.patch_json("/api/v1/settings", json!({})).await.data(),
        &want
    );
}

#[tokio::test]
async fn bad_settings_are_refused_with_a_clear_message_and_change_nothing() {
    let api = api().await;
    for (body, words) in [
        (json!({"default_country": "Bolivia"}), "default_country"),
        (json!({"default_country": "XX"}), "default_country"),
        (json!({"pacing_ms": 60_001}), "pacing_ms"),
        (json!({"pacing_ms": -1}), "pacing_ms"),
        (json!({"pacing_ms": 1.5}), "pacing_ms"),
        (
            json!({"jitter_ms": 10}),
            "jitter_ms (10) must not be more than pacing_ms (0)",
        ),
        (json!({"max_attempts": 0}), "max_attempts"),
        (json!({"max_attempts": 1001}), "max_attempts"),
        (json!({"pacing": 10}), "pacing"),
        (json!({"pacing_ms": "fast"}), "pacing_ms"),
    ] {
        let r = api.patch_json("/api/v1/settings", body.clone()).await;
        r.assert_error(400, "VALIDATION_ERROR");
        let message = r.json["error"]["message"].as_str().unwrap();
        assert!(message.contains(words), "{body}: {message}");
    }
    let r = api
        .call(
            request(Method::PATCH, "/api/v1/settings")
                .header("content-type", "application/json")
                .body(Body::from("{not json"))
                .unwrap(),
        )
        .await;
    r.assert_error(400, "VALIDATION_ERROR");
    assert_eq!(api.get("/api/v1/settings").await.data()["pacing_ms"], 0);
}

#[tokio::test]
async fn settings_fixed_at_startup_are_shown_as_locked() {
    let mut config = quick_config();
    config.pacing.min_gap = Duration::from_millis(300);
    config.locked = vec![SettingName::PacingMs];
    let api = api_with(config, options()).await;
    let r = api.get("/api/v1/settings").await;
    assert_eq!(r.data()["pacing_ms"], 300);
    assert_eq!(r.data()["locked"], json!(["pacing_ms"]));
    // The Settings form sends every field: the locked one unchanged is fine.
    let r = api
        .patch_json(
            "/api/v1/settings",
            json!({"pacing_ms": 300, "jitter_ms": 100, "max_attempts": 3}),
        )
        .await;
    assert_eq!(r.data()["jitter_ms"], 100);
    assert_eq!(r.data()["max_attempts"], 3);
    let r = api
        .patch_json("/api/v1/settings", json!({"pacing_ms": 1000}))
        .await;
    r.assert_error(400, "VALIDATION_ERROR");
    let message = r.json["error"]["message"].as_str().unwrap();
    assert!(message.contains("--pacing-ms"), "{message}");
}

#[tokio::test]
async fn settings_and_rotation_need_the_key_and_are_documented() {
    let api = api().await;
    for (method, path) in [
        (Method::GET, "/api/v1/settings"),
        (Method::PATCH, "/api/v1/settings"),
        (Method::POST, "/api/v1/api-key/rotate"),
    ] {
        let r = api
            .call(
                axum::http::Request::builder()
                    .method(method)
                    .uri(path)
                    .header("host", HOST)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        r.assert_error(401, "UNAUTHORIZED");
    }
    let doc = api.get("/api/v1/openapi.json").await;
    let paths = &doc.json["paths"];
    assert!(paths["/api/v1/settings"]["get"].is_object());
    assert!(paths["/api/v1/settings"]["patch"].is_object());
    assert!(paths["/api/v1/api-key/rotate"]["post"].is_object());
    let schemas = &doc.json["components"]["schemas"];
    for s in ["SettingsPatch", "SettingName"] {
        assert!(schemas.get(s).is_some(), "schema {s}");
    }
    let data = |path: &str, method: &str| {
        doc.json["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"]
            ["properties"]["data"]["properties"]
            .clone()
    };
    let settings = data("/api/v1/settings", "get");
    for field in [
        "default_country",
        "pacing_ms",
        "jitter_ms",
        "max_attempts",
        "locked",
    ] {
        assert!(settings.get(field).is_some(), "{field} documented");
    }
    assert!(data("/api/v1/api-key/rotate", "post").get("key").is_some());
}

/// A key store in memory: hands out `new-key-1`, `new-key-2`… unless told to fail.
#[derive(Default)]
struct MemoryStore {
    stored: Mutex<Vec<String>>,
    fail: Mutex<bool>,
}

impl KeyStore for MemoryStore {
    fn replace(&self) -> Result<String, String> {
        if *self.fail.lock().unwrap() {
            return Err("the keyring is locked".into());
        }
        let mut stored = self.stored.lock().unwrap();
        let key = format!("new-key-{}-0123456789abcdef0123456789", stored.len() + 1);
        stored.push(key.clone());
        Ok(key)
    }
}

async fn api_with_store() -> (Api, Arc<MemoryStore>) {
    let store = Arc::new(MemoryStore::default());
    let key = ApiKey::with_store(KEY.into(), store.clone());
    (api_keyed(quick_config(), options(), key).await, store)
}

fn get_with(path: &str, key: &str) -> axum::http::Request<Body> {
    axum::http::Request::builder()
        .uri(path)
        .header("host", HOST)
        .header("x-api-key", key)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn rotation_replaces_the_key_at_once_and_stores_it() {
    let (api, store) = api_with_store().await;
    let r = api.post_json("/api/v1/api-key/rotate", json!(null)).await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(r.headers["cache-control"], "no-store");
    let new = r.data()["key"].as_str().unwrap().to_owned();
    assert_eq!(store.stored.lock().unwrap().as_slice(), [new.as_str()]);
    // The key the rotation was asked with no longer works; the new one does.
    api.get("/api/v1/session")
        .await
        .assert_error(401, "UNAUTHORIZED");
    let ok = api.call(get_with("/api/v1/session", &new)).await;
    assert_eq!(ok.status, 200, "{}", ok.json);
    // And it can rotate again.
    let again = api
        .call(
            axum::http::Request::builder()
                .method(Method::POST)
                .uri("/api/v1/api-key/rotate")
                .header("host", HOST)
                .header("authorization", format!("Bearer {new}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let newer = again.data()["key"].as_str().unwrap();
    assert_ne!(newer, new);
    assert_eq!(
        api.call(get_with("/api/v1/session", &new)).await.status,
        401
    );
}

#[tokio::test]
async fn a_key_that_cannot_be_stored_is_not_used() {
    let (api, store) = api_with_store().await;
    *store.fail.lock().unwrap() = true;
    let r = api.post_json("/api/v1/api-key/rotate", json!(null)).await;
    r.assert_error(500, "INTERNAL");
    assert!(
        r.json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("old one stays in use")
    );
    assert_eq!(api.get("/api/v1/session").await.status, 200);

    // A key kept only in memory cannot be rotated at all.
    let plain = support::api().await;
    plain
        .post_json("/api/v1/api-key/rotate", json!(null))
        .await
        .assert_error(409, "INVALID_STATE");
    assert_eq!(plain.get("/api/v1/session").await.status, 200);
}

#[tokio::test]
async fn rotation_ends_event_streams_opened_with_the_old_key() {
    let (api, _store) = api_with_store().await;
    let resp = api
        .router
        .clone()
        .oneshot(get_with("/api/v1/events", KEY))
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let mut body = resp.into_body();
    let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
    assert!(String::from_utf8_lossy(&first).contains("event: session"));
    let r = api.post_json("/api/v1/api-key/rotate", json!(null)).await;
    assert_eq!(r.status, 200);
    // The stream ends (a guard, not a wait: it ends as soon as the key changes).
    let ended = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(frame) = body.frame().await {
            frame.unwrap();
        }
    })
    .await;
    assert!(ended.is_ok(), "the event stream outlived the old key");
}
