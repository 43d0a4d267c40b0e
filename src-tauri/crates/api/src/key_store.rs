//! The key store seam: where the app keeps its API key (the OS keyring or the secrets file,
//! both in the app crate), so a key rotated through the API outlives a restart.

/// Replaces the stored API key.
pub trait KeyStore: Send + Sync {
    /// Makes a new random key (256 bits), stores it in place of the old one, and returns it.
    /// May block (a keyring over D-Bus): the API calls it off the async threads. On error
    /// the stored key must be the old one.
    fn replace(&self) -> Result<String, String>;
}
