//! The secret store as the core sees it: named secrets kept outside the database (the OS
//! keyring, or the protected file the app falls back to). Calls may block; the core makes
//! them off the async threads.

/// Where secrets the core makes (webhook signing keys) are kept.
pub trait Vault: Send + Sync + 'static {
    fn get(&self, name: &str) -> Result<Option<String>, String>;
    fn set(&self, name: &str, value: &str) -> Result<(), String>;
    fn delete(&self, name: &str) -> Result<(), String>;
}
