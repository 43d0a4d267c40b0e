//! An in-memory engine for tests of the core and the API: connects, sends, acks and
//! receives when a test says so.
#![allow(clippy::unwrap_used)] // A test double: a poisoned lock is a failed test.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use futures_util::future::BoxFuture;
use mostrador_types::{
    Group, GroupChange, GroupDetails, ParticipantAction, ParticipantOutcome, QrCode, ReasonCode,
    SessionInfo, SessionReason, SessionState, Status,
};
use tokio::sync::{oneshot, watch};

use crate::clock::Clock;
use crate::engine::{EngineError, EngineEvent, EngineSink, Messenger, Outgoing, UserInfo};
use crate::incoming::{Incoming, IncomingBody};
use crate::testing::groups::MemoryGroups;

/// An in-memory engine for tests of the core and the API. Real protocol behaviour is
/// tested against the fake WhatsApp server with the real engine, not here.
pub struct FakeMessenger {
    sink: EngineSink,
    clock: Arc<dyn Clock>,
    connected: AtomicBool,
    auto_ack: AtomicBool,
    sent: Mutex<Vec<Outgoing>>,
    sent_count: watch::Sender<usize>,
    failures: Mutex<VecDeque<EngineError>>,
    /// Who has WhatsApp. Empty: everyone, except `unregistered`.
    pub(super) registered: Mutex<HashSet<String>>,
    pub(super) unregistered: Mutex<HashSet<String>>,
    pub(super) groups: Mutex<Vec<Group>>,
    /// Groups made (or changed) through group administration.
    pub(super) admin: MemoryGroups,
    /// Attachments customers "sent", by handle, for `download`.
    received_media: Mutex<HashMap<String, Vec<u8>>>,
    /// What WhatsApp shows of each number's account; unnamed numbers show nothing.
    pub(super) user_infos: Mutex<HashMap<String, UserInfo>>,
    hold: Mutex<Option<SendHold>>,
    pub phone: String,
}

/// The two ends of a held send: told when the send starts, released when the test says so.
struct SendHold {
    started: oneshot::Sender<()>,
    release: oneshot::Receiver<()>,
}

impl FakeMessenger {
    pub fn new(sink: EngineSink, clock: Arc<dyn Clock>) -> Arc<Self> {
        Self::with_phone(sink, clock, "59170000001")
    }

    /// An engine whose account is `phone` (E.164 digits), once connected.
    pub fn with_phone(sink: EngineSink, clock: Arc<dyn Clock>, phone: &str) -> Arc<Self> {
        Arc::new(FakeMessenger {
            sink,
            clock,
            connected: AtomicBool::new(false),
            auto_ack: AtomicBool::new(true),
            sent: Mutex::new(Vec::new()),
            sent_count: watch::channel(0).0,
            failures: Mutex::new(VecDeque::new()),
            registered: Mutex::new(HashSet::new()),
            unregistered: Mutex::new(HashSet::new()),
            groups: Mutex::new(Vec::new()),
            admin: MemoryGroups::default(),
            received_media: Mutex::new(HashMap::new()),
            user_infos: Mutex::new(HashMap::new()),
            hold: Mutex::new(None),
            phone: phone.into(),
        })
    }

    fn state(&self, state: SessionState, reason: Option<(ReasonCode, &str)>) {
        let mut info = SessionInfo::new(state, self.clock.now_ms());
        if state == SessionState::Connected {
            info.phone = Some(format!("+{}", self.phone));
            info.name = Some("Tienda Demo".into());
        }
        info.reason = reason.map(|(code, detail)| SessionReason::new(code, detail));
        self.sink.emit(EngineEvent::State(info));
    }

    pub fn connect(&self) {
        self.connected.store(true, Ordering::SeqCst);
        self.state(SessionState::Connected, None);
    }

    /// The connection drops (`connection_lost`); `detail` says how.
    pub fn disconnect(&self, detail: &str) {
        self.connected.store(false, Ordering::SeqCst);
        self.state(
            SessionState::Disconnected,
            Some((ReasonCode::ConnectionLost, detail)),
        );
    }

    /// The phone unlinks this device, as the real engine reports it.
    pub fn unlink_from_phone(&self) {
        self.connected.store(false, Ordering::SeqCst);
        self.state(
            SessionState::LoggedOut,
            Some((
                ReasonCode::UnlinkedByPhone,
                "this device was unlinked from the phone",
            )),
        );
    }

    pub fn show_qr(&self, code: &str, expires_at: i64) {
        self.state(SessionState::Pairing, None);
        self.sink
            .emit(EngineEvent::Qr(QrCode::new(code, expires_at)));
    }

    /// The next send fails with this error (queue several for several sends).
    pub fn fail_next(&self, e: EngineError) {
        self.failures.lock().unwrap().push_back(e);
    }

    /// Whether a successful send is acked by "the server" at once (default: yes).
    pub fn set_auto_ack(&self, on: bool) {
        self.auto_ack.store(on, Ordering::SeqCst);
    }

    /// The next send stops half-way: the first receiver fires once it has started; it
    /// completes (as it would have at that moment) when the returned sender fires or drops.
    pub fn hold_next_send(&self) -> (oneshot::Receiver<()>, oneshot::Sender<()>) {
        let (started, started_rx) = oneshot::channel();
        let (release_tx, release) = oneshot::channel();
        *self.hold.lock().unwrap() = Some(SendHold { started, release });
        (started_rx, release_tx)
    }

    pub fn receipt(&self, whatsapp_id: &str, status: Status) {
        self.sink.emit(EngineEvent::Status {
            whatsapp_id: whatsapp_id.into(),
            status,
            error: None,
            at: self.clock.now_ms(),
        });
    }

    pub fn nack(&self, whatsapp_id: &str, code: &str) {
        self.sink.emit(EngineEvent::Status {
            whatsapp_id: whatsapp_id.into(),
            status: Status::Failed,
            error: Some((
                code.into(),
                format!("the server refused the message ({code})"),
            )),
            at: self.clock.now_ms(),
        });
    }

    fn online(&self) -> Result<(), EngineError> {
        if self.connected.load(Ordering::SeqCst) {
            Ok(())
        } else {
            Err(EngineError::not_connected())
        }
    }

    /// Messages handed over successfully, in order.
    pub fn sent(&self) -> Vec<Outgoing> {
        self.sent.lock().unwrap().clone()
    }

    /// Waits until at least `n` messages were handed over, and returns them.
    pub async fn wait_sent(&self, n: usize) -> Vec<Outgoing> {
        let mut rx = self.sent_count.subscribe();
        rx.wait_for(|c| *c >= n).await.unwrap();
        self.sent()
    }

    pub fn emit(&self, e: EngineEvent) {
        self.sink.emit(e);
    }

    /// A customer writes to the shop; an attachment's bytes (if any) become downloadable
    /// under the body's handle.
    pub fn receive(&self, incoming: Incoming, media: Option<Vec<u8>>) {
        if let (IncomingBody::Media { handle, .. }, Some(bytes)) = (&incoming.body, media) {
            self.received_media
                .lock()
                .unwrap()
                .insert(handle.clone(), bytes);
        }
        self.sink.emit(EngineEvent::Received(incoming));
    }
}

impl Messenger for FakeMessenger {
    fn send<'a>(&'a self, msg: &'a Outgoing) -> BoxFuture<'a, Result<(), EngineError>> {
        Box::pin(async move {
            if !self.connected.load(Ordering::SeqCst) {
                return Err(EngineError::not_connected());
            }
            let hold = self.hold.lock().unwrap().take();
            if let Some(hold) = hold {
                let _ = hold.started.send(());
                let _ = hold.release.await;
            }
            if let Some(e) = self.failures.lock().unwrap().pop_front() {
                return Err(e);
            }
            let n = {
                let mut sent = self.sent.lock().unwrap();
                sent.push(msg.clone());
                sent.len()
            };
            if self.auto_ack.load(Ordering::SeqCst) {
                self.receipt(&msg.whatsapp_id, Status::Sent);
            }
            self.sent_count.send_replace(n);
            Ok(())
        })
    }

    fn groups(&self, _: bool) -> BoxFuture<'_, Result<Vec<Group>, EngineError>> {
        Box::pin(async move {
            self.online()?;
            let mut groups = self.groups.lock().unwrap().clone();
            groups.extend(self.admin.listed(&self.phone));
            Ok(groups)
        })
    }

    fn user_info<'a>(&'a self, phone: &'a str) -> BoxFuture<'a, Result<UserInfo, EngineError>> {
        Box::pin(async move {
            self.online()?;
            let infos = self.user_infos.lock().unwrap();
            Ok(infos.get(phone).cloned().unwrap_or_default())
        })
    }

    fn group_info<'a>(&'a self, jid: &'a str) -> BoxFuture<'a, Result<GroupDetails, EngineError>> {
        Box::pin(async move {
            self.online()?;
            self.admin.info(jid, &self.phone)
        })
    }

    fn create_group<'a>(
        &'a self,
        subject: &'a str,
        phones: &'a [String],
    ) -> BoxFuture<'a, Result<GroupDetails, EngineError>> {
        Box::pin(async move {
            self.online()?;
            Ok(self.admin.create(&self.phone, subject, phones))
        })
    }

    fn change_group<'a>(
        &'a self,
        jid: &'a str,
        change: &'a GroupChange,
    ) -> BoxFuture<'a, Result<(), EngineError>> {
        Box::pin(async move {
            self.online()?;
            self.admin.change(jid, &self.phone, change)
        })
    }

    fn change_participants<'a>(
        &'a self,
        jid: &'a str,
        action: ParticipantAction,
        phones: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<ParticipantOutcome>, EngineError>> {
        Box::pin(async move {
            self.online()?;
            self.admin.participants(jid, &self.phone, action, phones)
        })
    }

    fn leave_group<'a>(&'a self, jid: &'a str) -> BoxFuture<'a, Result<(), EngineError>> {
        Box::pin(async move {
            self.online()?;
            self.admin.leave(jid, &self.phone)
        })
    }

    fn invite_link<'a>(
        &'a self,
        jid: &'a str,
        reset: bool,
    ) -> BoxFuture<'a, Result<String, EngineError>> {
        Box::pin(async move {
            self.online()?;
            self.admin.invite(jid, &self.phone, reset)
        })
    }

    fn is_on_whatsapp<'a>(
        &'a self,
        phones: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<Option<String>>, EngineError>> {
        Box::pin(async move {
            self.online()?;
            let reg = self.registered.lock().unwrap();
            let unreg = self.unregistered.lock().unwrap();
            let has = |p: &String| {
                if reg.is_empty() {
                    !unreg.contains(p)
                } else {
                    reg.contains(p)
                }
            };
            Ok(phones
                .iter()
                .map(|p| has(p).then(|| format!("{p}@s.whatsapp.net")))
                .collect())
        })
    }

    fn logout(&self) -> BoxFuture<'_, Result<(), EngineError>> {
        Box::pin(async move {
            self.connected.store(false, Ordering::SeqCst);
            self.state(
                SessionState::LoggedOut,
                Some((ReasonCode::UnlinkedByApp, "logged out from this app")),
            );
            Ok(())
        })
    }

    fn pair_code<'a>(&'a self, phone: &'a str) -> BoxFuture<'a, Result<String, EngineError>> {
        Box::pin(async move {
            self.state(SessionState::Pairing, None);
            // A stable, recognisable code per number, in WhatsApp's alphabet.
            let tail: String = phone.chars().rev().take(4).collect();
            Ok(format!("MSTR{tail:0>4}"))
        })
    }

    fn relink(&self) -> BoxFuture<'_, Result<(), EngineError>> {
        Box::pin(async move {
            self.state(SessionState::Connecting, None);
            Ok(())
        })
    }

    fn go_offline(&self) -> BoxFuture<'_, Result<(), EngineError>> {
        self.connected.store(false, Ordering::SeqCst);
        let why = Some((ReasonCode::StoppedByApp, "taken offline by the shop"));
        self.state(SessionState::Disconnected, why);
        Box::pin(async { Ok(()) })
    }

    fn go_online(&self) -> BoxFuture<'_, Result<(), EngineError>> {
        FakeMessenger::connect(self);
        Box::pin(async { Ok(()) })
    }

    fn download<'a>(
        &'a self,
        handle: &'a str,
        max_bytes: u64,
    ) -> BoxFuture<'a, Result<Vec<u8>, EngineError>> {
        Box::pin(async move {
            self.online()?;
            let bytes = self.received_media.lock().unwrap().get(handle).cloned();
            match bytes {
                Some(b) if b.len() as u64 <= max_bytes => Ok(b),
                Some(_) => Err(EngineError::new(
                    crate::engine::Failure::Permanent,
                    "MEDIA_TOO_LARGE",
                    "the attachment is larger than allowed",
                )),
                None => Err(EngineError::new(
                    crate::engine::Failure::Permanent,
                    "MEDIA_UNAVAILABLE",
                    "this attachment cannot be fetched",
                )),
            }
        })
    }
}
