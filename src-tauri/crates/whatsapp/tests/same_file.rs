//! One flyer sent twenty times at once (a POS retrying after a timeout, a broadcast sent in
//! parallel): every send is queued and sent, and the customer gets the exact bytes each time
//! (decrypted and hashed by the fake network). The attachment store once let concurrent
//! writers of one content interleave into a file that never opened again.
#![allow(clippy::unwrap_used)]

mod support;

use fake_whatsapp::FakeNetwork;
use mostrador_core::types::Status;
use mostrador_core::{Draft, DraftBody};
use sha2::{Digest, Sha256};
use support::*;

const CUSTOMER: &str = "59171234567";
const SENDS: usize = 20;

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A 2 MB PDF-looking flyer: big enough that writers overlap for a while.
fn flyer() -> Vec<u8> {
    let mut f = b"%PDF-1.4\n% Oferta de la semana\n".to_vec();
    let mut x: u32 = 0x2545_f491;
    f.extend((0..2 << 20).map(|_| {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x as u8
    }));
    f.extend_from_slice(b"\n%%EOF\n");
    f
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_concurrent_sends_of_one_file_all_reach_the_customer_intact() {
    let net = FakeNetwork::start().await.unwrap();
    net.add_contact(CUSTOMER).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &net.ws_url()).await;
    app.pair(&net).await;

    let flyer = flyer();
    let sends: Vec<_> = (0..SENDS)
        .map(|i| {
            let (service, data) = (app.service.clone(), flyer.clone());
            tokio::spawn(async move {
                service
                    .send(Draft {
                        to: "71234567".into(),
                        body: DraftBody::Document {
                            data: data.into(),
                            mime_type: None,
                            file_name: Some("oferta.pdf".into()),
                            caption: Some(format!("Oferta {i}")),
                        },
                        idempotency_key: None,
                        send_at: None,
                        profile: None,
                    })
                    .await
            })
        })
        .collect();
    let mut queued = Vec::new();
    for s in sends {
        let sent = s.await.unwrap();
        queued.push(
            sent.unwrap_or_else(|e| panic!("a send was refused: {e}"))
                .message,
        );
    }

    let got = net.wait_received(CUSTOMER, SENDS, PATIENCE).await.unwrap();
    let expected = sha(&flyer);
    for m in &queued {
        let r = got
            .iter()
            .find(|r| r.id == m.whatsapp_id)
            .unwrap_or_else(|| panic!("{} did not arrive", m.id));
        assert_eq!(r.media_error, None, "{}", m.id);
        assert_eq!(
            r.media_sha256.as_deref(),
            Some(expected.as_str()),
            "{}",
            m.id
        );
    }
    for m in &queued {
        app.until_status(&m.id, Status::Sent).await;
    }
    // Stored once: one file for the content, no temp file left over.
    let stored: Vec<_> = walk(&dir.path().join("media"));
    assert_eq!(stored.len(), 1, "{stored:?}");
    app.stop().await;
    net.shutdown().await;
}

fn walk(p: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(p).unwrap() {
        let path = e.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
