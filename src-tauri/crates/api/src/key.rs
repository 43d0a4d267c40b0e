//! The API key the POS must send: the one in use, compared in constant time, and its
//! rotation, which stores a new one and swaps it in at once. How a request presents it is
//! `auth`'s business.

use std::sync::{Arc, Mutex, RwLock};

use mostrador_core::{Code, Error};
use tokio::sync::watch;

use crate::key_store::KeyStore;

/// The current key; `set` swaps it in place, and `rotate` (with a store) makes, stores and
/// swaps in a new one.
#[derive(Clone)]
pub struct ApiKey(Arc<KeyState>);

struct KeyState {
    current: RwLock<String>,
    store: Option<Arc<dyn KeyStore>>,
    /// One rotation at a time, so the stored key and the one in use never differ.
    rotating: Mutex<()>,
    /// Counts changes of the key: open event streams end when it moves.
    changes: watch::Sender<u64>,
}

impl ApiKey {
    /// A key kept only in memory: it cannot be rotated through the API.
    pub fn new(key: String) -> ApiKey {
        ApiKey::build(key, None)
    }

    /// A key that `POST /api-key/rotate` replaces in `store` too, so the new one outlives a
    /// restart.
    pub fn with_store(key: String, store: Arc<dyn KeyStore>) -> ApiKey {
        ApiKey::build(key, Some(store))
    }

    fn build(key: String, store: Option<Arc<dyn KeyStore>>) -> ApiKey {
        ApiKey(Arc::new(KeyState {
            current: RwLock::new(key),
            store,
            rotating: Mutex::new(()),
            changes: watch::channel(0).0,
        }))
    }

    /// Uses `key` from now on; the old one stops working at once (open event streams end).
    pub fn set(&self, key: String) {
        if let Ok(mut k) = self.0.current.write() {
            *k = key;
        }
        self.0.changes.send_modify(|n| *n += 1);
    }

    /// A receiver that sees every later change of the key.
    pub(crate) fn changes(&self) -> watch::Receiver<u64> {
        self.0.changes.subscribe()
    }

    /// The key in use now (shown to the manager in the desktop app).
    pub fn current(&self) -> String {
        self.0.current.read().map(|k| k.clone()).unwrap_or_default()
    }

    /// Replaces the key in the store, then in use, and returns the new one. Blocks (the
    /// store may be the OS keyring): call it off the async threads.
    pub fn rotate(&self) -> Result<String, Error> {
        let store = self.0.store.as_ref().ok_or_else(|| {
            Error::new(
                Code::InvalidState,
                "this server has nowhere to keep a new API key, so it cannot rotate it",
            )
        })?;
        let _one_at_a_time = self
            .0
            .rotating
            .lock()
            .map_err(|_| Error::new(Code::Internal, "key rotation failed earlier; restart"))?;
        let key = store.replace().map_err(|why| {
            tracing::error!(error = %why, "cannot store a new API key");
            Error::new(
                Code::Internal,
                "the new API key could not be stored, so the old one stays in use; see the app log",
            )
        })?;
        self.set(key.clone());
        Ok(key)
    }

    /// Whether `candidate` is the key in use, compared without an early exit.
    pub(crate) fn matches(&self, candidate: &str) -> bool {
        self.0
            .current
            .read()
            .is_ok_and(|k| constant_time_eq(k.as_bytes(), candidate.as_bytes()))
    }
}

/// Compares without an early exit, so timing does not reveal how much of a guess was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for (i, x) in a.iter().enumerate() {
        diff |= usize::from(x ^ b.get(i).copied().unwrap_or(!x));
    }
    diff == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_eq_is_eq() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(!constant_time_eq(b"", b"a"));
        assert!(constant_time_eq(b"", b""));
    }
}
