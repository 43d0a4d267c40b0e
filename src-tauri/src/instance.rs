//! One running instance per data directory: two would both drain the same outbox and could
//! send a message twice.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;

use crate::Error;
use crate::paths::DataDir;

const LOCK_FILE: &str = "mostrador.lock";

/// Held for as long as the instance runs; the OS releases it when the process ends, even
/// after a crash, so a stale lock can't block the next start.
#[derive(Debug)]
pub struct InstanceLock {
    _file: File,
}

impl InstanceLock {
    pub fn acquire(dir: &DataDir) -> Result<InstanceLock, Error> {
        let path = dir.path().join(LOCK_FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| Error::DataDir {
                path: path.clone(),
                source,
            })?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(Error::AlreadyRunning {
                    dir: dir.path().to_owned(),
                });
            }
            // Some network filesystems can't lock; running unguarded beats not running.
            Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {
                tracing::warn!(path = %path.display(), "can't lock the data directory on this filesystem; make sure only one Mostrador uses it");
            }
            Err(TryLockError::Error(source)) => return Err(Error::DataDir { path, source }),
        }
        Ok(InstanceLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_dir_is_refused_until_the_first_is_dropped() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::open(Some(tmp.path().to_owned())).unwrap();
        let first = InstanceLock::acquire(&dir).unwrap();
        let second = InstanceLock::acquire(&dir);
        assert!(
            matches!(second, Err(Error::AlreadyRunning { .. })),
            "{second:?}"
        );
        drop(first);
        InstanceLock::acquire(&dir).unwrap();
    }
}
