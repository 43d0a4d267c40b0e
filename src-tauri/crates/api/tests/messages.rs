//! Sending and reading messages through the API: every content path and every bad input.
#![allow(clippy::unwrap_used)]

mod support;

use axum::body::Body;
use axum::http::Method;
use base64::Engine;
use mostrador_core::types::Status;
use serde_json::json;
use support::*;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[tokio::test]
async fn a_text_is_queued_durably_and_readable() {
    let api = api().await;
    let r = api
        .post_json(
            "/api/v1/messages",
            json!({"to": "+591 7123-4567", "text": "Gracias por su compra"}),
        )
        .await;
    assert_eq!(r.status, 202, "{}", r.json);
    let m = r.data();
    assert_eq!(
        (m["status"].as_str(), m["to"].as_str()),
        (Some("queued"), Some("+59171234567"))
    );
    assert_eq!(
        m["content"],
        json!({"type": "text", "text": "Gracias por su compra"})
    );
    let id = m["id"].as_str().unwrap();
    let got = api.get(&format!("/api/v1/messages/{id}")).await;
    assert_eq!(got.data()["whatsapp_id"], m["whatsapp_id"]);
    api.get("/api/v1/messages/nope")
        .await
        .assert_error(404, "NOT_FOUND");
}

#[tokio::test]
async fn every_kind_goes_through_json_and_multipart() {
    let api = api().await;
    let cases = [
        json!({"to": "71234567", "type": "image", "media": b64(PNG), "caption": "Producto"}),
        json!({"to": "71234567", "type": "document", "media": b64(PDF), "file_name": "factura.pdf", "mime_type": "application/pdf"}),
        json!({"to": "71234567", "media": b64(PDF)}),
        json!({"to": "71234567", "type": "location", "latitude": -16.5, "longitude": -68.15, "name": "Tienda"}),
        json!({"to": "71234567", "type": "contact", "name": "Ana", "phone": "72222222"}),
        json!({"to": "71234567", "type": "poll", "question": "¿Sabor?", "options": ["Fresa", "Limón"], "multiple_choice": true}),
        json!({"to": "120363025246125486@g.us", "text": "Hola grupo"}),
    ];
    let kinds = [
        "image", "document", "document", "location", "contact", "poll", "text",
    ];
    for (case, kind) in cases.into_iter().zip(kinds) {
        let r = api.post_json("/api/v1/messages", case).await;
        assert_eq!(r.status, 202, "{}", r.json);
        assert_eq!(r.data()["content"]["type"], kind);
    }
    let (ct, body) = multipart(
        &[("to", "71234567"), ("caption", "Factura 001")],
        Some(("factura-001.pdf", "application/pdf", PDF)),
    );
    let r = api.post_raw("/api/v1/messages", &ct, body).await;
    assert_eq!(r.status, 202, "{}", r.json);
    let c = &r.data()["content"];
    assert_eq!(
        (
            c["type"].as_str(),
            c["file_name"].as_str(),
            c["caption"].as_str()
        ),
        (
            Some("document"),
            Some("factura-001.pdf"),
            Some("Factura 001")
        )
    );
    assert_eq!(c["media"]["mime_type"], "application/pdf");
    let (ct, body) = multipart(
        &[
            ("to", "71234567"),
            ("type", "poll"),
            ("question", "¿?"),
            ("options", "Sí"),
            ("options", "No"),
        ],
        None,
    );
    let r = api.post_raw("/api/v1/messages", &ct, body).await;
    assert_eq!(r.data()["content"]["options"], json!(["Sí", "No"]));
}

#[tokio::test]
async fn bad_input_gets_a_4xx_with_a_code_and_stores_nothing() {
    let api = api().await;
    let bad = |body: &str| api.post_raw("/api/v1/messages", "application/json", body.to_owned());
    bad("{not json").await.assert_error(400, "VALIDATION_ERROR");
    bad(r#"{"to": 59171234567, "text": "x"}"#)
        .await
        .assert_error(400, "VALIDATION_ERROR");
    let missing = bad(r#"{"text": "x"}"#).await;
    missing.assert_error(400, "VALIDATION_ERROR");
    assert!(
        missing.json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("`to`"),
        "{}",
        missing.json
    );
    bad(r#"{"to": "71234567", "txt": "typo"}"#)
        .await
        .assert_error(400, "VALIDATION_ERROR");
    bad(r#"{"to": "71234567"}"#)
        .await
        .assert_error(400, "VALIDATION_ERROR");
    bad(r#"{"to": "71234567", "type": "sticker"}"#)
        .await
        .assert_error(400, "VALIDATION_ERROR");
    bad(r#"{"to": "12", "text": "x"}"#)
        .await
        .assert_error(400, "INVALID_RECIPIENT");
    bad(r#"{"to": "71234567", "text": ""}"#)
        .await
        .assert_error(400, "TEXT_EMPTY");
    bad(r#"{"to": "71234567", "type": "image", "media": "%%%"}"#)
        .await
        .assert_error(400, "INVALID_BASE64");
    bad(r#"{"to": "71234567", "type": "image"}"#)
        .await
        .assert_error(400, "MEDIA_MISSING");
    let pdf_as_image = json!({"to": "71234567", "type": "image", "media": b64(PDF)});
    api.post_json("/api/v1/messages", pdf_as_image)
        .await
        .assert_error(422, "MIME_MISMATCH");
    let lie = json!({"to": "71234567", "type": "document", "media": b64(PNG), "mime_type": "application/pdf"});
    api.post_json("/api/v1/messages", lie)
        .await
        .assert_error(422, "MIME_MISMATCH");
    let loc = json!({"to": "71234567", "type": "location", "latitude": 100, "longitude": 0});
    api.post_json("/api/v1/messages", loc)
        .await
        .assert_error(400, "INVALID_LOCATION");
    let text_with_file = json!({"to": "71234567", "type": "text", "text": "x", "media": b64(PDF)});
    api.post_json("/api/v1/messages", text_with_file)
        .await
        .assert_error(400, "VALIDATION_ERROR");
    api.post_raw("/api/v1/messages", "text/plain", "hola")
        .await
        .assert_error(415, "VALIDATION_ERROR");
    let r = api
        .call(
            request(Method::POST, "/api/v1/messages")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    r.assert_error(415, "VALIDATION_ERROR");
    api.post_raw(
        "/api/v1/messages",
        "multipart/form-data; boundary=x",
        "garbage",
    )
    .await
    .assert_error(400, "VALIDATION_ERROR");
    let (ct, body) = multipart(&[("to", "71234567"), ("latitude", "north")], None);
    api.post_raw("/api/v1/messages", &ct, body)
        .await
        .assert_error(400, "VALIDATION_ERROR");
    api.post_raw(
        "/api/v1/messages?wait=forever",
        "application/json",
        r#"{"to":"71234567","text":"x"}"#,
    )
    .await
    .assert_error(400, "VALIDATION_ERROR");

    let page = api.get("/api/v1/messages").await;
    assert_eq!(page.data()["items"], json!([]), "nothing was stored");
}

#[tokio::test]
async fn idempotency_key_repeats_return_the_original() {
    let api = api().await;
    let send = |text: &str, key: &str| {
        api.call(
            request(Method::POST, "/api/v1/messages")
                .header("content-type", "application/json")
                .header("idempotency-key", key)
                .body(Body::from(
                    json!({"to": "71234567", "text": text}).to_string(),
                ))
                .unwrap(),
        )
    };
    let first = send("hola", "venta-1").await;
    assert_eq!(first.status, 202);
    let again = send("hola", "venta-1").await;
    assert_eq!(again.status, 200);
    assert_eq!(again.headers["idempotent-replayed"], "true");
    assert_eq!(again.data()["id"], first.data()["id"]);
    send("chau", "venta-1")
        .await
        .assert_error(409, "IDEMPOTENCY_CONFLICT");
    // The body field works the same way.
    let field = api
        .post_json(
            "/api/v1/messages",
            json!({"to": "71234567", "text": "hola", "idempotency_key": "venta-1"}),
        )
        .await;
    assert_eq!(field.data()["id"], first.data()["id"]);
    let page = api.get("/api/v1/messages").await;
    assert_eq!(page.data()["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn wait_sent_answers_once_the_server_has_it_or_when_time_is_up() {
    let api = api().await;
    api.engine.connect();
    let r = api
        .post_json(
            "/api/v1/messages?wait=sent",
            json!({"to": "71234567", "text": "ticket"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(r.data()["status"], "sent");

    api.engine.disconnect("test");
    let router = api.router.clone();
    let pending = tokio::spawn(async move {
        use tower::ServiceExt;
        router
            .oneshot(
                request(Method::POST, "/api/v1/messages?wait=sent&timeout_ms=3000")
                    .header("content-type", "application/json")
                    .body(Body::from(
                        json!({"to": "71234567", "text": "later"}).to_string(),
                    ))
                    .unwrap(),
            )
            .await
            .unwrap()
    });
    let t = api.clock.advance_to_next_sleeper().await;
    assert_eq!(t - T0, 3000);
    let resp = pending.await.unwrap();
    assert_eq!(resp.status(), 202);
}

#[tokio::test]
async fn cancel_and_retry_follow_the_rules() {
    let api = api().await;
    let id = api
        .post_json("/api/v1/messages", json!({"to": "71234567", "text": "x"}))
        .await
        .data()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    api.post_json(&format!("/api/v1/messages/{id}/retry"), json!({}))
        .await
        .assert_error(409, "INVALID_STATE");
    let c = api
        .post_json(&format!("/api/v1/messages/{id}/cancel"), json!({}))
        .await;
    assert_eq!(c.data()["status"], "cancelled");
    api.post_json(&format!("/api/v1/messages/{id}/cancel"), json!({}))
        .await
        .assert_error(409, "INVALID_STATE");
    api.post_json("/api/v1/messages/nope/cancel", json!({}))
        .await
        .assert_error(404, "NOT_FOUND");

    api.engine
        .fail_next(mostrador_core::engine::EngineError::new(
            mostrador_core::engine::Failure::Permanent,
            "BAD",
            "refused",
        ));
    let id = api
        .post_json("/api/v1/messages", json!({"to": "71234567", "text": "y"}))
        .await
        .data()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    api.engine.connect();
    let mut events = api.service.subscribe();
    while api.service.message(&id).await.unwrap().status != Status::Failed {
        let _ = events.recv().await;
    }
    let r = api
        .post_json(&format!("/api/v1/messages/{id}/retry"), json!({}))
        .await;
    assert_eq!(r.status, 202);
    assert_eq!(r.data()["status"], "queued");
}

#[tokio::test]
async fn the_log_searches_filters_and_pages() {
    let api = api().await;
    for n in 0..12 {
        let text = if n % 4 == 0 {
            format!("Factura {n}")
        } else {
            format!("Pedido {n} listo")
        };
        api.post_json(
            "/api/v1/messages",
            json!({"to": format!("7123456{}", n % 2), "text": text}),
        )
        .await;
    }
    let q = api.get("/api/v1/messages?q=factu").await;
    assert_eq!(q.data()["items"].as_array().unwrap().len(), 3);
    let to = api.get("/api/v1/messages?to=%2B591%2071234561").await;
    assert_eq!(to.data()["items"].as_array().unwrap().len(), 6);
    let status = api
        .get("/api/v1/messages?status=queued,failed&limit=5")
        .await;
    assert_eq!(status.data()["items"].as_array().unwrap().len(), 5);
    let cursor = status.data()["next_cursor"].as_str().unwrap().to_owned();
    let next = api
        .get(&format!(
            "/api/v1/messages?status=queued&limit=5&cursor={cursor}"
        ))
        .await;
    assert_eq!(next.data()["items"].as_array().unwrap().len(), 5);
    let last = api
        .get(&format!(
            "/api/v1/messages?limit=5&cursor={}",
            next.data()["next_cursor"].as_str().unwrap()
        ))
        .await;
    assert_eq!(last.data()["items"].as_array().unwrap().len(), 2);
    assert!(last.data().get("next_cursor").is_none());
    let dated = api
        .get("/api/v1/messages?since=2025-11-22&until=2025-11-23")
        .await;
    assert_eq!(dated.data()["items"].as_array().unwrap().len(), 12);
    let none = api.get("/api/v1/messages?since=2025-11-23").await;
    assert_eq!(none.data()["items"].as_array().unwrap().len(), 0);

    api.get("/api/v1/messages?status=lost")
        .await
        .assert_error(400, "VALIDATION_ERROR");
    api.get("/api/v1/messages?since=ayer")
        .await
        .assert_error(400, "VALIDATION_ERROR");
    api.get("/api/v1/messages?limit=0")
        .await
        .assert_error(400, "VALIDATION_ERROR");
    api.get("/api/v1/messages?limit=abc")
        .await
        .assert_error(400, "VALIDATION_ERROR");
    api.get("/api/v1/messages?cursor=zz")
        .await
        .assert_error(400, "VALIDATION_ERROR");
    api.get("/api/v1/messages?to=12")
        .await
        .assert_error(400, "INVALID_RECIPIENT");
}

#[tokio::test]
async fn an_attachment_comes_back_as_it_was_sent() {
    let api = api().await;
    let r = api
        .post_json(
            "/api/v1/messages",
            json!({"to": "71234567", "type": "document", "media": b64(PDF), "file_name": "factura.pdf"}),
        )
        .await;
    let id = r.data()["id"].as_str().unwrap().to_owned();
    let got = api.get(&format!("/api/v1/messages/{id}/media")).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.bytes, PDF);
    assert_eq!(got.headers["content-type"], "application/pdf");
    assert_eq!(got.headers["content-security-policy"], "sandbox");

    let text = api
        .post_json(
            "/api/v1/messages",
            json!({"to": "71234567", "text": "hola"}),
        )
        .await;
    let text_id = text.data()["id"].as_str().unwrap().to_owned();
    api.get(&format!("/api/v1/messages/{text_id}/media"))
        .await
        .assert_error(404, "NOT_FOUND");
    api.get("/api/v1/messages/nope/media")
        .await
        .assert_error(404, "NOT_FOUND");
}
