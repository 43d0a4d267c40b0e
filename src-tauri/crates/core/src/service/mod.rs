//! The service: the one place every surface (REST API, desktop UI) goes through to send,
//! look up, retry or cancel messages, and to follow the WhatsApp session. Here it is put
//! together and taken apart; its operations live by theme in the files beside this one.

mod batches;
mod claims;
mod contacts;
mod directory;
mod groups;
mod inbox;
mod messages;
mod numbers;
mod schedule;
mod sending;
mod session;
mod settings;
mod webhooks;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use mostrador_store::{Store, StoreError};
use mostrador_types::{Event, Message, SettingsPatch};
use tokio::sync::{Notify, broadcast, watch};
use tokio::task::JoinHandle;

use crate::announcer::Announcer;
use crate::blobs::Blobs;
use crate::budget::Budget;
use crate::clock::{Clock, Random};
use crate::dispatcher::Dispatcher;
use crate::engine::{EngineEvents, Messenger};
use crate::engine_reports::EngineReports;
use crate::link::LinkWatch;
use crate::live_settings::{self, LiveSettings};
use crate::vault::Vault;
use crate::webhooks::Webhooks;
use crate::{Code, Config, Error, Result};

pub use batches::BatchAccepted;
pub use inbox::ReceivedMedia;

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
    /// Where secrets the service makes (webhook signing keys) are kept.
    pub vault: Arc<dyn Vault>,
}

/// The result of `send`: the message, and whether this call queued it (false when an
/// idempotent repeat returned the original).
#[derive(Debug, Clone)]
pub struct Sent {
    pub message: Message,
    pub created: bool,
}

/// The operations every surface calls. Its two tasks own their parts: the dispatcher (the
/// outbox → the engine) and the engine's reports (the engine → the link state and the log).
pub struct Service {
    store: Store,
    messenger: Arc<dyn Messenger>,
    clock: Arc<dyn Clock>,
    random: Arc<dyn Random>,
    config: Config,
    /// The settings in effect (country, pacing, retry limit); a manager may change them.
    live: watch::Sender<LiveSettings>,
    /// One settings change at a time: each is checked against the one before.
    settings_change: tokio::sync::Mutex<()>,
    blobs: Blobs,
    /// Room for the attachment bytes of sends in progress.
    budget: Budget,
    announcer: Announcer,
    /// Rings the dispatcher when a message is queued again or for the first time.
    wake: Arc<Notify>,
    link: LinkWatch,
    webhooks: Arc<Webhooks>,
    shutdown: watch::Sender<bool>,
    tasks: Mutex<Vec<JoinHandle<()>>>,
    /// The webhooks' helpers (ringing workers, announcing health): stopped, not awaited.
    hook_tasks: Mutex<Vec<JoinHandle<()>>>,
}

impl Service {
    /// Starts the dispatcher and the engine's reports. Must run inside a Tokio runtime.
    pub async fn start(deps: Deps) -> Result<Arc<Service>> {
        let saved = match deps.store.saved_settings().await {
            Ok(saved) => saved,
            Err(StoreError::Corrupt(why)) => {
                tracing::warn!(%why, "ignoring the saved settings");
                SettingsPatch::default()
            }
            Err(e) => return Err(e.into()),
        };
        let live = live_settings::effective(&deps.config, &saved)?;
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
        let announcer = Announcer::new();
        let wake = Arc::new(Notify::new());
        let (reports, link) = EngineReports::new(
            deps.store.clone(),
            announcer.clone(),
            deps.clock.clone(),
            deps.random.clone(),
            wake.clone(),
        );
        let live = watch::channel(live).0;
        let dispatcher = Dispatcher {
            store: deps.store.clone(),
            messenger: deps.messenger.clone(),
            clock: deps.clock.clone(),
            random: deps.random.clone(),
            retry: deps.config.retry,
            blobs: blobs.clone(),
            link: link.clone(),
            settings: live.subscribe(),
            wake: wake.clone(),
            announcer: announcer.clone(),
        };
        let (shutdown, shutdown_rx) = watch::channel(false);
        let (webhooks, hook_tasks) = Webhooks::start(
            deps.store.clone(),
            deps.clock.clone(),
            deps.random.clone(),
            deps.vault,
            announcer.clone(),
            shutdown_rx.clone(),
        )
        .await?;
        let tasks = vec![
            tokio::spawn(reports.run(deps.engine_events)),
            tokio::spawn(dispatcher.run(shutdown_rx)),
        ];
        Ok(Arc::new(Service {
            store: deps.store,
            messenger: deps.messenger,
            clock: deps.clock,
            random: deps.random,
            budget: Budget::new(deps.config.limits.in_flight_bytes),
            config: deps.config,
            live,
            settings_change: tokio::sync::Mutex::new(()),
            blobs,
            announcer,
            wake,
            link,
            webhooks,
            shutdown,
            tasks: Mutex::new(tasks),
            hook_tasks: Mutex::new(hook_tasks),
        }))
    }

    /// Stops the dispatcher (after its current attempt) and the engine's reports, then
    /// closes the store.
    pub async fn shutdown(&self) {
        self.shutdown.send_replace(true);
        self.webhooks.stop_all();
        if let Ok(mut hook_tasks) = self.hook_tasks.lock() {
            for t in hook_tasks.drain(..) {
                t.abort();
            }
        }
        let tasks: Vec<_> = self
            .tasks
            .lock()
            .map(|mut t| t.drain(..).collect())
            .unwrap_or_default();
        let mut tasks = tasks.into_iter();
        if let Some(reports) = tasks.next() {
            reports.abort();
        }
        for t in tasks {
            let _ = t.await;
        }
        self.store.close();
    }

    /// Every message update, session change and QR code from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.announcer.subscribe()
    }
}
