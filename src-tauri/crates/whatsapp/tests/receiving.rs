//! Customers writing to the shop, through the real engine against the fake network: what they
//! write is reported as `Received` with its sender, name and content; an attachment downloads
//! to exactly the bytes sent; what arrives while the shop is away comes at its next login; and
//! a first message WhatsApp refuses (error 463, the reach-out limit) waits until the customer
//! writes, then goes with the privacy token the customer gave.
#![allow(clippy::unwrap_used)]

mod support;

use fake_whatsapp::{FakeMediaKind, FakeMessage, FakeNetwork, NetEvent};
use mostrador_core::clock::{Clock, SystemClock};
use mostrador_core::engine::Messenger;
use mostrador_core::incoming::{Incoming, IncomingBody};
use mostrador_core::types::{Kind, Status};
use mostrador_core::{Draft, DraftBody};
use support::*;
use tokio::sync::broadcast;

const CUSTOMER: &str = "59171234567";
const JPG: &[u8] =
    b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0 not really a photo \xff\xd9";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n";

/// Waits for the first network event `pick` accepts.
async fn net_event<T>(
    events: &mut broadcast::Receiver<NetEvent>,
    mut pick: impl FnMut(&NetEvent) -> Option<T>,
) -> T {
    tokio::time::timeout(PATIENCE, async {
        loop {
            match events.recv().await {
                Ok(e) => {
                    if let Some(t) = pick(&e) {
                        return t;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(e) => panic!("network events ended: {e}"),
            }
        }
    })
    .await
    .expect("the awaited network event came in time")
}

fn media_of(incoming: &Incoming) -> (Kind, Option<&str>, Option<&str>, &str, u64, &str) {
    match &incoming.body {
        IncomingBody::Media {
            kind,
            caption,
            file_name,
            mime_type,
            size,
            handle,
        } => (
            *kind,
            caption.as_deref(),
            file_name.as_deref(),
            mime_type.as_str(),
            *size,
            handle.as_str(),
        ),
        other => panic!("not media: {other:?}"),
    }
}

fn text_draft(text: &str) -> Draft {
    Draft {
        to: CUSTOMER.into(),
        body: DraftBody::Text { text: text.into() },
        idempotency_key: None,
        send_at: None,
        profile: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customers_text_and_attachments_are_reported_and_download_exactly() {
    let net = FakeNetwork::start().await.unwrap();
    net.add_contact(CUSTOMER).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &net.ws_url()).await;
    app.pair(&net).await;
    let mut events = net.subscribe();

    let before = SystemClock.now_ms();
    let hello = FakeMessage::text("Hola, ¿tienen pan integral?").from_name("Ana Pérez");
    let text_id = net.contact_writes(CUSTOMER, hello).await.unwrap();
    let got = app.next_received().await;
    assert_eq!(got.whatsapp_id, text_id);
    assert_eq!(got.from, CUSTOMER);
    assert_eq!(got.group, None);
    assert_eq!(got.push_name.as_deref(), Some("Ana Pérez"));
    assert_eq!(
        got.body,
        IncomingBody::Text {
            text: "Hola, ¿tienen pan integral?".into()
        }
    );
    // The server stamps whole seconds.
    assert!(
        (before - 1_000..=SystemClock.now_ms()).contains(&got.at),
        "{}",
        got.at
    );
    // The shop's device took it with a receipt (`inactive`: a companion nobody looks at),
    // not a `retry` asking for it again because it could not decrypt it.
    let kind = net_event(&mut events, |e| match e {
        NetEvent::ShopReceipt { id, kind, .. } if *id == text_id => Some(kind.clone()),
        _ => None,
    })
    .await;
    assert_ne!(kind.as_deref(), Some("retry"));

    let photo = FakeMessage::media(FakeMediaKind::Image, "image/jpeg", JPG.to_vec())
        .caption("¿Lo tienen en azul?");
    let photo_id = net.contact_writes(CUSTOMER, photo).await.unwrap();
    let got = app.next_received().await;
    assert_eq!(got.whatsapp_id, photo_id);
    let (kind, caption, file_name, mime, size, handle) = media_of(&got);
    assert_eq!(
        (kind, caption, file_name, mime, size),
        (
            Kind::Image,
            Some("¿Lo tienen en azul?"),
            None,
            "image/jpeg",
            JPG.len() as u64
        )
    );
    assert_eq!(app.engine.download(handle, 1 << 20).await.unwrap(), JPG);
    let refused = app.engine.download(handle, 8).await.unwrap_err();
    assert_eq!(refused.code, "MEDIA_TOO_LARGE");

    let order = FakeMessage::media(FakeMediaKind::Document, "application/pdf", PDF.to_vec())
        .file_name("pedido-12.pdf")
        .caption("Mi pedido");
    net.contact_writes(CUSTOMER, order).await.unwrap();
    let got = app.next_received().await;
    let (kind, caption, file_name, mime, _, handle) = media_of(&got);
    assert_eq!(
        (kind, caption, file_name, mime),
        (
            Kind::Document,
            Some("Mi pedido"),
            Some("pedido-12.pdf"),
            "application/pdf"
        )
    );
    assert_eq!(app.engine.download(handle, 1 << 20).await.unwrap(), PDF);

    app.stop().await;
    net.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_written_while_the_shop_is_away_arrives_at_its_next_login() {
    let net = FakeNetwork::start().await.unwrap();
    net.add_contact(CUSTOMER).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &net.ws_url()).await;
    app.pair(&net).await;
    app.stop().await;

    let mut events = net.subscribe();
    let id = net
        .contact_writes(CUSTOMER, FakeMessage::text("¿Abren mañana?"))
        .await
        .unwrap();
    let (live, queued) = net_event(&mut events, |e| match e {
        NetEvent::ContactWrote {
            id: wrote,
            live,
            queued,
            ..
        } if *wrote == id => Some((*live, *queued)),
        _ => None,
    })
    .await;
    assert_eq!((live, queued), (0, 1), "nobody was connected to take it");

    let mut app = start_app(dir.path(), &net.ws_url()).await;
    let got = app.next_received().await;
    assert_eq!(got.whatsapp_id, id);
    assert_eq!(
        got.body,
        IncomingBody::Text {
            text: "¿Abren mañana?".into()
        }
    );
    app.stop().await;
    net.shutdown().await;
}

/// Waits until the message's status is one `pick` accepts (statuses after a held message
/// are not "forward" of `waiting` by rank, so `until_status` cannot tell).
async fn until_status_is(
    app: &mut App,
    id: &str,
    pick: impl Fn(Status) -> bool,
) -> mostrador_core::types::Message {
    tokio::time::timeout(PATIENCE, async {
        loop {
            let m = app.service.message(id).await.unwrap();
            if pick(m.status) {
                return m;
            }
            let id = id.to_owned();
            app.next(move |e| {
                matches!(e, mostrador_core::types::Event::Message(u) if u.id == id).then_some(())
            })
            .await;
        }
    })
    .await
    .expect("the message reached the status in time")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reach_out_limit_holds_a_first_message_until_the_customer_writes() {
    let net = FakeNetwork::start().await.unwrap();
    net.add_contact(CUSTOMER).unwrap();
    net.set_reach_out_limit(true);
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &net.ws_url()).await;
    app.pair(&net).await;

    let first = app
        .service
        .send(text_draft("Hola, le escribimos de la tienda"))
        .await
        .unwrap()
        .message;
    // The engine reports the nack as NACK_463; the core holds the message for the customer.
    let held = app.until_status(&first.id, Status::Waiting).await;
    assert_eq!(held.error.unwrap().code, "REACH_OUT_LIMIT");
    assert!(
        net.received(CUSTOMER).is_empty(),
        "refused means not delivered"
    );

    let id = net
        .contact_writes(CUSTOMER, FakeMessage::text("Hola, quiero hacer un pedido"))
        .await
        .unwrap();
    assert_eq!(app.next_received().await.whatsapp_id, id);
    // The customer's message releases the held one, same WhatsApp id, now carrying the
    // privacy token the customer gave: accepted and delivered.
    let sent = until_status_is(&mut app, &first.id, |s| {
        matches!(s, Status::Sent | Status::Delivered | Status::Read)
    })
    .await;
    assert_eq!(sent.whatsapp_id, first.whatsapp_id);
    let got = net.wait_received(CUSTOMER, 1, PATIENCE).await.unwrap();
    assert_eq!(got[0].id, first.whatsapp_id);
    assert_eq!(
        got[0].text.as_deref(),
        Some("Hola, le escribimos de la tienda")
    );
    assert!(net.gave_privacy_token(CUSTOMER));

    let reply = app
        .service
        .send(text_draft("¡Claro! ¿Qué desea?"))
        .await
        .unwrap()
        .message;
    app.until_status(&reply.id, Status::Sent).await;
    let got = net.wait_received(CUSTOMER, 2, PATIENCE).await.unwrap();
    assert_eq!(got[1].id, reply.whatsapp_id);
    assert_eq!(got[1].text.as_deref(), Some("¡Claro! ¿Qué desea?"));
    app.stop().await;
    net.shutdown().await;
}
