//! The client's life: started, stopped, restarted (after expired QR codes, a ban, a replaced
//! session, an outdated client), logged out; and the steps `translate` draws from its events
//! carried out — reported to the core, a connection announced, a restart timed, a session
//! forgotten.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Weak};
use std::time::Duration;

use mostrador_core::engine::{EngineError, EngineEvent};
use mostrador_core::types::{SessionInfo, SessionState};
use whatsapp_rust::bot::{Bot, BotHandle};
use whatsapp_rust::store::{SqliteStore, SqliteStoreConfig};
use whatsapp_rust::types::events::{Event, EventHandler};

use crate::host::{ClientHost, internal};
use crate::translate::{Seen, Signal, Step, translate};
use crate::transport::NoDelayTransport;
use crate::{WEB_VERSION, files, reasons};

impl ClientHost {
    pub async fn launch(self: &Arc<Self>) -> Result<(), EngineError> {
        let mut slot = self.lifecycle.lock().await;
        self.launch_in(&mut slot).await
    }

    /// Stops the client if there is one (a finished one too), then starts a new one: the
    /// only way on after expired QR codes, a ban, a replaced session or an outdated client.
    pub async fn restart(self: &Arc<Self>) -> Result<(), EngineError> {
        let mut slot = self.lifecycle.lock().await;
        self.stop_in(&mut slot).await;
        self.launch_in(&mut slot).await
    }

    /// Restarts after `wait` (a temporary ban's length) on the engine's clock, unless the
    /// client of `run` was stopped meanwhile (shutdown, logout, relink).
    fn restart_later(self: &Arc<Self>, run: u64, wait: Duration) {
        // Weak: an hour-long ban must not keep a shut-down engine alive.
        let host = Arc::downgrade(self);
        let waited = self.clock.sleep(wait);
        tokio::spawn(async move {
            waited.await;
            let Some(host) = host.upgrade() else {
                return;
            };
            let mut slot = host.lifecycle.lock().await;
            if host.current_run() != run || slot.is_none() {
                return;
            }
            tracing::info!("the temporary ban is over; connecting again");
            host.stop_in(&mut slot).await;
            if let Err(e) = host.launch_in(&mut slot).await {
                tracing::error!(error = %e, "cannot restart WhatsApp after the ban");
                host.sink.emit(EngineEvent::State(SessionInfo {
                    reason: Some(reasons::engine_error(e)),
                    ..SessionInfo::new(SessionState::Disconnected, host.clock.now_ms())
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
                host: Arc::downgrade(self),
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

    pub async fn stop(&self) {
        let mut slot = self.lifecycle.lock().await;
        self.stop_in(&mut slot).await;
    }

    /// Stops the client, keeping the session, and says the shop did it: reported after the
    /// client is gone, so nothing it said while stopping comes after.
    pub async fn go_offline(&self) -> Result<(), EngineError> {
        self.stop().await;
        self.sink.emit(EngineEvent::State(SessionInfo {
            reason: Some(reasons::stopped_by_app()),
            ..SessionInfo::new(SessionState::Disconnected, self.clock.now_ms())
        }));
        Ok(())
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

    /// Unlinks this device, whichever surface asked: the state that follows says this app
    /// did it (`unlinked_by_app`), never the phone.
    pub async fn logout(&self) -> Result<(), EngineError> {
        match self.current_client() {
            // Tells the server; the LoggedOut event that follows (dispatched before
            // `logout` returns) wipes the session and reports the state.
            Some(c) if c.is_logged_in() => {
                self.logging_out.store(true, Ordering::SeqCst);
                c.logout().await;
                self.logging_out.store(false, Ordering::SeqCst);
            }
            _ => {
                self.forget_session().await;
                self.sink.emit(EngineEvent::State(SessionInfo {
                    reason: Some(reasons::unlinked_by_app()),
                    ..SessionInfo::new(SessionState::LoggedOut, self.clock.now_ms())
                }));
            }
        }
        Ok(())
    }

    /// Takes the steps an event called for, in order.
    fn carry_out(self: &Arc<Self>, steps: Vec<Step>, now: i64) {
        for step in steps {
            match step {
                Step::Report(event) => self.sink.emit(event),
                Step::Ready(signal) => {
                    let counts = match signal {
                        Signal::BacklogDelivered => self.ready.offline_delivered(),
                        Signal::LibraryConnected => self.ready.library_connected(),
                    };
                    if counts {
                        self.sink.emit(EngineEvent::State(self.connected_info(now)));
                    }
                }
                Step::Linked => self.ready.linked(),
                Step::RestartAfter(wait) => self.restart_later(self.current_run(), wait),
                Step::Forget(info) => {
                    // Wiping waits for the client to stop: not on its dispatch path.
                    let host = self.clone();
                    tokio::spawn(async move {
                        host.forget_session().await;
                        host.sink.emit(EngineEvent::State(info));
                    });
                }
            }
        }
    }
}

/// Runs inline on whatsapp-rust's dispatch path, in arrival order, so it only translates and
/// hands over; anything slow (wiping a logged-out session) goes to a task.
struct Forwarder {
    host: Weak<ClientHost>,
}

impl EventHandler for Forwarder {
    fn handle_event(&self, event: Arc<Event>) {
        let Some(host) = self.host.upgrade() else {
            return;
        };
        if let Event::Disconnected(d) = &*event {
            tracing::info!(reason = %d.reason, "WhatsApp connection lost; reconnecting");
        }
        if let Event::Messages(batch) = &*event {
            host.report_received(&batch.messages);
        }
        let seen = Seen {
            now: host.clock.now_ms(),
            // Not cleared here: the server may end the session too while this app logs out,
            // and that is still this app's doing.
            logging_out: host.logging_out.load(Ordering::SeqCst),
        };
        host.carry_out(translate(&event, seen), seen.now);
    }
}
