//! Faults a test can script: stream errors on live sockets, a session replaced elsewhere, the
//! phone unlinking companions, bans and outdated-client refusals at connect, a server that
//! drops every new socket, and pairing sessions given fewer QR refs. Also the companion's own
//! logout (`remove-companion-device`), which ends the same way as an unlink from the phone.

use whatsapp_rust::wacore_binary::Node;
use whatsapp_rust::{Jid, NodeBuilder};

use crate::events::{ConnId, NetEvent};
use crate::nodes::{attr, iq_error, iq_result, now_secs};
use crate::session::{Outbound, stream_error};
use crate::state::{Command, Shared, State};
use crate::{Error, FakeNetwork};

/// The ban code `temporary_ban` reports: "sent too many messages to people who don't have you
/// in their address books", the most common one.
const DEFAULT_BAN_CODE: u16 = 101;

/// What the network currently does wrong on purpose.
#[derive(Default)]
pub(crate) struct Faults {
    refuse_sockets: bool,
    /// Logins are refused with `<failure reason="402">` until this unix time.
    banned_until: Option<u64>,
    outdated: bool,
    /// New pairing sessions get this many QR refs instead of the usual number.
    qr_refs: Option<usize>,
}

impl FakeNetwork {
    /// Sends `<stream:error code=…/>` on every open connection and closes it, as the server
    /// does when it restarts (`515`: reconnect at once) or goes away (`503`: back off).
    /// Returns how many connections it hit.
    pub fn stream_error(&self, code: u16) -> usize {
        let code = code.to_string();
        broadcast(self.shared(), |_| true, || stream_error(&code))
    }

    /// Another client took over the account's session: every logged-in connection gets
    /// `<stream:error><conflict type="replaced"/></stream:error>` (the client reports
    /// `StreamReplaced` and stops reconnecting). Returns how many connections it hit.
    pub fn replace_session(&self) -> usize {
        broadcast(
            self.shared(),
            |c| c.device.is_some(),
            || conflict("replaced"),
        )
    }

    /// The phone removes a linked companion: it is forgotten (a later login with its old
    /// session gets `<failure reason="401">`) and its live connections get
    /// `<conflict type="device_removed"/>`, on which the client reports `LoggedOut`.
    pub fn unlink_device(&self, jid: &Jid) -> Result<(), Error> {
        let shared = self.shared();
        let device = (jid.user == shared.phone.number && jid.device != 0)
            .then_some(jid.device)
            .filter(|d| shared.state().devices.contains_key(d))
            .ok_or_else(|| Error::UnknownDevice(jid.to_string()))?;
        unlink(shared, device, false);
        Ok(())
    }

    /// The phone logs out every linked companion (as "Log out from all devices" does).
    /// Returns the JIDs removed.
    pub fn logout_from_phone(&self) -> Vec<Jid> {
        let shared = self.shared();
        let devices: Vec<u16> = shared.state().devices.keys().copied().collect();
        devices
            .into_iter()
            .map(|d| {
                unlink(shared, d, false);
                shared.device_jid(d)
            })
            .collect()
    }

    /// Bans the account for `expire_secs`: from now on every login is refused with
    /// `<failure reason="402" code="101" expire=…>` (the client reports `TemporaryBan` and
    /// stops reconnecting). Live sessions stay up; [`Self::drop_connections`] makes them
    /// reconnect into the ban.
    pub fn temporary_ban(&self, expire_secs: u64) {
        self.shared().state().faults.banned_until = Some(now_secs().saturating_add(expire_secs));
    }

    /// From now on every connection is refused with `<failure reason="405">` (the client
    /// reports `ClientOutdated`). Live sessions stay up.
    pub fn client_outdated(&self) {
        self.shared().state().faults.outdated = true;
    }

    /// While set, new sockets are closed as soon as they are accepted, before the WebSocket
    /// upgrade, as if the service were down (each one is reported as
    /// [`NetEvent::SocketRefused`]). Live connections are left alone.
    pub fn set_refuse_connections(&self, refuse: bool) {
        self.shared().state().faults.refuse_sockets = refuse;
    }

    /// From now on a new companion's `<pair-device>` carries only `refs` QR refs. The client
    /// shows each ref in turn (the first for 60 s, the others for 20 s) and, once all are spent,
    /// reports its QR codes exhausted and disconnects; with `0` it has none to show and gets
    /// there at once, so a test sees codes run out without waiting minutes. Pairing sessions
    /// already open keep their refs.
    pub fn limit_qr_refs(&self, refs: usize) {
        self.shared().state().faults.qr_refs = Some(refs);
    }

    /// Lifts the ban, the outdated-client refusal and the QR ref limit, and accepts sockets
    /// again.
    pub fn clear_faults(&self) {
        self.shared().state().faults = Faults::default();
    }
}

/// Whether the listener should drop a socket it just accepted.
pub(crate) fn refuses_sockets(shared: &Shared) -> bool {
    shared.state().faults.refuse_sockets
}

/// How many QR refs a new pairing session gets: `usual`, unless a test limited them.
pub(crate) fn qr_refs(shared: &Shared, usual: usize) -> usize {
    shared.state().faults.qr_refs.unwrap_or(usual)
}

/// The `<failure>` a new session gets instead of pairing or login, if a fault says so.
/// `login` tells a registered device from a new companion (a ban is the account's, so it only
/// stops logins).
pub(crate) fn refusal(shared: &Shared, conn: ConnId, login: bool) -> Option<Outbound> {
    let failure = {
        let faults = &shared.state().faults;
        let banned_for = faults
            .banned_until
            .map(|until| until.saturating_sub(now_secs()))
            .filter(|left| *left > 0 && login);
        if faults.outdated {
            NodeBuilder::new("failure").attr("reason", "405").build()
        } else if let Some(left) = banned_for {
            NodeBuilder::new("failure")
                .attr("reason", "402")
                .attr("code", DEFAULT_BAN_CODE.to_string())
                // A duration in seconds, not a deadline.
                .attr("expire", left.to_string())
                .build()
        } else {
            return None;
        }
    };
    let reason = attr(&failure, "reason")
        .and_then(|r| r.parse().ok())
        .unwrap_or_default();
    shared.emit(NetEvent::ConnectRefused { conn, reason });
    Some(Outbound {
        nodes: vec![failure],
        close: true,
    })
}

/// `<iq xmlns="md"><remove-companion-device jid reason="user_initiated"/>`: a companion logs
/// itself (or, by jid, another of the account's companions) out. It disconnects on its own.
pub(crate) fn companion_logout(shared: &Shared, device: Option<u16>, iq: &Node) -> Node {
    let Some(requester) = device else {
        return iq_error(iq, 401, "not-authorized");
    };
    let named = iq
        .get_optional_child("remove-companion-device")
        .and_then(|r| attr(r, "jid"))
        .and_then(|j| j.parse::<Jid>().ok())
        .filter(|j| j.user == shared.phone.number && j.device != 0)
        .map_or(requester, |j| j.device);
    let removed = shared.state().devices.remove(&named).is_some();
    if removed {
        shared.emit(NetEvent::DeviceRemoved {
            jid: shared.device_jid(named),
            by_companion: true,
        });
    }
    if named != requester {
        // Another companion: it learns like an unlink from the phone.
        close_device(shared, named, || conflict("device_removed"));
    }
    iq_result(iq, vec![])
}

/// Forgets companion `device` and tells its live connections they were removed.
fn unlink(shared: &Shared, device: u16, by_companion: bool) {
    let removed = shared.state().devices.remove(&device).is_some();
    close_device(shared, device, || conflict("device_removed"));
    if removed {
        shared.emit(NetEvent::DeviceRemoved {
            jid: shared.device_jid(device),
            by_companion,
        });
    }
}

fn close_device(shared: &Shared, device: u16, last_word: impl Fn() -> Node) {
    broadcast(shared, |c| c.device == Some(device), last_word);
}

/// Sends `last_word()` to every connection `which` selects, then closes them.
fn broadcast(
    shared: &Shared,
    which: impl Fn(&crate::state::ConnHandle) -> bool,
    last_word: impl Fn() -> Node,
) -> usize {
    let state: std::sync::MutexGuard<'_, State> = shared.state();
    let targets: Vec<ConnId> = state
        .connections
        .iter()
        .filter(|(_, c)| which(c))
        .map(|(id, _)| *id)
        .collect();
    for conn in &targets {
        state.send(*conn, Command::Send(last_word()));
        state.send(*conn, Command::Close);
    }
    targets.len()
}

/// `<stream:error><conflict type=…/></stream:error>`.
fn conflict(kind: &'static str) -> Node {
    NodeBuilder::new("stream:error")
        .children([NodeBuilder::new("conflict").attr("type", kind).build()])
        .build()
}

/// The faults in force, for `GET /admin/state`.
pub(crate) fn summary(faults: &Faults) -> serde_json::Value {
    let banned_for = faults
        .banned_until
        .map(|until| until.saturating_sub(now_secs()))
        .filter(|left| *left > 0);
    serde_json::json!({
        "refuse_connections": faults.refuse_sockets,
        "banned_for_secs": banned_for,
        "client_outdated": faults.outdated,
    })
}
