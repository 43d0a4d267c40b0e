//! Sending later over the API: `send_at` on `/messages` (JSON and multipart), a wrong one
//! refused with a clear 400, and `PATCH /messages/{id}` while the message waits.
#![allow(clippy::unwrap_used)]

mod support;

use axum::http::Method;
use serde_json::json;
use support::*;

/// T0 (2025-11-22T00:00:00Z) plus an hour, written as a shop in Bolivia writes it.
const IN_AN_HOUR: &str = "2025-11-21T21:00:00-04:00";

#[tokio::test]
async fn a_message_for_later_waits_scheduled_and_can_be_changed_until_it_goes() {
    let api = api().await;
    let r = api
        .post_json(
            "/api/v1/messages",
            json!({"to": "71234567", "text": "su pedido estará listo", "send_at": IN_AN_HOUR}),
        )
        .await;
    assert_eq!(r.status.as_u16(), 202, "{}", r.json);
    let m = r.data().clone();
    assert_eq!(m["status"], "scheduled");
    assert_eq!(m["send_at"], T0 + 3_600_000);
    let id = m["id"].as_str().unwrap();

    let r = api
        .patch_json(
            &format!("/api/v1/messages/{id}"),
            json!({"send_at": "2025-11-22T02:00:00Z", "text": "listo a las 22"}),
        )
        .await;
    assert_eq!(r.data()["send_at"], T0 + 7_200_000);
    assert_eq!(r.data()["content"]["text"], "listo a las 22");
    assert!(r.data()["revision"].as_u64() > m["revision"].as_u64());
    api.patch_json(&format!("/api/v1/messages/{id}"), json!({"caption": "x"}))
        .await
        .assert_error(400, "VALIDATION_ERROR");
    api.patch_json(&format!("/api/v1/messages/{id}"), json!({"when": "x"}))
        .await
        .assert_error(400, "VALIDATION_ERROR");
    api.patch_json("/api/v1/messages/nope", json!({"text": "x"}))
        .await
        .assert_error(404, "NOT_FOUND");

    let r = api
        .call(
            request(Method::POST, &format!("/api/v1/messages/{id}/cancel"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.data()["status"], "cancelled");
    api.patch_json(&format!("/api/v1/messages/{id}"), json!({"text": "otra"}))
        .await
        .assert_error(409, "INVALID_STATE");
}

#[tokio::test]
async fn a_wrong_send_at_is_a_clear_400_and_nothing_is_stored() {
    let api = api().await;
    for (send_at, says) in [
        ("2025-11-22T01:00:00", "offset"),
        ("mañana a las 8", "offset"),
        ("2025-11-21T10:00:00Z", "past"),
        ("2027-11-22T00:00:00Z", "year"),
    ] {
        let r = api
            .post_json(
                "/api/v1/messages",
                json!({"to": "71234567", "text": "x", "send_at": send_at}),
            )
            .await;
        r.assert_error(400, "VALIDATION_ERROR");
        let message = r.json["error"]["message"].as_str().unwrap();
        assert!(message.contains(says), "{send_at}: {message}");
    }
    assert_eq!(api.get("/api/v1/messages").await.data()["items"], json!([]));
}

#[tokio::test]
async fn multipart_takes_send_at_too() {
    let api = api().await;
    let (ct, body) = multipart(
        &[
            ("to", "71234567"),
            ("caption", "oferta"),
            ("send_at", IN_AN_HOUR),
        ],
        Some(("oferta.pdf", "application/pdf", b"%PDF-1.4\n%%EOF\n")),
    );
    let r = api.post_raw("/api/v1/messages", &ct, body).await;
    assert_eq!(r.data()["status"], "scheduled", "{}", r.json);
    assert_eq!(r.data()["send_at"], T0 + 3_600_000);
}
