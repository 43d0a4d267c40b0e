//! Named API keys: the manager makes one per program, optionally limited to one number; it
//! sends and reads there only (403 elsewhere), changes nothing, and stops at revocation.
#![allow(clippy::unwrap_used)]

mod support;

use axum::body::Body;
use axum::http::{Method, Request};
use serde_json::{Value, json};
use support::{Api, HOST, Reply, api};

/// A request with `key` instead of the main one.
async fn with_key(a: &Api, key: &str, method: Method, path: &str, body: Option<Value>) -> Reply {
    let req = Request::builder()
        .method(method)
        .uri(path)
        .header("host", HOST)
        .header("x-api-key", key)
        .header("content-type", "application/json");
    let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
    a.call(req.body(body).unwrap()).await
}

#[tokio::test]
async fn a_branch_key_sends_from_its_number_only_and_manages_nothing() {
    let a = api().await;
    a.engine.connect();
    a.post_json("/api/v1/profiles", json!({"name": "Sucursal Norte"}))
        .await;
    a.engines.engine("p2").await.connect();
    let made = a
        .post_json(
            "/api/v1/keys",
            json!({"name": "POS norte", "profile": "sucursal norte"}),
        )
        .await;
    assert_eq!(made.status.as_u16(), 201, "{}", made.json);
    assert_eq!(made.data()["profile"], "p2");
    let key = made.data()["secret"].as_str().unwrap().to_owned();
    let listed = a.get("/api/v1/keys").await;
    assert_eq!(listed.data()[0]["id"], made.data()["id"]);
    assert!(
        listed.data()[0].get("secret").is_none(),
        "never listed again"
    );

    // Without `profile`, the branch key sends from its own number.
    let sent = with_key(
        &a,
        &key,
        Method::POST,
        "/api/v1/messages",
        Some(json!({"to": "71234567", "text": "su pedido"})),
    )
    .await;
    assert_eq!(sent.status.as_u16(), 202, "{}", sent.json);
    assert_eq!(sent.data()["profile"], "p2");
    // The other number is refused, by id or by name, with a clear code.
    for other in ["default", "Principal"] {
        let refused = with_key(
            &a,
            &key,
            Method::POST,
            "/api/v1/messages",
            Some(json!({"to": "71234567", "text": "x", "profile": other})),
        )
        .await;
        refused.assert_error(403, "FORBIDDEN");
        assert!(
            refused.json["error"]["message"]
                .as_str()
                .unwrap()
                .contains("Sucursal Norte")
        );
    }
    with_key(
        &a,
        &key,
        Method::GET,
        "/api/v1/session?profile=default",
        None,
    )
    .await
    .assert_error(403, "FORBIDDEN");
    let own = with_key(&a, &key, Method::GET, "/api/v1/session", None).await;
    assert_eq!(own.data()["profile"], "p2");

    // What the main number sent is not the branch's to read.
    let main = a
        .post_json(
            "/api/v1/messages",
            json!({"to": "71234567", "text": "recibo"}),
        )
        .await;
    let main_id = main.data()["id"].as_str().unwrap().to_owned();
    with_key(
        &a,
        &key,
        Method::GET,
        &format!("/api/v1/messages/{main_id}"),
        None,
    )
    .await
    .assert_error(403, "FORBIDDEN");
    let batch = a
        .post_json(
            "/api/v1/batches",
            json!({"name": "promo", "template": {"text": "hola"}, "recipients": [{"to": "71234568"}]}),
        )
        .await;
    let batch_id = batch.data()["batch"]["id"].as_str().unwrap().to_owned();
    for (method, path) in [
        (Method::GET, format!("/api/v1/batches/{batch_id}")),
        (Method::POST, format!("/api/v1/batches/{batch_id}/cancel")),
        (Method::POST, format!("/api/v1/messages/{main_id}/cancel")),
    ] {
        let body = (method == Method::POST).then(|| json!({}));
        with_key(&a, &key, method, &path, body)
            .await
            .assert_error(403, "FORBIDDEN");
    }
    let log = with_key(&a, &key, Method::GET, "/api/v1/messages", None).await;
    let items = log.data()["items"].as_array().unwrap();
    assert_eq!(
        items.len(),
        1,
        "only its own number's messages: {}",
        log.json
    );

    // It manages nothing.
    for (method, path, body) in [
        (Method::POST, "/api/v1/profiles", Some(json!({"name": "X"}))),
        (
            Method::PATCH,
            "/api/v1/settings",
            Some(json!({"pacing_ms": 0})),
        ),
        (Method::GET, "/api/v1/keys", None),
        (Method::POST, "/api/v1/api-key/rotate", Some(json!({}))),
        (Method::POST, "/api/v1/session/logout", Some(json!({}))),
    ] {
        with_key(&a, &key, method, path, body)
            .await
            .assert_error(403, "FORBIDDEN");
    }

    // Revoked: it stops at once.
    let id = made.data()["id"].as_str().unwrap().to_owned();
    assert_eq!(
        a.delete(&format!("/api/v1/keys/{id}")).await.data(),
        &json!(true)
    );
    with_key(&a, &key, Method::GET, "/api/v1/session", None)
        .await
        .assert_error(401, "UNAUTHORIZED");
    a.delete(&format!("/api/v1/keys/{id}"))
        .await
        .assert_error(404, "NOT_FOUND");
}

#[tokio::test]
async fn an_unlimited_key_uses_any_number_and_bad_keys_are_refused_clearly() {
    let a = api().await;
    a.post_json("/api/v1/profiles", json!({"name": "Entregas"}))
        .await;
    let key = a
        .post_json("/api/v1/keys", json!({"name": "Caja 2"}))
        .await
        .data()["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    for profile in ["default", "Entregas"] {
        let sent = with_key(
            &a,
            &key,
            Method::POST,
            "/api/v1/messages",
            Some(json!({"to": "71234567", "text": "x", "profile": profile})),
        )
        .await;
        assert_eq!(sent.status.as_u16(), 202, "{}", sent.json);
    }
    a.post_json("/api/v1/keys", json!({"name": "x", "profile": "nadie"}))
        .await
        .assert_error(404, "NOT_FOUND");
    a.post_json("/api/v1/keys", json!({"name": " "}))
        .await
        .assert_error(400, "VALIDATION_ERROR");
}
