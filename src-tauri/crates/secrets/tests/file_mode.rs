//! File-mode behaviour of the public API: storage, persistence, permissions, isolation.

use std::sync::{Arc, Mutex};

use mostrador_secrets::{Mode, Secrets, SecretsError};

fn open(dir: &std::path::Path) -> Secrets {
    Secrets::open(Mode::File, dir).unwrap_or_else(|err| panic!("open failed: {err}"))
}

#[test]
fn set_get_delete() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = open(dir.path());
    assert_eq!(secrets.mode(), Mode::File);

    assert_eq!(secrets.get("api_key").unwrap(), None);
    secrets.set("api_key", "s3cret").unwrap();
    assert_eq!(secrets.get("api_key").unwrap().as_deref(), Some("s3cret"));
    secrets.set("api_key", "rotated").unwrap();
    assert_eq!(secrets.get("api_key").unwrap().as_deref(), Some("rotated"));

    secrets.delete("api_key").unwrap();
    assert_eq!(secrets.get("api_key").unwrap(), None);
    // Deleting what is not there is fine.
    secrets.delete("api_key").unwrap();
    secrets.delete("never_set").unwrap();
}

#[test]
fn get_or_create_makes_once() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = open(dir.path());

    let first = secrets.get_or_create("db_key", || "k1".to_owned()).unwrap();
    assert_eq!(first, "k1");
    let second = secrets
        .get_or_create("db_key", || panic!("must not make a second key"))
        .unwrap();
    assert_eq!(second, "k1");
    assert_eq!(secrets.get("db_key").unwrap().as_deref(), Some("k1"));
}

#[test]
fn values_persist_across_opens() {
    let dir = tempfile::tempdir().unwrap();
    open(dir.path()).set("api_key", "kept").unwrap();
    open(dir.path()).set("other", "also \"quoted\"\n").unwrap();

    let reopened = open(dir.path());
    assert_eq!(reopened.get("api_key").unwrap().as_deref(), Some("kept"));
    assert_eq!(
        reopened.get("other").unwrap().as_deref(),
        Some("also \"quoted\"\n")
    );
}

#[test]
fn clones_and_instances_see_each_others_writes() {
    let dir = tempfile::tempdir().unwrap();
    let a = open(dir.path());
    let b = open(dir.path());
    let a2 = a.clone();

    a.set("x", "1").unwrap();
    assert_eq!(b.get("x").unwrap().as_deref(), Some("1"));
    b.set("y", "2").unwrap();
    // b's write kept a's entry: writes are read-modify-write of the file.
    assert_eq!(a2.get("x").unwrap().as_deref(), Some("1"));
    assert_eq!(a2.get("y").unwrap().as_deref(), Some("2"));
}

#[test]
fn concurrent_writers_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let shared = open(dir.path());
    let handles: Vec<_> = (0..8)
        .map(|t| {
            // Half share one handle, half open their own like separate
            // instances, so both the Mutex and the lock file are exercised.
            let secrets = if t % 2 == 0 {
                shared.clone()
            } else {
                open(dir.path())
            };
            std::thread::spawn(move || {
                for i in 0..10 {
                    secrets.set(&format!("t{t}-{i}"), "v").unwrap();
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    let secrets = open(dir.path());
    for t in 0..8 {
        for i in 0..10 {
            assert!(secrets.get(&format!("t{t}-{i}")).unwrap().is_some());
        }
    }
}

#[test]
fn data_dirs_are_isolated() {
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    open(one.path()).set("api_key", "one").unwrap();
    assert_eq!(open(two.path()).get("api_key").unwrap(), None);
    open(two.path()).set("api_key", "two").unwrap();
    assert_eq!(
        open(one.path()).get("api_key").unwrap().as_deref(),
        Some("one")
    );
}

#[test]
fn file_is_a_json_object_in_the_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    open(dir.path()).set("api_key", "v").unwrap();
    let text = std::fs::read_to_string(dir.path().join("secrets.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json, serde_json::json!({ "api_key": "v" }));
    // No temp files left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(names.iter().all(|n| !n.contains(".tmp")), "{names:?}");
}

#[cfg(unix)]
#[test]
fn file_is_owner_only() {
    use std::os::unix::fs::PermissionsExt;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secrets.json");
    let secrets = open(dir.path());
    // Created on open, before anything is stored.
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    secrets.set("api_key", "v").unwrap();
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[cfg(unix)]
#[test]
fn loose_permissions_are_fixed_and_warned() {
    use std::os::unix::fs::PermissionsExt;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secrets.json");
    std::fs::write(&path, r#"{"api_key":"v"}"#).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();

    let logs = capture_warnings(|| {
        let secrets = open(dir.path());
        assert_eq!(secrets.get("api_key").unwrap().as_deref(), Some("v"));
    });
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(logs.contains("readable by other users"), "{logs}");
}

#[test]
fn every_open_warns_about_file_mode() {
    let dir = tempfile::tempdir().unwrap();
    let logs = capture_warnings(|| {
        open(dir.path());
        open(dir.path());
    });
    let expected = "secrets are kept in a file rather than the OS keyring";
    assert_eq!(logs.matches(expected).count(), 2, "{logs}");
    assert!(logs.contains("secrets.json"), "{logs}");
}

#[test]
fn damaged_file_stops_open_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("secrets.json"), "{not json").unwrap();
    let err = Secrets::open(Mode::File, dir.path()).unwrap_err();
    assert!(matches!(err, SecretsError::FileCorrupt { .. }), "{err:?}");
    assert!(err.to_string().contains("secrets.json"), "{err}");
}

#[test]
fn missing_data_dir_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let err = Secrets::open(Mode::File, &dir.path().join("nope")).unwrap_err();
    assert!(matches!(err, SecretsError::DataDir { .. }), "{err:?}");
}

#[test]
fn empty_names_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let err = open(dir.path()).set("", "v").unwrap_err();
    assert!(matches!(err, SecretsError::InvalidName { .. }), "{err:?}");
}

#[test]
fn debug_never_shows_values() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = open(dir.path());
    secrets.set("api_key", "super-secret-value").unwrap();
    let shown = format!("{secrets:?}");
    assert!(!shown.contains("super-secret-value"), "{shown}");
    assert!(shown.contains("File"), "{shown}");
}

/// Runs `f` with a subscriber that records WARN and above as text.
fn capture_warnings(f: impl FnOnce()) -> String {
    let buf = Arc::new(Mutex::new(Vec::<u8>::new()));
    let sink = Arc::clone(&buf);
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::WARN)
        .with_ansi(false)
        .with_writer(move || Writer(Arc::clone(&sink)))
        .finish();
    tracing::subscriber::with_default(subscriber, f);
    let bytes = buf.lock().expect("log buffer lock").clone();
    String::from_utf8(bytes).expect("logs are UTF-8")
}

struct Writer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Writer {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .expect("log buffer lock")
            .extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
