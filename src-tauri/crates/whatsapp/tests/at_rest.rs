//! Encryption at rest: after linking and queuing a message, no file under the data dir holds
//! the device's private identity key, a message text or an attachment in the clear.
#![allow(clippy::unwrap_used)]

mod support;

use std::path::{Path, PathBuf};

use fake_whatsapp::FakeNetwork;
use mostrador_core::types::SessionState;
use mostrador_core::{Draft, DraftBody};
use support::*;

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The identity key pair as the session store keeps it: private (32) then public (32).
fn identity_key(db: &Path) -> Vec<u8> {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{SESSION_KEY}'\";"))
        .unwrap();
    conn.query_row("SELECT identity_key FROM device", [], |r| r.get(0))
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_private_key_or_message_text_is_readable_on_disk() {
    let net = FakeNetwork::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &net.ws_url()).await;
    let qr = app.qr().await;
    net.scan_qr(&qr.code).await.unwrap();
    app.until_state(SessionState::Connected).await;
    let secret_text = "Factura confidencial 987654 para Ana Pérez";
    app.service
        .send(Draft {
            to: "71234567".into(),
            body: DraftBody::Text {
                text: secret_text.into(),
            },
            idempotency_key: None,
            send_at: None,
            profile: None,
        })
        .await
        .unwrap();
    // A document whose bytes carry their own recognisable text.
    let attachment = format!("%PDF-1.4\n% {secret_text} (adjunto)\n%%EOF\n");
    app.service
        .send(Draft {
            to: "71234567".into(),
            body: DraftBody::Document {
                data: attachment.into_bytes().into(),
                file_name: Some("factura.pdf".into()),
                caption: None,
                mime_type: None,
            },
            idempotency_key: None,
            send_at: None,
            profile: None,
        })
        .await
        .unwrap();
    app.stop().await;

    let keypair = identity_key(&dir.path().join("whatsapp.db"));
    assert_eq!(keypair.len(), 64);
    let private = &keypair[..32];
    let files = files_under(dir.path());
    assert!(
        files.iter().any(|f| f.ends_with("whatsapp.db"))
            && files.iter().any(|f| f.ends_with("app.db"))
            && files
                .iter()
                .any(|f| f.starts_with(dir.path().join("media")))
    );
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        assert!(
            !has(private),
            "{} holds the private identity key in the clear",
            f.display()
        );
        assert!(
            !has(secret_text.as_bytes()),
            "{} holds the message text in the clear",
            f.display()
        );
        assert!(
            !has(b"(adjunto)") && !has(b"%PDF"),
            "{} holds the attachment in the clear",
            f.display()
        );
        assert!(
            !has(b"SQLite format 3"),
            "{} is an unencrypted SQLite file",
            f.display()
        );
    }
    net.shutdown().await;
}
