//! What the engine keeps across clients: its settings, the sink to the core, the clock, the
//! caches, and the slot of the one whatsapp-rust client running at a time. Shared by the
//! engine's handle, the client's event handler and the timer after a ban.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use mostrador_core::clock::Clock;
use mostrador_core::engine::{EngineError, EngineSink, Failure};
use mostrador_core::types::{Group, SessionInfo, SessionState};
use whatsapp_rust::Client;
use whatsapp_rust::bot::BotHandle;

use crate::ready::Readiness;

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

pub(crate) struct ClientHost {
    pub config: EngineConfig,
    pub sink: EngineSink,
    pub clock: Arc<dyn Clock>,
    /// Serialises start/stop; the client itself is read without waiting.
    pub lifecycle: tokio::sync::Mutex<Option<BotHandle>>,
    /// Counts finished clients, so a restart planned for one client (after a ban) never
    /// restarts a later one, or one the app stopped.
    pub stopped: AtomicU64,
    /// Set while this app logs the device out, so a `LoggedOut` meanwhile says who did.
    pub logging_out: AtomicBool,
    /// When a connection counts as connected (`ready.rs`).
    pub ready: Readiness,
    pub client: Mutex<Option<Arc<Client>>>,
    /// phone digits → (its JID when it has WhatsApp, when asked): see `numbers.rs`.
    pub registered: Mutex<HashMap<String, (Option<String>, i64)>>,
    pub groups: Mutex<Option<Vec<Group>>>,
}

impl ClientHost {
    /// No client yet (`launch` starts one).
    pub fn new(config: EngineConfig, sink: EngineSink, clock: Arc<dyn Clock>) -> Self {
        ClientHost {
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
        }
    }

    /// Which client is current: changes whenever one is stopped.
    pub fn current_run(&self) -> u64 {
        self.stopped.load(Ordering::SeqCst)
    }

    pub fn current_client(&self) -> Option<Arc<Client>> {
        self.client.lock().ok().and_then(|c| c.clone())
    }

    pub fn connected_client(&self) -> Result<Arc<Client>, EngineError> {
        self.current_client()
            .filter(|c| c.is_connected() && c.is_logged_in())
            .ok_or_else(EngineError::not_connected)
    }

    /// `connected`, with the account's number and name as the client knows them.
    pub fn connected_info(&self, now: i64) -> SessionInfo {
        let mut info = SessionInfo::new(SessionState::Connected, now);
        if let Some(c) = self.current_client() {
            info.phone = c.pn().map(|j| format!("+{}", j.user));
            info.name = Some(c.push_name()).filter(|n| !n.is_empty());
        }
        info
    }
}

pub(crate) fn internal(what: &str, e: impl std::fmt::Display) -> EngineError {
    EngineError::new(Failure::Transient, "ENGINE_ERROR", format!("{what}: {e}"))
}
