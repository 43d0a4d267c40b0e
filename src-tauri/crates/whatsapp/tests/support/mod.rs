//! The app's real core and engine, wired to a fake WhatsApp network on loopback.
#![allow(clippy::unwrap_used, dead_code)]

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use mostrador_core::clock::{SystemClock, SystemRandom};
use mostrador_core::incoming::Incoming;
use mostrador_core::types::{Event, SessionInfo, SessionState};
use mostrador_core::{Config, Deps, Service, engine};
use mostrador_store::Store;
use mostrador_whatsapp::{EngineConfig, WhatsAppEngine};
use tokio::sync::{broadcast, mpsc};

/// Generous: the first connect generates and uploads hundreds of prekeys.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// The session store's SQLCipher key in these tests.
pub const SESSION_KEY: &str = "5e55105e55105e55105e55105e55105e55105e55105e55105e55105e55105e55";
pub const APP_KEY: &str = "a99a99a99a99a99a99a99a99a99a99a99a99a99a99a99a99a99a99a99a99a99a";

pub struct App {
    pub service: Arc<Service>,
    pub engine: WhatsAppEngine,
    pub events: broadcast::Receiver<Event>,
    /// What the engine reported as received, in order (the core ignores it for now).
    pub received: mpsc::UnboundedReceiver<Incoming>,
}

pub async fn start_app(dir: &Path, ws_url: &str) -> App {
    start_app_keyed(dir, ws_url, SESSION_KEY, None).await
}

/// As `start_app`, with what starts the other profiles' engines.
pub async fn start_app_with(
    dir: &Path,
    ws_url: &str,
    engines: Option<Arc<dyn mostrador_core::profiles::Engines>>,
) -> App {
    start_app_full(dir, ws_url, SESSION_KEY, None, engines).await
}

/// As `start_app`, with the session store under `key`; `on_forget` runs when the engine
/// drops the session's key (as the app deletes it from the keyring).
pub async fn start_app_keyed(
    dir: &Path,
    ws_url: &str,
    key: &'static str,
    on_forget: Option<Box<dyn Fn() + Send + Sync>>,
) -> App {
    start_app_full(dir, ws_url, key, on_forget, None).await
}

async fn start_app_full(
    dir: &Path,
    ws_url: &str,
    key: &'static str,
    on_forget: Option<Box<dyn Fn() + Send + Sync>>,
    engines: Option<Arc<dyn mostrador_core::profiles::Engines>>,
) -> App {
    let (sink, from_engine) = engine::channel();
    let (engine_events, received) = watch_received(from_engine);
    // Subscribe before anything can happen, so no event is missed.
    let mut config = Config::default();
    config.pacing.min_gap = Duration::ZERO;
    config.pacing.jitter = Duration::ZERO;
    let engine = WhatsAppEngine::start(
        EngineConfig {
            store_path: dir.join("whatsapp.db"),
            server_url: Some(ws_url.to_owned()),
            store_key: Some(Box::new(move || Ok(key.to_owned()))),
            secret: b"test secret".to_vec(),
            on_forget,
        },
        sink,
        Arc::new(SystemClock),
    )
    .await
    .unwrap();
    let service = Service::start(Deps {
        store: Store::open_encrypted(&dir.join("app.db"), APP_KEY).unwrap(),
        messenger: Arc::new(engine.clone()),
        engine_events,
        engines,
        clock: Arc::new(SystemClock),
        random: Arc::new(SystemRandom),
        config,
        media_dir: dir.join("media"),
        vault: std::sync::Arc::new(mostrador_core::testing::MemoryVault::default()),
    })
    .await
    .unwrap();
    let events = service.subscribe();
    App {
        service,
        engine,
        events,
        received,
    }
}

/// Sits between the engine and the core: every event goes on to the core, and a copy of
/// each `Received` to the test.
fn watch_received(
    mut from_engine: engine::EngineEvents,
) -> (engine::EngineEvents, mpsc::UnboundedReceiver<Incoming>) {
    let (to_core, engine_events) = engine::channel();
    let (tx, received) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Some(event) = from_engine.recv().await {
            if let engine::EngineEvent::Received(incoming) = &event {
                let _ = tx.send(incoming.clone());
            }
            to_core.emit(event);
        }
    });
    (engine_events, received)
}

impl App {
    /// The next message the engine reports as received.
    pub async fn next_received(&mut self) -> Incoming {
        within("a received message", self.received.recv())
            .await
            .expect("the engine is running")
    }

    /// Waits for the next event that `pick` accepts, and returns what it made of it.
    pub async fn next<T>(&mut self, mut pick: impl FnMut(&Event) -> Option<T>) -> T {
        tokio::time::timeout(PATIENCE, async {
            loop {
                match self.events.recv().await {
                    Ok(e) => {
                        if let Some(t) = pick(&e) {
                            return t;
                        }
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => {}
                    Err(e) => panic!("event stream ended: {e}"),
                }
            }
        })
        .await
        .expect("the awaited event arrived in time")
    }

    /// The QR on screen now, or the next one.
    pub async fn qr(&mut self) -> mostrador_core::types::QrCode {
        within("a QR code", async {
            loop {
                if let Ok(q) = self.service.qr(None) {
                    return q;
                }
                self.next(|e| matches!(e, Event::Qr(_) | Event::Session(_)).then_some(()))
                    .await;
            }
        })
        .await
    }

    pub async fn until_state(&mut self, state: SessionState) {
        within("the session state", async {
            while self.service.session(None).unwrap().state != state {
                self.next(|e| matches!(e, Event::Session(_)).then_some(()))
                    .await;
            }
        })
        .await;
    }

    /// Forgets the events announced so far: `until_state` and `until_session` go by the
    /// current state and may leave the events that led there unread.
    pub fn skip_past_events(&mut self) {
        while !matches!(
            self.events.try_recv(),
            Err(broadcast::error::TryRecvError::Empty | broadcast::error::TryRecvError::Closed)
        ) {}
    }

    /// Waits for the next session change `pick` accepts, in the order the core announced
    /// them (so a passing state is seen too), and returns it. Call `skip_past_events` first
    /// to be sure it is a new one.
    pub async fn session_event(&mut self, pick: impl Fn(&SessionInfo) -> bool) -> SessionInfo {
        self.next(|e| match e {
            Event::Session(s) if pick(s) => Some(s.clone()),
            _ => None,
        })
        .await
    }

    /// Waits until the session `pick` accepts is the current one, and returns it.
    pub async fn until_session(&mut self, pick: impl Fn(&SessionInfo) -> bool) -> SessionInfo {
        within("the session", async {
            loop {
                let now = self.service.session(None).unwrap();
                if pick(&now) {
                    return now;
                }
                self.next(|e| matches!(e, Event::Session(_)).then_some(()))
                    .await;
            }
        })
        .await
    }

    /// Waits until the message has at least reached `status` on the happy path (or exactly
    /// `status` for failed/cancelled), and returns it.
    pub async fn until_status(
        &mut self,
        id: &str,
        status: mostrador_core::types::Status,
    ) -> mostrador_core::types::Message {
        use mostrador_core::types::Status;
        let rank = |s: Status| Status::ALL.iter().position(|x| *x == s).unwrap_or(0);
        within("the message's status", async {
            loop {
                let m = self.service.message(id).await.unwrap();
                let done = match status {
                    Status::Failed | Status::Cancelled => m.status == status,
                    _ => {
                        !matches!(m.status, Status::Failed | Status::Cancelled)
                            && rank(m.status) >= rank(status)
                    }
                };
                if done {
                    return m;
                }
                assert!(
                    !matches!(m.status, Status::Failed | Status::Cancelled),
                    "{id} ended as {} ({:?})",
                    m.status,
                    m.error
                );
                let id = id.to_owned();
                self.next(move |e| matches!(e, Event::Message(u) if u.id == id).then_some(()))
                    .await;
            }
        })
        .await
    }

    /// Links the app to the fake network's account by scanning the QR it shows.
    pub async fn pair(&mut self, net: &fake_whatsapp::FakeNetwork) {
        let qr = self.qr().await;
        net.scan_qr(&qr.code).await.unwrap();
        self.until_state(SessionState::Connected).await;
    }

    pub async fn stop(self) {
        self.service.shutdown().await;
        self.engine.shutdown().await;
    }
}

/// Runs a wait made of several events to its end, or fails the test after `PATIENCE`: each
/// event has its own deadline, and so does the whole.
async fn within<T>(what: &str, wait: impl std::future::Future<Output = T>) -> T {
    match tokio::time::timeout(PATIENCE, wait).await {
        Ok(t) => t,
        Err(_) => panic!("waited {PATIENCE:?} for {what}"),
    }
}
