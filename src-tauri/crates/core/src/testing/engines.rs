//! In-memory engines for the profiles a test adds: one `FakeMessenger` per profile, each
//! with its own account number, found by the profile's id.
#![allow(clippy::unwrap_used)] // A test double: a poisoned lock is a failed test.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use futures_util::future::BoxFuture;
use tokio::sync::watch;

use crate::clock::Clock;
use crate::engine::{EngineError, EngineSink, Messenger};
use crate::profiles::Engines;
use crate::testing::FakeMessenger;

pub struct FakeEngines {
    clock: Arc<dyn Clock>,
    started: Mutex<HashMap<String, Arc<FakeMessenger>>>,
    wiped: Mutex<Vec<String>>,
    changed: watch::Sender<()>,
}

impl FakeEngines {
    pub fn new(clock: Arc<dyn Clock>) -> Arc<Self> {
        Arc::new(FakeEngines {
            clock,
            started: Mutex::new(HashMap::new()),
            wiped: Mutex::new(Vec::new()),
            changed: watch::channel(()).0,
        })
    }

    /// The engine of profile `id`, once the service started it.
    pub async fn engine(&self, id: &str) -> Arc<FakeMessenger> {
        let mut rx = self.changed.subscribe();
        loop {
            if let Some(e) = self.started.lock().unwrap().get(id) {
                return e.clone();
            }
            rx.changed().await.unwrap();
        }
    }

    /// The profiles whose sessions were wiped, in order.
    pub fn wiped(&self) -> Vec<String> {
        self.wiped.lock().unwrap().clone()
    }
}

impl Engines for FakeEngines {
    fn start<'a>(
        &'a self,
        id: &'a str,
        sink: EngineSink,
    ) -> BoxFuture<'a, Result<Arc<dyn Messenger>, EngineError>> {
        Box::pin(async move {
            // `p2` → +591 7000 0002: each profile its own account.
            let n: String = id.chars().filter(char::is_ascii_digit).collect();
            let phone = format!("5917000{n:0>4}");
            let engine = FakeMessenger::with_phone(sink, self.clock.clone(), &phone);
            self.started
                .lock()
                .unwrap()
                .insert(id.to_owned(), engine.clone());
            self.changed.send_replace(());
            Ok(engine as Arc<dyn Messenger>)
        })
    }

    fn wipe<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<(), EngineError>> {
        self.wiped.lock().unwrap().push(id.to_owned());
        Box::pin(async { Ok(()) })
    }
}
