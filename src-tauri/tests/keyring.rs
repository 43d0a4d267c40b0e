//! The real OS keyring across processes: the key `api-key` creates is the one a later
//! `serve` accepts. Needs a Secret Service, so it runs via scripts/with-keyring.sh.

#![allow(clippy::unwrap_used)]

mod support;

use std::path::{Path, PathBuf};

use support::http::{self, Auth};
use support::{Server, api_key, run, stderr, temp_root};

/// Deletes the test's keyring entry even when an assertion fails.
struct ForgetKey(PathBuf);

impl Drop for ForgetKey {
    fn drop(&mut self) {
        let out = run(&[
            "api-key",
            "--secrets",
            "keyring",
            "--forget",
            "--data-dir",
            support::path_str(&self.0),
        ]);
        if !out.status.success() {
            eprintln!("cleanup of the keyring entry failed: {}", stderr(&out));
        }
    }
}

fn keyring_key(data: &Path) -> String {
    api_key(data, "keyring", &[])
}

#[test]
#[ignore = "needs a Secret Service: run via scripts/with-keyring.sh"]
fn the_keyring_key_is_shared_by_every_process() {
    let (_root, data) = temp_root();
    std::fs::create_dir(&data).unwrap();
    let forget = ForgetKey(data.clone());

    let first = keyring_key(&data);
    assert_eq!(first.len(), 64, "{first}");
    assert_eq!(
        keyring_key(&data),
        first,
        "a second process reads the same key"
    );
    assert!(
        !data.join("secrets.json").exists(),
        "keyring mode keeps no secrets file"
    );

    let server = Server::start_with(&data, &["--secrets", "keyring", "--port", "0"]);
    let ok = http::get(server.port, "/api/v1/session", Auth::Header(&first));
    assert_eq!(ok.status, 200, "{}", ok.body);
    let denied = http::get(server.port, "/api/v1/session", Auth::None);
    assert_eq!(denied.status, 401, "{}", denied.body);
    assert!(server.stop().success());

    // After --forget the entry is gone: the next call makes a new key.
    drop(forget);
    let fresh = keyring_key(&data);
    let _forget_again = ForgetKey(data.clone());
    assert_ne!(fresh, first);
}

/// Removes every secret `serve` makes for a data dir from the (throwaway) keyring.
struct ForgetAll(PathBuf);

impl Drop for ForgetAll {
    fn drop(&mut self) {
        let Ok(dir) = std::fs::canonicalize(&self.0) else {
            return;
        };
        for name in ["api-key", "engine-secret", "db-key"] {
            let account = format!("{name}@{}", dir.display());
            let _ = std::process::Command::new("secret-tool")
                .args(["clear", "service", "mostrador", "account", &account])
                .status();
        }
    }
}

/// A double click on a fresh install: two first launches at once, many times. One runs,
/// the other stops at the data dir's lock before it reads or makes any secret, so the
/// database key in the keyring is the one the database was made with: every later start
/// opens it. (Before the lock came first, the loser could overwrite the winner's key.)
#[test]
#[ignore = "needs a Secret Service: run via scripts/with-keyring.sh"]
fn two_first_launches_at_once_keep_one_database_key() {
    const ROUNDS: usize = 10;
    let args = ["--secrets", "keyring", "--port", "0"];
    for round in 0..ROUNDS {
        let (_root, data) = temp_root();
        std::fs::create_dir(&data).unwrap();
        let _forget = ForgetAll(data.clone());
        let (a, log_a) = support::spawn_serve(&data, &args);
        let (b, log_b) = support::spawn_serve(&data, &args);
        let mut children = [a, b];
        let poll = std::time::Duration::from_millis(20);
        let mut waited = std::time::Duration::ZERO;
        // Wait for the outcome: one exited (refused), the other published its port.
        let loser = loop {
            let exited = children
                .iter_mut()
                .position(|c| c.try_wait().unwrap().is_some());
            if let Some(i) = exited
                && data.join("api.port").exists()
            {
                break i;
            }
            assert!(
                waited < std::time::Duration::from_secs(60),
                "round {round}: no clear outcome; logs:\n{}\n{}",
                std::fs::read_to_string(&log_a).unwrap_or_default(),
                std::fs::read_to_string(&log_b).unwrap_or_default()
            );
            std::thread::sleep(poll);
            waited += poll;
        };
        let loser_log = std::fs::read_to_string(if loser == 0 { &log_a } else { &log_b }).unwrap();
        assert!(
            loser_log.contains("already running"),
            "round {round}: {loser_log}"
        );
        // The winner dies as in a power cut; the next start must open its database.
        let winner = &mut children[1 - loser];
        winner.kill().unwrap();
        winner.wait().unwrap();
        let again = Server::start_with(&data, &args);
        assert!(again.stop().success(), "round {round}");
    }
}
