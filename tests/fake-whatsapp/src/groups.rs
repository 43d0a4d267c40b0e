//! Groups: their metadata (`w:g2` participating and info queries) and group messages. A group
//! send carries sender-key distribution messages inside per-device pairwise copies plus one
//! `skmsg` for everybody; each member opens the SKDM into its sender-key store and then the
//! `skmsg` with it.

use std::collections::BTreeSet;

use whatsapp_rust::wacore::libsignal::protocol::{
    SenderKeyDistributionMessage, SenderKeyName, group_decrypt,
    process_sender_key_distribution_message,
};
use whatsapp_rust::wacore::messages::decode_plaintext;
use whatsapp_rust::wacore_binary::{Node, NodeContent};
use whatsapp_rust::waproto::whatsapp as wa;
use whatsapp_rust::{Jid, NodeBuilder, Server};

use crate::inbox::{Sender, decrypt_pairwise, device_copies};
use crate::network::FakeNetwork;
use crate::nodes::{attr, iq_result, now_secs};
use crate::received::{self, Envelope, Received};
use crate::signal_store::SignalState;
use crate::state::Shared;
use crate::world::{Party, WorldState};
use crate::{Error, contacts};

/// A group on the network; the shop's account made it (and may since have left it).
#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub(crate) id: String,
    pub(crate) subject: String,
    pub(crate) creation: u64,
    /// Members besides the shop, by phone number, in joining order.
    pub(crate) members: Vec<String>,
    /// Who is an admin, by phone number (the shop's own number included).
    pub(crate) admins: BTreeSet<String>,
    /// Whether the shop's account is still in it.
    pub(crate) shop_in: bool,
    /// `(id, body)`: the id is what a change must name as `prev`.
    pub(crate) description: Option<(String, String)>,
    pub(crate) announcement: bool,
    pub(crate) locked: bool,
    /// The current invite code (`https://chat.whatsapp.com/CODE`).
    pub(crate) invite: String,
}

impl Group {
    /// A group the shop just made: it is in it, as its creator and superadmin.
    pub(crate) fn new(id: String, subject: &str, members: Vec<String>, shop: &str) -> Self {
        Group {
            id,
            subject: subject.to_owned(),
            creation: now_secs(),
            members,
            admins: BTreeSet::from([shop.to_owned()]),
            shop_in: true,
            description: None,
            announcement: false,
            locked: false,
            invite: invite_code(),
        }
    }

    pub(crate) fn jid(&self) -> Jid {
        Jid::group(self.id.as_str())
    }
}

/// 22 letters and digits, like WhatsApp's invite codes.
pub(crate) fn invite_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..22)
        .map(|_| char::from(ALPHABET[usize::from(rand::random::<u8>()) % ALPHABET.len()]))
        .collect()
}

/// A fresh group id: 120363 followed by 12 digits, as real ones look.
pub(crate) fn new_id(state: &WorldState) -> String {
    loop {
        let candidate = format!("120363{:012}", rand::random::<u64>() % 1_000_000_000_000);
        if !state.groups.contains_key(&candidate) {
            return candidate;
        }
    }
}

pub(crate) fn exists(shared: &Shared, group: &Jid) -> bool {
    shared
        .world
        .state()
        .groups
        .contains_key(group.user.as_str())
}

/// Answers `w:g2` queries: the groups the account is in, and one group's info (changes are
/// `group_admin`'s).
pub(crate) fn answer(shared: &Shared, iq: &Node) -> Node {
    let to = iq.attrs.get("to").and_then(|v| v.to_jid());
    if iq.get_optional_child("participating").is_some() {
        let groups: Vec<Group> = shared
            .world
            .state()
            .groups
            .values()
            .filter(|g| g.shop_in)
            .cloned()
            .collect();
        let nodes = groups.iter().map(|g| group_node(shared, g));
        return iq_result(iq, vec![NodeBuilder::new("groups").children(nodes).build()]);
    }
    let group = to
        .filter(|jid| jid.server == Server::Group)
        .and_then(|jid| shared.world.state().groups.get(jid.user.as_str()).cloned());
    match (iq.get_optional_child("query"), group) {
        // The server shows a group only to its participants.
        (Some(_), Some(group)) if !group.shop_in => crate::nodes::iq_error(iq, 403, "forbidden"),
        (Some(_), Some(group)) => iq_result(iq, vec![group_node(shared, &group)]),
        (Some(_), None) => crate::nodes::iq_error(iq, 404, "item-not-found"),
        _ => {
            tracing::debug!(
                ?iq,
                "fake-whatsapp: w:g2 request not modelled; empty result"
            );
            iq_result(iq, vec![])
        }
    }
}

/// `<group id subject creation creator addressing_mode="pn"><participant jid [type]/>…
/// [<description id><body/></description>] [<locked/>] [<announcement/>]</group>`.
pub(crate) fn group_node(shared: &Shared, group: &Group) -> Node {
    let owner = shared.phone.pn_jid();
    let shop = shared.phone.number.as_str();
    let mut children = Vec::new();
    if group.shop_in {
        let mut me = NodeBuilder::new("participant").attr("jid", owner.clone());
        if group.admins.contains(shop) {
            me = me.attr("type", "superadmin");
        }
        children.push(me.build());
    }
    children.extend(group.members.iter().map(|phone| {
        let mut p = NodeBuilder::new("participant").attr("jid", Jid::pn(phone.as_str()));
        if group.admins.contains(phone) {
            p = p.attr("type", "admin");
        }
        p.build()
    }));
    if let Some((id, body)) = &group.description {
        children.push(
            NodeBuilder::new("description")
                .attr("id", id.clone())
                .children([NodeBuilder::new("body")
                    .string_content(body.clone())
                    .build()])
                .build(),
        );
    }
    if group.locked {
        children.push(NodeBuilder::new("locked").build());
    }
    if group.announcement {
        children.push(NodeBuilder::new("announcement").build());
    }
    NodeBuilder::new("group")
        .attr("id", group.id.clone())
        .attr("subject", group.subject.clone())
        .attr("s_t", group.creation.to_string())
        .attr("s_o", owner.clone())
        .attr("creation", group.creation.to_string())
        .attr("creator", owner)
        .attr("addressing_mode", "pn")
        .attr(
            "size",
            (group.members.len() + usize::from(group.shop_in)).to_string(),
        )
        .children(children)
        .build()
}

/// Opens a group message for every member (and the shop's phone), in that order.
pub(crate) async fn open(
    shared: &Shared,
    sender: &Sender,
    id: &str,
    chat: &Jid,
    node: &Node,
) -> Vec<(String, Received)> {
    let Some(group) = shared.world.state().groups.get(chat.user.as_str()).cloned() else {
        return Vec::new();
    };
    let name = SenderKeyName::new(chat.to_string(), sender.address.to_string());
    // First the sender keys, which travel in the pairwise copies.
    for (to, enc) in device_copies(chat, node) {
        match shared.world.party(shared, &to) {
            Party::Contact(user) => {
                let mut signal = user.signal.lock().await;
                take_sender_key(&mut signal, sender, &name, enc, &to).await;
            }
            Party::Own(0) => {
                let mut signal = shared.phone_signal.lock().await;
                take_sender_key(&mut signal, sender, &name, enc, &to).await;
            }
            _ => tracing::debug!(%to, id, "fake-whatsapp: SKDM for a device not modelled"),
        }
    }
    let Some(skmsg) = node.get_children_by_tag("enc").find_map(|enc| {
        match (attr(enc, "type").as_deref(), &enc.content) {
            (Some("skmsg"), Some(NodeContent::Bytes(b))) => Some(b.clone()),
            _ => None,
        }
    }) else {
        tracing::warn!(
            id,
            "fake-whatsapp: group message without <enc type=\"skmsg\">"
        );
        return Vec::new();
    };
    let envelope = |to: Jid| Envelope {
        id: id.to_owned(),
        from: sender.jid.clone(),
        to,
        chat: chat.clone(),
        group: Some(group.jid()),
    };
    let mut out = Vec::new();
    for phone in &group.members {
        let Some(user) = shared.world.contact(phone) else {
            continue;
        };
        let opened = {
            let mut signal = user.signal.lock().await;
            open_skmsg(&mut signal, &name, &skmsg).await
        };
        match opened {
            Ok(message) => {
                let r = received::decode(envelope(user.pn_jid()), message, &shared.world.media);
                out.push((phone.clone(), r));
            }
            Err(e) => tracing::warn!(phone, id, "fake-whatsapp: member cannot open skmsg: {e}"),
        }
    }
    let opened = {
        let mut signal = shared.phone_signal.lock().await;
        open_skmsg(&mut signal, &name, &skmsg).await
    };
    match opened {
        Ok(message) => {
            let r = received::decode(
                envelope(shared.phone.pn_jid()),
                message,
                &shared.world.media,
            );
            out.push((shared.phone.number.clone(), r));
        }
        Err(e) => tracing::debug!(id, "fake-whatsapp: the phone cannot open skmsg: {e}"),
    }
    out
}

/// Decrypts a pairwise copy and stores the sender key it distributes.
async fn take_sender_key(
    signal: &mut SignalState,
    sender: &Sender,
    name: &SenderKeyName,
    enc: &Node,
    to: &Jid,
) {
    let message: wa::Message = match decrypt_pairwise(signal, &sender.address, enc).await {
        Ok(m) => m,
        Err(e) => {
            tracing::warn!(%to, "fake-whatsapp: cannot decrypt group key copy: {e}");
            return;
        }
    };
    let Some(skdm) = message
        .sender_key_distribution_message
        .as_option()
        .and_then(|d| d.axolotl_sender_key_distribution_message.as_deref())
    else {
        tracing::debug!(%to, "fake-whatsapp: pairwise group copy without an SKDM");
        return;
    };
    let stored = match SenderKeyDistributionMessage::try_from(skdm) {
        Ok(skdm) => {
            process_sender_key_distribution_message(name, &skdm, &mut signal.sender_keys).await
        }
        Err(e) => Err(e),
    };
    if let Err(e) = stored {
        tracing::warn!(%to, "fake-whatsapp: bad sender key distribution: {e}");
    }
}

async fn open_skmsg(
    signal: &mut SignalState,
    name: &SenderKeyName,
    skmsg: &[u8],
) -> Result<wa::Message, String> {
    let plaintext = group_decrypt(skmsg, &mut signal.sender_keys, name)
        .await
        .map_err(|e| e.to_string())?;
    decode_plaintext(&plaintext, 2).map_err(|e| e.to_string())
}

impl FakeNetwork {
    /// Creates a group named `name` with the shop's account (as its creator and superadmin)
    /// and `members`. Members who are not contacts yet are put on WhatsApp first.
    pub fn add_group(&self, name: &str, members: &[&str]) -> Result<Jid, Error> {
        let shared = self.shared();
        let mut numbers = Vec::with_capacity(members.len());
        for member in members {
            let contact = contacts::add(shared, member)?;
            if !numbers.contains(&contact.phone) {
                numbers.push(contact.phone);
            }
        }
        let mut state = shared.world.state();
        let id = new_id(&state);
        let group = Group::new(id.clone(), name, numbers, &shared.phone.number);
        let jid = group.jid();
        state.groups.insert(id, group);
        Ok(jid)
    }
}
