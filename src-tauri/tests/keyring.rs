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
