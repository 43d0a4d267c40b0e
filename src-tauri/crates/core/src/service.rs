//! The service: the one place every surface (REST API, desktop UI) goes through to send,
//! look up, retry or cancel messages, and to follow the WhatsApp session.

use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mostrador_store::{CancelOutcome, Store, StoreError};
use mostrador_types::{
    Event, Message, MessageQuery, MessageUpdate, Page, QrCode, SessionInfo, SessionState, Settings,
    SettingsPatch, Status,
};
use tokio::sync::{Notify, broadcast, watch};
use tokio::task::JoinHandle;

use crate::blobs::Blobs;
use crate::budget::Budget;
use crate::clock::{Clock, Random};
use crate::engine::{EngineEvents, Messenger};
use crate::settings::{self, Live};
use crate::{Code, Config, Error, Result, dispatcher, pump};

/// What the service runs on. The app wires the real ones; tests wire doubles.
pub struct Deps {
    pub store: Store,
    pub messenger: Arc<dyn Messenger>,
    pub engine_events: EngineEvents,
    pub clock: Arc<dyn Clock>,
    pub random: Arc<dyn Random>,
    pub config: Config,
    /// Where attachments are kept.
    pub media_dir: PathBuf,
}

/// The result of `send`: the message, and whether this call queued it (false when an
/// idempotent repeat returned the original).
#[derive(Debug, Clone)]
pub struct Sent {
    pub message: Message,
    pub created: bool,
}

/// The operations live by theme: here the lifecycle, settings and the message log;
/// `sending` (send, attachments), `linking` (session, QR, groups, contacts).
pub struct Service {
    pub(crate) inner: Arc<Inner>,
    shutdown: watch::Sender<bool>,
    tasks: Mutex<Vec<JoinHandle<()>>>,
}

pub(crate) struct Inner {
    pub store: Store,
    pub messenger: Arc<dyn Messenger>,
    pub clock: Arc<dyn Clock>,
    pub random: Arc<dyn Random>,
    pub config: Config,
    /// The settings in effect (country, pacing, retry limit); a manager may change them.
    pub live: watch::Sender<Live>,
    /// One settings change at a time: each is checked against the one before.
    settings_change: tokio::sync::Mutex<()>,
    pub blobs: Blobs,
    /// Room for the attachment bytes of sends in progress.
    pub budget: Budget,
    pub events: broadcast::Sender<Event>,
    pub wake: Notify,
    pub session: watch::Sender<SessionInfo>,
    /// How many times the engine has reported "connected". The dispatcher compares it with
    /// the last connection it resumed for: a drop and reconnect that happen while it is busy
    /// with one send never show up as a `false` in `session`, but they do change this count.
    pub connections: AtomicU64,
    pub qr: Mutex<Option<QrCode>>,
}

impl Inner {
    pub fn emit(&self, event: Event) {
        // No subscribers is fine: nobody is watching right now.
        let _ = self.events.send(event);
    }

    pub fn announce(&self, m: &Message) {
        self.emit(Event::Message(MessageUpdate {
            id: m.id.clone(),
            whatsapp_id: m.whatsapp_id.clone(),
            status: m.status,
            error: m.error.clone(),
            attempts: m.attempts,
            at: m.updated_at,
        }));
    }

    pub fn country(&self) -> phonenumber::country::Id {
        self.live.borrow().country
    }

    pub fn set_qr(&self, qr: Option<QrCode>) {
        if let Ok(mut slot) = self.qr.lock() {
            *slot = qr;
        }
    }
}

impl Service {
    /// Starts the dispatcher and the engine-event pump. Must run inside a Tokio runtime.
    pub async fn start(deps: Deps) -> Result<Arc<Service>> {
        let saved = match deps.store.saved_settings().await {
            Ok(saved) => saved,
            Err(StoreError::Corrupt(why)) => {
                tracing::warn!(%why, "ignoring the saved settings");
                SettingsPatch::default()
            }
            Err(e) => return Err(e.into()),
        };
        let live = settings::effective(&deps.config, &saved)?;
        let now = deps.clock.now_ms();
        // After a crash, nothing is really in flight: free those rows for the dispatcher.
        deps.store.resume_unacknowledged(now).await?;
        // Attachments are as protected as the database: encrypted with a key derived from it.
        let media_key = deps.store.derived_key("attachments");
        let blobs = Blobs::new(deps.media_dir, media_key);
        // Before anything can be stored: what a crash left half-written goes.
        let sweeping = blobs.clone();
        tokio::task::spawn_blocking(move || sweeping.sweep())
            .await
            .map_err(|e| Error::new(Code::Internal, format!("sweep task failed: {e}")))?;
        let budget = Budget::new(deps.config.limits.in_flight_bytes);
        let inner = Arc::new(Inner {
            store: deps.store,
            messenger: deps.messenger,
            clock: deps.clock,
            random: deps.random,
            config: deps.config,
            live: watch::channel(live).0,
            settings_change: tokio::sync::Mutex::new(()),
            budget,
            blobs,
            events: broadcast::channel(1024).0,
            wake: Notify::new(),
            session: watch::channel(SessionInfo::new(SessionState::Connecting, now)).0,
            connections: AtomicU64::new(0),
            qr: Mutex::new(None),
        });
        let (shutdown, shutdown_rx) = watch::channel(false);
        let tasks = vec![
            tokio::spawn(pump::run(inner.clone(), deps.engine_events)),
            tokio::spawn(dispatcher::run(inner.clone(), shutdown_rx)),
        ];
        Ok(Arc::new(Service {
            inner,
            shutdown,
            tasks: Mutex::new(tasks),
        }))
    }

    /// Stops the dispatcher (after its current attempt) and the pump, then closes the store.
    pub async fn shutdown(&self) {
        self.shutdown.send_replace(true);
        let tasks: Vec<_> = self
            .tasks
            .lock()
            .map(|mut t| t.drain(..).collect())
            .unwrap_or_default();
        let mut tasks = tasks.into_iter();
        if let Some(pump) = tasks.next() {
            pump.abort();
        }
        for t in tasks {
            let _ = t.await;
        }
        self.inner.store.close();
    }

    /// What the service was started with. The country, pacing and retry limit in effect
    /// may differ: see `settings`.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The settings in effect now, and which of them were fixed at startup.
    pub fn settings(&self) -> Settings {
        self.inner.live.borrow().settings.clone()
    }

    /// The country in effect for numbers written without a country code.
    pub fn country(&self) -> phonenumber::country::Id {
        self.inner.country()
    }

    /// Checks and applies a change of settings, saves it (it outlives a restart) and returns
    /// the settings in effect. It applies at once: new numbers use the new country, and the
    /// dispatcher the new pace (also the gap it is waiting out) and retry limit.
    pub async fn update_settings(&self, patch: SettingsPatch) -> Result<Settings> {
        let inner = &self.inner;
        let _one_at_a_time = inner.settings_change.lock().await;
        let current = inner.live.borrow().clone();
        let (next, save) = settings::apply(&current, &patch)?;
        if !save.is_empty() {
            inner
                .store
                .save_settings(save.clone(), inner.clock.now_ms())
                .await?;
            tracing::info!(changed = ?save, "settings changed");
            inner.live.send_replace(next);
        }
        Ok(self.settings())
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.inner.events.subscribe()
    }

    pub async fn message(&self, id: &str) -> Result<Message> {
        self.inner
            .store
            .get(id)
            .await?
            .ok_or_else(|| Error::not_found("message"))
    }

    pub async fn messages(&self, query: MessageQuery) -> Result<Page<Message>> {
        Ok(self.inner.store.list(query).await?)
    }

    /// Waits (at most `timeout`, capped by the config) until the server has the message or it
    /// failed, and returns it as it is then.
    pub async fn wait_for_server(&self, id: &str, timeout: Duration) -> Result<Message> {
        let mut rx = self.subscribe();
        let settled =
            |s: Status| s.reached_server() || matches!(s, Status::Failed | Status::Cancelled);
        let current = self.message(id).await?;
        if settled(current.status) {
            return Ok(current);
        }
        let deadline = self
            .inner
            .clock
            .sleep(timeout.min(self.inner.config.max_wait));
        tokio::pin!(deadline);
        loop {
            tokio::select! {
                ev = rx.recv() => match ev {
                    Ok(Event::Message(u)) if u.id == id && settled(u.status) => break,
                    Ok(_) => {}
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        if settled(self.message(id).await?.status) { break; }
                    }
                    Err(broadcast::error::RecvError::Closed) => break,
                },
                () = &mut deadline => break,
            }
        }
        self.message(id).await
    }

    /// A user's retry of a failed message: queued again with the same WhatsApp id.
    pub async fn retry(&self, id: &str) -> Result<Message> {
        match self
            .inner
            .store
            .requeue_failed(id, self.inner.clock.now_ms())
            .await?
        {
            None => Err(Error::not_found("message")),
            Some((false, m)) => Err(Error::new(
                Code::InvalidState,
                format!(
                    "only a failed message can be retried; this one is {}",
                    m.status
                ),
            )),
            Some((true, m)) => {
                self.inner.wake.notify_one();
                self.inner.announce(&m);
                Ok(m)
            }
        }
    }

    pub async fn cancel(&self, id: &str) -> Result<Message> {
        match self
            .inner
            .store
            .cancel(id, self.inner.clock.now_ms())
            .await?
        {
            CancelOutcome::NotFound => Err(Error::not_found("message")),
            CancelOutcome::NotCancellable(m) => Err(Error::new(
                Code::InvalidState,
                format!(
                    "the message can no longer be cancelled: it is {}{}",
                    m.status,
                    if m.status == Status::Sending {
                        " (already handed to WhatsApp)"
                    } else {
                        ""
                    }
                ),
            )),
            CancelOutcome::Cancelled(m) => {
                self.inner.announce(&m);
                Ok(m)
            }
        }
    }
}
