//! Client `<message>` stanzas: the server acks them (as [`World::ack_policy`] decides), and each
//! recipient device decrypts its copy with its own Signal stores. What a contact decrypts lands
//! in its mailbox; copies for the shop's phone land in the account's own mailbox.

use std::sync::Arc;

use rand::rngs::StdRng;
use tokio::sync::{mpsc, watch};
use whatsapp_rust::wacore::libsignal::protocol::{
    CiphertextMessage, DeviceId, PreKeySignalMessage, ProtocolAddress, SignalMessage, UsePQRatchet,
    message_decrypt,
};
use whatsapp_rust::wacore::messages::decode_plaintext;
use whatsapp_rust::wacore_binary::{Node, NodeContent};
use whatsapp_rust::waproto::whatsapp as wa;
use whatsapp_rust::{Jid, Server};

use crate::events::ConnId;
use crate::nodes::attr;
use crate::receipts::{self, AckPolicy, ack_node};
use crate::received::{self, Envelope, Received};
use crate::signal_store::SignalState;
use crate::state::{Command, Shared};
use crate::world::Party;
use crate::{groups, privacy};

/// Padding scheme of message plaintexts (the last byte says how many bytes to drop).
const PADDING_VERSION: u8 = 2;

/// A client `<message>` waiting for the worker.
pub(crate) struct Inbound {
    pub(crate) conn: ConnId,
    /// The logged-in companion that sent it.
    pub(crate) device: u16,
    pub(crate) node: Node,
}

/// Hands a client `<message>` to the worker (called from the connection's session).
pub(crate) fn accept(shared: &Shared, conn: ConnId, device: u16, node: &Node) {
    shared.world.enqueue(Inbound {
        conn,
        device,
        node: node.clone(),
    });
}

/// Handles queued messages one at a time until the network shuts down.
pub(crate) async fn run(
    shared: Arc<Shared>,
    mut rx: mpsc::UnboundedReceiver<Inbound>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            job = rx.recv() => match job {
                Some(job) => process(&shared, job).await,
                None => break,
            },
            // Any change is the stop signal (it only ever flips to true), as is a dropped sender.
            _ = shutdown.changed() => break,
        }
    }
}

async fn process(shared: &Arc<Shared>, job: Inbound) {
    let node = &job.node;
    let (Some(id), Some(chat)) = (
        attr(node, "id"),
        node.attrs.get("to").and_then(|v| v.to_jid()),
    ) else {
        tracing::debug!(?node, "fake-whatsapp: <message> without id or to");
        return;
    };
    // A group nobody created cannot take messages; otherwise the ack policy decides.
    let policy = if (chat.server == Server::Group) && !groups::exists(shared, &chat) {
        AckPolicy::Nack(404)
    } else if privacy::refuses(shared, &chat, node) {
        AckPolicy::Nack(privacy::REACH_OUT_REFUSED)
    } else {
        shared.world.ack_policy(&chat)
    };
    let ack = |error| Command::Send(ack_node(&id, &chat, error));
    match policy {
        AckPolicy::Nack(code) => {
            shared.state().send(job.conn, ack(Some(code)));
            return;
        }
        AckPolicy::Ack => {
            shared.state().send(job.conn, ack(None));
        }
        AckPolicy::Delay(delay) => {
            let shared = shared.clone();
            let command = ack(None);
            tokio::spawn(async move {
                tokio::time::sleep(delay).await;
                shared.state().send(job.conn, command);
            });
        }
        AckPolicy::Withhold => {}
    }

    tracing::debug!(
        id,
        %chat,
        device = job.device,
        copies = ?device_copies(&chat, node).iter().map(|(jid, enc)| format!("{jid}:{}", attr(enc, "type").unwrap_or_default())).collect::<Vec<_>>(),
        "fake-whatsapp: client message"
    );
    let sender = Sender::new(shared, job.device);
    let deliveries = if chat.server == Server::Group {
        groups::open(shared, &sender, &id, &chat, node).await
    } else {
        open_direct(shared, &sender, &id, &chat, node).await
    };
    for (phone, received) in deliveries {
        let own = phone == shared.phone.number;
        shared.world.deliver(&phone, received.clone());
        if !own {
            receipts::on_arrival(shared, &phone, &received);
        }
    }
}

/// The sending companion: its JID and the Signal address recipients keep its sessions under
/// (the same address the phone used when it opened its session with the companion).
pub(crate) struct Sender {
    pub(crate) jid: Jid,
    pub(crate) address: ProtocolAddress,
}

impl Sender {
    fn new(shared: &Shared, device: u16) -> Self {
        let jid = shared.device_jid(device);
        let address = ProtocolAddress::new(&jid.to_string(), DeviceId::from(u32::from(device)));
        Self { jid, address }
    }
}

/// The per-device `<to jid><enc/></to>` copies, plus a bare `<enc>` addressed to `chat`
/// (the single-device form retries use).
pub(crate) fn device_copies<'a>(chat: &Jid, node: &'a Node) -> Vec<(Jid, &'a Node)> {
    let mut copies: Vec<(Jid, &Node)> = node
        .get_optional_child("participants")
        .map(|p| {
            p.get_children_by_tag("to")
                .filter_map(|to| {
                    let jid = to.attrs.get("jid").and_then(|v| v.to_jid())?;
                    Some((jid, to.get_optional_child("enc")?))
                })
                .collect()
        })
        .unwrap_or_default();
    copies.extend(
        node.get_children_by_tag("enc")
            .filter(|enc| matches!(attr(enc, "type").as_deref(), Some("pkmsg" | "msg")))
            .map(|enc| (chat.clone(), enc)),
    );
    copies
}

/// Opens a pairwise `<enc type="pkmsg|msg">` with the recipient's Signal state and decodes the
/// padded `wa::Message` inside.
pub(crate) async fn decrypt_pairwise(
    signal: &mut SignalState,
    sender: &ProtocolAddress,
    enc: &Node,
) -> Result<wa::Message, String> {
    let Some(NodeContent::Bytes(bytes)) = &enc.content else {
        return Err("empty <enc>".to_owned());
    };
    let ciphertext = match attr(enc, "type").as_deref() {
        Some("pkmsg") => PreKeySignalMessage::try_from(bytes.as_slice())
            .map(CiphertextMessage::PreKeySignalMessage),
        Some("msg") => {
            SignalMessage::try_from(bytes.as_slice()).map(CiphertextMessage::SignalMessage)
        }
        other => return Err(format!("not a pairwise <enc>: {other:?}")),
    }
    .map_err(|e| e.to_string())?;
    // StdRng, not the thread-local one, so the future stays Send across the awaits.
    let mut rng: StdRng = rand::make_rng();
    let decrypted = message_decrypt(
        &ciphertext,
        sender,
        &mut signal.sessions,
        &mut signal.identities,
        &mut signal.pre_keys,
        &signal.signed_pre_keys,
        &mut rng,
        UsePQRatchet::No,
    )
    .await
    .map_err(|e| e.to_string())?;
    if let Some(used) = decrypted.consumed_prekey_id {
        // One-time means one time: the record goes once the session holds what it needs.
        use whatsapp_rust::wacore::libsignal::protocol::PreKeyStore as _;
        let _ = signal.pre_keys.remove_pre_key(used).await;
    }
    decode_plaintext(&decrypted.plaintext, PADDING_VERSION).map_err(|e| e.to_string())
}

/// Decodes a 1:1 message for every recipient device the server knows.
async fn open_direct(
    shared: &Shared,
    sender: &Sender,
    id: &str,
    chat: &Jid,
    node: &Node,
) -> Vec<(String, Received)> {
    let mut out = Vec::new();
    for (to, enc) in device_copies(chat, node) {
        let (phone, recipient, result) = match shared.world.party(shared, &to) {
            Party::Contact(user) => {
                let mut signal = user.signal.lock().await;
                let result = decrypt_pairwise(&mut signal, &sender.address, enc).await;
                (user.number.clone(), user.pn_jid(), result)
            }
            Party::Own(0) => {
                let mut signal = shared.phone_signal.lock().await;
                let result = decrypt_pairwise(&mut signal, &sender.address, enc).await;
                (shared.phone.number.clone(), shared.phone.pn_jid(), result)
            }
            Party::Own(device) => {
                // Relaying to other companions is not modelled: the real client holds their keys.
                tracing::debug!(
                    device,
                    id,
                    "fake-whatsapp: copy for another companion dropped"
                );
                continue;
            }
            Party::Unknown => {
                tracing::debug!(%to, id, "fake-whatsapp: recipient not on WhatsApp");
                continue;
            }
        };
        match result {
            Ok(message) => {
                let env = Envelope {
                    id: id.to_owned(),
                    from: sender.jid.clone(),
                    to: recipient,
                    chat: chat.clone(),
                    group: None,
                };
                out.push((phone, received::decode(env, message, &shared.world.media)));
            }
            Err(e) => tracing::warn!(%to, id, "fake-whatsapp: cannot decrypt: {e}"),
        }
    }
    out
}
