//! Applies what the engine reports — session changes, QR codes, acks and receipts, what
//! customers write — to the link state and the log, and announces it. The only writer of the
//! link state.

use std::sync::Arc;

use mostrador_store::Store;
use mostrador_types::{ErrorInfo, Event, SessionInfo, SessionState, Status};
use tokio::sync::{Notify, watch};

use crate::announcer::Announcer;
use crate::clock::{Clock, Random};
use crate::engine::{EngineEvent, EngineEvents};
use crate::incoming::Incoming;
use crate::link::{Link, LinkWatch};

pub(crate) struct EngineReports {
    /// The profile whose engine reports here; every state, QR and message it reports
    /// carries it.
    profile: String,
    store: Store,
    link: watch::Sender<Link>,
    announcer: Announcer,
    clock: Arc<dyn Clock>,
    random: Arc<dyn Random>,
    /// Rings the dispatcher when held messages are queued again.
    wake: Arc<Notify>,
}

impl EngineReports {
    /// The applier, and the link state its readers watch.
    pub fn new(
        profile: String,
        store: Store,
        announcer: Announcer,
        clock: Arc<dyn Clock>,
        random: Arc<dyn Random>,
        wake: Arc<Notify>,
    ) -> (Self, LinkWatch) {
        let mut starting = Link::starting(clock.now_ms());
        starting.session.profile.clone_from(&profile);
        let (link, watch) = watch::channel(starting);
        (
            EngineReports {
                profile,
                store,
                link,
                announcer,
                clock,
                random,
                wake,
            },
            watch,
        )
    }

    /// Runs until the engine's side of the channel closes.
    pub async fn run(self, mut events: EngineEvents) {
        while let Some(event) = events.0.recv().await {
            match event {
                EngineEvent::State(mut info) => {
                    info.profile.clone_from(&self.profile);
                    let info = crate::session_actions::with_actions(info);
                    let before = self.link.borrow().session.state;
                    self.tell_webhooks(before, &info).await;
                    tracing::info!(profile = %self.profile, state = ?info.state, reason = %info.reason.as_ref().map(ToString::to_string).unwrap_or_default(), "session");
                    self.link.send_modify(|link| {
                        if info.state != SessionState::Pairing {
                            link.qr = None;
                        }
                        if info.state == SessionState::Connected {
                            link.connection += 1;
                        }
                        link.session = info.clone();
                    });
                    self.announcer.emit(Event::Session(info));
                }
                EngineEvent::Qr(mut qr) => {
                    qr.profile.clone_from(&self.profile);
                    self.link.send_modify(|link| link.qr = Some(qr.clone()));
                    self.announcer.emit(Event::Qr(qr));
                }
                EngineEvent::Status {
                    whatsapp_id,
                    status,
                    error,
                    at,
                } => {
                    if status == Status::Failed
                        && error
                            .as_ref()
                            .is_some_and(|(code, _)| crate::reach_out::is_limit(code))
                    {
                        self.hold(&whatsapp_id, at).await;
                        continue;
                    }
                    let error = error.map(|(code, message)| ErrorInfo { code, message });
                    match self
                        .store
                        .apply_status(&whatsapp_id, status, error, at)
                        .await
                    {
                        Ok(Some(m)) => self.announcer.message(&m),
                        Ok(None) => {
                            tracing::debug!(%whatsapp_id, %status, "status ignored (not forward or unknown)")
                        }
                        Err(e) => tracing::error!(error = %e, "cannot record a status"),
                    }
                }
                EngineEvent::Received(incoming) => self.keep(incoming).await,
            }
        }
    }

    /// Writes the session change a webhook hears of, before it is announced (the
    /// announcement rings the webhooks' workers).
    async fn tell_webhooks(&self, before: SessionState, info: &SessionInfo) {
        let Some(kind) = crate::webhooks::session_event(before, info) else {
            return;
        };
        let data = serde_json::to_value(info).unwrap_or_default();
        if let Err(e) = self
            .store
            .record_hook_event(kind.to_owned(), data, info.since)
            .await
        {
            tracing::error!(error = %e, "cannot record a session event for webhooks");
        }
    }

    /// Keeps what a customer wrote (once, however often WhatsApp delivers it) and announces
    /// it; the log's commit also writes its webhook event.
    async fn keep(&self, incoming: Incoming) {
        let id = format!("in_{}", crate::ids::message_id(&*self.clock, &*self.random));
        let mut row = crate::inbox::to_row(incoming, id, self.clock.now_ms());
        row.profile.clone_from(&self.profile);
        match self.store.insert_received(row).await {
            Ok(Some(r)) => {
                self.release(&r.from).await;
                if let Some(text) = &r.text {
                    self.redeem(text, &r.from).await;
                }
                self.announcer.emit(Event::Received(r));
            }
            Ok(None) => tracing::debug!("a message received again was kept once"),
            Err(e) => tracing::error!(error = %e, "cannot keep a received message"),
        }
    }

    /// WhatsApp refused a first message to someone who never wrote: held for their word.
    async fn hold(&self, whatsapp_id: &str, at: i64) {
        match self
            .store
            .hold_for_customer(whatsapp_id, crate::reach_out::held(), at)
            .await
        {
            Ok(Some(m)) => self.announcer.message(&m),
            Ok(None) => tracing::debug!(%whatsapp_id, "a reach-out refusal for a message past it"),
            Err(e) => tracing::error!(error = %e, "cannot hold a message for its customer"),
        }
    }

    /// The customer `from` wrote: what was held for them goes now.
    async fn release(&self, from: &str) {
        match (self.store)
            .release_waiting(&self.profile, from, self.clock.now_ms())
            .await
        {
            Ok(released) if !released.is_empty() => {
                tracing::info!(
                    n = released.len(),
                    "the customer wrote: held messages go now"
                );
                for m in &released {
                    self.announcer.message(m);
                }
                self.wake.notify_one();
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "cannot queue the messages held for a customer"),
        }
    }

    /// The customer may have written a claim code: its message goes to them now.
    async fn redeem(&self, text: &str, from: &str) {
        let keys = crate::claims::candidates(text);
        if keys.is_empty() {
            return;
        }
        let digits = from.trim_start_matches('+').to_owned();
        let (clock, random) = (self.clock.clone(), self.random.clone());
        let to = mostrador_types::Recipient::Phone(digits.clone());
        let profile = self.profile.clone();
        let now = self.clock.now_ms();
        let make = move |c: &mostrador_store::StoredClaim| mostrador_store::NewMessage {
            id: crate::ids::message_id(&*clock, &*random),
            whatsapp_id: crate::ids::whatsapp_id(&*random),
            to,
            content: c.content.clone(),
            search_extra: c.code.clone(),
            idempotency: None,
            send_at: None,
            profile: profile.clone(),
            now,
        };
        match (self.store)
            .redeem_claim(self.profile.clone(), keys, digits, now, make)
            .await
        {
            Ok(Some((claim, message))) => {
                tracing::info!(code = %claim.code, id = %message.id, "a claim was redeemed");
                self.announcer.message(&message);
                self.wake.notify_one();
            }
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, "cannot redeem a claim"),
        }
    }
}
