//! What customers write, through the API: kept once, linked to what the shop last sent them,
//! listed and filtered, its attachment fetched when asked, marked seen.
#![allow(clippy::unwrap_used)]

mod support;

use std::time::Duration;

use axum::http::StatusCode;
use mostrador_core::incoming::{Incoming, IncomingBody};
use mostrador_core::types::{Event, Kind};
use serde_json::json;
use support::{Api, api};

async fn receive(api: &Api, wa_id: &str, body: IncomingBody, media: Option<Vec<u8>>) -> String {
    let mut events = api.service.subscribe();
    api.engine.receive(
        Incoming {
            whatsapp_id: wa_id.into(),
            from: "59171234567".into(),
            group: None,
            push_name: Some("Ana".into()),
            at: support::T0,
            body,
        },
        media,
    );
    let wait = async {
        loop {
            if let Ok(Event::Received(r)) = events.recv().await {
                return r.id;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(10), wait)
        .await
        .expect("the message was not kept")
}

#[tokio::test]
async fn a_reply_is_kept_once_linked_listed_fetched_and_marked_seen() {
    let api = api().await;
    api.engine.connect();
    let sent = api
        .post_json(
            "/api/v1/messages",
            json!({"to": "71234567", "text": "Su recibo"}),
        )
        .await;
    let receipt = sent.data()["id"].as_str().unwrap().to_owned();

    let id = receive(
        &api,
        "3A1",
        IncomingBody::Text {
            text: "¿A qué hora abren?".into(),
        },
        None,
    )
    .await;
    let r = api.get(&format!("/api/v1/received/{id}")).await;
    let got = r.data();
    assert_eq!(got["from"], "+59171234567");
    assert_eq!(got["push_name"], "Ana");
    assert_eq!(got["text"], "¿A qué hora abren?");
    assert_eq!(got["in_reply_to"], receipt.as_str());
    assert_eq!(got["read"], false);

    // WhatsApp delivering it again does not make two.
    api.engine.receive(
        Incoming {
            whatsapp_id: "3A1".into(),
            from: "59171234567".into(),
            group: None,
            push_name: None,
            at: support::T0,
            body: IncomingBody::Text {
                text: "¿A qué hora abren?".into(),
            },
        },
        None,
    );
    let pdf = b"%PDF-1.4 pedido".to_vec();
    let doc = receive(
        &api,
        "3A2",
        IncomingBody::Media {
            kind: Kind::Document,
            caption: Some("mi pedido".into()),
            file_name: Some("pedido.pdf".into()),
            mime_type: "application/pdf".into(),
            size: pdf.len() as u64,
            handle: "h-pedido".into(),
        },
        Some(pdf.clone()),
    )
    .await;
    let list = api.get("/api/v1/received?from=%2B591%207123%204567").await;
    let items = list.data()["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 2, "{}", list.json);
    assert_eq!(items[0]["id"], doc.as_str(), "newest first");
    let replies = api
        .get(&format!("/api/v1/messages/{receipt}/replies"))
        .await;
    assert_eq!(replies.data()["items"].as_array().unwrap().len(), 2);

    let media = api.get(&format!("/api/v1/received/{doc}/media")).await;
    assert_eq!(media.status, StatusCode::OK);
    assert_eq!(media.headers["content-type"], "application/pdf");
    assert_eq!(media.bytes, pdf);
    api.get(&format!("/api/v1/received/{id}/media"))
        .await
        .assert_error(404, "NOT_FOUND");

    assert_eq!(api.get("/api/v1/received/unread").await.data()["unread"], 2);
    // Seen: that one and the earlier ones from the same customer.
    let seen = api
        .post_json(&format!("/api/v1/received/{doc}/read"), json!({}))
        .await;
    assert_eq!(seen.data()["read"], true);
    let unread = api.get("/api/v1/received?unread=true").await;
    assert_eq!(unread.data()["items"], json!([]));
    assert_eq!(api.get("/api/v1/received/unread").await.data()["unread"], 0);
    api.get("/api/v1/received?from=abc")
        .await
        .assert_error(400, "INVALID_RECIPIENT");
    api.get("/api/v1/received/in_nope")
        .await
        .assert_error(404, "NOT_FOUND");
    api.service.shutdown().await;
}
