//! Demo build only: the app's clock set ahead of the computer's, so a test can start the app
//! "hours later" (a message for later found long overdue) without waiting hours.

use std::time::Duration;

use futures_util::future::BoxFuture;
use mostrador_core::clock::{Clock, SystemClock};

pub struct AheadClock {
    pub by_ms: i64,
}

impl Clock for AheadClock {
    fn now_ms(&self) -> i64 {
        SystemClock.now_ms().saturating_add(self.by_ms)
    }

    fn sleep(&self, d: Duration) -> BoxFuture<'static, ()> {
        // Durations are the same on both clocks; only the reading is moved.
        SystemClock.sleep(d)
    }
}
