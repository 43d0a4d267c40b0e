//! What the fake network reports to tests: connections, handshakes, pairing and logins.

use std::fmt;

use whatsapp_rust::Jid;

pub use crate::handshake::HandshakePattern;

/// Identifies one client WebSocket connection for the network's lifetime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConnId(pub u64);

impl fmt::Display for ConnId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "conn#{}", self.0)
    }
}

/// Something the network did or saw. Subscribe with [`crate::FakeNetwork::subscribe`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum NetEvent {
    /// A client opened a WebSocket on `/ws/chat`.
    ClientConnected {
        /// The new connection.
        conn: ConnId,
    },
    /// The Noise handshake finished.
    HandshakeCompleted {
        /// The connection.
        conn: ConnId,
        /// XX on first contact, IK when the client resumed with the cached server key.
        pattern: HandshakePattern,
    },
    /// A new companion asked to pair; the server sent it QR refs.
    PairingStarted {
        /// The companion's connection.
        conn: ConnId,
    },
    /// A new companion asked for a pair code (`companion_hello`); the phone may now enter it.
    PairCodeRequested {
        /// The companion's connection.
        conn: ConnId,
    },
    /// The phone linked a companion device and the device countersigned it.
    Paired {
        /// The companion's device JID, `number:device@s.whatsapp.net`.
        jid: Jid,
        /// The companion's LID device JID.
        lid: Jid,
    },
    /// A registered device logged in; the server sent `<success>`.
    LoggedIn {
        /// The connection.
        conn: ConnId,
        /// The device JID.
        jid: Jid,
    },
    /// A login was refused with `<failure reason="401">` (unknown device or wrong key).
    LoginRejected {
        /// The connection.
        conn: ConnId,
    },
    /// A linked companion was removed: by the phone (`unlink_device`, `logout_from_phone`) or
    /// by itself (`remove-companion-device`, i.e. `Client::logout`). Its session is forgotten.
    DeviceRemoved {
        /// The companion's device JID.
        jid: Jid,
        /// Whether the companion asked for it (`Client::logout`) rather than the phone.
        by_companion: bool,
    },
    /// A scripted fault refused a new session with `<failure reason=…>` (402 ban, 405 outdated).
    ConnectRefused {
        /// The connection.
        conn: ConnId,
        /// The `reason` sent.
        reason: u16,
    },
    /// A user-sync query arrived (device lists, LIDs, is-on-WhatsApp checks): how many users
    /// it asked about, and for what (`contact` is the is-on-WhatsApp check).
    UsyncQuery {
        /// The query's protocols, e.g. `contact`, `lid`, `devices`.
        protocols: Vec<String>,
        /// How many users one query asked about.
        users: usize,
    },
    /// A contact wrote to the shop ([`crate::FakeNetwork::contact_writes`]); the server handed
    /// the message to each linked companion, or queued it for those away.
    ContactWrote {
        /// The contact's phone number, digits only.
        phone: String,
        /// The message id.
        id: String,
        /// How many companions got it at once; the others get it at their next login.
        live: usize,
        /// How many companions it was queued for.
        queued: usize,
        /// The id of the `privacy_token` notification that gave the shop the contact's token
        /// just before; the shop's companion acks it once it has stored the token.
        token_notification: String,
    },
    /// A companion of the shop acked a stanza the server delivered (`<ack class id>`): it
    /// took the message (or notification, receipt…), so the server forgets its queued copy.
    ShopAcked {
        /// The stanza's id.
        id: String,
        /// `message`, `notification`, `receipt`, …
        class: String,
        /// The companion that acked.
        device: u16,
    },
    /// A companion of the shop sent a receipt (`<receipt id to [type]>`): `kind` is `None` for
    /// a delivery receipt, else its `type` (`read`, `retry` when it could not decrypt, …).
    ShopReceipt {
        /// The message id(s) it is for (the first one, for a list).
        id: String,
        /// Whom it is addressed to (the contact or group that wrote).
        to: Option<Jid>,
        /// The receipt's `type`, if any.
        kind: Option<String>,
    },
    /// `set_refuse_connections(true)` closed a socket right after accepting it.
    SocketRefused,
    /// A connection ended, whoever closed it.
    Disconnected {
        /// The connection.
        conn: ConnId,
        /// The device JID if it had logged in.
        jid: Option<Jid>,
    },
}
