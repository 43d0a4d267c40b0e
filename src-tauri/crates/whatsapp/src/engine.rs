//! The engine: one whatsapp-rust client at a time, started, restarted after a logout, expired
//! QR codes or a temporary ban, and driven by the core through the `Messenger` trait.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::future::BoxFuture;
use mostrador_core::clock::Clock;
use mostrador_core::engine::{EngineError, EngineEvent, EngineSink, Failure, Messenger, Outgoing};
use mostrador_core::types::{Group, Recipient, SessionInfo, SessionState};
use whatsapp_rust::bot::{Bot, BotHandle};
use whatsapp_rust::store::{SqliteStore, SqliteStoreConfig};
use whatsapp_rust::{Client, Jid, SendOptions};

use crate::events::Forwarder;
use crate::ready::Readiness;
use crate::transport::NoDelayTransport;
use crate::{WEB_VERSION, content, files, send_error};

pub struct EngineConfig {
    /// whatsapp-rust's session database (the device's keys live here).
    pub store_path: PathBuf,
    /// WebSocket URL of the WhatsApp server; `None`: WhatsApp's own.
    pub server_url: Option<String>,
    /// Gives the SQLCipher key for the session store (64 hex digits), asked at every launch
    /// so a new link after a logout gets a new key. `None` leaves the store unencrypted
    /// (tests only: the device's private keys live in that file).
    pub store_key: Option<Box<dyn Fn() -> Result<String, String> + Send + Sync>>,
    /// Keys per-message secrets (poll vote keys) so retries reuse them.
    pub secret: Vec<u8>,
    /// Called after a logout wiped the session files (to drop its keyring entries).
    pub on_forget: Option<Box<dyn Fn() + Send + Sync>>,
}

/// The WhatsApp engine. Cheap to clone.
#[derive(Clone)]
pub struct WhatsAppEngine {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) config: EngineConfig,
    pub sink: EngineSink,
    pub clock: Arc<dyn Clock>,
    /// Serialises start/stop; the client itself is read without waiting.
    lifecycle: tokio::sync::Mutex<Option<BotHandle>>,
    /// Counts finished clients, so a restart planned for one client (after a ban) never
    /// restarts a later one, or one the app stopped.
    stopped: AtomicU64,
    /// Set while this app logs the device out, so the `LoggedOut` that follows says who did.
    pub logging_out: AtomicBool,
    /// When a connection counts as connected (`ready.rs`).
    pub ready: Readiness,
    client: Mutex<Option<Arc<Client>>>,
    /// phone digits → (has WhatsApp, when asked)
    pub(crate) registered: Mutex<HashMap<String, (bool, i64)>>,
    pub(crate) groups: Mutex<Option<Vec<Group>>>,
}

impl WhatsAppEngine {
    /// Starts the client: it reconnects a saved session, or starts linking (QR events).
    pub async fn start(
        config: EngineConfig,
        sink: EngineSink,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, EngineError> {
        let inner = Arc::new(Inner {
            config,
            sink,
            clock,
            lifecycle: tokio::sync::Mutex::new(None),
            stopped: AtomicU64::new(0),
            logging_out: AtomicBool::new(false),
            ready: Readiness::default(),
            client: Mutex::new(None),
            registered: Mutex::new(HashMap::new()),
            groups: Mutex::new(None),
        });
        inner.launch().await?;
        Ok(WhatsAppEngine { inner })
    }

    /// Disconnects (keeping the session) and waits for the client to stop.
    pub async fn shutdown(&self) {
        self.inner.stop().await;
    }
}

pub(crate) fn internal(what: &str, e: impl std::fmt::Display) -> EngineError {
    EngineError::new(Failure::Transient, "ENGINE_ERROR", format!("{what}: {e}"))
}

impl Inner {
    async fn launch(self: &Arc<Self>) -> Result<(), EngineError> {
        let mut slot = self.lifecycle.lock().await;
        self.launch_in(&mut slot).await
    }

    /// Stops the client if there is one (a finished one too), then starts a new one: the
    /// only way on after expired QR codes, a ban, a replaced session or an outdated client.
    async fn restart(self: &Arc<Self>) -> Result<(), EngineError> {
        let mut slot = self.lifecycle.lock().await;
        self.stop_in(&mut slot).await;
        self.launch_in(&mut slot).await
    }

    /// Which client is current: changes whenever one is stopped.
    pub fn current_run(&self) -> u64 {
        self.stopped.load(Ordering::SeqCst)
    }

    /// Restarts after `wait` (a temporary ban's length), unless the client of `run` was
    /// stopped meanwhile (shutdown, logout, relink).
    pub fn restart_later(self: &Arc<Self>, run: u64, wait: Duration) {
        // Weak: an hour-long ban must not keep a shut-down engine alive.
        let inner = Arc::downgrade(self);
        tokio::spawn(async move {
            tokio::time::sleep(wait).await;
            let Some(inner) = inner.upgrade() else {
                return;
            };
            let mut slot = inner.lifecycle.lock().await;
            if inner.current_run() != run || slot.is_none() {
                return;
            }
            tracing::info!("the temporary ban is over; connecting again");
            inner.stop_in(&mut slot).await;
            if let Err(e) = inner.launch_in(&mut slot).await {
                tracing::error!(error = %e, "cannot restart WhatsApp after the ban");
                inner.sink.emit(EngineEvent::State(SessionInfo {
                    reason: Some(format!("engine_error: {e}")),
                    ..SessionInfo::new(SessionState::Disconnected, inner.clock.now_ms())
                }));
            }
        });
    }

    async fn launch_in(self: &Arc<Self>, slot: &mut Option<BotHandle>) -> Result<(), EngineError> {
        if slot.is_some() {
            return Ok(());
        }
        self.sink.emit(EngineEvent::State(SessionInfo::new(
            SessionState::Connecting,
            self.clock.now_ms(),
        )));
        let path = self.config.store_path.to_string_lossy().into_owned();
        let mut store_config = SqliteStoreConfig::default();
        if let Some(provide) = &self.config.store_key {
            let key = provide().map_err(|e| internal("cannot read the session key", e))?;
            if let Some(why) = files::unreadable_with(&self.config.store_path, &key) {
                // Not the whole app stopped over it: the session is kept aside, and the
                // shop links again (the messages wait in the outbox meanwhile).
                self.set_aside_session(&why);
                return Ok(());
            }
            // Runs first on every pooled connection, before the store's own pragmas.
            store_config = store_config.with_connection_init(move |conn| {
                use diesel::connection::SimpleConnection;
                conn.batch_execute(&format!("PRAGMA key = \"x'{key}'\";"))?;
                // Every pooled connection would keep 2 MiB of pages; the session's hot set
                // (identity, sessions, sender keys) is far smaller.
                conn.batch_execute("PRAGMA cache_size = -256;")?;
                Ok(())
            });
        }
        let store = SqliteStore::with_config(&path, store_config)
            .await
            .map_err(|e| internal("cannot open the session store", e))?;
        let transport = NoDelayTransport::new(
            self.config.server_url.as_deref(),
            self.sink.clone(),
            self.clock.clone(),
            self.ready.dials(),
        );
        let builder = Bot::builder()
            .with_backend(store)
            .with_transport_factory(transport)
            .with_event_handler(Forwarder {
                inner: Arc::downgrade(self),
            })
            .with_version(WEB_VERSION)
            .skip_history_sync();
        #[cfg(feature = "fake-network")]
        let builder = builder.with_http_client(crate::loopback_http::LoopbackHttp::new());
        let bot = builder
            .build()
            .await
            .map_err(|e| internal("cannot start WhatsApp", e))?;
        if let Ok(mut c) = self.client.lock() {
            *c = Some(bot.client());
        }
        *slot = Some(bot.spawn());
        Ok(())
    }

    pub(crate) async fn stop(&self) {
        let mut slot = self.lifecycle.lock().await;
        self.stop_in(&mut slot).await;
    }

    async fn stop_in(&self, slot: &mut Option<BotHandle>) {
        let handle = slot.take();
        if let Ok(mut c) = self.client.lock() {
            c.take();
        }
        if let Some(h) = handle {
            h.shutdown().await;
            // Counted once the client is gone, so an event it sent while stopping still
            // names this run and cannot plan a restart of the next one.
            self.stopped.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn current_client(&self) -> Option<Arc<Client>> {
        self.client.lock().ok().and_then(|c| c.clone())
    }

    pub(crate) fn connected_client(&self) -> Result<Arc<Client>, EngineError> {
        self.current_client()
            .filter(|c| c.is_connected() && c.is_logged_in())
            .ok_or_else(EngineError::not_connected)
    }

    pub fn connected_info(&self, now: i64) -> SessionInfo {
        let mut info = SessionInfo::new(SessionState::Connected, now);
        if let Some(c) = self.current_client() {
            info.phone = c.pn().map(|j| format!("+{}", j.user));
            info.name = Some(c.push_name()).filter(|n| !n.is_empty());
        }
        info
    }

    async fn send(&self, msg: &Outgoing) -> Result<(), EngineError> {
        let client = self.connected_client()?;
        let jid = match &msg.to {
            Recipient::Phone(digits) => {
                self.ensure_registered(&client, digits).await?;
                Jid::pn(digits.as_str())
            }
            Recipient::Group(jid) => jid.parse::<Jid>().map_err(|e| {
                EngineError::new(
                    Failure::Permanent,
                    "INVALID_RECIPIENT",
                    format!("bad group id: {e}"),
                )
            })?,
        };
        let message = content::build(&client, msg, &self.config.secret).await?;
        client
            .send_message_with_options(
                jid,
                message,
                SendOptions::default().with_message_id(msg.whatsapp_id.clone()),
            )
            .await
            .map_err(send_error::from_send)?;
        Ok(())
    }

    async fn groups(&self, refresh: bool) -> Result<Vec<Group>, EngineError> {
        let cached = self.groups.lock().ok().and_then(|g| g.clone());
        if let (false, Some(g)) = (refresh, cached) {
            return Ok(g);
        }
        let client = self.connected_client()?;
        let found = client
            .groups()
            .get_participating()
            .await
            .map_err(|e| internal("cannot list groups", e))?;
        let mut groups: Vec<Group> = found
            .into_iter()
            .map(|(jid, meta)| Group {
                jid: jid.to_string(),
                name: meta.subject.clone(),
                participants: u32::try_from(meta.participants.len()).unwrap_or(u32::MAX),
            })
            .collect();
        groups.sort_by_key(|g| g.name.to_lowercase());
        if let Ok(mut g) = self.groups.lock() {
            *g = Some(groups.clone());
        }
        Ok(groups)
    }

    async fn logout(&self) -> Result<(), EngineError> {
        match self.current_client() {
            // Tells the server; the LoggedOut event that follows wipes the session and
            // reports the state.
            Some(c) if c.is_logged_in() => {
                self.logging_out.store(true, Ordering::SeqCst);
                c.logout().await;
                self.logging_out.store(false, Ordering::SeqCst);
            }
            _ => {
                self.forget_session().await;
                self.sink.emit(EngineEvent::State(SessionInfo {
                    reason: Some("logged out from this app".into()),
                    ..SessionInfo::new(SessionState::LoggedOut, self.clock.now_ms())
                }));
            }
        }
        Ok(())
    }

    async fn pair_code(&self, phone: &str) -> Result<String, EngineError> {
        let client = self
            .current_client()
            .ok_or_else(EngineError::not_connected)?;
        client
            .wait_for_socket(Duration::from_secs(30))
            .await
            .map_err(|e| internal("cannot reach WhatsApp", e))?;
        let options = whatsapp_rust::pair_code::PairCodeOptions {
            phone_number: phone.to_owned(),
            ..Default::default()
        };
        client.pair_with_code(options).await.map_err(|e| {
            EngineError::new(
                Failure::Permanent,
                "PAIR_CODE_FAILED",
                format!("WhatsApp refused the pairing code: {e}"),
            )
        })
    }
}

impl Messenger for WhatsAppEngine {
    fn send<'a>(&'a self, msg: &'a Outgoing) -> BoxFuture<'a, Result<(), EngineError>> {
        Box::pin(self.inner.send(msg))
    }

    fn groups(&self, refresh: bool) -> BoxFuture<'_, Result<Vec<Group>, EngineError>> {
        Box::pin(self.inner.groups(refresh))
    }

    fn is_on_whatsapp<'a>(
        &'a self,
        phones: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<bool>, EngineError>> {
        Box::pin(self.inner.is_on_whatsapp(phones))
    }

    fn logout(&self) -> BoxFuture<'_, Result<(), EngineError>> {
        Box::pin(self.inner.logout())
    }

    fn pair_code<'a>(&'a self, phone: &'a str) -> BoxFuture<'a, Result<String, EngineError>> {
        Box::pin(self.inner.pair_code(phone))
    }

    fn relink(&self) -> BoxFuture<'_, Result<(), EngineError>> {
        // A finished client (expired QR codes, logout, ban) cannot be restarted: build anew.
        Box::pin(self.inner.restart())
    }
}
