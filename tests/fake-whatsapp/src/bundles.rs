//! Prekey bundles (`<iq xmlns="encrypt" type="get"><key><user jid/>…</key>`): what a client
//! needs to open a Signal session with a device it has never talked to. Each bundle hands out
//! one of the device's one-time prekeys, which is then used up, as on the real server.

use whatsapp_rust::wacore_binary::Node;
use whatsapp_rust::{Jid, NodeBuilder};

use crate::nodes::iq_result;
use crate::prekeys::{DeviceKeys, id24, skey_node};
use crate::state::Shared;
use crate::world::Party;

/// Answers a prekey fetch with one `<user>` per requested device: a bundle, or `<error 404>`
/// for devices that do not exist (the client then drops them from its fan-out).
pub(crate) fn answer(shared: &Shared, iq: &Node) -> Node {
    let users: Vec<Node> = iq
        .get_optional_child("key")
        .map(|key| {
            key.get_children_by_tag("user")
                .filter_map(|u| u.attrs.get("jid").and_then(|v| v.to_jid()))
                .map(|jid| user_bundle(shared, jid))
                .collect()
        })
        .unwrap_or_default();
    iq_result(iq, vec![NodeBuilder::new("list").children(users).build()])
}

fn user_bundle(shared: &Shared, jid: Jid) -> Node {
    match shared.world.party(shared, &jid) {
        Party::Own(0) => bundle_node(jid, &mut shared.world.phone_keys(), None),
        Party::Own(device) => {
            let mut state = shared.state();
            match state.devices.get_mut(&device) {
                // A companion's bundle carries its ADV identity, which the client validates.
                Some(dev) => {
                    let identity = dev.adv_identity.clone();
                    bundle_node(jid, &mut dev.keys, Some(identity))
                }
                None => not_found(jid),
            }
        }
        Party::Contact(user) => bundle_node(jid, &mut user.published(), None),
        Party::Unknown => not_found(jid),
    }
}

/// `<user jid><registration/><type/><identity/><skey/>[<key/>][<device-identity/>]</user>`.
fn bundle_node(jid: Jid, keys: &mut DeviceKeys, device_identity: Option<Vec<u8>>) -> Node {
    let mut children = vec![
        NodeBuilder::new("registration")
            .bytes(keys.registration_id.to_be_bytes().to_vec())
            .build(),
        // 0x05: Curve25519, the only key type there is.
        NodeBuilder::new("type").bytes(vec![5u8]).build(),
        NodeBuilder::new("identity")
            .bytes(keys.identity.to_vec())
            .build(),
        skey_node(&keys.signed_prekey),
    ];
    // When the one-time keys run out the bundle goes without one: X3DH still works.
    if let Some((id, public)) = keys.one_time.pop_first() {
        children.push(
            NodeBuilder::new("key")
                .children([
                    NodeBuilder::new("id").bytes(id24(id)).build(),
                    NodeBuilder::new("value").bytes(public.to_vec()).build(),
                ])
                .build(),
        );
    }
    if let Some(identity) = device_identity {
        children.push(NodeBuilder::new("device-identity").bytes(identity).build());
    }
    NodeBuilder::new("user")
        .attr("jid", jid)
        .children(children)
        .build()
}

fn not_found(jid: Jid) -> Node {
    NodeBuilder::new("user")
        .attr("jid", jid)
        .children([NodeBuilder::new("error")
            .attr("code", "404")
            .attr("text", "item-not-found")
            .build()])
        .build()
}
