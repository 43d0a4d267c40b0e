//! Session, QR, groups, contacts and the API's own documentation.
#![allow(clippy::unwrap_used)]

mod support;

use base64::Engine;
use mostrador_core::types::{Event, Group, SessionState};
use serde_json::json;
use support::*;

async fn wait_state(api: &Api, state: SessionState) {
    let mut rx = api.service.subscribe();
    while api.service.session(None).unwrap().state != state {
        let _ = rx.recv().await;
    }
}

async fn wait_qr(api: &Api) {
    let mut rx = api.service.subscribe();
    while api.service.qr(None).is_err() {
        if let Ok(Event::Qr(_)) = rx.recv().await {
            continue;
        }
    }
}

#[tokio::test]
async fn pairing_qr_as_json_and_png() {
    let api = api().await;
    api.get("/api/v1/session/qr")
        .await
        .assert_error(409, "NO_QR");
    api.get("/api/v1/session/qr.png")
        .await
        .assert_error(409, "NO_QR");
    api.engine.show_qr("2@abc,def,ghi,1", T0 + 60_000);
    wait_qr(&api).await;
    let r = api.get("/api/v1/session").await;
    assert_eq!(r.data()["state"], "pairing");
    let qr = api.get("/api/v1/session/qr").await;
    assert_eq!(qr.data()["code"], "2@abc,def,ghi,1");
    assert_eq!(qr.data()["expires_at"], T0 + 60_000);
    let png = base64::engine::general_purpose::STANDARD
        .decode(qr.data()["png_base64"].as_str().unwrap())
        .unwrap();
    assert_eq!(&png[..4], b"\x89PNG");
    let img = api.get("/api/v1/session/qr.png").await;
    assert_eq!(img.headers["content-type"], "image/png");
    assert_eq!(img.bytes, png);
}

#[tokio::test]
async fn groups_contacts_and_logout_need_a_connection() {
    let api = api().await;
    api.get("/api/v1/groups")
        .await
        .assert_error(503, "NOT_CONNECTED");
    api.post_json("/api/v1/contacts/check", json!({"phones": ["71234567"]}))
        .await
        .assert_error(503, "NOT_CONNECTED");
    api.engine.set_groups(vec![Group {
        jid: "1203@g.us".into(),
        name: "Personal".into(),
        participants: 5,
    }]);
    api.engine.register(&["59171234567"]);
    api.engine.connect();
    wait_state(&api, SessionState::Connected).await;
    let s = api.get("/api/v1/session").await;
    assert_eq!(
        (s.data()["state"].as_str(), s.data()["phone"].as_str()),
        (Some("connected"), Some("+59170000001"))
    );
    assert_eq!(
        s.data()["actions"],
        json!(["logout"]),
        "the service says what applies"
    );
    let g = api.get("/api/v1/groups?refresh=true").await;
    assert_eq!(
        g.data(),
        &json!([{"jid": "1203@g.us", "name": "Personal", "participants": 5}])
    );
    api.get("/api/v1/groups?refresh=maybe")
        .await
        .assert_error(400, "VALIDATION_ERROR");
    let c = api
        .post_json(
            "/api/v1/contacts/check",
            json!({"phones": ["7123-4567", "72222222", "x"]}),
        )
        .await;
    let d = c.data();
    assert_eq!(
        (d[0]["phone"].as_str(), d[0]["registered"].as_bool()),
        (Some("+59171234567"), Some(true))
    );
    assert_eq!(d[1]["registered"], false);
    assert!(d[2]["error"].is_string());
    api.post_json("/api/v1/contacts/check", json!({"phones": []}))
        .await
        .assert_error(400, "VALIDATION_ERROR");
    api.post_json("/api/v1/contacts/check", json!({"phone": "71234567"}))
        .await
        .assert_error(400, "VALIDATION_ERROR");
    let out = api.post_json("/api/v1/session/logout", json!({})).await;
    assert_eq!(out.status, 200);
    wait_state(&api, SessionState::LoggedOut).await;
    let s = api.get("/api/v1/session").await;
    assert_eq!(s.data()["reason"]["code"], "unlinked_by_app", "{}", s.json);
    assert_eq!(s.data()["actions"], json!(["relink"]));
}

#[tokio::test]
async fn linking_by_phone_number_returns_a_code() {
    let api = api().await;
    let r = api
        .post_json("/api/v1/session/pair-code", json!({"phone": "7000-0001"}))
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(
        r.data()["code"],
        "MSTR1000",
        "the engine was asked with E.164 digits"
    );
    api.post_json("/api/v1/session/pair-code", json!({"phone": "12"}))
        .await
        .assert_error(400, "INVALID_RECIPIENT");
    api.post_json("/api/v1/session/pair-code", json!({}))
        .await
        .assert_error(400, "VALIDATION_ERROR");
    let r = api.post_json("/api/v1/session/relink", json!({})).await;
    assert_eq!(r.status, 202);
    api.engine.connect();
    wait_state(&api, SessionState::Connected).await;
    api.post_json("/api/v1/session/relink", json!({}))
        .await
        .assert_error(409, "INVALID_STATE");
    api.post_json("/api/v1/session/pair-code", json!({"phone": "70000001"}))
        .await
        .assert_error(409, "INVALID_STATE");
}

#[tokio::test]
async fn the_api_describes_itself() {
    let api = api().await;
    let doc = api.get("/api/v1/openapi.json").await;
    assert_eq!(doc.status, 200);
    assert!(doc.json["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/messages",
        "/api/v1/messages/{id}",
        "/api/v1/session/qr",
        "/api/v1/events",
        "/api/v1/contacts/check",
    ] {
        assert!(doc.json["paths"].get(path).is_some(), "{path} documented");
    }
    for schema in ["SendRequest", "SessionInfo", "ReasonCode", "SessionAction"] {
        assert!(
            doc.json["components"]["schemas"].get(schema).is_some(),
            "schema {schema}"
        );
    }
    // The closed lists, so a client can switch on them.
    let codes = &doc.json["components"]["schemas"]["ReasonCode"]["enum"];
    assert!(
        codes
            .as_array()
            .unwrap()
            .contains(&json!("unlinked_by_phone")),
        "{codes}"
    );
    assert!(
        doc.json["components"]["securitySchemes"]
            .get("api_key")
            .is_some()
    );
    // Every error code is listed, and an error's `code` is one of them.
    let codes = &doc.json["components"]["schemas"]["Code"]["enum"];
    for code in ["VALIDATION_ERROR", "INVALID_BASE64", "BUSY", "RATE_LIMITED"] {
        assert!(codes.as_array().unwrap().contains(&json!(code)), "{codes}");
    }
    assert_eq!(
        doc.json["components"]["schemas"]["ErrorBody"]["properties"]["code"]["$ref"],
        "#/components/schemas/Code"
    );
    let page = api.get("/api/v1/docs").await;
    assert_eq!(page.status, 200);
    let html = String::from_utf8(page.bytes).unwrap();
    assert!(
        html.contains("openapi.json") && !html.contains("https://"),
        "self-contained page"
    );
}
