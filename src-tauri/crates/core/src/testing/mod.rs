//! Test doubles: a clock that moves only when told, predictable randomness, and an
//! in-memory engine (`messenger`). Compiled for tests and the `testing` feature only.
#![allow(clippy::unwrap_used)] // Test doubles: a poisoned lock is a failed test.

mod engines;
mod groups;
mod messenger;
mod scene;

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use futures_util::future::BoxFuture;
use tokio::sync::{oneshot, watch};

use crate::clock::{Clock, Random};

pub use engines::FakeEngines;
pub use groups::MemoryGroups;
pub use messenger::FakeMessenger;

/// A clock that stands still until a test moves it. Sleepers are visible, so a test can
/// wait for "the dispatcher is now waiting until T" instead of sleeping itself.
pub struct ManualClock {
    state: Mutex<ClockState>,
    changed: watch::Sender<()>,
}

struct ClockState {
    now: i64,
    sleepers: Vec<(i64, oneshot::Sender<()>)>,
}

impl ManualClock {
    pub fn new(now: i64) -> Self {
        ManualClock {
            state: Mutex::new(ClockState {
                now,
                sleepers: Vec::new(),
            }),
            changed: watch::channel(()).0,
        }
    }

    pub fn set(&self, now: i64) {
        let mut st = self.state.lock().unwrap();
        st.now = now;
        let (due, waiting): (Vec<_>, Vec<_>) = st.sleepers.drain(..).partition(|(t, _)| *t <= now);
        st.sleepers = waiting;
        drop(st);
        for (_, tx) in due {
            let _ = tx.send(());
        }
        self.changed.send_replace(());
    }

    pub fn advance(&self, d: Duration) {
        let now = self.now_ms();
        self.set(now + d.as_millis() as i64);
    }

    /// Deadlines of the sleeps still being awaited, earliest first.
    pub fn sleepers(&self) -> Vec<i64> {
        let mut st = self.state.lock().unwrap();
        st.sleepers.retain(|(_, tx)| !tx.is_closed());
        let mut d: Vec<i64> = st.sleepers.iter().map(|(t, _)| *t).collect();
        d.sort_unstable();
        d
    }

    /// Waits until someone sleeps until a time after now, and returns the earliest such time.
    pub async fn next_sleeper(&self) -> i64 {
        let mut rx = self.changed.subscribe();
        loop {
            if let Some(t) = self.sleepers().first() {
                return *t;
            }
            rx.changed().await.unwrap();
        }
    }

    /// Waits until someone sleeps until exactly `deadline`.
    pub async fn wait_for_sleeper(&self, deadline: i64) {
        let mut rx = self.changed.subscribe();
        while !self.sleepers().contains(&deadline) {
            rx.changed().await.unwrap();
        }
    }

    /// Moves time to the earliest sleeper's deadline (waiting for one), and returns it.
    pub async fn advance_to_next_sleeper(&self) -> i64 {
        let t = self.next_sleeper().await;
        self.set(t);
        t
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.state.lock().unwrap().now
    }

    fn sleep(&self, d: Duration) -> BoxFuture<'static, ()> {
        let mut st = self.state.lock().unwrap();
        let deadline = st.now + d.as_millis() as i64;
        if deadline <= st.now {
            return Box::pin(async {});
        }
        let (tx, rx) = oneshot::channel();
        st.sleepers.push((deadline, tx));
        drop(st);
        self.changed.send_replace(());
        Box::pin(async move {
            let _ = rx.await;
        })
    }
}

/// Bytes from a simple counter-based generator: different every call, same every run.
pub struct SeqRandom(AtomicU64);

impl SeqRandom {
    pub fn new(seed: u64) -> Self {
        SeqRandom(AtomicU64::new(seed))
    }
}

impl Random for SeqRandom {
    fn fill(&self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            // splitmix64
            let mut z = self.0.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            chunk.copy_from_slice(&z.to_le_bytes()[..chunk.len()]);
        }
    }
}

/// A secret store in memory.
#[derive(Default)]
pub struct MemoryVault(Mutex<std::collections::HashMap<String, String>>);

impl crate::vault::Vault for MemoryVault {
    fn get(&self, name: &str) -> Result<Option<String>, String> {
        Ok(self.0.lock().unwrap().get(name).cloned())
    }

    fn set(&self, name: &str, value: &str) -> Result<(), String> {
        self.0
            .lock()
            .unwrap()
            .insert(name.to_owned(), value.to_owned());
        Ok(())
    }

    fn delete(&self, name: &str) -> Result<(), String> {
        self.0.lock().unwrap().remove(name);
        Ok(())
    }
}
