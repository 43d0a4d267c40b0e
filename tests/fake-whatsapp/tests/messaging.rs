#![allow(clippy::unwrap_used)]
//! End to end with the real client: 1:1 messages to fake contacts are decrypted by the
//! contact's own Signal stores, acked by the server (`Event::ServerAck`) and answered with
//! receipts (`Event::Receipt`); numbers not on WhatsApp are reported as such and get nothing.

mod chat;
mod common;

use std::sync::Arc;
use std::time::Duration;

use chat::{collect_until, linked_client};
use common::{PATIENCE, init_logs};
use fake_whatsapp::{AckPolicy, FakeNetwork, MessageKind, ReceiptKind};
use whatsapp_rust::Jid;
use whatsapp_rust::SendOptions;
use whatsapp_rust::prelude::{Event, MessageField, wa};
use whatsapp_rust::types::presence::ReceiptType;

fn acked(events: &[Arc<Event>], id: &str) -> bool {
    events.iter().any(|e| {
        matches!(&**e, Event::ServerAck(a)
            if a.id == id && a.class.as_deref() == Some("message") && a.error.is_none())
    })
}

fn receipted(events: &[Arc<Event>], id: &str, kind: &ReceiptType) -> bool {
    events.iter().any(|e| {
        matches!(&**e, Event::Receipt(r) if r.r#type == *kind && r.message_ids.iter().any(|m| m == id))
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn texts_locations_cards_and_polls_reach_the_contact() {
    init_logs();
    let net = FakeNetwork::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (handle, mut events) = linked_client(&net, &dir.path().join("wa.db")).await;
    let client = handle.client();
    let ana = net.add_contact("+59171234567").unwrap();

    // Text.
    let text = client
        .send_message(
            ana.jid.clone(),
            wa::Message {
                conversation: Some("Hola Ana, tu pedido está listo".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    // Location.
    let location = client
        .send_message(
            ana.jid.clone(),
            wa::Message {
                location_message: MessageField::some(wa::message::LocationMessage {
                    degrees_latitude: Some(-16.5),
                    degrees_longitude: Some(-68.15),
                    name: Some("Tienda Demo".into()),
                    address: Some("Av. Arce 123, La Paz".into()),
                    ..Default::default()
                }),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    // Contact card.
    let vcard = "BEGIN:VCARD\nVERSION:3.0\nFN:Soporte\nTEL;type=CELL:+59170000002\nEND:VCARD";
    let card = client
        .send_message(
            ana.jid.clone(),
            wa::Message {
                contact_message: MessageField::some(wa::message::ContactMessage {
                    display_name: Some("Soporte".into()),
                    vcard: Some(vcard.into()),
                    ..Default::default()
                }),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    // Poll (single choice, as `polls().create` builds it).
    let options = ["Mañana".to_string(), "Tarde".to_string()];
    let (poll, _secret) = client
        .polls()
        .create(ana.jid.clone(), "¿Cuándo pasas a recoger?", &options, 1)
        .await
        .unwrap();

    let got = net.wait_received(&ana.phone, 4, PATIENCE).await.unwrap();
    assert_eq!(got.len(), 4, "{got:#?}");
    let by_id = |id: &str| got.iter().find(|r| r.id == id).unwrap();

    let r = by_id(&text.message_id);
    assert_eq!(r.kind, MessageKind::Text);
    assert_eq!(r.text.as_deref(), Some("Hola Ana, tu pedido está listo"));
    assert_eq!(r.to, ana.jid);
    assert_eq!(r.from.user, net.phone_number());
    assert_eq!(r.group, None);

    let r = by_id(&location.message_id);
    assert_eq!(r.kind, MessageKind::Location);
    assert_eq!((r.latitude, r.longitude), (Some(-16.5), Some(-68.15)));
    assert_eq!(r.name.as_deref(), Some("Tienda Demo"));
    assert_eq!(r.address.as_deref(), Some("Av. Arce 123, La Paz"));

    let r = by_id(&card.message_id);
    assert_eq!(r.kind, MessageKind::Contact);
    assert_eq!(r.display_name.as_deref(), Some("Soporte"));
    assert_eq!(r.vcard.as_deref(), Some(vcard));

    let r = by_id(&poll.message_id);
    assert_eq!(r.kind, MessageKind::Poll);
    assert_eq!(r.poll_question.as_deref(), Some("¿Cuándo pasas a recoger?"));
    assert_eq!(r.poll_options, options);
    assert_eq!(r.poll_selectable, Some(1));

    // The server acked every send, and Ana's phone confirmed delivery by itself.
    let ids = [&text, &location, &card, &poll].map(|s| s.message_id.clone());
    collect_until(&mut events, "acks and delivery receipts", |seen| {
        ids.iter()
            .all(|id| acked(seen, id) && receipted(seen, id, &ReceiptType::Delivered))
    })
    .await;

    // Ana reads the text: the shop sees it read.
    net.send_receipt(&ana.phone, &text.message_id, ReceiptKind::Read)
        .unwrap();
    collect_until(&mut events, "read receipt", |seen| {
        receipted(seen, &text.message_id, &ReceiptType::Read)
    })
    .await;

    // The shop's own phone decrypted its copies; they are not Ana's.
    let copies = net.own_copies();
    assert!(
        copies.iter().any(|c| c.id == text.message_id
            && c.text.as_deref() == Some("Hola Ana, tu pedido está listo")),
        "the phone's copy: {copies:#?}"
    );
    assert_eq!(net.received(&ana.phone).len(), 4);

    handle.shutdown().await;
    net.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resend_with_the_same_id_is_one_message_and_unknown_numbers_get_nothing() {
    init_logs();
    let net = FakeNetwork::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (handle, mut events) = linked_client(&net, &dir.path().join("wa.db")).await;
    let client = handle.client();
    let beto = net.add_contact("59172222222").unwrap();
    net.set_auto_receipts(Some(&beto.phone), true, true);
    let stranger = Jid::pn("59179999999");

    let answers = client
        .contacts()
        .is_on_whatsapp(&[beto.jid.clone(), stranger.clone()])
        .await
        .unwrap();
    let registered = |jid: &Jid| {
        answers
            .iter()
            .find(|a| a.jid.user == jid.user)
            .map(|a| (a.is_registered, a.is_business))
    };
    assert_eq!(registered(&beto.jid), Some((true, false)), "{answers:#?}");
    assert_eq!(registered(&stranger), Some((false, false)), "{answers:#?}");

    // The same message id twice (a retry after a crash, say): delivered twice, one message.
    let id = client.generate_message_id();
    let msg = || wa::Message {
        conversation: Some("Su factura".into()),
        ..Default::default()
    };
    for _ in 0..2 {
        client
            .send_message_with_options(
                beto.jid.clone(),
                msg(),
                SendOptions::default().with_message_id(id.clone()),
            )
            .await
            .unwrap();
    }
    collect_until(&mut events, "delivered and read", |seen| {
        acked(seen, &id)
            && receipted(seen, &id, &ReceiptType::Delivered)
            && receipted(seen, &id, &ReceiptType::Read)
    })
    .await;
    // Waiting on a later message keeps the check free of sleeps: the worker is in order.
    let later = client.send_text(beto.jid.clone(), "fin").await.unwrap();
    let got = net.wait_received(&beto.phone, 2, PATIENCE).await.unwrap();
    assert_eq!(got.iter().filter(|r| r.id == id).count(), 1, "{got:#?}");
    assert_eq!(net.delivery_count(&beto.phone, &id), 2);
    assert_eq!(got[1].id, later.message_id);

    // Nobody has the stranger's number on WhatsApp: the send goes nowhere.
    let lost = client.send_text(stranger.clone(), "¿hola?").await;
    let after = client.send_text(beto.jid.clone(), "después").await.unwrap();
    net.wait_received(&beto.phone, 3, PATIENCE).await.unwrap();
    assert!(net.received(&stranger.user).is_empty());
    if let Ok(lost) = lost {
        let everywhere = net
            .contacts()
            .iter()
            .flat_map(|c| net.received(&c.phone))
            .filter(|r| r.id == lost.message_id)
            .count();
        assert_eq!(everywhere, 0);
    }
    assert_eq!(net.received(&beto.phone)[2].id, after.message_id);

    handle.shutdown().await;
    net.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nacked_message_is_not_delivered_and_a_delayed_ack_comes_after_delivery() {
    init_logs();
    let net = FakeNetwork::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (handle, mut events) = linked_client(&net, &dir.path().join("wa.db")).await;
    let client = handle.client();
    let dani = net.add_contact("59176666666").unwrap();

    // The server refuses the first message: the send still resolves, the ack carries the code.
    net.ack_next_message(AckPolicy::Nack(503));
    let refused = client
        .send_text(dani.jid.clone(), "no llega")
        .await
        .unwrap();
    collect_until(&mut events, "the nack", |seen| {
        seen.iter().any(|e| {
            matches!(&**e, Event::ServerAck(a)
                if a.id == refused.message_id && a.error.as_deref() == Some("503"))
        })
    })
    .await;

    // The next one is delivered at once but acked only later.
    net.ack_next_message(AckPolicy::Delay(Duration::from_millis(300)));
    let late = client.send_text(dani.jid.clone(), "llega").await.unwrap();
    let seen = collect_until(&mut events, "delivery, then the late ack", |seen| {
        acked(seen, &late.message_id)
    })
    .await;
    let position = |want: &dyn Fn(&Event) -> bool| seen.iter().position(|e| want(e)).unwrap();
    let delivered =
        position(&|e| matches!(e, Event::Receipt(r) if r.message_ids.contains(&late.message_id)));
    let ack = position(&|e| matches!(e, Event::ServerAck(a) if a.id == late.message_id));
    assert!(
        delivered < ack,
        "the receipt should precede the delayed ack: {seen:#?}"
    );

    let got = net.received(&dani.phone);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].id, late.message_id);
    assert_eq!(net.delivery_count(&dani.phone, &refused.message_id), 0);

    handle.shutdown().await;
    net.shutdown().await;
}
