//! A service wired to a temp database, the manual clock and the in-memory engine.
#![allow(clippy::unwrap_used, dead_code)]

use std::sync::Arc;
use std::time::Duration;

use mostrador_core::engine;
use mostrador_core::testing::{FakeEngines, FakeMessenger, ManualClock, SeqRandom};
use mostrador_core::types::{Event, Message, Status};
use mostrador_core::{Config, Deps, Draft, DraftBody, Service};
use mostrador_store::Store;

pub const T0: i64 = 1_763_769_600_000;

pub struct Harness {
    pub service: Arc<Service>,
    pub engine: Arc<FakeMessenger>,
    /// The engines of the profiles a test adds.
    pub engines: Arc<FakeEngines>,
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
    start_seeded(dir, config, clock, 42).await
}

/// A restart that queues new messages needs a seed of its own: the same one would draw the
/// WhatsApp ids of the messages already stored.
pub async fn start_seeded(
    dir: Arc<tempfile::TempDir>,
    config: Config,
    clock: Arc<ManualClock>,
    seed: u64,
) -> Harness {
    let store = Store::open(&dir.path().join("app.db")).unwrap();
    let (sink, events) = engine::channel();
    let engine = FakeMessenger::new(sink, clock.clone());
    let engines = FakeEngines::new(clock.clone());
    let service = Service::start(Deps {
        store,
        messenger: engine.clone(),
        engine_events: events,
        engines: Some(engines.clone()),
        clock: clock.clone(),
        random: Arc::new(SeqRandom::new(seed)),
        config,
        media_dir: dir.path().join("media"),
        vault: std::sync::Arc::new(mostrador_core::testing::MemoryVault::default()),
    })
    .await
    .unwrap();
    Harness {
        service,
        engine,
        engines,
        clock,
        dir,
    }
}

pub fn text(to: &str, text: &str) -> Draft {
    Draft {
        to: to.into(),
        body: DraftBody::Text { text: text.into() },
        idempotency_key: None,
        send_at: None,
        profile: None,
    }
}

/// How long a test waits for something that should happen at once, before it fails.
pub const PATIENCE: Duration = Duration::from_secs(20);

impl Harness {
    pub async fn queue(&self, text_body: &str) -> Message {
        self.service
            .send(text("71234567", text_body))
            .await
            .unwrap()
            .message
    }

    /// Waits (on events, not time; at most `PATIENCE`) until the message has `status`.
    pub async fn wait_status(&self, id: &str, status: Status) -> Message {
        let mut rx = self.service.subscribe();
        let reached = async {
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
        };
        match tokio::time::timeout(PATIENCE, reached).await {
            Ok(m) => m,
            Err(_) => panic!(
                "{id} never became {status}: it is {:?}",
                self.service.message(id).await.map(|m| m.status)
            ),
        }
    }
}

/// Waits (at most `PATIENCE`) for the next event `want` accepts.
pub async fn until_event(
    events: &mut tokio::sync::broadcast::Receiver<Event>,
    want: impl Fn(&Event) -> bool,
) -> Event {
    let next = async {
        loop {
            match events.recv().await {
                Ok(e) if want(&e) => return e,
                Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(e) => panic!("the event stream ended: {e}"),
            }
        }
    };
    match tokio::time::timeout(PATIENCE, next).await {
        Ok(e) => e,
        Err(_) => panic!("the awaited event did not come within {PATIENCE:?}"),
    }
}
