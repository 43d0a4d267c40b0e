//! Errors from the secret store, worded so a shop owner or admin can act on them.

use std::io;
use std::path::PathBuf;

/// Everything that can go wrong opening or using the secret store.
#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    /// No OS keyring answered when the store was opened.
    #[error(
        "no OS keyring could be reached ({detail}). Mostrador keeps its secrets (API key, \
         database keys) in the OS keyring. On Linux a Secret Service provider such as GNOME \
         Keyring or KWallet must be running and unlocked in your user session. On a machine \
         without one (a server, an SSH login) start Mostrador with `--secrets file` (or set \
         MOSTRADOR_SECRETS=file) to keep the secrets in a file readable only by this user in \
         the data directory instead."
    )]
    KeyringUnavailable { detail: String },

    /// The keyring answered at startup but refused this operation (typically locked).
    #[error(
        "the OS keyring refused access to the secret {name:?} ({detail}). If the keyring is \
         locked, unlock it (for example by logging in to the desktop session or opening your \
         keyring manager) and try again."
    )]
    KeyringAccess { name: String, detail: String },

    /// The keyring holds something for this secret that can't be used as-is.
    #[error(
        "the OS keyring entry for the secret {name:?} can't be used ({detail}). Open your \
         keyring manager (Passwords and Keys, KWallet, Keychain Access or Credential Manager), \
         remove the service \"mostrador\" entries for this secret and start Mostrador again."
    )]
    KeyringEntry { name: String, detail: String },

    /// The data dir can't be resolved, so the secrets can't be tied to it.
    #[error(
        "can't use the data directory {path} for secrets ({source}). Check that it exists \
         and that this user can read it."
    )]
    DataDir { path: PathBuf, source: io::Error },

    /// Reading or writing the secrets file failed.
    #[error(
        "can't read or write the secrets file {path} ({source}). Check that the data \
         directory is writable by this user and that the disk is not full."
    )]
    FileIo { path: PathBuf, source: io::Error },

    /// The secrets file exists but is not a JSON object of strings.
    #[error(
        "the secrets file {path} is damaged ({detail}). Restore it from a backup. Moving it \
         aside lets Mostrador start, but the secrets in it are lost, and data encrypted with \
         them can't be read any more."
    )]
    FileCorrupt { path: PathBuf, detail: String },

    /// A caller asked for a secret with an unusable name (a bug, not a user problem).
    #[error("invalid secret name {name:?}: names must be non-empty")]
    InvalidName { name: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyring_unavailable_says_what_and_how_to_fix() {
        let msg = SecretsError::KeyringUnavailable {
            detail: "DBus error: no bus".to_owned(),
        }
        .to_string();
        for needed in [
            "no OS keyring could be reached",
            "DBus error: no bus",
            "GNOME Keyring or KWallet",
            "unlocked",
            "--secrets file",
            "MOSTRADOR_SECRETS=file",
            "readable only by this user",
        ] {
            assert!(msg.contains(needed), "missing {needed:?} in: {msg}");
        }
    }
}
