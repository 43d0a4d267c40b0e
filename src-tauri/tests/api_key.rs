//! `mostrador api-key`: one stable key per data dir, rotation, and no silent fallback when
//! the OS keyring is missing.

#![allow(clippy::unwrap_used)]

mod support;

use support::http::{self, Auth};
use support::{Server, api_key, mostrador, stderr, temp_root};

#[test]
fn the_key_is_stable_until_rotated_and_the_old_one_stops_working() {
    let (_root, data) = temp_root();
    let first = api_key(&data, "file", &[]);
    assert_eq!(first.len(), 64, "{first}");
    assert!(first.bytes().all(|b| b.is_ascii_hexdigit()), "{first}");
    assert_eq!(api_key(&data, "file", &[]), first);

    let server = Server::start(&data);
    let ok = http::get(server.port, "/api/v1/session", Auth::Header(&first));
    assert_eq!(ok.status, 200, "{}", ok.body);

    let out = mostrador()
        .args(["api-key", "--secrets", "file", "--rotate", "--data-dir"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let rotated = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert_ne!(rotated, first);
    assert_eq!(rotated.len(), 64);
    assert!(stderr(&out).contains("restart"), "{}", stderr(&out));
    assert_eq!(api_key(&data, "file", &[]), rotated);
    drop(server);

    let server = Server::start(&data);
    let old = http::get(server.port, "/api/v1/session", Auth::Header(&first));
    assert_eq!(old.status, 401, "{}", old.body);
    let new = http::get(server.port, "/api/v1/session", Auth::Header(&rotated));
    assert_eq!(new.status, 200, "{}", new.body);
}

#[test]
fn each_data_dir_has_its_own_key() {
    let (_a_root, a) = temp_root();
    let (_b_root, b) = temp_root();
    assert_ne!(api_key(&a, "file", &[]), api_key(&b, "file", &[]));
}

/// With no D-Bus session at all the Secret Service can't be reached: the app must say how to
/// opt in to file secrets and stop, never quietly write a file instead.
#[cfg(target_os = "linux")]
#[test]
fn without_a_keyring_it_stops_and_explains_the_file_opt_in() {
    let (root, data) = temp_root();
    // An empty runtime dir: libdbus must not find a session bus at $XDG_RUNTIME_DIR/bus.
    let runtime = root.path().join("run");
    std::fs::create_dir(&runtime).unwrap();
    for args in [
        &["api-key", "--secrets", "keyring"][..],
        // No engine: a demo build (the test build) would first ask for a fake network.
        &[
            "serve",
            "--secrets",
            "keyring",
            "--port",
            "0",
            "--engine",
            "none",
        ][..],
    ] {
        let out = mostrador()
            .args(args)
            .arg("--data-dir")
            .arg(&data)
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .env("XDG_RUNTIME_DIR", &runtime)
            .output()
            .unwrap();
        let err = stderr(&out);
        assert!(!out.status.success(), "{args:?} succeeded: {err}");
        assert!(err.contains("--secrets file"), "{err}");
        assert!(
            err.lines().last().unwrap_or("").starts_with("error: "),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        assert!(out.stdout.is_empty(), "no key may be printed");
        assert!(
            !data.join("secrets.json").exists(),
            "no silent fallback to a file"
        );
        assert!(!data.join("api.port").exists());
    }
}
