//! The real OS keyring path; needs a Secret Service on Linux (see scripts/with-keyring.sh).

use mostrador_secrets::{Mode, Secrets};

/// Deletes the test's entries even when an assertion fails, so the keyring
/// is never left holding test secrets.
struct Cleanup<'a> {
    secrets: &'a Secrets,
    names: &'a [&'a str],
}

impl Drop for Cleanup<'_> {
    fn drop(&mut self) {
        for name in self.names {
            if let Err(err) = self.secrets.delete(name) {
                eprintln!("cleanup of {name:?} failed: {err}");
            }
        }
    }
}

#[test]
#[ignore = "needs a Secret Service: run via scripts/with-keyring.sh"]
fn keyring_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let other_dir = tempfile::tempdir().unwrap();
    let secrets = Secrets::open(Mode::Keyring, dir.path()).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(secrets.mode(), Mode::Keyring);
    let _cleanup = Cleanup {
        secrets: &secrets,
        names: &["api_key", "db_key"],
    };

    assert_eq!(secrets.get("api_key").unwrap(), None);
    secrets.set("api_key", "from-the-keyring").unwrap();

    // A second, independent handle on the same data dir reads it back.
    let again = Secrets::open(Mode::Keyring, dir.path()).unwrap();
    assert_eq!(
        again.get("api_key").unwrap().as_deref(),
        Some("from-the-keyring")
    );
    let got = again
        .get_or_create("api_key", || panic!("must return the stored value"))
        .unwrap();
    assert_eq!(got, "from-the-keyring");

    // Another data dir is another instance: it must not see the secret.
    let other = Secrets::open(Mode::Keyring, other_dir.path()).unwrap();
    assert_eq!(other.get("api_key").unwrap(), None);

    // get_or_create stores when absent.
    let made = secrets
        .get_or_create("db_key", || "made".to_owned())
        .unwrap();
    assert_eq!(made, "made");
    assert_eq!(again.get("db_key").unwrap().as_deref(), Some("made"));

    again.delete("api_key").unwrap();
    again.delete("db_key").unwrap();
    assert_eq!(secrets.get("api_key").unwrap(), None);
    assert_eq!(secrets.get("db_key").unwrap(), None);
    // Deleting again is fine.
    secrets.delete("api_key").unwrap();
}
