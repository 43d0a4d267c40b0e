//! The binary's errors, each worded as one line a shop owner or admin can act on.

use std::io;
use std::path::PathBuf;

use mostrador_secrets::SecretsError;
use mostrador_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "can't tell where this user's data directory is; pass --data-dir DIR or set \
         MOSTRADOR_DATA_DIR"
    )]
    NoDataDir,

    #[error("can't create or use the data directory {path}: {source}")]
    DataDir { path: PathBuf, source: io::Error },

    #[error("{0}")]
    Secrets(#[from] SecretsError),

    #[error(
        "the stored API key is too short to be safe; replace it with `mostrador api-key --rotate`"
    )]
    WeakApiKey,

    #[error("the operating system's random source failed: {0}")]
    Random(String),

    #[error("invalid setting: {0}")]
    Setting(String),

    #[error(
        "port {port} on 127.0.0.1 is already in use (is Mostrador already running?); \
         choose another with --port N (or MOSTRADOR_PORT=N), or --port 0 for any free port"
    )]
    PortInUse { port: u16 },

    #[error(
        "another Mostrador is already running with the data directory {dir}; stop it first, \
         or give this one its own --data-dir"
    )]
    AlreadyRunning { dir: PathBuf },

    #[error("can't listen on 127.0.0.1:{port}: {source}")]
    Bind { port: u16, source: io::Error },

    #[error(
        "the message database {path} exists but its key is missing ({entry}); without it the \
         log and the queued messages cannot be read. Restore that entry from a backup of the \
         keyring (or of secrets.json); to start over with an empty log instead, move the \
         database file away"
    )]
    MissingDbKey { path: PathBuf, entry: String },

    #[error("can't open the message database {path}: {source}")]
    Store { path: PathBuf, source: StoreError },

    #[error("can't start the message service: {0}")]
    Service(mostrador_core::Error),

    #[error("can't write the port file {path}: {source}")]
    PortFile { path: PathBuf, source: io::Error },

    #[error("can't start the async runtime: {0}")]
    Runtime(io::Error),

    #[error("the API server stopped with an error: {0}")]
    Server(io::Error),

    #[error("the desktop app cannot start: {0}")]
    Desktop(String),
}

impl Error {
    /// 2 for settings the user must change before trying again, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Setting(_) => 2,
            _ => 1,
        }
    }
}
