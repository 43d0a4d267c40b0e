//! The service's other duties: validation before storage, idempotency, session, QR, contacts.
#![allow(clippy::unwrap_used)]

mod support;

use mostrador_core::types::{Event, Group, MessageQuery, SessionState};
use mostrador_core::{Code, Draft, DraftBody};
use support::*;

fn draft(body: DraftBody) -> Draft {
    Draft {
        to: "+591 7123-4567".into(),
        body,
        idempotency_key: None,
        send_at: None,
        profile: None,
    }
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n";

#[tokio::test]
async fn every_invalid_draft_is_refused_with_its_code_and_nothing_is_stored() {
    let h = start(no_pacing()).await;
    let long = "x".repeat(65_537);
    let cases: Vec<(Draft, Code)> = vec![
        (text("12", "hola"), Code::InvalidRecipient),
        (text("71234567", "   "), Code::TextEmpty),
        (text("71234567", &long), Code::TextTooLong),
        (
            draft(DraftBody::Image {
                data: PDF.to_vec().into(),
                mime_type: None,
                caption: None,
            }),
            Code::MimeMismatch,
        ),
        (
            draft(DraftBody::Document {
                data: PNG.to_vec().into(),
                mime_type: Some("application/pdf".into()),
                file_name: None,
                caption: None,
            }),
            Code::MimeMismatch,
        ),
        (
            draft(DraftBody::Video {
                data: Vec::<u8>::new().into(),
                mime_type: None,
                caption: None,
            }),
            Code::MediaMissing,
        ),
        (
            draft(DraftBody::Audio {
                data: b"nope".to_vec().into(),
                mime_type: None,
                voice_note: true,
            }),
            Code::UnsupportedMediaType,
        ),
        (
            draft(DraftBody::Location {
                latitude: 91.0,
                longitude: 0.0,
                name: None,
                address: None,
            }),
            Code::InvalidLocation,
        ),
        (
            draft(DraftBody::Contact {
                vcard: None,
                name: Some("Ana".into()),
                phone: None,
            }),
            Code::InvalidContact,
        ),
        (
            draft(DraftBody::Contact {
                vcard: Some("hola".into()),
                name: None,
                phone: None,
            }),
            Code::InvalidContact,
        ),
        (
            draft(DraftBody::Poll {
                question: "¿?".into(),
                options: vec!["solo".into()],
                multiple_choice: false,
            }),
            Code::InvalidPoll,
        ),
        (
            draft(DraftBody::Poll {
                question: "¿?".into(),
                options: vec!["a".into(), "A".into()],
                multiple_choice: false,
            }),
            Code::InvalidPoll,
        ),
        (
            Draft {
                idempotency_key: Some("bad key".into()),
                send_at: None,
                ..text("71234567", "x")
            },
            Code::ValidationError,
        ),
    ];
    for (d, code) in cases {
        let e = h.service.send(d).await.unwrap_err();
        assert_eq!(e.code, code, "{}", e.message);
    }
    let page = h
        .service
        .messages(MessageQuery {
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(page.items.is_empty());
    assert!(
        !h.dir.path().join("media").exists(),
        "no attachment was written"
    );
}

#[tokio::test]
async fn every_content_kind_is_accepted_and_media_stored_once() {
    let h = start(no_pacing()).await;
    let bodies = vec![
        DraftBody::Text {
            text: "Gracias por su compra".into(),
        },
        DraftBody::Image {
            data: PNG.to_vec().into(),
            mime_type: Some("image/png".into()),
            caption: Some("Producto".into()),
        },
        DraftBody::Document {
            data: PDF.to_vec().into(),
            mime_type: None,
            file_name: Some("../../factura 001.pdf".into()),
            caption: None,
        },
        DraftBody::Document {
            data: PDF.to_vec().into(),
            mime_type: None,
            file_name: None,
            caption: None,
        },
        DraftBody::Location {
            latitude: -16.5,
            longitude: -68.15,
            name: Some("Tienda".into()),
            address: None,
        },
        DraftBody::Contact {
            vcard: None,
            name: Some("Ana Pérez".into()),
            phone: Some("71234567".into()),
        },
        DraftBody::Poll {
            question: "¿Sabor?".into(),
            options: vec!["Fresa".into(), "Limón".into()],
            multiple_choice: true,
        },
    ];
    let mut sent = Vec::new();
    for b in bodies {
        sent.push(h.service.send(draft(b)).await.unwrap().message);
    }
    let json: Vec<_> = sent
        .iter()
        .map(|m| serde_json::to_value(&m.content).unwrap())
        .collect();
    assert_eq!(json[2]["file_name"], "factura 001.pdf");
    assert_eq!(json[3]["file_name"], "documento.pdf");
    assert_eq!(json[1]["media"]["mime_type"], "image/png");
    assert!(
        json[5]["vcard"]
            .as_str()
            .unwrap()
            .contains("waid=59171234567:+59171234567")
    );
    assert!(sent.iter().all(|m| m.to.to_string() == "+59171234567"));
    let media: Vec<_> = std::fs::read_dir(h.dir.path().join("media"))
        .unwrap()
        .collect();
    assert_eq!(media.len(), 2, "the PDF sent twice is stored once");
}

#[tokio::test]
async fn idempotent_repeats_return_the_original_and_conflicts_are_refused() {
    let h = start(no_pacing()).await;
    let keyed = |t: &str| Draft {
        idempotency_key: Some("venta-981".into()),
        send_at: None,
        ..text("71234567", t)
    };
    let first = h.service.send(keyed("hola")).await.unwrap();
    assert!(first.created);
    // Same request written differently (another number format) is the same request.
    let again = h
        .service
        .send(Draft {
            to: "+59171234567".into(),
            ..keyed("hola")
        })
        .await
        .unwrap();
    assert!(!again.created);
    assert_eq!(again.message.id, first.message.id);
    let e = h.service.send(keyed("chau")).await.unwrap_err();
    assert_eq!(e.code, Code::IdempotencyConflict);
    assert!(e.message.contains(&first.message.id));
}

#[tokio::test]
async fn session_qr_groups_and_contacts_follow_the_engine() {
    let h = start(no_pacing()).await;
    let mut events = h.service.subscribe();
    assert_eq!(h.service.qr(None).unwrap_err().code, Code::NoQr);
    h.engine.show_qr("2@ref,key,id,secret", T0 + 60_000);
    let qr = until_event(&mut events, |e| matches!(e, Event::Qr(_))).await;
    assert!(matches!(qr, Event::Qr(q) if q.code == "2@ref,key,id,secret"));
    assert_eq!(
        h.service.session(None).unwrap().state,
        SessionState::Pairing
    );
    assert_eq!(h.service.qr(None).unwrap().code, "2@ref,key,id,secret");
    h.clock.set(T0 + 60_000);
    assert_eq!(h.service.qr(None).unwrap_err().code, Code::NoQr, "expired");

    assert_eq!(
        h.service.groups(None, false).await.unwrap_err().code,
        Code::NotConnected
    );
    h.engine.connect();
    until_event(
        &mut events,
        |e| matches!(e, Event::Session(s) if s.state == SessionState::Connected),
    )
    .await;
    assert_eq!(
        h.service.session(None).unwrap().phone.as_deref(),
        Some("+59170000001")
    );
    assert_eq!(h.service.qr(None).unwrap_err().code, Code::NoQr);

    h.engine.set_groups(vec![Group {
        jid: "123@g.us".into(),
        name: "Personal".into(),
        participants: 4,
    }]);
    assert_eq!(
        h.service.groups(None, true).await.unwrap()[0].name,
        "Personal"
    );

    h.engine.register(&["59171234567"]);
    let checks = h
        .service
        .check_contacts(
            None,
            vec!["7123-4567".into(), "+591 72222222".into(), "hola".into()],
        )
        .await
        .unwrap();
    assert_eq!(checks[0].phone.as_deref(), Some("+59171234567"));
    assert!(checks[0].registered);
    assert!(!checks[1].registered);
    assert!(checks[2].error.as_deref().unwrap().contains("letters"));
    assert_eq!(
        h.service
            .check_contacts(None, vec![])
            .await
            .unwrap_err()
            .code,
        Code::ValidationError
    );

    h.service.logout(None).await.unwrap();
    until_event(
        &mut events,
        |e| matches!(e, Event::Session(s) if s.state == SessionState::LoggedOut),
    )
    .await;
}

#[tokio::test]
async fn document_names_lose_control_and_bidi_override_characters() {
    let h = start(no_pacing()).await;
    let cases = [
        // Shown as "factura<U+202E>fdp.exe" → "facturaexe.pdf" on a phone, were it kept.
        ("factura\u{202E}fdp.exe", "facturafdp.exe"),
        (
            "\u{2066}recibo\u{2069}\u{202A}\u{202B}\u{202C}\u{202D}.pdf",
            "recibo.pdf",
        ),
        ("nota\u{0007}\u{0000}\n.pdf", "nota.pdf"),
        // Other scripts and accents are names, not tricks.
        ("Cotización ñandú 名前.pdf", "Cotización ñandú 名前.pdf"),
        ("\u{202E}", "documento.pdf"),
    ];
    for (given, kept) in cases {
        let m = h
            .service
            .send(draft(DraftBody::Document {
                data: PDF.to_vec().into(),
                mime_type: None,
                file_name: Some(given.into()),
                caption: None,
            }))
            .await
            .unwrap()
            .message;
        let json = serde_json::to_value(&m.content).unwrap();
        assert_eq!(json["file_name"], kept, "{given:?}");
    }
}
