//! Webhooks: endpoints the POS registers to be told of changes (messages, batches, the
//! session), signed per the Standard Webhooks specification, delivered at least once and in
//! order by one worker per endpoint, off the sending lane. The events themselves are written
//! by the store with the change that causes them; this module keeps the endpoints (their
//! secrets in the secret store), runs their workers and answers the surfaces.

mod address;
mod kinds;
mod payload;
mod sender;
mod session_events;
mod signing;
mod worker;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use mostrador_store::{Store, StoredWebhook, WebhookChange};
use mostrador_types::{Delivery, Event, Webhook, WebhookCreated};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use crate::announcer::Announcer;
use crate::clock::{Clock, Random};
pub use crate::input::WebhookInput;
use crate::vault::Vault;
use crate::{Code, Error, Result};

pub use kinds::EVENT_TYPES;
pub(crate) use session_events::session_event;

/// At most this many webhooks (each has its own worker and connection).
const MAX_WEBHOOKS: usize = 20;
/// The most recent attempts one listing shows.
pub const MAX_DELIVERIES: u32 = 200;

/// The endpoints and their running workers.
pub(crate) struct Webhooks {
    store: Store,
    clock: Arc<dyn Clock>,
    random: Arc<dyn Random>,
    vault: Arc<dyn Vault>,
    announcer: Announcer,
    bell: watch::Sender<u64>,
    stop: watch::Receiver<bool>,
    running: Mutex<HashMap<String, Running>>,
    health: mpsc::UnboundedSender<String>,
}

struct Running {
    /// What the worker was started with: a change restarts it.
    webhook: Webhook,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

fn secret_name(id: &str) -> String {
    format!("webhook-{id}")
}

impl Webhooks {
    /// Starts a worker for every enabled webhook, and the tasks that ring them when the
    /// service announces something and announce a webhook whose health changed.
    pub async fn start(
        store: Store,
        clock: Arc<dyn Clock>,
        random: Arc<dyn Random>,
        vault: Arc<dyn Vault>,
        announcer: Announcer,
        stop: watch::Receiver<bool>,
    ) -> Result<(Arc<Webhooks>, Vec<JoinHandle<()>>)> {
        let (health, mut changed) = mpsc::unbounded_channel();
        let hooks = Arc::new(Webhooks {
            store,
            clock,
            random,
            vault,
            bell: watch::channel(0).0,
            announcer,
            stop,
            running: Mutex::new(HashMap::new()),
            health,
        });
        hooks.sync().await?;
        let mut heard = hooks.announcer.subscribe();
        let ringer = {
            let hooks = hooks.clone();
            tokio::spawn(async move {
                // Every announcement may follow a change that wrote events.
                while let Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) =
                    heard.recv().await
                {
                    hooks.bell.send_modify(|n| *n = n.wrapping_add(1));
                }
            })
        };
        let announcing = {
            let hooks = hooks.clone();
            tokio::spawn(async move {
                while let Some(id) = changed.recv().await {
                    if let Ok(Some(h)) = hooks.store.webhook(&id).await {
                        hooks.announcer.emit(Event::Webhook(h.webhook));
                    }
                }
            })
        };
        Ok((hooks, vec![ringer, announcing]))
    }

    pub async fn create(&self, input: WebhookInput, allow_lan: bool) -> Result<WebhookCreated> {
        let url = address::check(input.url.as_deref().unwrap_or_default(), allow_lan)?;
        let events = kinds::check(&input.events.unwrap_or_else(|| vec!["*".into()]))?;
        if self.store.webhooks().await?.len() >= MAX_WEBHOOKS {
            return Err(Error::new(
                Code::ValidationError,
                format!("at most {MAX_WEBHOOKS} webhooks; remove one first"),
            ));
        }
        let id = format!("wh_{}", crate::ids::message_id(&*self.clock, &*self.random));
        let secret = signing::new_secret(&*self.random);
        self.vault_call({
            let (name, secret) = (secret_name(&id), secret.clone());
            move |v| v.set(&name, &secret)
        })
        .await?;
        let now = self.clock.now_ms();
        let mut stored = self.store.insert_webhook(id, url, events, now).await?;
        if input.enabled == Some(false) {
            let off = WebhookChange {
                enabled: Some(false),
                ..Default::default()
            };
            if let Some(s) = self
                .store
                .change_webhook(&stored.webhook.id, off, now)
                .await?
            {
                stored = s;
            }
        }
        self.changed(&stored.webhook).await?;
        Ok(WebhookCreated {
            webhook: stored.webhook,
            secret,
        })
    }

    pub async fn list(&self) -> Result<Vec<Webhook>> {
        Ok(self
            .store
            .webhooks()
            .await?
            .into_iter()
            .map(|w| w.webhook)
            .collect())
    }

    pub async fn get(&self, id: &str) -> Result<Webhook> {
        Ok(self.find(id).await?.webhook)
    }

    pub async fn change(&self, id: &str, input: WebhookInput, allow_lan: bool) -> Result<Webhook> {
        let change = WebhookChange {
            url: input
                .url
                .map(|u| address::check(&u, allow_lan))
                .transpose()?,
            events: input.events.map(|e| kinds::check(&e)).transpose()?,
            enabled: input.enabled,
        };
        let now = self.clock.now_ms();
        let stored = self
            .store
            .change_webhook(id, change, now)
            .await?
            .ok_or_else(|| not_found(id))?;
        self.changed(&stored.webhook).await?;
        Ok(stored.webhook)
    }

    pub async fn delete(&self, id: &str) -> Result<()> {
        let hook = self.find(id).await?;
        self.store.delete_webhook(id).await?;
        self.vault_call({
            let name = secret_name(id);
            move |v| v.delete(&name)
        })
        .await?;
        self.sync().await?;
        self.announcer.emit(Event::Webhook(Webhook {
            enabled: false,
            ..hook.webhook
        }));
        Ok(())
    }

    /// Sends a `webhook.test` event now and answers how it went (also in the attempts).
    pub async fn test(&self, id: &str) -> Result<Delivery> {
        let hook = self.find(id).await?;
        let key = self.key(id).await?;
        let started = self.clock.now_ms();
        let event_id = format!("evt_test_{}", crate::ids::whatsapp_id(&*self.random));
        let outcome = sender::Sender::new()
            .post(
                &hook.webhook.url,
                &key,
                &event_id,
                started.div_euclid(1000),
                payload::test_body(started),
            )
            .await;
        let delivery = outcome.delivery(&event_id, "webhook.test", 1, started, self.clock.now_ms());
        let progress = mostrador_store::HookProgress {
            cursor: hook.cursor,
            attempts: vec![delivery.clone()],
            failing_since: hook.webhook.failing_since,
            last_success_at: None,
            gone: false,
        };
        self.store
            .record_hook_progress(hook.seq, progress, self.clock.now_ms())
            .await?;
        Ok(delivery)
    }

    pub async fn deliveries(&self, id: &str, limit: u32) -> Result<Vec<Delivery>> {
        let hook = self.find(id).await?;
        Ok(self
            .store
            .deliveries(hook.seq, limit.clamp(1, MAX_DELIVERIES))
            .await?)
    }

    /// Stops every worker (at shutdown).
    pub fn stop_all(&self) {
        if let Ok(mut running) = self.running.lock() {
            for (_, r) in running.drain() {
                let _ = r.stop.send(true);
                r.task.abort();
            }
        }
    }

    async fn changed(&self, webhook: &Webhook) -> Result<()> {
        self.sync().await?;
        self.announcer.emit(Event::Webhook(webhook.clone()));
        Ok(())
    }

    async fn find(&self, id: &str) -> Result<StoredWebhook> {
        self.store.webhook(id).await?.ok_or_else(|| not_found(id))
    }

    async fn key(&self, id: &str) -> Result<ring::hmac::Key> {
        let name = secret_name(id);
        let secret = self.vault_call(move |v| v.get(&name)).await?;
        secret.as_deref().and_then(signing::key).ok_or_else(|| {
            Error::new(
                Code::Internal,
                "this webhook's signing secret is missing from the secret store; \
                     remove the webhook and add it again",
            )
        })
    }

    /// Makes the running workers match the stored webhooks: new or changed ones (re)start,
    /// removed or turned-off ones stop.
    async fn sync(&self) -> Result<()> {
        let stored = self.store.webhooks().await?;
        let mut keys = HashMap::new();
        for h in stored.iter().filter(|h| h.webhook.enabled) {
            keys.insert(h.webhook.id.clone(), self.key(&h.webhook.id).await?);
        }
        let mut running = self
            .running
            .lock()
            .map_err(|_| Error::new(Code::Internal, "webhook workers are in a bad state"))?;
        running.retain(|id, r| {
            let same = stored.iter().any(|h| {
                h.webhook.enabled && &h.webhook.id == id && same_target(&h.webhook, &r.webhook)
            });
            if !same {
                let _ = r.stop.send(true);
            }
            same
        });
        for hook in stored {
            let Some(key) = keys.remove(&hook.webhook.id) else {
                continue;
            };
            if running.contains_key(&hook.webhook.id) {
                continue;
            }
            let (stop, stop_rx) = watch::channel(*self.stop.borrow());
            let worker = worker::Worker {
                store: self.store.clone(),
                clock: self.clock.clone(),
                random: self.random.clone(),
                key,
                sender: sender::Sender::new(),
                bell: self.bell.subscribe(),
                stop: stop_rx,
                health: self.health.clone(),
                hook: hook.clone(),
            };
            let mut shutdown = self.stop.clone();
            let stop_on_shutdown = stop.clone();
            let task = tokio::spawn(async move {
                tokio::select! {
                    () = worker.run() => {}
                    _ = shutdown.wait_for(|s| *s) => { let _ = stop_on_shutdown.send(true); }
                }
            });
            running.insert(
                hook.webhook.id.clone(),
                Running {
                    webhook: hook.webhook,
                    stop,
                    task,
                },
            );
        }
        Ok(())
    }

    /// Runs a secret-store call off the async threads (the keyring blocks).
    async fn vault_call<R: Send + 'static>(
        &self,
        f: impl FnOnce(&dyn Vault) -> std::result::Result<R, String> + Send + 'static,
    ) -> Result<R> {
        let vault = self.vault.clone();
        tokio::task::spawn_blocking(move || f(&*vault))
            .await
            .map_err(|e| Error::new(Code::Internal, format!("the secret store stopped: {e}")))?
            .map_err(|e| Error::new(Code::Internal, format!("the secret store failed: {e}")))
    }
}

/// Whether a running worker still serves this webhook as it is (same address and filter).
fn same_target(now: &Webhook, was: &Webhook) -> bool {
    now.url == was.url && now.events == was.events
}

fn not_found(id: &str) -> Error {
    Error::new(Code::NotFound, format!("no webhook {id:?}"))
}
