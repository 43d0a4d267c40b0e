//! One authenticated connection: decides between pairing and login from the client payload,
//! then routes every node the client sends.

use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use whatsapp_rust::NodeBuilder;
use whatsapp_rust::wacore_binary::Node;
use whatsapp_rust::waproto::whatsapp as wa;

use crate::events::{ConnId, NetEvent};
use crate::handshake::Established;
use crate::nodes::{attr, iq_request, now_secs};
use crate::prekeys::{DeviceKeys, SignedPreKey, be_uint, key32};
use crate::state::{Registration, Shared};
use crate::{faults, inbox, iq, link_code, receipts};

/// How many QR refs a pairing session gets (the client shows one per 60 s/20 s).
const QR_REFS: usize = 6;

/// What a session wants written, in order, and whether to close afterwards.
#[derive(Default)]
pub(crate) struct Outbound {
    pub(crate) nodes: Vec<Node>,
    pub(crate) close: bool,
}

impl Outbound {
    fn nodes(nodes: Vec<Node>) -> Self {
        Self {
            nodes,
            close: false,
        }
    }
}

enum Role {
    /// A new companion waiting for the phone to scan its QR.
    Pairing,
    /// A linked device that received `<success>`.
    LoggedIn(u16),
    /// Sent `<failure>`; the connection is closing.
    Refused,
}

pub(crate) struct Session {
    shared: Arc<Shared>,
    conn: ConnId,
    role: Role,
}

impl Session {
    /// Starts a session right after the handshake and returns the server's opening nodes.
    /// A refused session (`<failure>` sent) closes right away; it answers nothing.
    pub(crate) fn start(shared: Arc<Shared>, conn: ConnId, est: &Established) -> (Self, Outbound) {
        shared.emit(NetEvent::HandshakeCompleted {
            conn,
            pattern: est.pattern,
        });
        if let Some(refused) = faults::refusal(&shared, conn, est.payload.username.is_some()) {
            let role = Role::Refused;
            return (Self { shared, conn, role }, refused);
        }
        let started = match est.payload.username {
            None => start_pairing(&shared, conn, est),
            Some(username) => login(&shared, conn, est, username),
        };
        match started {
            Ok((role, out)) => (Self { shared, conn, role }, out),
            Err(out) => (
                Self {
                    shared,
                    conn,
                    role: Role::Refused,
                },
                out,
            ),
        }
    }

    /// Handles a node that is not an answer to one of the server's own IQs.
    pub(crate) fn on_node(&mut self, node: &Node) -> Outbound {
        let device = match self.role {
            Role::LoggedIn(device) => Some(device),
            Role::Pairing => None,
            Role::Refused => return Outbound::default(),
        };
        match node.tag.as_ref() {
            // Answers to server IQs nobody waits for (e.g. the ack of `pair-device`).
            "iq" if matches!(attr(node, "type").as_deref(), Some("result" | "error")) => {
                Outbound::default()
            }
            // Pair-code stages are routed by connection: the phone answers that companion.
            "iq" if link_code::is_link_code_iq(node) => {
                Outbound::nodes(vec![link_code::answer(&self.shared, self.conn, node)])
            }
            "iq" => Outbound::nodes(iq::answer(&self.shared, device, node)),
            // Sends are acked and delivered by the message worker, in arrival order.
            "message" => {
                if let Some(device) = device {
                    inbox::accept(&self.shared, self.conn, device, node);
                }
                Outbound::default()
            }
            // An ack confirms a stanza the server sent; queued ones need not come again.
            "ack" => {
                if let Some(device) = device {
                    receipts::on_client_ack(&self.shared, device, node);
                }
                Outbound::default()
            }
            // Receipts for what contacts wrote are recorded; the server acks none of them here.
            "receipt" => {
                if let Some(device) = device {
                    receipts::on_client_receipt(&self.shared, device, node);
                }
                Outbound::default()
            }
            // Presence and the unified-session `<ib>` need no answer here.
            "presence" | "ib" | "chatstate" => {
                tracing::debug!(?node, "fake-whatsapp: client stanza (no reply needed)");
                Outbound::default()
            }
            other => {
                tracing::debug!(tag = other, ?node, "fake-whatsapp: unhandled client stanza");
                Outbound::default()
            }
        }
    }
}

fn start_pairing(
    shared: &Shared,
    conn: ConnId,
    est: &Established,
) -> Result<(Role, Outbound), Outbound> {
    let Some(registration) = registration(est) else {
        tracing::debug!(%conn, "registration payload without usable pairing data");
        return Err(failure("400"));
    };
    let refs: Vec<String> = (0..faults::qr_refs(shared, QR_REFS))
        .map(|_| format!("2@{}", STANDARD.encode(rand::random::<[u8; 24]>())))
        .collect();
    {
        let mut state = shared.state();
        for r in &refs {
            state.qr_refs.insert(r.clone(), conn);
        }
        if let Some(handle) = state.connections.get_mut(&conn) {
            handle.registration = Some(registration);
        }
    }
    let pair_device = NodeBuilder::new("pair-device")
        .children(
            refs.into_iter()
                .map(|r| NodeBuilder::new("ref").bytes(r.into_bytes()).build()),
        )
        .build();
    shared.emit(NetEvent::PairingStarted { conn });
    let opening = iq_request("md", "set", pair_device);
    Ok((Role::Pairing, Outbound::nodes(vec![opening])))
}

/// The keys a new companion announces in its registration payload.
fn registration(est: &Established) -> Option<Registration> {
    let data: &wa::client_payload::DevicePairingRegistrationData =
        est.payload.device_pairing_data.as_option()?;
    let identity = key32(data.e_ident.as_deref()?)?;
    Some(Registration {
        noise_public: est.client_static,
        keys: DeviceKeys {
            registration_id: be_uint(data.e_regid.as_deref()?)?,
            identity,
            signed_prekey: SignedPreKey {
                id: be_uint(data.e_skey_id.as_deref()?)?,
                public: key32(data.e_skey_val.as_deref()?)?,
                signature: data.e_skey_sig.clone()?,
            },
            one_time: Default::default(),
        },
    })
}

fn login(
    shared: &Shared,
    conn: ConnId,
    est: &Established,
    username: u64,
) -> Result<(Role, Outbound), Outbound> {
    let device = est
        .payload
        .device
        .and_then(|d| u16::try_from(d).ok())
        .unwrap_or(0);
    let known = username.to_string() == shared.phone.number && {
        let mut state = shared.state();
        let known = state
            .devices
            .get(&device)
            .is_some_and(|d| d.noise_public == est.client_static);
        if known && let Some(handle) = state.connections.get_mut(&conn) {
            handle.device = Some(device);
        }
        known
    };
    if !known {
        tracing::debug!(%conn, username, device, "login by an unknown device");
        shared.emit(NetEvent::LoginRejected { conn });
        return Err(failure("401"));
    }
    let success = NodeBuilder::new("success")
        .attr("t", now_secs().to_string())
        .attr("lid", shared.device_lid(device))
        .attr("creation", now_secs().to_string())
        .build();
    shared.emit(NetEvent::LoggedIn {
        conn,
        jid: shared.device_jid(device),
    });
    Ok((Role::LoggedIn(device), Outbound::nodes(vec![success])))
}

/// `<failure reason=…/>` ends the connection before login.
fn failure(reason: &str) -> Outbound {
    Outbound {
        nodes: vec![
            NodeBuilder::new("failure")
                .attr("reason", reason.to_owned())
                .attr("location", "fake")
                .build(),
        ],
        close: true,
    }
}

/// `<stream:error code=…/>`; 515 tells a freshly paired client to reconnect and log in.
pub(crate) fn stream_error(code: &str) -> Node {
    NodeBuilder::new("stream:error")
        .attr("code", code.to_owned())
        .build()
}
