//! The binary when a shop's data is at risk: a message database whose key is gone is never
//! given a new key (that would lose the log and the outbox for good, silently); the app stops
//! and names the entry to restore, and starts again once it is back.

#![allow(clippy::unwrap_used)]

mod support;

use std::fs;
use std::path::Path;

use support::{Server, spawn_serve, temp_root, wait_exit};

const ARGS: [&str; 4] = ["--secrets", "file", "--port", "0"];

fn secrets(data: &Path) -> serde_json::Map<String, serde_json::Value> {
    serde_json::from_slice(&fs::read(data.join("secrets.json")).unwrap()).unwrap()
}

fn write_secrets(data: &Path, map: &serde_json::Map<String, serde_json::Value>) {
    fs::write(data.join("secrets.json"), serde_json::to_vec(map).unwrap()).unwrap();
}

#[test]
fn a_database_whose_key_is_missing_stops_the_app_and_gets_no_new_key() {
    let (_root, data) = temp_root();
    assert!(Server::start(&data).stop().success());
    let mut map = secrets(&data);
    let key = map.remove("db-key").expect("the first start made a db-key");
    write_secrets(&data, &map);
    let db_before = fs::read(data.join("mostrador.db")).unwrap();

    let (mut child, log) = spawn_serve(&data, &ARGS);
    let status = wait_exit(&mut child).expect("the app must stop, not run on a new key");
    let err = fs::read_to_string(log).unwrap();
    assert_eq!(status.code(), Some(1), "{err}");
    let last = err.lines().last().unwrap_or_default();
    assert!(last.starts_with("error: "), "{err}");
    assert!(last.contains("`db-key`"), "names the entry: {err}");
    assert!(last.contains("secrets.json"), "says where it lived: {err}");
    assert!(last.contains("Restore"), "says what to do: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        !secrets(&data).contains_key("db-key"),
        "no new key may be stored beside the old database"
    );
    assert_eq!(fs::read(data.join("mostrador.db")).unwrap(), db_before);

    // Restored from a backup: the same database opens again.
    let mut map = secrets(&data);
    map.insert("db-key".into(), key);
    write_secrets(&data, &map);
    assert!(Server::start(&data).stop().success());
}
