//! Contacts writing to the shop through the admin API, read by a real client: text, an image
//! the client downloads, bad requests refused, and the reach-out switch making the server nack
//! a stranger with 463.
#![allow(clippy::unwrap_used)]

mod common;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use common::admin_http::post;
use common::{client_event, init_logs, pair_and_connect};
use fake_whatsapp::FakeNetwork;
use serde_json::json;
use whatsapp_rust::prelude::{Event, wa};

#[tokio::test]
async fn contacts_write_to_the_shop_and_the_reach_out_limit_refuses_strangers() {
    init_logs();
    let net = FakeNetwork::start().await.unwrap();
    let base = net.admin_url();
    let dir = tempfile::tempdir().unwrap();
    let (client, mut events, _) = pair_and_connect(&net, &dir.path().join("wa.db")).await;
    post(&base, "/admin/contacts", json!({"phone": "59171234567"})).await;
    let (_, stranger) = post(&base, "/admin/contacts", json!({"phone": "59172222222"})).await;

    let hello = json!({"text": "Hola", "push_name": "Ana"});
    let (status, sent) = post(&base, "/admin/contacts/59171234567/send", hello).await;
    assert_eq!(status, 200, "{sent}");
    let id = sent["id"].as_str().unwrap().to_owned();
    let (got, _) = client_event(&mut events, "the text", |e| {
        e.messages().any(|m| m.info.id == id)
    })
    .await;
    let text = got.messages().find(|m| m.info.id == id).unwrap();
    assert_eq!(text.message.conversation.as_deref(), Some("Hola"));
    assert_eq!(text.info.push_name, "Ana");
    assert_eq!(text.info.source.sender.user, "59171234567");

    let photo = b"\xff\xd8\xff\xe0 a photo".to_vec();
    let media = json!({"media": {"kind": "image", "mime_type": "image/jpeg",
        "caption": "Este", "base64": STANDARD.encode(&photo)}});
    let (_, sent) = post(&base, "/admin/contacts/59171234567/send", media).await;
    let id = sent["id"].as_str().unwrap().to_owned();
    let (got, _) = client_event(&mut events, "the photo", |e| {
        e.messages().any(|m| m.info.id == id)
    })
    .await;
    let image = got.messages().find(|m| m.info.id == id).unwrap();
    let image = image.message.image_message.as_option().unwrap();
    assert_eq!(image.caption.as_deref(), Some("Este"));
    assert_eq!(client.client().download(image).await.unwrap(), photo);

    let neither = post(&base, "/admin/contacts/59171234567/send", json!({})).await;
    assert_eq!(neither.0, 400);
    let nobody = post(
        &base,
        "/admin/contacts/59170000009/send",
        json!({"text": "x"}),
    )
    .await;
    assert_ne!(nobody.0, 200);

    let on = post(&base, "/admin/faults/reach-out", json!({"on": true})).await;
    assert_eq!(on.0, 200);
    let to: whatsapp_rust::Jid = stranger["jid"].as_str().unwrap().parse().unwrap();
    let text = wa::Message {
        conversation: Some("¿Le interesa una oferta?".into()),
        ..Default::default()
    };
    let refused = client.client().send_message(to, text).await.unwrap();
    client_event(&mut events, "the 463 nack", |e| {
        matches!(e, Event::ServerAck(a)
            if a.id == refused.message_id && a.error.as_deref() == Some("463"))
    })
    .await;
    assert!(net.received("59172222222").is_empty());

    client.shutdown().await;
    net.shutdown().await;
}
