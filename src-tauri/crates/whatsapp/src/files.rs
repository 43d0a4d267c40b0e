//! The session store's files on disk, and forgetting them.

use std::path::{Path, PathBuf};

/// The SQLite database and its WAL companions.
pub fn session_files(db: &Path) -> [PathBuf; 3] {
    let with = |suffix: &str| {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    [db.to_owned(), with("-wal"), with("-shm")]
}

/// Deletes the session: after a logout the device's keys must not stay on disk.
pub fn remove_session(db: &Path) -> std::io::Result<()> {
    for f in session_files(db) {
        match std::fs::remove_file(&f) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_all_three_and_tolerates_missing_ones() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("session.db");
        for f in session_files(&db) {
            std::fs::write(&f, b"x").unwrap();
        }
        std::fs::remove_file(dir.path().join("session.db-shm")).unwrap();
        remove_session(&db).unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        remove_session(&db).unwrap();
    }
}
