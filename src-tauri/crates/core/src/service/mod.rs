//! The service: the one place every surface (REST API, desktop UI) goes through to send,
//! look up, retry or cancel messages, and to follow the WhatsApp session. Here it is put
//! together and taken apart; its operations live by theme in the files beside this one.

mod batches;
mod claims;
mod contacts;
mod directory;
mod groups;
mod inbox;
mod keys;
mod linked;
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
use mostrador_types::{DEFAULT_PROFILE, Event, Message, SettingsPatch};
use tokio::sync::{broadcast, watch};
use tokio::task::JoinHandle;

use crate::announcer::Announcer;
use crate::blobs::Blobs;
use crate::budget::Budget;
use crate::clock::{Clock, Random};
use crate::engine::{EngineEvents, Messenger};
use crate::live_settings::{self, LiveSettings};
use crate::profiles::{self, Engines, Entry, Lane, LaneParts, Registry};
use crate::vault::Vault;
use crate::webhooks::Webhooks;
use crate::{Code, Config, Error, Result};

pub use batches::BatchAccepted;
pub use inbox::ReceivedMedia;

/// What the service runs on. The app wires the real ones; tests wire doubles.
pub struct Deps {
    pub store: Store,
    /// The default profile's engine (the app starts and stops it) and its reports.
    pub messenger: Arc<dyn Messenger>,
    pub engine_events: EngineEvents,
    /// Starts the other profiles' engines; none: they queue only (like `NoEngine`).
    pub engines: Option<Arc<dyn Engines>>,
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

/// The operations every surface calls. Each profile's lane owns its parts (the dispatcher:
/// the outbox → the engine; the engine's reports: the engine → the link state and the log).
pub struct Service {
    store: Store,
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
    /// Every profile and its lane.
    profiles: Registry,
    /// What a new lane is built from.
    lane_parts: LaneParts,
    engines: Option<Arc<dyn Engines>>,
    /// One profile added, changed or removed at a time.
    profile_change: tokio::sync::Mutex<()>,
    /// The named API keys (their hashes), as the database has them.
    named: std::sync::RwLock<Vec<mostrador_store::KeyRow>>,
    /// Where the service keeps secrets (named keys; webhooks keep theirs through it too).
    vault: Arc<dyn Vault>,
    webhooks: Arc<Webhooks>,
    shutdown: watch::Sender<bool>,
    /// The webhooks' helpers (ringing workers, announcing health): stopped, not awaited.
    hook_tasks: Mutex<Vec<JoinHandle<()>>>,
}

impl Service {
    /// Starts every profile's lane and the webhooks. Must run inside a Tokio runtime.
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
        // After a crash, nothing is really in flight: free those rows for the dispatchers.
        deps.store.resume_unacknowledged(None, now).await?;
        // Attachments are as protected as the database: encrypted with a key derived from it.
        let media_key = deps.store.derived_key("attachments");
        let blobs = Blobs::new(deps.media_dir, media_key);
        // Before anything can be stored: what a crash left half-written goes.
        let sweeping = blobs.clone();
        tokio::task::spawn_blocking(move || sweeping.sweep())
            .await
            .map_err(|e| Error::new(Code::Internal, format!("sweep task failed: {e}")))?;
        let announcer = Announcer::new();
        let live = watch::channel(live).0;
        let lane_parts = LaneParts {
            store: deps.store.clone(),
            clock: deps.clock.clone(),
            random: deps.random.clone(),
            retry: deps.config.retry,
            blobs: blobs.clone(),
            settings: live.subscribe(),
            announcer: announcer.clone(),
        };
        let mut entries = Vec::new();
        let mut default_engine = Some((deps.messenger, deps.engine_events));
        for row in deps.store.profiles().await? {
            let lane = match (row.id == DEFAULT_PROFILE, default_engine.take()) {
                (true, Some((messenger, events))) => {
                    Lane::start(&lane_parts, &row.id, messenger, events, false)
                }
                (_, taken) => {
                    default_engine = taken;
                    profiles::open_lane(&lane_parts, deps.engines.as_ref(), &row.id).await
                }
            };
            entries.push(Entry { row, lane });
        }
        if default_engine.is_some() {
            return Err(Error::new(Code::Internal, "the default profile is missing"));
        }
        let named = deps.store.named_keys().await?;
        let (shutdown, shutdown_rx) = watch::channel(false);
        let (webhooks, hook_tasks) = Webhooks::start(
            deps.store.clone(),
            deps.clock.clone(),
            deps.random.clone(),
            deps.vault.clone(),
            announcer.clone(),
            shutdown_rx,
        )
        .await?;
        Ok(Arc::new(Service {
            store: deps.store,
            clock: deps.clock,
            random: deps.random,
            budget: Budget::new(deps.config.limits.in_flight_bytes),
            config: deps.config,
            live,
            settings_change: tokio::sync::Mutex::new(()),
            blobs,
            announcer,
            profiles: Registry::new(entries),
            lane_parts,
            engines: deps.engines,
            profile_change: tokio::sync::Mutex::new(()),
            named: std::sync::RwLock::new(named),
            vault: deps.vault,
            webhooks,
            shutdown,
            hook_tasks: Mutex::new(hook_tasks),
        }))
    }

    /// Stops every lane (each dispatcher after its current attempt, the engines the service
    /// started) and the webhooks, then closes the store.
    pub async fn shutdown(&self) {
        self.shutdown.send_replace(true);
        self.webhooks.stop_all();
        if let Ok(mut hook_tasks) = self.hook_tasks.lock() {
            for t in hook_tasks.drain(..) {
                t.abort();
            }
        }
        let lanes = self.profiles.drain();
        futures_util::future::join_all(lanes.iter().map(|e| e.lane.stop())).await;
        self.store.close();
    }

    /// Every message update, session change and QR code from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.announcer.subscribe()
    }

    /// The lane of the profile `wanted` names (id or name; none: the default one).
    fn lane(&self, wanted: Option<&str>) -> Result<Arc<Lane>> {
        Ok(self.profile_entry(wanted)?.lane)
    }

    fn profile_entry(&self, wanted: Option<&str>) -> Result<Entry> {
        self.profiles.find(wanted).ok_or_else(|| {
            Error::new(
                Code::NotFound,
                format!(
                    "there is no WhatsApp number (profile) called {:?}",
                    wanted.unwrap_or_default()
                ),
            )
        })
    }

    /// Rings the dispatcher of the profile `id`: one of its messages was queued.
    fn wake(&self, id: &str) {
        if let Some(e) = self.profiles.find(Some(id)) {
            e.lane.wake.notify_one();
        }
    }
}
