//! Secret storage in the OS keyring (service `mostrador`), one entry per secret and data dir.

use std::path::Path;

use keyring::{Entry, Error as KeyringError};

use crate::SecretsError;

/// Service name every Mostrador entry is filed under in the OS keyring.
const SERVICE: &str = "mostrador";

/// Name read (never written) on open to check that a keyring answers.
const PROBE_NAME: &str = "keyring-probe";

/// Entries are keyed by `name@<canonical data dir>`, so two instances with
/// different data dirs (tests, profiles) never see each other's secrets.
#[derive(Debug)]
pub(crate) struct KeyringStore {
    data_dir: String,
}

impl KeyringStore {
    /// Checks that a keyring answers before the app relies on it, so a missing
    /// keyring is reported at startup rather than at the first secret.
    pub(crate) fn open(canonical_dir: &Path) -> Result<Self, SecretsError> {
        let store = KeyringStore {
            data_dir: canonical_dir.display().to_string(),
        };
        if !cfg!(any(
            target_os = "linux",
            target_os = "freebsd",
            target_os = "openbsd",
            target_os = "macos",
            target_os = "windows",
        )) {
            // Elsewhere keyring falls back to an in-memory mock that would
            // silently forget every secret.
            return Err(SecretsError::KeyringUnavailable {
                detail: "this operating system has no supported keyring".to_owned(),
            });
        }
        let probe = store.entry(PROBE_NAME)?;
        match probe.get_password() {
            // Any answer about the entry means the store is there. The probe
            // only reads, so it never prompts; a locked keyring passes here
            // and prompts (or fails with KeyringAccess) on first use instead.
            Ok(_)
            | Err(
                KeyringError::NoEntry | KeyringError::Ambiguous(_) | KeyringError::BadEncoding(_),
            ) => Ok(store),
            Err(err) => Err(SecretsError::KeyringUnavailable {
                detail: detail(&err),
            }),
        }
    }

    pub(crate) fn get(&self, name: &str) -> Result<Option<String>, SecretsError> {
        match self.entry(name)?.get_password() {
            Ok(value) => Ok(Some(value)),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(err) => Err(map_error(name, err)),
        }
    }

    pub(crate) fn set(&self, name: &str, value: &str) -> Result<(), SecretsError> {
        self.entry(name)?
            .set_password(value)
            .map_err(|err| map_error(name, err))
    }

    pub(crate) fn delete(&self, name: &str) -> Result<(), SecretsError> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
            Err(err) => Err(map_error(name, err)),
        }
    }

    pub(crate) fn location(&self, name: &str) -> String {
        format!(
            "the OS keyring entry with service `{SERVICE}` and account `{}`",
            self.account(name)
        )
    }

    fn entry(&self, name: &str) -> Result<Entry, SecretsError> {
        Entry::new(SERVICE, &self.account(name)).map_err(|err| map_error(name, err))
    }

    fn account(&self, name: &str) -> String {
        format!("{name}@{}", self.data_dir)
    }
}

/// Splits keyring errors into "can't get in" (fix the keyring's state) and
/// "this entry is bad" (fix the entry).
fn map_error(name: &str, err: KeyringError) -> SecretsError {
    let detail = detail(&err);
    let name = name.to_owned();
    match err {
        KeyringError::PlatformFailure(_) | KeyringError::NoStorageAccess(_) => {
            SecretsError::KeyringAccess { name, detail }
        }
        _ => SecretsError::KeyringEntry { name, detail },
    }
}

/// libdbus messages can end in a newline, which would break the sentence
/// the detail is embedded in.
fn detail(err: &KeyringError) -> String {
    err.to_string().trim_end().to_owned()
}
