//! `/profiles` and `profile` on what sends: two numbers at once, each answering for itself.
#![allow(clippy::unwrap_used)]

mod support;

use mostrador_core::types::Event;
use serde_json::json;
use support::api;

#[tokio::test]
async fn profiles_are_listed_added_renamed_and_removed_with_clear_errors() {
    let a = api().await;
    let list = a.get("/api/v1/profiles").await;
    assert_eq!(list.data().as_array().unwrap().len(), 1);
    assert_eq!(list.data()[0]["id"], "default");
    assert_eq!(list.data()[0]["default"], true);

    let made = a
        .post_json(
            "/api/v1/profiles",
            json!({"name": "Entregas", "color": "#2E7D32"}),
        )
        .await;
    assert_eq!(made.status.as_u16(), 201, "{}", made.json);
    assert_eq!(made.data()["id"], "p2");
    assert_eq!(made.data()["color"], "#2e7d32");
    assert_eq!(made.data()["session"]["profile"], "p2");

    a.post_json("/api/v1/profiles", json!({"name": "entregas"}))
        .await
        .assert_error(409, "INVALID_STATE");
    a.post_json("/api/v1/profiles", json!({"name": ""}))
        .await
        .assert_error(400, "VALIDATION_ERROR");
    a.post_json("/api/v1/profiles", json!({"name": "X", "colour": "red"}))
        .await
        .assert_error(400, "VALIDATION_ERROR");
    a.get("/api/v1/profiles/nadie")
        .await
        .assert_error(404, "NOT_FOUND");

    let renamed = a
        .patch_json(
            "/api/v1/profiles/Entregas",
            json!({"name": "Sucursal Norte"}),
        )
        .await;
    assert_eq!(renamed.data()["name"], "Sucursal Norte");
    assert_eq!(
        a.get("/api/v1/profiles/sucursal%20norte").await.data()["id"],
        "p2"
    );

    a.delete("/api/v1/profiles/default")
        .await
        .assert_error(409, "INVALID_STATE");
    let removed = a.delete("/api/v1/profiles/p2").await;
    assert_eq!(removed.data(), &json!({"id": "p2", "cancelled": 0}));
    a.get("/api/v1/profiles/p2")
        .await
        .assert_error(404, "NOT_FOUND");
    assert_eq!(a.engines.wiped(), vec!["p2".to_owned()]);
}

#[tokio::test]
async fn each_number_sends_its_own_and_answers_for_its_own_session() {
    let a = api().await;
    a.engine.connect();
    a.post_json("/api/v1/profiles", json!({"name": "Entregas"}))
        .await;
    let p2 = a.engines.engine("p2").await;
    let mut events = a.service.subscribe();
    p2.show_qr("2@p2,qr", i64::MAX);
    tokio::time::timeout(std::time::Duration::from_secs(10), async {
        while !matches!(events.recv().await, Ok(Event::Qr(q)) if q.profile == "p2") {}
    })
    .await
    .unwrap();

    // The second number's QR and session, by id or by `?profile=` on the session routes.
    let qr = a.get("/api/v1/profiles/p2/qr").await;
    assert_eq!(qr.data()["code"], "2@p2,qr", "{}", qr.json);
    assert_eq!(
        a.get("/api/v1/session/qr?profile=Entregas").await.data()["code"],
        "2@p2,qr"
    );
    a.get("/api/v1/session/qr").await.assert_error(409, "NO_QR");
    let png = a.get("/api/v1/profiles/p2/qr.png").await;
    assert_eq!(&png.bytes[1..4], b"PNG");
    a.get("/api/v1/session?profile=nadie")
        .await
        .assert_error(404, "NOT_FOUND");

    p2.connect();
    let sent = a
        .post_json(
            "/api/v1/messages",
            json!({"to": "71234567", "text": "en camino", "profile": "Entregas"}),
        )
        .await;
    assert_eq!(sent.status.as_u16(), 202, "{}", sent.json);
    assert_eq!(sent.data()["profile"], "p2");
    let wa = sent.data()["whatsapp_id"].as_str().unwrap().to_owned();
    assert_eq!(p2.wait_sent(1).await[0].whatsapp_id, wa);
    a.post_json(
        "/api/v1/messages",
        json!({"to": "71234567", "text": "x", "profile": "nadie"}),
    )
    .await
    .assert_error(404, "NOT_FOUND");

    let main = a
        .post_json(
            "/api/v1/messages",
            json!({"to": "71234567", "text": "recibo"}),
        )
        .await;
    assert_eq!(main.data()["profile"], "default");
    a.engine.wait_sent(1).await;
    assert_eq!(
        p2.sent().len(),
        1,
        "the main number's message went from the main number"
    );

    let log = a.get("/api/v1/messages?profile=p2").await;
    let items = log.data()["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["profile"], "p2");

    // Offline on purpose, then back.
    let off = a
        .post_json("/api/v1/profiles/p2/disconnect", json!({}))
        .await;
    assert_eq!(off.status.as_u16(), 202, "{}", off.json);
    a.post_json("/api/v1/profiles/default/connect", json!({}))
        .await
        .assert_error(409, "INVALID_STATE");

    // A broadcast from one number; its template may not name another.
    let batch = a
        .post_json(
            "/api/v1/batches",
            json!({"name": "promo", "profile": "p2", "template": {"text": "hola"},
                   "recipients": [{"to": "71234568"}]}),
        )
        .await;
    assert_eq!(batch.status.as_u16(), 202, "{}", batch.json);
    assert_eq!(batch.data()["batch"]["profile"], "p2");
    a.post_json(
        "/api/v1/batches",
        json!({"name": "promo", "template": {"text": "hola", "profile": "p2"},
               "recipients": [{"to": "71234568"}]}),
    )
    .await
    .assert_error(400, "VALIDATION_ERROR");
}
