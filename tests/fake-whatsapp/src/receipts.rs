//! How the server acks a client's `<message>` and how recipients answer with receipts. The one
//! decision point for acks is [`World::ack_policy`]; fault scripting changes its inputs with
//! [`World::set_ack_policy`], [`World::set_ack_policy_for`] and [`World::push_ack_policy_once`].

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use whatsapp_rust::wacore_binary::Node;
use whatsapp_rust::{Jid, NodeBuilder};

use crate::Error;
use crate::network::FakeNetwork;
use crate::nodes::{attr, now_secs};
use crate::received::Received;
use crate::state::{Command, Shared};
use crate::world::World;

/// How the server answers one client `<message>`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum AckPolicy {
    /// Ack at once and deliver (the default).
    #[default]
    Ack,
    /// Refuse with `<ack error=code>` (e.g. 400, 463, 479, 503); nothing is delivered.
    Nack(u16),
    /// Deliver, but send the ack only after this long.
    Delay(Duration),
    /// Deliver and never ack.
    Withhold,
}

/// Which receipt a recipient sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptKind {
    /// The message reached the recipient's phone (no `type`).
    Delivered,
    /// The recipient opened it (`type="read"`).
    Read,
    /// The recipient played a voice note or video (`type="played"`).
    Played,
}

/// Ack policies: one-shot entries first, then per chat, then the default.
#[derive(Default)]
pub(crate) struct AckPolicies {
    default: AckPolicy,
    per_chat: HashMap<String, AckPolicy>,
    once: VecDeque<AckPolicy>,
}

/// Which receipts a recipient sends by itself when a message arrives.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AutoReceipts {
    pub(crate) delivered: bool,
    pub(crate) read: bool,
}

/// Phones deliver at once; reading waits for the test to say so.
impl Default for AutoReceipts {
    fn default() -> Self {
        Self {
            delivered: true,
            read: false,
        }
    }
}

#[derive(Default)]
pub(crate) struct ReceiptPolicies {
    default: AutoReceipts,
    per_contact: HashMap<String, AutoReceipts>,
}

impl World {
    /// Decides how to ack a client `<message>` to `chat`: the next one-shot policy if any,
    /// else the chat's, else the default. Called once per stanza.
    pub(crate) fn ack_policy(&self, chat: &Jid) -> AckPolicy {
        let mut state = self.state();
        let acks = &mut state.acks;
        if let Some(once) = acks.once.pop_front() {
            return once;
        }
        acks.per_chat
            .get(chat.user.as_str())
            .cloned()
            .unwrap_or_else(|| acks.default.clone())
    }

    /// Sets how every later message is acked (unless a chat or one-shot policy applies).
    #[allow(dead_code, reason = "for fault scripting (admin API)")]
    pub(crate) fn set_ack_policy(&self, policy: AckPolicy) {
        self.state().acks.default = policy;
    }

    /// Sets (or with `None` clears) the policy for messages to one chat (contact or group).
    #[allow(dead_code, reason = "for fault scripting (admin API)")]
    pub(crate) fn set_ack_policy_for(&self, chat: &Jid, policy: Option<AckPolicy>) {
        let key = chat.user.to_string();
        let mut state = self.state();
        match policy {
            Some(p) => state.acks.per_chat.insert(key, p),
            None => state.acks.per_chat.remove(&key),
        };
    }

    /// Applies `policy` to the next message only; several queue up in order.
    pub(crate) fn push_ack_policy_once(&self, policy: AckPolicy) {
        self.state().acks.once.push_back(policy);
    }

    pub(crate) fn auto_receipts(&self, phone: &str) -> AutoReceipts {
        let state = self.state();
        let receipts = &state.receipts;
        receipts
            .per_contact
            .get(phone)
            .copied()
            .unwrap_or(receipts.default)
    }
}

/// `<ack class="message" id from t [error]>` for a client message to `chat`.
pub(crate) fn ack_node(id: &str, chat: &Jid, error: Option<u16>) -> Node {
    let mut ack = NodeBuilder::new("ack")
        .attr("class", "message")
        .attr("id", id.to_owned())
        .attr("from", chat.clone())
        .attr("t", now_secs().to_string());
    if let Some(code) = error {
        ack = ack.attr("error", code.to_string());
    }
    ack.build()
}

/// The receipt a recipient sends for `received`: from the chat, plus `participant` in groups.
fn receipt_node(received: &Received, kind: ReceiptKind) -> Node {
    let mut receipt = NodeBuilder::new("receipt")
        .attr("id", received.id.clone())
        .attr("from", received.chat.clone())
        .attr("t", now_secs().to_string());
    if received.group.is_some() {
        receipt = receipt.attr("participant", received.to.clone());
    }
    match kind {
        ReceiptKind::Delivered => {}
        ReceiptKind::Read => receipt = receipt.attr("type", "read"),
        ReceiptKind::Played => receipt = receipt.attr("type", "played"),
    }
    receipt.build()
}

/// Sends `node` to every linked device of the shop's account: live connections get it now,
/// the others when they next go active.
pub(crate) fn to_account(shared: &Shared, node: Node) {
    let devices: Vec<u16> = shared.state().devices.keys().copied().collect();
    for device in devices {
        to_device(shared, device, node.clone());
    }
}

/// Sends `node` to one linked device of the account: at once if it is connected, else it
/// waits in the device's offline queue (until the device acks it after its next login), as
/// the real server keeps stanzas for a companion that is away. True when sent at once.
pub(crate) fn to_device(shared: &Shared, device: u16, node: Node) -> bool {
    let mut state = shared.state();
    let conns: Vec<crate::events::ConnId> = state
        .connections
        .iter()
        .filter(|(_, h)| h.device == Some(device))
        .map(|(conn, _)| *conn)
        .collect();
    let sent = conns
        .iter()
        .any(|conn| state.send(*conn, Command::Send(node.clone())));
    if !sent && let Some(dev) = state.devices.get_mut(&device) {
        dev.offline.push(node);
    }
    sent
}

/// A device acked a stanza the server sent it. Stanzas queued while it was away stay queued
/// until acked, so this is where they leave the queue.
pub(crate) fn on_client_ack(shared: &Shared, device: u16, ack: &Node) {
    tracing::debug!(?ack, "fake-whatsapp: client ack");
    let (Some(id), Some(class)) = (attr(ack, "id"), attr(ack, "class")) else {
        return;
    };
    if let Some(dev) = shared.state().devices.get_mut(&device) {
        dev.offline
            .retain(|n| n.tag != class.as_str() || attr(n, "id").as_deref() != Some(id.as_str()));
    }
    shared.emit(crate::events::NetEvent::ShopAcked { id, class, device });
}

/// A companion sent a receipt for a message it got (a contact's). Clients answer a 1:1 or
/// group message with a receipt, not an `<ack>`, so a receipt (other than a `retry`, which
/// says it could not decrypt) is what takes the message out of the device's offline queue.
pub(crate) fn on_client_receipt(shared: &Shared, device: u16, receipt: &Node) {
    let Some(id) = attr(receipt, "id") else {
        return;
    };
    let mut ids = vec![id.clone()];
    if let Some(list) = receipt.get_optional_child("list") {
        ids.extend(
            list.get_children_by_tag("item")
                .filter_map(|i| attr(i, "id")),
        );
    }
    if attr(receipt, "type").as_deref() != Some("retry")
        && let Some(dev) = shared.state().devices.get_mut(&device)
    {
        dev.offline.retain(|n| {
            n.tag != "message" || !attr(n, "id").is_some_and(|queued| ids.contains(&queued))
        });
    }
    shared.emit(crate::events::NetEvent::ShopReceipt {
        id,
        to: receipt.attrs.get("to").and_then(|v| v.to_jid()),
        kind: attr(receipt, "type"),
    });
}

/// The receipts the recipient sends by itself right after `received` arrived.
pub(crate) fn on_arrival(shared: &Shared, phone: &str, received: &Received) {
    let auto = shared.world.auto_receipts(phone);
    if auto.delivered {
        to_account(shared, receipt_node(received, ReceiptKind::Delivered));
    }
    if auto.read {
        to_account(shared, receipt_node(received, ReceiptKind::Read));
    }
}

impl FakeNetwork {
    /// The contact `phone` sends a receipt for a message it received (in a chat or group).
    pub fn send_receipt(&self, phone: &str, msg_id: &str, kind: ReceiptKind) -> Result<(), Error> {
        let phone = phone.trim_start_matches('+');
        let shared = self.shared();
        let received = {
            let state = shared.world.state();
            state
                .mailboxes
                .get(phone)
                .and_then(|m| m.messages.iter().find(|r| r.id == msg_id).cloned())
        };
        let received = received.ok_or_else(|| Error::UnknownMessage {
            phone: phone.to_owned(),
            id: msg_id.to_owned(),
        })?;
        to_account(shared, receipt_node(&received, kind));
        Ok(())
    }

    /// Which receipts recipients send by themselves: for one contact, or with `None` for every
    /// contact without its own setting. Default: delivery receipts yes, read receipts no.
    pub fn set_auto_receipts(&self, phone: Option<&str>, delivered: bool, read: bool) {
        let auto = AutoReceipts { delivered, read };
        let mut state = self.shared().world.state();
        match phone {
            Some(p) => {
                state
                    .receipts
                    .per_contact
                    .insert(p.trim_start_matches('+').to_owned(), auto);
            }
            None => state.receipts.default = auto,
        }
    }

    /// Applies `policy` to the next message a client sends (one-shot; several queue in order).
    pub fn ack_next_message(&self, policy: AckPolicy) {
        self.shared().world.push_ack_policy_once(policy);
    }
}
