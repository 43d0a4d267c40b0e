#![allow(clippy::unwrap_used)]
//! End to end with the real client: groups the shop belongs to are listed with their members,
//! and a group message (sender keys handed out in pairwise copies, then one `skmsg`) is
//! decrypted by every member, who answer with receipts naming themselves as participant.

mod chat;
mod common;

use std::sync::Arc;

use chat::{collect_until, linked_client, sha256_hex};
use common::{PATIENCE, init_logs};
use fake_whatsapp::{FakeNetwork, MessageKind, ReceiptKind};
use whatsapp_rust::UploadOptions;
use whatsapp_rust::media::{DocumentOptions, document_message};
use whatsapp_rust::prelude::{Event, wa};
use whatsapp_rust::types::presence::ReceiptType;
use whatsapp_rust::wacore::download::MediaType;

fn receipt_from(events: &[Arc<Event>], id: &str, member: &str, kind: &ReceiptType) -> bool {
    events.iter().any(|e| {
        matches!(&**e, Event::Receipt(r)
            if r.r#type == *kind
                && r.source.sender.user == member
                && r.message_ids.iter().any(|m| m == id))
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_member_decrypts_group_texts_and_documents() {
    init_logs();
    let net = FakeNetwork::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (handle, mut events) = linked_client(&net, &dir.path().join("wa.db")).await;
    let client = handle.client();
    let dora = net.add_contact("59174444444").unwrap();
    let group = net
        .add_group("Clientes VIP", &[dora.phone.as_str(), "59175555555"])
        .unwrap();
    let emilio = net.contact("59175555555").unwrap();

    // The group, as the client lists it.
    let groups = client.groups().get_participating().await.unwrap();
    let meta = groups.get(&group).unwrap();
    assert_eq!(meta.subject.as_str(), "Clientes VIP");
    let mut members: Vec<String> = meta
        .participants
        .iter()
        .map(|p| p.jid.user.to_string())
        .collect();
    members.sort();
    assert_eq!(members, [net.phone_number(), &dora.phone, &emilio.phone]);

    let info = client.groups().get_metadata(&group).await.unwrap();
    assert_eq!(info.participants.len(), 3);

    let text = client
        .send_message(
            group.clone(),
            wa::Message {
                conversation: Some("¡Ofertas de fin de mes!".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();

    let pdf: Vec<u8> = (0..30_000u32).map(|i| (i % 251) as u8).collect();
    let up = client
        .upload(pdf.clone(), MediaType::Document, UploadOptions::new())
        .await
        .unwrap();
    let doc = document_message(
        up,
        DocumentOptions {
            mimetype: Some("application/pdf".into()),
            file_name: Some("ofertas.pdf".into()),
            caption: Some("Catálogo".into()),
            ..Default::default()
        },
    );
    let doc = client.send_message(group.clone(), doc).await.unwrap();

    for member in [&dora, &emilio] {
        let got = net.wait_received(&member.phone, 2, PATIENCE).await.unwrap();
        let t = got.iter().find(|r| r.id == text.message_id).unwrap();
        assert_eq!(t.kind, MessageKind::Text);
        assert_eq!(t.text.as_deref(), Some("¡Ofertas de fin de mes!"));
        assert_eq!(t.group.as_ref(), Some(&group));
        assert_eq!(t.to, member.jid);
        let d = got.iter().find(|r| r.id == doc.message_id).unwrap();
        assert_eq!(d.kind, MessageKind::Document);
        assert_eq!(d.file_name.as_deref(), Some("ofertas.pdf"));
        assert_eq!(d.caption.as_deref(), Some("Catálogo"));
        assert_eq!(d.media_sha256.as_deref(), Some(sha256_hex(&pdf).as_str()));
        assert_eq!(d.group.as_ref(), Some(&group));
    }

    // Acked, then one delivery receipt per member; Dora also reads the text.
    net.send_receipt(&dora.phone, &text.message_id, ReceiptKind::Read)
        .unwrap();
    collect_until(&mut events, "group acks and receipts", |seen| {
        let acked = |id: &str| {
            seen.iter()
                .any(|e| matches!(&**e, Event::ServerAck(a) if a.id == id && a.error.is_none()))
        };
        [&text.message_id, &doc.message_id].iter().all(|id| {
            acked(id)
                && receipt_from(seen, id, &dora.phone, &ReceiptType::Delivered)
                && receipt_from(seen, id, &emilio.phone, &ReceiptType::Delivered)
        }) && receipt_from(seen, &text.message_id, &dora.phone, &ReceiptType::Read)
    })
    .await;

    handle.shutdown().await;
    net.shutdown().await;
}
