//! The service: the one place every surface (REST API, desktop UI) goes through to send,
//! look up, retry or cancel messages, and to follow the WhatsApp session.

use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mostrador_store::{CancelOutcome, Idempotency, Inserted, NewMessage, Store, StoreError};
use mostrador_types::{
    ContactCheck, Event, Group, MediaRef, Message, MessageQuery, MessageUpdate, Page, QrCode,
    Recipient, SessionInfo, SessionState, Settings, SettingsPatch, Status,
};
use sha2::{Digest, Sha256};
use tokio::sync::{Notify, broadcast, watch};
use tokio::task::JoinHandle;

use crate::blobs::Blobs;
use crate::clock::{Clock, Random};
use crate::draft::{self, Draft};
use crate::engine::{EngineError, EngineEvents, Failure, Messenger};
use crate::settings::{self, Live};
use crate::{Code, Config, Error, Result, dispatcher, ids, phone, pump};

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

pub struct Service {
    inner: Arc<Inner>,
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
    pub events: broadcast::Sender<Event>,
    pub wake: Notify,
    pub session: watch::Sender<SessionInfo>,
    /// How many times the engine has reported "connected". The dispatcher compares it with
    /// the last connection it resumed for: a drop and reconnect that happen while it is busy
    /// with one send never show up as a `false` in `session`, but they do change this count.
    pub connections: AtomicU64,
    qr: Mutex<Option<QrCode>>,
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
        let inner = Arc::new(Inner {
            store: deps.store,
            messenger: deps.messenger,
            clock: deps.clock,
            random: deps.random,
            config: deps.config,
            live: watch::channel(live).0,
            settings_change: tokio::sync::Mutex::new(()),
            blobs: Blobs::new(deps.media_dir, media_key),
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

    /// Validates and durably queues a message. Nothing is stored unless every check passes.
    pub async fn send(&self, draft: Draft) -> Result<Sent> {
        let inner = self.inner.clone();
        let key = draft.idempotency_key.clone();
        let has_media = draft_has_media(&draft);
        let prepare = move || -> Result<_> {
            let v = draft::validate(draft, inner.country(), &inner.config.limits)?;
            if let (Some(bytes), Some(media)) = (&v.media, v.content.media()) {
                inner.blobs.put_as(&media.sha256, bytes)?;
            }
            Ok(v)
        };
        // Hashing and writing a 100 MB attachment must not stall the async threads.
        let v = if has_media {
            tokio::task::spawn_blocking(prepare)
                .await
                .map_err(|e| Error::new(Code::Internal, format!("validation task failed: {e}")))??
        } else {
            prepare()?
        };
        let inner = &self.inner;
        let now = inner.clock.now_ms();
        let idempotency = key.clone().map(|key| Idempotency {
            key,
            fingerprint: fingerprint(&v.to.recipient, &v.content),
            not_before: now - inner.config.idempotency_window.as_millis() as i64,
        });
        let new = NewMessage {
            id: ids::message_id(&*inner.clock, &*inner.random),
            whatsapp_id: ids::whatsapp_id(&*inner.random),
            to: v.to.recipient,
            content: v.content,
            search_extra: v.to.national,
            idempotency,
            now,
        };
        match inner.store.insert(new).await? {
            Inserted::New(message) => {
                tracing::info!(id = %message.id, kind = message.content.kind().as_str(), "queued");
                inner.wake.notify_one();
                inner.announce(&message);
                Ok(Sent {
                    message,
                    created: true,
                })
            }
            Inserted::Existing(message) => Ok(Sent {
                message,
                created: false,
            }),
            Inserted::Conflict(original) => Err(Error::new(
                Code::IdempotencyConflict,
                format!(
                    "the idempotency key {:?} was already used for message {} with a different request",
                    key.unwrap_or_default(),
                    original.id
                ),
            )),
        }
    }

    pub async fn message(&self, id: &str) -> Result<Message> {
        self.inner
            .store
            .get(id)
            .await?
            .ok_or_else(|| Error::not_found("message"))
    }

    /// A media message's attachment, decrypted: what it is, and its bytes.
    pub async fn attachment(&self, id: &str) -> Result<(MediaRef, Vec<u8>)> {
        let message = self.message(id).await?;
        let media = message
            .content
            .media()
            .cloned()
            .ok_or_else(|| Error::new(Code::NotFound, "this message has no attachment"))?;
        let (blobs, sha256) = (self.inner.blobs.clone(), media.sha256.clone());
        let bytes = tokio::task::spawn_blocking(move || blobs.get(&sha256))
            .await
            .map_err(|e| Error::new(Code::Internal, format!("reading task failed: {e}")))?
            .map_err(|e| {
                tracing::error!(error = %e, %id, "cannot read an attachment");
                if e.kind() == std::io::ErrorKind::NotFound {
                    Error::new(Code::NotFound, "the attachment's file is no longer on disk")
                } else {
                    Error::new(Code::Internal, "the attachment's file cannot be read")
                }
            })?;
        Ok((media, bytes))
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

    pub fn session(&self) -> SessionInfo {
        self.inner.session.borrow().clone()
    }

    /// The QR code to show while pairing.
    pub fn qr(&self) -> Result<QrCode> {
        let session = self.session();
        let qr = self.inner.qr.lock().ok().and_then(|q| q.clone());
        match qr {
            Some(qr)
                if session.state == SessionState::Pairing
                    && qr.expires_at > self.inner.clock.now_ms() =>
            {
                Ok(qr)
            }
            _ => Err(Error::new(
                Code::NoQr,
                match session.state {
                    SessionState::Connected => {
                        "there is no QR code: WhatsApp is already linked".to_owned()
                    }
                    SessionState::Pairing => {
                        "the QR code expired; a new one is on its way".to_owned()
                    }
                    s => format!("there is no QR code while the session is {}", state_name(s)),
                },
            )),
        }
    }

    pub async fn groups(&self, refresh: bool) -> Result<Vec<Group>> {
        self.inner
            .messenger
            .groups(refresh)
            .await
            .map_err(engine_error)
    }

    /// Normalises each number and asks WhatsApp which ones have an account.
    pub async fn check_contacts(&self, inputs: Vec<String>) -> Result<Vec<ContactCheck>> {
        if inputs.is_empty() || inputs.len() > 100 {
            return Err(Error::invalid("send between 1 and 100 phone numbers"));
        }
        let country = self.inner.country();
        let mut checks: Vec<ContactCheck> = inputs
            .into_iter()
            .map(|input| match phone::normalise(&input, country) {
                Ok(n) => match n.recipient {
                    Recipient::Phone(d) => ContactCheck {
                        input,
                        phone: Some(d),
                        registered: false,
                        error: None,
                    },
                    Recipient::Group(_) => ContactCheck {
                        input,
                        phone: None,
                        registered: false,
                        error: Some("a group is not a phone number".into()),
                    },
                },
                Err(e) => ContactCheck {
                    input,
                    phone: None,
                    registered: false,
                    error: Some(e.message),
                },
            })
            .collect();
        let phones: Vec<String> = checks.iter().filter_map(|c| c.phone.clone()).collect();
        if !phones.is_empty() {
            let answers = self
                .inner
                .messenger
                .is_on_whatsapp(&phones)
                .await
                .map_err(engine_error)?;
            let mut answers = answers.into_iter();
            for c in checks.iter_mut().filter(|c| c.phone.is_some()) {
                c.registered = answers.next().unwrap_or(false);
            }
        }
        for c in &mut checks {
            if let Some(d) = c.phone.take() {
                c.phone = Some(format!("+{d}"));
            }
        }
        Ok(checks)
    }

    pub async fn logout(&self) -> Result<()> {
        self.inner.messenger.logout().await.map_err(engine_error)
    }

    /// Links by phone number: the code to type on the phone (WhatsApp → Linked devices →
    /// Link with phone number).
    pub async fn pair_code(&self, phone: &str) -> Result<String> {
        let number = phone::normalise(phone, self.inner.country())?;
        let Recipient::Phone(digits) = number.recipient else {
            return Err(Error::new(
                Code::InvalidRecipient,
                "the shop's number must be a phone number",
            ));
        };
        if self.session().state == SessionState::Connected {
            return Err(Error::new(
                Code::InvalidState,
                "WhatsApp is already linked; unlink it first",
            ));
        }
        self.inner
            .messenger
            .pair_code(&digits)
            .await
            .map_err(engine_error)
    }

    /// Tries again: new QR codes after they ran out or after unlinking; with a saved session
    /// (after another session replaced this one, an update, or a ban), connects again.
    pub async fn relink(&self) -> Result<()> {
        if self.session().state == SessionState::Connected {
            return Err(Error::new(Code::InvalidState, "WhatsApp is already linked"));
        }
        self.inner.messenger.relink().await.map_err(engine_error)
    }
}

fn draft_has_media(d: &Draft) -> bool {
    use crate::DraftBody::*;
    matches!(
        d.body,
        Image { .. } | Document { .. } | Video { .. } | Audio { .. }
    )
}

/// The same recipient and content always give the same fingerprint (media by their hash).
fn fingerprint(to: &Recipient, content: &mostrador_types::Content) -> String {
    let mut h = Sha256::new();
    h.update(to.to_string().as_bytes());
    h.update([0]);
    h.update(serde_json::to_vec(content).unwrap_or_default());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn engine_error(e: EngineError) -> Error {
    match e.failure {
        Failure::NotConnected => Error::new(
            Code::NotConnected,
            "WhatsApp is not connected right now; try again when it is",
        ),
        _ => Error::new(Code::EngineError, e.message),
    }
}

fn state_name(s: SessionState) -> &'static str {
    match s {
        SessionState::Disconnected => "disconnected",
        SessionState::Connecting => "connecting",
        SessionState::Pairing => "pairing",
        SessionState::Connected => "connected",
        SessionState::LoggedOut => "logged out",
    }
}
