//! Mostrador's secrets (API key, database keys): kept in the OS keyring, or in an
//! opt-in owner-only file when the machine has no keyring.

mod error;
mod file_store;
mod keyring_store;
mod mode;
mod private_file;

use std::fmt;
use std::path::Path;
use std::sync::Arc;

pub use error::SecretsError;
pub use mode::Mode;

use file_store::FileStore;
use keyring_store::KeyringStore;

/// Handle to the secret store of one app instance (one data dir).
/// Cheap to clone; clones share the same backend.
#[derive(Clone)]
pub struct Secrets {
    backend: Backend,
}

#[derive(Clone)]
enum Backend {
    Keyring(Arc<KeyringStore>),
    File(Arc<FileStore>),
}

impl Secrets {
    /// Opens the secret store for the app instance whose data lives in `data_dir` (already exists).
    ///
    /// In [`Mode::Keyring`] this fails with [`SecretsError::KeyringUnavailable`]
    /// when no keyring answers; it never falls back to the file on its own.
    pub fn open(mode: Mode, data_dir: &Path) -> Result<Secrets, SecretsError> {
        // Canonical so `./data` and `/home/x/data` are the same instance.
        let dir = std::fs::canonicalize(data_dir).map_err(|source| SecretsError::DataDir {
            path: data_dir.to_owned(),
            source,
        })?;
        let backend = match mode {
            Mode::Keyring => Backend::Keyring(Arc::new(KeyringStore::open(&dir)?)),
            Mode::File => Backend::File(Arc::new(FileStore::open(&dir)?)),
        };
        Ok(Secrets { backend })
    }

    pub fn mode(&self) -> Mode {
        match self.backend {
            Backend::Keyring(_) => Mode::Keyring,
            Backend::File(_) => Mode::File,
        }
    }

    pub fn get(&self, name: &str) -> Result<Option<String>, SecretsError> {
        check_name(name)?;
        match &self.backend {
            Backend::Keyring(store) => store.get(name),
            Backend::File(store) => store.get(name),
        }
    }

    pub fn set(&self, name: &str, value: &str) -> Result<(), SecretsError> {
        check_name(name)?;
        match &self.backend {
            Backend::Keyring(store) => store.set(name, value),
            Backend::File(store) => store.set(name, value),
        }
    }

    /// Removes the secret; Ok if it was not there.
    pub fn delete(&self, name: &str) -> Result<(), SecretsError> {
        check_name(name)?;
        match &self.backend {
            Backend::Keyring(store) => store.delete(name),
            Backend::File(store) => store.delete(name),
        }
    }

    /// Where the secret `name` lives, in words an admin can act on (to restore it from a
    /// backup, say): the keyring entry's service and account, or the secrets file.
    pub fn location(&self, name: &str) -> String {
        match &self.backend {
            Backend::Keyring(store) => store.location(name),
            Backend::File(store) => store.location(name),
        }
    }

    /// Returns the stored value, or stores and returns make() when there is none.
    ///
    /// Atomic within the file store; the OS keyring has no compare-and-set, so
    /// two processes creating the same secret at once could both call `make`: the app
    /// calls this only while it holds the data directory's instance lock.
    pub fn get_or_create(
        &self,
        name: &str,
        make: impl FnOnce() -> String,
    ) -> Result<String, SecretsError> {
        check_name(name)?;
        match &self.backend {
            Backend::Keyring(store) => match store.get(name)? {
                Some(value) => Ok(value),
                None => {
                    let value = make();
                    store.set(name, &value)?;
                    Ok(value)
                }
            },
            Backend::File(store) => store.get_or_create(name, make),
        }
    }
}

/// Shows the mode only: a handle must never print secrets into logs.
impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secrets")
            .field("mode", &self.mode())
            .finish_non_exhaustive()
    }
}

fn check_name(name: &str) -> Result<(), SecretsError> {
    if name.is_empty() {
        return Err(SecretsError::InvalidName {
            name: name.to_owned(),
        });
    }
    Ok(())
}
