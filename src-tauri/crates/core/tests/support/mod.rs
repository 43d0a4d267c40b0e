//! A service wired to a temp database, the manual clock and the in-memory engine.
#![allow(clippy::unwrap_used, dead_code)]

use std::sync::Arc;
use std::time::Duration;

use mostrador_core::engine;
use mostrador_core::testing::{FakeMessenger, ManualClock, SeqRandom};
use mostrador_core::types::{Event, Message, Status};
use mostrador_core::{Config, Deps, Draft, DraftBody, Service};
use mostrador_store::Store;

pub const T0: i64 = 1_763_769_600_000;

pub struct Harness {
    pub service: Arc<Service>,
    pub engine: Arc<FakeMessenger>,
    pub clock: Arc<ManualClock>,
    pub dir: Arc<tempfile::TempDir>,
}

pub fn no_pacing() -> Config {
    let mut c = Config::default();
    c.pacing.min_gap = Duration::ZERO;
    c.pacing.jitter = Duration::ZERO;
    c
}

pub async fn start(config: Config) -> Harness {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    start_in(dir, config, Arc::new(ManualClock::new(T0))).await
}

pub async fn start_in(
    dir: Arc<tempfile::TempDir>,
    config: Config,
    clock: Arc<ManualClock>,
) -> Harness {
    let store = Store::open(&dir.path().join("app.db")).unwrap();
    let (sink, events) = engine::channel();
    let engine = FakeMessenger::new(sink, clock.clone());
    let service = Service::start(Deps {
        store,
        messenger: engine.clone(),
        engine_events: events,
        clock: clock.clone(),
        random: Arc::new(SeqRandom::new(42)),
        config,
        media_dir: dir.path().join("media"),
    })
    .await
    .unwrap();
    Harness {
        service,
        engine,
        clock,
        dir,
    }
}

pub fn text(to: &str, text: &str) -> Draft {
    Draft {
        to: to.into(),
        body: DraftBody::Text { text: text.into() },
        idempotency_key: None,
    }
}

impl Harness {
    pub async fn queue(&self, text_body: &str) -> Message {
        self.service
            .send(text("71234567", text_body))
            .await
            .unwrap()
            .message
    }

    /// Waits (on events, not time) until the message has `status`.
    pub async fn wait_status(&self, id: &str, status: Status) -> Message {
        let mut rx = self.service.subscribe();
        loop {
            let m = self.service.message(id).await.unwrap();
            if m.status == status {
                return m;
            }
            loop {
                match rx.recv().await {
                    Ok(Event::Message(u)) if u.id == id => break,
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
        }
    }
}
