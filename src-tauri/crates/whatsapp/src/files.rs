//! The session store's files on disk: whether its key opens them, setting them aside when it
//! does not, and forgetting them.

use std::path::{Path, PathBuf};

use diesel::connection::SimpleConnection;
use diesel::{Connection, SqliteConnection};

/// The SQLite database and its WAL companions.
pub fn session_files(db: &Path) -> [PathBuf; 3] {
    let with = |suffix: &str| {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    [db.to_owned(), with("-wal"), with("-shm")]
}

/// Whether a saved session exists that `key` does not open (a key lost from the keyring, or
/// restored from the wrong backup). No file is no saved session: nothing to open. Only
/// SQLite's own verdict counts ("file is not a database": the key does not decrypt it); a
/// passing error — the file still locked by the client that just stopped — is no reason to
/// set a good session aside, so it waits for the lock and lets the store report the rest.
pub fn unreadable_with(db: &Path, key: &str) -> Option<String> {
    if !db.exists() {
        return None;
    }
    let url = db.to_string_lossy();
    let opened = SqliteConnection::establish(&url)
        .map_err(|e| e.to_string())
        .and_then(|mut conn| {
            conn.batch_execute(&format!(
                "PRAGMA key = \"x'{key}'\"; PRAGMA busy_timeout = 10000; \
                 SELECT count(*) FROM sqlite_master;"
            ))
            .map_err(|e| e.to_string())
        });
    match opened {
        Ok(()) => None,
        Err(e) if e.contains("file is not a database") => Some(e),
        Err(e) => {
            tracing::warn!(error = %e, "cannot check the WhatsApp session store before opening it");
            None
        }
    }
}

/// Moves the session's files aside as `<name>.unreadable-<stamp>` (kept, not deleted: with
/// the right key restored they still hold the link) and returns the new database path.
pub fn set_aside(db: &Path, stamp: &str) -> std::io::Result<PathBuf> {
    let mut kept = None;
    for f in session_files(db) {
        let mut name = f.as_os_str().to_owned();
        name.push(format!(".unreadable-{stamp}"));
        let to = PathBuf::from(name);
        match std::fs::rename(&f, &to) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        }
        kept.get_or_insert(to);
    }
    kept.ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
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
    fn only_a_key_that_does_not_decrypt_makes_a_session_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("session.db");
        let right = "11".repeat(32);
        assert_eq!(unreadable_with(&db, &right), None, "no file, no session");
        let mut conn = SqliteConnection::establish(&db.to_string_lossy()).unwrap();
        conn.batch_execute(&format!(
            "PRAGMA key = \"x'{right}'\"; CREATE TABLE device(id INTEGER);"
        ))
        .unwrap();
        drop(conn);
        assert_eq!(unreadable_with(&db, &right), None);
        let wrong = unreadable_with(&db, &"22".repeat(32)).unwrap();
        assert!(wrong.contains("file is not a database"), "{wrong}");
    }

    #[test]
    fn a_session_is_set_aside_whole_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("session.db");
        for f in session_files(&db) {
            std::fs::write(&f, b"x").unwrap();
        }
        let kept = set_aside(&db, "20261206T224500Z").unwrap();
        assert_eq!(
            kept.file_name().unwrap(),
            "session.db.unreadable-20261206T224500Z"
        );
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "session.db-shm.unreadable-20261206T224500Z",
                "session.db-wal.unreadable-20261206T224500Z",
                "session.db.unreadable-20261206T224500Z",
            ]
        );
    }

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
