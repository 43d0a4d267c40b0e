//! Opt-in secret storage in `<data dir>/secrets.json` for machines without an OS keyring.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use crate::SecretsError;
use crate::private_file::{self, SecretMap};

/// File name of the secrets file inside the data dir.
pub(crate) const FILE_NAME: &str = "secrets.json";

/// The file is re-read on every `get`, so changes by another process show up;
/// writes are read-modify-write under both a process Mutex and a lock file.
#[derive(Debug)]
pub(crate) struct FileStore {
    path: PathBuf,
    lock_path: PathBuf,
    write_lock: Mutex<()>,
}

impl FileStore {
    pub(crate) fn open(canonical_dir: &Path) -> Result<Self, SecretsError> {
        let store = FileStore {
            path: canonical_dir.join(FILE_NAME),
            lock_path: canonical_dir.join(format!("{FILE_NAME}.lock")),
            write_lock: Mutex::new(()),
        };
        tracing::warn!(
            path = %store.path.display(),
            "secrets are kept in a file rather than the OS keyring; anyone who can read \
             this file (or a backup of it) has the API key and database keys"
        );
        if private_file::make_owner_only(&store.path)? {
            tracing::warn!(
                path = %store.path.display(),
                "the secrets file was readable by other users; its permissions are now 0600, \
                 but consider the secrets in it exposed"
            );
        }
        // Create (or validate) now so a damaged file stops startup, not the
        // first request that needs a key.
        store.update(|_| false)?;
        Ok(store)
    }

    pub(crate) fn location(&self, name: &str) -> String {
        format!("the entry `{name}` in {}", self.path.display())
    }

    pub(crate) fn get(&self, name: &str) -> Result<Option<String>, SecretsError> {
        Ok(private_file::read_map(&self.path)?.remove(name))
    }

    pub(crate) fn set(&self, name: &str, value: &str) -> Result<(), SecretsError> {
        self.update(|map| {
            let old = map.insert(name.to_owned(), value.to_owned());
            old.as_deref() != Some(value)
        })
    }

    pub(crate) fn delete(&self, name: &str) -> Result<(), SecretsError> {
        self.update(|map| map.remove(name).is_some())
    }

    /// Done under the write lock so two callers can't each create a
    /// different value (e.g. two database keys, one of them lost).
    pub(crate) fn get_or_create(
        &self,
        name: &str,
        make: impl FnOnce() -> String,
    ) -> Result<String, SecretsError> {
        let mut value = String::new();
        self.update(|map| match map.get(name) {
            Some(existing) => {
                value.clone_from(existing);
                false
            }
            None => {
                value = make();
                map.insert(name.to_owned(), value.clone());
                true
            }
        })?;
        Ok(value)
    }

    /// Read-modify-write; `change` returns whether the map needs writing back.
    /// A missing file is always written so it exists (0600) from now on.
    fn update(&self, change: impl FnOnce(&mut SecretMap) -> bool) -> Result<(), SecretsError> {
        // The guarded data lives in the file, written atomically, so a panic
        // in another holder leaves nothing half-done: ignore poisoning.
        let _guard = self
            .write_lock
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let _file_lock = self.lock_across_processes()?;
        let existed = self.path.exists();
        let mut map = private_file::read_map(&self.path)?;
        if change(&mut map) || !existed {
            private_file::write_map(&self.path, &map)?;
        }
        Ok(())
    }

    /// Serialises writers in other processes (e.g. a second instance on the
    /// same data dir); the lock is released when the returned file drops.
    fn lock_across_processes(&self) -> Result<Option<File>, SecretsError> {
        let file = private_file::open_lock_file(&self.lock_path)?;
        match file.lock() {
            Ok(()) => Ok(Some(file)),
            // The process Mutex still covers this process.
            Err(err) if err.kind() == io::ErrorKind::Unsupported => Ok(None),
            Err(source) => Err(SecretsError::FileIo {
                path: self.lock_path.clone(),
                source,
            }),
        }
    }
}
