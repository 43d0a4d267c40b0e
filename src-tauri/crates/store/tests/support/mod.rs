//! What the store's test files share: a temp database and messages to put in it.
#![allow(clippy::unwrap_used, dead_code)] // Each test file uses some of these.

use mostrador_store::{Inserted, NewMessage, Store};
use mostrador_types::{Content, ErrorInfo, Recipient};

pub fn new_msg(n: u32, text: &str, now: i64) -> NewMessage {
    NewMessage {
        id: format!("id-{n}"),
        whatsapp_id: format!("WA{n}"),
        to: Recipient::Phone(format!("5917000000{n}")),
        content: Content::Text { text: text.into() },
        search_extra: String::new(),
        idempotency: None,
        send_at: None,
        profile: "default".into(),
        now,
    }
}

pub fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("app.db")).unwrap();
    (dir, store)
}

pub fn err(code: &str) -> ErrorInfo {
    ErrorInfo {
        code: code.into(),
        message: format!("{code} happened"),
    }
}

pub async fn insert(store: &Store, m: NewMessage) -> mostrador_types::Message {
    match store.insert(m).await.unwrap() {
        Inserted::New(m) => m,
        other => panic!("expected a new message, got {other:?}"),
    }
}
