//! Claim codes through the API: a message for whoever writes the ticket's code goes to the
//! first customer who writes it, once; the link and QR carry the code; a used or cancelled
//! code sends nothing; bad input gets a clear 4xx.
#![allow(clippy::unwrap_used)]

mod support;

use std::time::Duration;

use axum::http::StatusCode;
use mostrador_core::incoming::{Incoming, IncomingBody};
use mostrador_core::types::{Content, Event, Recipient};
use serde_json::json;
use support::{Api, api};

/// `from` writes `text` to the shop; returns once it is kept (and any claim redeemed).
async fn writes(api: &Api, from: &str, text: &str) {
    let mut events = api.service.subscribe();
    api.engine.receive(
        Incoming {
            whatsapp_id: format!("IN-{from}-{text}"),
            from: from.into(),
            group: None,
            push_name: None,
            at: support::T0,
            body: IncomingBody::Text { text: text.into() },
        },
        None,
    );
    let want = format!("+{from}");
    let kept = async {
        loop {
            if let Ok(Event::Received(r)) = events.recv().await
                && r.from == want
            {
                return;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(10), kept)
        .await
        .expect("the message was not kept");
}

/// Connects the engine and waits until the service knows the shop's number (the link needs it).
async fn linked(api: &Api) {
    let mut events = api.service.subscribe();
    api.engine.connect();
    let known = async {
        while api.service.session(None).unwrap().phone.is_none() {
            let _ = events.recv().await;
        }
    };
    tokio::time::timeout(Duration::from_secs(10), known)
        .await
        .expect("the session never became connected");
}

#[tokio::test]
async fn the_first_customer_to_write_the_code_gets_the_message_once() {
    let api = api().await;
    linked(&api).await;
    let r = api
        .post_json(
            "/api/v1/claims",
            json!({"claim": "v-1042", "text": "Su recibo: Bs 50"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.json);
    let c = r.data().clone();
    assert_eq!(c["status"], "open");
    assert_eq!(c["text"], "Ticket v-1042");
    let link = c["link"].as_str().unwrap();
    assert!(
        link.starts_with("https://wa.me/") && link.ends_with("?text=Ticket%20v-1042"),
        "{link}"
    );
    let png = api.get("/api/v1/claims/V-1042/claim.png").await;
    assert_eq!(png.headers["content-type"], "image/png");
    assert!(png.bytes.starts_with(b"\x89PNG"));
    api.post_json("/api/v1/claims", json!({"claim": "V-1042", "text": "otro"}))
        .await
        .assert_error(409, "INVALID_STATE");

    writes(&api, "59171234567", "Ticket V-1042").await;
    let sent = api.engine.wait_sent(1).await;
    assert_eq!(sent[0].to, Recipient::Phone("59171234567".into()));
    assert_eq!(
        sent[0].content,
        Content::Text {
            text: "Su recibo: Bs 50".into()
        }
    );
    let c = api.get("/api/v1/claims/V-1042").await;
    assert_eq!(c.data()["status"], "claimed");
    assert_eq!(c.data()["claimed_by"], "+59171234567");
    assert!(c.data()["message_id"].is_string());

    // Claimed once: another customer writing the same code gets nothing.
    writes(&api, "59176543210", "hola ticket v-1042").await;
    assert_eq!(api.engine.sent().len(), 1);
    api.service.shutdown().await;
}

#[tokio::test]
async fn a_cancelled_code_sends_nothing_and_bad_claims_are_refused() {
    let api = api().await;
    linked(&api).await;
    let r = api
        .post_json("/api/v1/claims", json!({"claim": "X-9", "text": "hola"}))
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.json);
    let c = api.post_json("/api/v1/claims/x-9/cancel", json!({})).await;
    assert_eq!(c.data()["status"], "cancelled");
    writes(&api, "59171234567", "X-9").await;
    assert!(api.engine.sent().is_empty());
    api.post_json("/api/v1/claims/X-9/cancel", json!({}))
        .await
        .assert_error(409, "INVALID_STATE");

    for body in [
        json!({"claim": "a b", "text": "x"}),
        json!({"claim": "V-1", "to": "71234567", "text": "x"}),
        json!({"claim": 1042, "text": "x"}),
        json!({"claim": "V-2", "text": ""}),
    ] {
        let r = api.post_json("/api/v1/claims", body.clone()).await;
        assert_eq!(r.status.as_u16(), 400, "{body}: {}", r.json);
        assert_eq!(r.json["success"], false);
    }
    api.get("/api/v1/claims/NOPE-1")
        .await
        .assert_error(404, "NOT_FOUND");
    api.service.shutdown().await;
}

#[tokio::test]
async fn without_a_code_one_is_made_up_and_an_invoice_travels_in_the_claim() {
    use base64::Engine;
    let api = api().await;
    linked(&api).await;
    // A 200 KB PDF, base64 in the JSON: far past the small-body limit of other routes.
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.resize(200 * 1024, b' ');
    let media = base64::engine::general_purpose::STANDARD.encode(&pdf);
    let r = api
        .post_json(
            "/api/v1/claims",
            json!({"type": "document", "media": media, "file_name": "factura.pdf",
                   "caption": "Su factura"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.json);
    let code = r.data()["code"].as_str().unwrap().to_owned();
    assert!(code.starts_with("T-") && code.len() == 7, "{code}");
    assert_eq!(r.data()["text"], format!("Ticket {code}"));
    let other = api
        .post_json("/api/v1/claims", json!({"text": "otro"}))
        .await;
    assert_ne!(
        other.data()["code"],
        code.as_str(),
        "two open claims, two codes"
    );

    writes(&api, "59171234567", &format!("Ticket {code}")).await;
    let sent = api.engine.wait_sent(1).await;
    assert_eq!(sent[0].to, Recipient::Phone("59171234567".into()));
    assert!(
        matches!(&sent[0].content, Content::Document { file_name, .. } if file_name == "factura.pdf"),
        "{:?}",
        sent[0].content
    );
    api.service.shutdown().await;
}
