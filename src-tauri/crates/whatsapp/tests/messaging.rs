//! Sending through the real core and engine: every content kind reaches the fake recipient
//! exactly as sent (decrypted with its own Signal keys); receipts drive the log; a number
//! without WhatsApp fails fast with nothing sent; groups get text and documents.
#![allow(clippy::unwrap_used)]

mod support;

use fake_whatsapp::{FakeNetwork, MessageKind};
use mostrador_core::types::Status;
use mostrador_core::{Draft, DraftBody};
use sha2::{Digest, Sha256};
use support::*;

const CUSTOMER: &str = "59171234567";
const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n";
const MP4: &[u8] = b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom\0\0\0\x08free";
const OGG: &[u8] = b"OggS\0\x02\0\0\0\0\0\0\0\0\x01\0\0\0\0\0\0\0\0\0\0\0\x01\x13OpusHead\x01\x01";

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn draft(to: &str, body: DraftBody) -> Draft {
    Draft {
        to: to.into(),
        body,
        idempotency_key: None,
        send_at: None,
        profile: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_reaches_the_contact_exactly_and_receipts_reach_the_log() {
    let net = FakeNetwork::start().await.unwrap();
    net.add_contact(CUSTOMER).unwrap();
    net.set_auto_receipts(None, true, true);
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &net.ws_url()).await;
    app.pair(&net).await;

    let bodies = vec![
        DraftBody::Text {
            text: "Gracias por su compra".into(),
        },
        DraftBody::Image {
            data: PNG.to_vec().into(),
            mime_type: None,
            caption: Some("Su producto".into()),
        },
        DraftBody::Document {
            data: PDF.to_vec().into(),
            mime_type: None,
            file_name: Some("factura-001.pdf".into()),
            caption: Some("Factura 001".into()),
        },
        DraftBody::Video {
            data: MP4.to_vec().into(),
            mime_type: None,
            caption: Some("Video".into()),
        },
        DraftBody::Audio {
            data: OGG.to_vec().into(),
            mime_type: None,
            voice_note: true,
        },
        DraftBody::Location {
            latitude: -16.5,
            longitude: -68.15,
            name: Some("Tienda".into()),
            address: Some("Calle 1".into()),
        },
        DraftBody::Contact {
            vcard: None,
            name: Some("Ana Pérez".into()),
            phone: Some("72222222".into()),
        },
        DraftBody::Poll {
            question: "¿Abrimos el domingo?".into(),
            options: vec!["Sí".into(), "No".into()],
            multiple_choice: false,
        },
    ];
    let mut ids = Vec::new();
    for b in bodies {
        ids.push(
            app.service
                .send(draft("+591 7123-4567", b))
                .await
                .unwrap()
                .message,
        );
    }
    let got = net.wait_received(CUSTOMER, 8, PATIENCE).await.unwrap();
    let by_id = |i: usize| {
        got.iter()
            .find(|r| r.id == ids[i].whatsapp_id)
            .unwrap_or_else(|| panic!("message {i} arrived"))
    };
    assert_eq!(by_id(0).text.as_deref(), Some("Gracias por su compra"));
    let image = by_id(1);
    assert_eq!(
        (image.kind.clone(), image.caption.as_deref()),
        (MessageKind::Image, Some("Su producto"))
    );
    assert_eq!(image.media_sha256.as_deref(), Some(sha(PNG).as_str()));
    let doc = by_id(2);
    assert_eq!(
        (doc.file_name.as_deref(), doc.caption.as_deref()),
        (Some("factura-001.pdf"), Some("Factura 001"))
    );
    assert_eq!(
        (doc.media_sha256.as_deref(), doc.mime_type.as_deref()),
        (Some(sha(PDF).as_str()), Some("application/pdf"))
    );
    assert_eq!(by_id(3).media_sha256.as_deref(), Some(sha(MP4).as_str()));
    assert_eq!(
        (by_id(4).kind.clone(), by_id(4).media_sha256.as_deref()),
        (MessageKind::Voice, Some(sha(OGG).as_str()))
    );
    let loc = by_id(5);
    assert_eq!(
        (loc.latitude, loc.longitude, loc.name.as_deref()),
        (Some(-16.5), Some(-68.15), Some("Tienda"))
    );
    let card = by_id(6);
    assert_eq!(card.display_name.as_deref(), Some("Ana Pérez"));
    assert!(card.vcard.as_deref().unwrap().contains("+59172222222"));
    let poll = by_id(7);
    assert_eq!(
        (poll.poll_question.as_deref(), poll.poll_options.clone()),
        (
            Some("¿Abrimos el domingo?"),
            vec!["Sí".to_owned(), "No".to_owned()]
        )
    );

    // Server ack, then the contact's delivery and read receipts, all in the log.
    for m in &ids {
        let m = app.until_status(&m.id, Status::Read).await;
        let t = &m.status_times;
        assert!(
            t.sent.is_some() && t.delivered.is_some() && t.read.is_some(),
            "{:?}",
            m.status_times
        );
    }
    assert_eq!(net.deliveries(CUSTOMER), 8, "each message delivered once");
    app.stop().await;
    net.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_number_without_whatsapp_fails_fast_and_nothing_is_sent() {
    let net = FakeNetwork::start().await.unwrap();
    net.add_contact(CUSTOMER).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &net.ws_url()).await;
    app.pair(&net).await;
    let m = app
        .service
        .send(draft(
            "72222222",
            DraftBody::Text {
                text: "hola".into(),
            },
        ))
        .await
        .unwrap()
        .message;
    let m = app.until_status(&m.id, Status::Failed).await;
    assert_eq!(
        (m.error.unwrap().code.as_str(), m.attempts),
        ("NOT_ON_WHATSAPP", 1)
    );
    assert!(net.received("59172222222").is_empty());
    assert!(net.received(CUSTOMER).is_empty());
    app.stop().await;
    net.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_gets_text_and_a_document() {
    let net = FakeNetwork::start().await.unwrap();
    let members = ["59171234567", "59172222222"];
    for m in members {
        net.add_contact(m).unwrap();
    }
    let group = net.add_group("Personal", &members).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &net.ws_url()).await;
    app.pair(&net).await;
    let groups = app.service.groups(None, true).await.unwrap();
    let listed = groups
        .iter()
        .find(|g| g.name == "Personal")
        .expect("the group is listed");
    assert_eq!(listed.jid, group.to_string());
    assert!(listed.participants >= 2);
    let to = group.to_string();
    let text = app
        .service
        .send(draft(
            &to,
            DraftBody::Text {
                text: "Reunión a las 8".into(),
            },
        ))
        .await
        .unwrap()
        .message;
    let doc = app
        .service
        .send(draft(
            &to,
            DraftBody::Document {
                data: PDF.to_vec().into(),
                mime_type: None,
                file_name: Some("turnos.pdf".into()),
                caption: None,
            },
        ))
        .await
        .unwrap()
        .message;
    for member in members {
        let got = net.wait_received(member, 2, PATIENCE).await.unwrap();
        let t = got.iter().find(|r| r.id == text.whatsapp_id).unwrap();
        assert_eq!(
            (t.text.as_deref(), t.group.as_ref().map(|g| g.to_string())),
            (Some("Reunión a las 8"), Some(to.clone()))
        );
        let d = got.iter().find(|r| r.id == doc.whatsapp_id).unwrap();
        assert_eq!(
            (d.file_name.as_deref(), d.media_sha256.as_deref()),
            (Some("turnos.pdf"), Some(sha(PDF).as_str()))
        );
    }
    app.until_status(&text.id, Status::Sent).await;
    app.stop().await;
    net.shutdown().await;
}
