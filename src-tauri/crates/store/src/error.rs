//! The store's one error type.

/// Cloneable (a failed group commit is reported to every request in the batch).
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(String),
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    #[error("the database has been closed")]
    Closed,
    #[error(
        "the message database cannot be opened with its key (the key in the keyring does not match the file, or the file is not a Mostrador database)"
    )]
    Locked,
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Database(e.to_string())
    }
}
