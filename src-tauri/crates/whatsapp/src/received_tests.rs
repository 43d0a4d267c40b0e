//! Unit tests of `received`: which messages count, who sent them, what they hold.
#![allow(clippy::unwrap_used)]

use whatsapp_rust::buffa::MessageField;
use whatsapp_rust::chrono::{TimeZone, Utc};
use whatsapp_rust::types::message::MessageSource;
use whatsapp_rust::waproto::whatsapp::message as m;

use super::*;

const ANA: &str = "59171234567";

fn info(sender: Jid) -> MessageInfo {
    MessageInfo {
        source: MessageSource {
            chat: sender.clone(),
            sender,
            ..Default::default()
        },
        id: "3A0001".into(),
        push_name: "Ana".into(),
        timestamp: Utc.timestamp_opt(1_700_000_000, 0).unwrap(),
        ..Default::default()
    }
}

fn text(t: &str) -> wa::Message {
    wa::Message {
        conversation: Some(t.into()),
        ..Default::default()
    }
}

fn image() -> m::ImageMessage {
    m::ImageMessage {
        direct_path: Some("/v/image/abc.enc".into()),
        media_key: Some(vec![1; 32]),
        file_sha256: Some(vec![2; 32]),
        file_enc_sha256: Some(vec![3; 32]),
        file_length: Some(1234),
        mimetype: Some("image/jpeg".into()),
        caption: Some("¿Tienen este?".into()),
        ..Default::default()
    }
}

#[test]
fn a_text_from_a_customer_is_reported_with_who_and_when() {
    let info = info(Jid::pn(ANA));
    assert_eq!(sender(&info), Some(Sender::Phone(ANA.into())));
    let got = incoming(&text("Hola"), &info, ANA.into()).unwrap();
    assert_eq!(
        got,
        Incoming {
            whatsapp_id: "3A0001".into(),
            from: ANA.into(),
            group: None,
            push_name: Some("Ana".into()),
            at: 1_700_000_000_000,
            body: IncomingBody::Text {
                text: "Hola".into()
            },
        }
    );
    let extended = wa::Message {
        extended_text_message: MessageField::some(m::ExtendedTextMessage {
            text: Some("mire https://example.com".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(
        incoming(&extended, &info, ANA.into()).unwrap().body,
        IncomingBody::Text {
            text: "mire https://example.com".into()
        }
    );
}

#[test]
fn a_sender_known_by_lid_is_resolved_through_the_alternate_jid_or_left_to_the_mapping() {
    let mut by_lid = info(Jid::lid("210000000000001"));
    assert_eq!(sender(&by_lid), Some(Sender::Lid("210000000000001".into())));
    by_lid.source.sender_alt = Some(Jid::pn(ANA));
    assert_eq!(sender(&by_lid), Some(Sender::Phone(ANA.into())));
}

#[test]
fn own_messages_status_updates_and_protocol_messages_are_not_reported() {
    let mut own = info(Jid::pn(ANA));
    own.source.is_from_me = true;
    assert_eq!(sender(&own), None);
    let mut status = info(Jid::pn(ANA));
    status.source.chat = "status@broadcast".parse().unwrap();
    assert_eq!(sender(&status), None);

    let info = info(Jid::pn(ANA));
    let silent = [
        wa::Message {
            protocol_message: MessageField::some(m::ProtocolMessage::default()),
            ..Default::default()
        },
        wa::Message {
            reaction_message: MessageField::some(m::ReactionMessage {
                text: Some("👍".into()),
                ..Default::default()
            }),
            ..Default::default()
        },
        wa::Message {
            edited_message: MessageField::some(m::FutureProofMessage {
                message: MessageField::some(text("editado")),
            }),
            ..Default::default()
        },
        wa::Message {
            sender_key_distribution_message: MessageField::some(
                m::SenderKeyDistributionMessage::default(),
            ),
            ..Default::default()
        },
        wa::Message::default(),
    ];
    for message in silent {
        assert_eq!(incoming(&message, &info, ANA.into()), None, "{message:?}");
    }
}

#[test]
fn media_carries_caption_type_size_and_a_handle_that_reads_back() {
    let info = info(Jid::pn(ANA));
    let message = wa::Message {
        image_message: MessageField::some(image()),
        ..Default::default()
    };
    let IncomingBody::Media {
        kind,
        caption,
        file_name,
        mime_type,
        size,
        handle,
    } = incoming(&message, &info, ANA.into()).unwrap().body
    else {
        panic!("media");
    };
    assert_eq!(
        (
            kind,
            caption.as_deref(),
            file_name,
            mime_type.as_str(),
            size
        ),
        (Kind::Image, Some("¿Tienen este?"), None, "image/jpeg", 1234)
    );
    let params = download_params(&handle).unwrap();
    assert_eq!(params.direct_path, "/v/image/abc.enc");
    assert_eq!(params.media_key, Some(vec![1; 32]));
    assert_eq!(params.file_sha256, vec![2; 32]);
    assert_eq!(params.file_enc_sha256, Some(vec![3; 32]));
    assert_eq!(params.file_length, 1234);
    assert!(matches!(params.media_type, MediaType::Image));
    assert!(download_params("{}").is_none());
    assert!(download_params("not json").is_none());
}

#[test]
fn a_captioned_document_is_unwrapped_with_its_file_name() {
    let doc = m::DocumentMessage {
        direct_path: Some("/v/document/x.enc".into()),
        media_key: Some(vec![1; 32]),
        file_sha256: Some(vec![2; 32]),
        file_enc_sha256: Some(vec![3; 32]),
        file_length: Some(10),
        mimetype: Some("application/pdf".into()),
        file_name: Some("pedido.pdf".into()),
        caption: Some("Mi pedido".into()),
        ..Default::default()
    };
    let message = wa::Message {
        document_with_caption_message: MessageField::some(m::FutureProofMessage {
            message: MessageField::some(wa::Message {
                document_message: MessageField::some(doc),
                ..Default::default()
            }),
        }),
        ..Default::default()
    };
    let body = incoming(&message, &info(Jid::pn(ANA)), ANA.into())
        .unwrap()
        .body;
    let IncomingBody::Media {
        kind,
        caption,
        file_name,
        ..
    } = body
    else {
        panic!("media: {body:?}");
    };
    assert_eq!(kind, Kind::Document);
    assert_eq!(caption.as_deref(), Some("Mi pedido"));
    assert_eq!(file_name.as_deref(), Some("pedido.pdf"));
}

#[test]
fn a_group_message_names_its_group_and_anything_else_is_named_not_shown() {
    let mut info = info(Jid::pn(ANA));
    info.source.chat = "120363000000000001@g.us".parse().unwrap();
    info.source.is_group = true;
    let sticker = wa::Message {
        sticker_message: MessageField::some(m::StickerMessage::default()),
        ..Default::default()
    };
    let got = incoming(&sticker, &info, ANA.into()).unwrap();
    assert_eq!(got.group.as_deref(), Some("120363000000000001@g.us"));
    assert_eq!(
        got.body,
        IncomingBody::Other {
            what: "sticker".into()
        }
    );
    let broken = wa::Message {
        image_message: MessageField::some(m::ImageMessage {
            media_key: None,
            ..image()
        }),
        ..Default::default()
    };
    assert_eq!(
        incoming(&broken, &info, ANA.into()).unwrap().body,
        IncomingBody::Other {
            what: "image (unavailable)".into()
        }
    );
}
