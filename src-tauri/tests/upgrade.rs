//! A data directory written before there were profiles — one linked number, its session as
//! `whatsapp.db` at the top, the log at schema 12 — upgrades in place on the first start: the
//! number becomes the main profile, still linked (no QR), its log and keys kept. Needs
//! `--features mostrador/demo`.
#![cfg(feature = "demo")]
#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;
use std::time::Duration;

use serde_json::json;
use support::http::{Auth, get, post_json};
use support::network::{CUSTOMER, Network, link_with_demo_phone, start, until_state};
use support::sse::Events;
use support::{api_key, temp_root};

const PATIENCE: Duration = Duration::from_secs(120);

/// Puts the data dir back the way the release before profiles kept it.
fn as_before_profiles(data: &Path) {
    let profile = data.join("profiles/default");
    for name in ["whatsapp.db-wal", "whatsapp.db-shm", "whatsapp.db"] {
        if profile.join(name).exists() {
            std::fs::rename(profile.join(name), data.join(name)).unwrap();
        }
    }
    std::fs::remove_dir_all(data.join("profiles")).unwrap();
    let secrets: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data.join("secrets.json")).unwrap()).unwrap();
    let key = secrets["db-key"].as_str().unwrap().to_owned();
    let conn = rusqlite::Connection::open(data.join("mostrador.db")).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{key}'\";"))
        .unwrap();
    conn.execute_batch(
        "DROP TABLE api_keys; DROP TABLE profiles; DROP INDEX messages_profile;
         DROP INDEX outbox_singles;
         ALTER TABLE messages DROP COLUMN profile; ALTER TABLE outbox DROP COLUMN profile;
         CREATE INDEX outbox_singles ON outbox(seq) WHERE batch IS NULL;
         DROP INDEX received_once; ALTER TABLE received DROP COLUMN profile;
         CREATE UNIQUE INDEX received_once ON received(sender, wa_id);
         UPDATE batches SET profile = ''; UPDATE claims SET profile = '';
         PRAGMA user_version = 12;",
    )
    .unwrap();
}

#[test]
fn a_single_number_data_dir_becomes_the_main_profile_still_linked() {
    let network = Network::start(&[]);
    let (_root, data) = temp_root();
    let args = network.serve_args(0);
    let server = start(&data, &args);
    let key = api_key(&data, "file", &[]);
    link_with_demo_phone(&server, &key);
    let first = post_json(
        server.port,
        "/api/v1/messages",
        Auth::Header(&key),
        &json!({"to": format!("+{CUSTOMER}"), "text": "antes de la actualización"}),
    );
    assert_eq!(first.status, 202, "{}", first.body);
    network
        .rt
        .block_on(network.net().wait_received(CUSTOMER, 1, PATIENCE))
        .unwrap();
    server.stop();
    as_before_profiles(&data);
    assert!(data.join("whatsapp.db").exists());

    let server = start(&data, &args);
    let mut events = Events::open(server.port, &key);
    until_state(&server, &mut events, &key, "connected");
    server.wait_for_log("moved to the main profile's place");
    assert!(data.join("profiles/default/whatsapp.db").exists());
    assert!(!data.join("whatsapp.db").exists());
    let profiles = get(server.port, "/api/v1/profiles", Auth::Header(&key)).json();
    let only = &profiles["data"][0];
    assert_eq!(profiles["data"].as_array().unwrap().len(), 1, "{profiles}");
    assert_eq!(
        (only["id"].clone(), only["session"]["state"].clone()),
        (json!("default"), json!("connected"))
    );
    assert_eq!(only["session"]["phone"], json!("+59170000001"));
    let log = get(server.port, "/api/v1/messages", Auth::Header(&key)).json();
    assert_eq!(log["data"]["items"][0]["id"], first.json()["data"]["id"]);
    assert_eq!(log["data"]["items"][0]["profile"], "default");

    let after = post_json(
        server.port,
        "/api/v1/messages",
        Auth::Header(&key),
        &json!({"to": format!("+{CUSTOMER}"), "text": "después"}),
    );
    assert_eq!(after.status, 202, "{}", after.body);
    let got = network
        .rt
        .block_on(network.net().wait_received(CUSTOMER, 2, PATIENCE))
        .unwrap();
    assert_eq!(got[1].text.as_deref(), Some("después"));
    assert_eq!(got[1].from.user, "59170000001");
    server.stop();
}
