//! Everything the fake network remembers while it runs: its identity, the phone's account, the
//! linked devices and the live connections.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard, PoisonError};

use tokio::sync::{broadcast, mpsc, oneshot};
use whatsapp_rust::Jid;
use whatsapp_rust::wacore_binary::Node;

use crate::appstate::AccountAppState;
use crate::certs::ServerIdentity;
use crate::events::{ConnId, NetEvent};
use crate::faults::Faults;
use crate::link_code::LinkCodeRequest;
use crate::nodes::now_secs;
use crate::phone::Phone;
use crate::prekeys::DeviceKeys;
use crate::signal_store::SignalState;
use crate::world::{ONE_TIME_PREKEYS, World};

/// State shared by the listener, every connection and the public handle.
pub(crate) struct Shared {
    pub(crate) server: ServerIdentity,
    pub(crate) phone: Phone,
    /// The phone's Signal sessions with the account's companions.
    pub(crate) phone_signal: tokio::sync::Mutex<SignalState>,
    /// The account's app-state sync key, which the phone shares with every new companion.
    pub(crate) app_state_key: AppStateKey,
    /// The app state the phone uploaded under that key.
    pub(crate) app_state: AccountAppState,
    /// Contacts, groups, mailboxes, ack/receipt policies and media.
    pub(crate) world: World,
    events: broadcast::Sender<NetEvent>,
    state: Mutex<State>,
}

/// The mutable part; never held across an `.await`.
#[derive(Default)]
pub(crate) struct State {
    /// Linked companion devices of the phone's account, by device id.
    pub(crate) devices: BTreeMap<u16, Device>,
    pub(crate) connections: HashMap<ConnId, ConnHandle>,
    /// QR ref → the connection it was issued to.
    pub(crate) qr_refs: HashMap<String, ConnId>,
    /// Open pair-code requests, by the companion's connection.
    pub(crate) link_codes: HashMap<ConnId, LinkCodeRequest>,
    /// Faults a test switched on.
    pub(crate) faults: Faults,
    next_conn: u64,
    /// Highest companion device id and ADV key index handed out so far.
    last_device_id: u16,
    last_key_index: u32,
}

/// A linked companion device.
pub(crate) struct Device {
    pub(crate) id: u16,
    pub(crate) key_index: u32,
    /// The static Noise key it paired with; logins must present the same key.
    pub(crate) noise_public: [u8; 32],
    pub(crate) keys: DeviceKeys,
    /// `ADVSignedDeviceIdentity` with the device's countersignature.
    pub(crate) adv_identity: Vec<u8>,
    /// Stanzas that arrived while the device was away, delivered after it goes active.
    pub(crate) offline: Vec<Node>,
}

/// An app-state sync key: its id and the 32-byte secret the collections are keyed from.
pub(crate) struct AppStateKey {
    pub(crate) id: [u8; 6],
    pub(crate) data: [u8; 32],
}

/// A companion that connected without an account and is waiting to be scanned.
#[derive(Clone)]
pub(crate) struct Registration {
    pub(crate) noise_public: [u8; 32],
    pub(crate) keys: DeviceKeys,
}

/// How the rest of the network reaches a connection's task.
pub(crate) struct ConnHandle {
    pub(crate) outbox: mpsc::UnboundedSender<Command>,
    pub(crate) registration: Option<Registration>,
    pub(crate) device: Option<u16>,
}

/// Work for a connection's task, which alone owns the socket and its cipher counters.
pub(crate) enum Command {
    Send(Node),
    /// Send a server-initiated IQ and hand its `result`/`error` answer back.
    Request {
        node: Node,
        reply: oneshot::Sender<Node>,
    },
    Close,
}

impl Shared {
    /// `push_name`: the account's name in its app state (empty: the phone never synced it).
    pub(crate) fn new(server: ServerIdentity, phone: Phone, push_name: &str) -> Self {
        let (events, _) = broadcast::channel(1024);
        let mut phone_signal = SignalState::new(
            phone.identity.clone().into(),
            rand::random::<u32>() % 16380 + 1,
        );
        // Device 0 publishes prekeys too: clients encrypt a copy of each message to it.
        let phone_keys = phone_signal.publish(ONE_TIME_PREKEYS).unwrap_or_else(|e| {
            tracing::warn!("fake-whatsapp: the phone cannot publish prekeys: {e}");
            DeviceKeys::default()
        });
        let app_state_key = AppStateKey {
            id: rand::random(),
            data: rand::random(),
        };
        let now_ms = i64::try_from(now_secs())
            .unwrap_or(i64::MAX)
            .saturating_mul(1000);
        let app_state = AccountAppState::new(&app_state_key, push_name, now_ms);
        Self {
            server,
            phone,
            phone_signal: tokio::sync::Mutex::new(phone_signal),
            app_state_key,
            app_state,
            world: World::new(phone_keys),
            events,
            state: Mutex::new(State::default()),
        }
    }

    /// Locks the state. A panic elsewhere cannot leave it half-updated in a way that matters
    /// for a test double, so a poisoned lock is simply taken over.
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn emit(&self, event: NetEvent) {
        tracing::debug!(?event, "fake-whatsapp event");
        // No subscriber is fine: events are for tests that want them.
        let _ = self.events.send(event);
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<NetEvent> {
        self.events.subscribe()
    }

    /// The account's PN device JID for a companion id (0 is the phone itself).
    pub(crate) fn device_jid(&self, device: u16) -> Jid {
        Jid::pn_device(self.phone.number.as_str(), device)
    }

    pub(crate) fn device_lid(&self, device: u16) -> Jid {
        Jid::lid_device(self.phone.lid.as_str(), device)
    }
}

impl State {
    pub(crate) fn next_conn_id(&mut self) -> ConnId {
        self.next_conn += 1;
        ConnId(self.next_conn)
    }

    /// Reserves the next companion device id and ADV key index, as the phone does per link.
    pub(crate) fn allocate_device(&mut self) -> (u16, u32) {
        self.last_device_id += 1;
        self.last_key_index += 1;
        (self.last_device_id, self.last_key_index)
    }

    /// Key index of the newest link; clients keep devices whose index is listed or newer.
    pub(crate) fn current_key_index(&self) -> u32 {
        self.last_key_index
    }

    pub(crate) fn send(&self, conn: ConnId, command: Command) -> bool {
        self.connections
            .get(&conn)
            .is_some_and(|c| c.outbox.send(command).is_ok())
    }
}
