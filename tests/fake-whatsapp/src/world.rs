//! The people on the fake network besides the shop's account: contacts and groups, what each
//! received, how the server acks and how recipients answer with receipts, and the media CDN.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::{broadcast, mpsc, watch};
use whatsapp_rust::{Jid, Server};

use crate::Error;
use crate::contacts::FakeUser;
use crate::groups::Group;
use crate::inbox::{self, Inbound};
use crate::media::{self, MediaStore};
use crate::prekeys::DeviceKeys;
use crate::receipts::{AckPolicies, ReceiptPolicies};
use crate::received::Received;
use crate::state::Shared;

/// One-time prekeys each fake device publishes up front (more are minted when they run out).
pub(crate) const ONE_TIME_PREKEYS: u32 = 20;

/// Arrivals a slow subscriber may fall behind by before it is told it lagged.
const ARRIVALS_BUFFER: usize = 4096;

/// Everything the messaging side of the network keeps. Lives in [`Shared`].
pub(crate) struct World {
    state: Mutex<WorldState>,
    /// What the shop's phone (device 0) publishes; its private halves are in `phone_signal`.
    pub(crate) phone_keys: Mutex<DeviceKeys>,
    pub(crate) media: MediaStore,
    /// Bumped whenever a mailbox changes, so waiters re-check without polling.
    changed: watch::Sender<u64>,
    inbox: mpsc::UnboundedSender<Inbound>,
    /// The id of each client `<message>` as it comes off the socket, for benchmarks that time
    /// the client's sends (arrival, not decryption). Nobody listening costs nothing.
    arrivals: broadcast::Sender<String>,
    /// Taken by the worker when the network starts.
    inbox_rx: Mutex<Option<mpsc::UnboundedReceiver<Inbound>>>,
}

/// The mutable part; never held across an `.await`.
#[derive(Default)]
pub(crate) struct WorldState {
    /// Contacts on WhatsApp by phone number.
    pub(crate) contacts: BTreeMap<String, Arc<FakeUser>>,
    /// LID user → phone number.
    pub(crate) lids: HashMap<String, String>,
    /// Groups by id (the user part of `id@g.us`).
    pub(crate) groups: BTreeMap<String, Group>,
    /// What arrived, by recipient phone number (the shop's own number holds its phone's copies).
    pub(crate) mailboxes: HashMap<String, Mailbox>,
    pub(crate) receipts: ReceiptPolicies,
    pub(crate) acks: AckPolicies,
    /// WhatsApp's reach-out limit (`privacy.rs`): off unless a test switches it on.
    pub(crate) reach_out_limit: bool,
    /// The privacy token each contact gave the shop by writing to it, by phone number.
    pub(crate) privacy_tokens: HashMap<String, Vec<u8>>,
}

/// What one recipient received: each message once, plus how often each id was delivered.
#[derive(Default)]
pub(crate) struct Mailbox {
    pub(crate) messages: Vec<Received>,
    pub(crate) deliveries: HashMap<String, usize>,
}

/// Who a JID names, as the server sees it.
pub(crate) enum Party {
    /// A device of the shop's own account (0 is the phone).
    Own(u16),
    /// A fake contact (they only have device 0).
    Contact(Arc<FakeUser>),
    /// Nobody on WhatsApp.
    Unknown,
}

impl World {
    pub(crate) fn new(phone_keys: DeviceKeys) -> Self {
        let (inbox, inbox_rx) = mpsc::unbounded_channel();
        Self {
            state: Mutex::new(WorldState::default()),
            phone_keys: Mutex::new(phone_keys),
            media: MediaStore::new(),
            changed: watch::channel(0).0,
            inbox,
            arrivals: broadcast::channel(ARRIVALS_BUFFER).0,
            inbox_rx: Mutex::new(Some(inbox_rx)),
        }
    }

    /// Locks the state; a poisoned lock is taken over (see `Shared::state`).
    pub(crate) fn state(&self) -> MutexGuard<'_, WorldState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn phone_keys(&self) -> MutexGuard<'_, DeviceKeys> {
        self.phone_keys
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues a client `<message>` for the worker, which handles them one by one in arrival
    /// order (a `msg` must not be decrypted before the `pkmsg` that opened its session).
    pub(crate) fn enqueue(&self, inbound: Inbound) {
        if let Some(id) = inbound.node.attrs.get("id") {
            // No subscriber is fine.
            let _ = self.arrivals.send(id.as_str().into_owned());
        }
        if self.inbox.send(inbound).is_err() {
            tracing::debug!("fake-whatsapp: message worker gone; dropping a client message");
        }
    }

    /// Files a delivery in the recipient's mailbox; a repeated id counts but is not listed twice.
    pub(crate) fn deliver(&self, phone: &str, received: Received) {
        {
            let mut state = self.state();
            let mailbox = state.mailboxes.entry(phone.to_owned()).or_default();
            let count = mailbox.deliveries.entry(received.id.clone()).or_insert(0);
            *count += 1;
            if *count == 1 {
                mailbox.messages.push(received);
            }
        }
        self.changed.send_modify(|v| *v = v.wrapping_add(1));
    }

    pub(crate) fn arrivals(&self) -> broadcast::Receiver<String> {
        self.arrivals.subscribe()
    }

    /// A receiver that sees every later mailbox change (subscribe before checking).
    pub(crate) fn watch(&self) -> watch::Receiver<u64> {
        self.changed.subscribe()
    }

    pub(crate) fn contact(&self, phone: &str) -> Option<Arc<FakeUser>> {
        self.state()
            .contacts
            .get(phone.trim_start_matches('+'))
            .cloned()
    }

    /// Resolves a user or device JID (PN or LID) to whoever it names.
    pub(crate) fn party(&self, shared: &Shared, jid: &Jid) -> Party {
        let phone = &shared.phone;
        match jid.server {
            Server::Pn if jid.user == phone.number => Party::Own(jid.device),
            Server::Lid if jid.user == phone.lid => Party::Own(jid.device),
            Server::Pn => self.contact_party(jid.user.as_str(), jid.device),
            Server::Lid => {
                let number = self.state().lids.get(jid.user.as_str()).cloned();
                number.map_or(Party::Unknown, |n| self.contact_party(&n, jid.device))
            }
            _ => Party::Unknown,
        }
    }

    fn contact_party(&self, number: &str, device: u16) -> Party {
        match self.contact(number) {
            Some(user) if device == 0 => Party::Contact(user),
            _ => Party::Unknown,
        }
    }
}

/// Starts the message worker and the media server; both stop when `shutdown` flips.
pub(crate) async fn start(
    shared: &Arc<Shared>,
    shutdown: watch::Receiver<bool>,
) -> Result<(), Error> {
    media::start(shared, shutdown.clone()).await?;
    let rx = shared
        .world
        .inbox_rx
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    if let Some(rx) = rx {
        tokio::spawn(inbox::run(shared.clone(), rx, shutdown));
    }
    Ok(())
}
