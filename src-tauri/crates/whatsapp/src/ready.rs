//! When a connection counts as `connected` for Mostrador: once the server has logged it in and
//! delivered what was queued while it was away — not when whatsapp-rust publishes `Connected`,
//! which can come ten seconds later on every start.
//!
//! Why: whatsapp-rust 0.7 (`client/node_io.rs`, the post-login task) takes an empty push name
//! in its store to mean "freshly paired": it then waits up to 10 s (`KEY_SHARE_GRACE_SECS`)
//! for the phone to share the app-state key — a key it already holds, and which a real phone
//! shares only once, at linking — and re-syncs `critical_block`/`critical_unblock_low` from
//! version 0 before it publishes `Connected`. A personal account's push name only reaches the
//! store through that app state (`setting_pushName`) or a history sync (which Mostrador
//! skips), so an account whose critical app state holds no name pays the wait at every start.
//! Sending needs none of it: the library sends once logged in.
//!
//! The first login after linking still waits for the library's `Connected`: that is when the
//! bootstrap has brought the account's name, which the session shows.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Tells, per connection, whether `connected` should be announced now. Each connection is
/// announced once: the core takes every `connected` as a new connection and re-sends what was
/// handed to the previous one without a server ack.
#[derive(Default)]
pub struct Readiness {
    /// Counts connection attempts (the transport dials once per connection).
    dials: Arc<AtomicU64>,
    /// The attempt `connected` was last announced for.
    announced: AtomicU64,
    /// Linked in this run, and the library has not published `Connected` since.
    linking: AtomicBool,
}

impl Readiness {
    /// The counter the transport bumps at every dial.
    pub fn dials(&self) -> Arc<AtomicU64> {
        self.dials.clone()
    }

    /// The phone accepted the link: the next login is the bootstrap.
    pub fn linked(&self) {
        self.linking.store(true, Ordering::SeqCst);
    }

    /// The server delivered the offline backlog (`<ib><offline/>`): the login is done.
    /// Returns whether to announce `connected` now.
    pub fn offline_delivered(&self) -> bool {
        !self.linking.load(Ordering::SeqCst) && self.claim()
    }

    /// whatsapp-rust published `Connected`. Returns whether to announce `connected` now (not
    /// if the end of the backlog already did for this connection).
    pub fn library_connected(&self) -> bool {
        self.linking.store(false, Ordering::SeqCst);
        self.claim()
    }

    /// True the first time it is asked for the current connection.
    fn claim(&self) -> bool {
        let current = self.dials.load(Ordering::SeqCst);
        self.announced.swap(current, Ordering::SeqCst) != current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dial(r: &Readiness) {
        r.dials().fetch_add(1, Ordering::SeqCst);
    }

    #[test]
    fn a_restart_is_announced_at_the_end_of_the_backlog_and_only_then() {
        let r = Readiness::default();
        dial(&r);
        assert!(r.offline_delivered());
        assert!(!r.library_connected(), "same connection, already announced");
    }

    #[test]
    fn either_order_announces_a_connection_once() {
        let r = Readiness::default();
        dial(&r);
        assert!(r.library_connected());
        assert!(!r.offline_delivered());
    }

    #[test]
    fn every_new_connection_is_announced() {
        let r = Readiness::default();
        dial(&r);
        assert!(r.offline_delivered());
        // Dropped before the library's own `Connected`; the next connection comes up.
        dial(&r);
        assert!(r.offline_delivered());
        assert!(!r.library_connected());
    }

    #[test]
    fn the_first_login_after_linking_waits_for_the_library() {
        let r = Readiness::default();
        dial(&r);
        r.linked();
        dial(&r);
        assert!(
            !r.offline_delivered(),
            "the bootstrap brings the account's name"
        );
        assert!(r.library_connected());
        // Later connections of the same run no longer wait.
        dial(&r);
        assert!(r.offline_delivered());
    }
}
