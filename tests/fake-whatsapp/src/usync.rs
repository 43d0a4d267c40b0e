//! User sync (`usync`): answers device-list, LID, is-on-WhatsApp and profile (about, business,
//! picture) queries for the shop's own account and the fake contacts; every other user is
//! reported as not on WhatsApp.

use whatsapp_rust::wacore_binary::Node;
use whatsapp_rust::{Jid, NodeBuilder};

use crate::events::NetEvent;
use crate::nodes::{attr, iq_result, now_secs};
use crate::profiles;
use crate::state::Shared;
use crate::world::Party;

/// Answers `<usync><query>…</query><list><user/>…</list></usync>`, mirroring the request's
/// `sid`/`mode`/`context` so the client pairs it with its query.
pub(crate) fn answer(shared: &Shared, iq: &Node) -> Node {
    let Some(usync) = iq.get_optional_child("usync") else {
        return iq_result(iq, vec![]);
    };
    let protocols: Vec<String> = usync
        .get_optional_child("query")
        .and_then(|q| q.children())
        .map(|c| c.iter().map(|n| n.tag.to_string()).collect())
        .unwrap_or_default();
    let users: Vec<Node> = usync
        .get_optional_child("list")
        .map(|list| {
            list.get_children_by_tag("user")
                .map(|user| answer_user(shared, user, &protocols))
                .collect()
        })
        .unwrap_or_default();
    shared.emit(NetEvent::UsyncQuery {
        protocols: protocols.clone(),
        users: users.len(),
    });

    let mut reply = NodeBuilder::new("usync");
    for key in ["sid", "mode", "context"] {
        if let Some(value) = attr(usync, key) {
            reply = reply.attr(key, value);
        }
    }
    let result = NodeBuilder::new("result")
        .children(
            protocols
                .iter()
                .map(|p| NodeBuilder::new_dynamic(p.clone()).build()),
        )
        .build();
    let reply = reply
        .attr("index", "0")
        .attr("last", "true")
        .children([result, NodeBuilder::new("list").children(users).build()])
        .build();
    iq_result(iq, vec![reply])
}

fn answer_user(shared: &Shared, user: &Node, protocols: &[String]) -> Node {
    let jid: Option<Jid> = user.attrs.get("jid").and_then(|v| v.to_jid());
    let contact = user
        .get_optional_child("contact")
        .and_then(|c| c.content_as_string())
        .map(|s| s.trim_start_matches('+').to_owned());
    // Who is asked about: by JID (PN or LID), or by phone number for is-on-WhatsApp lookups.
    let asked = jid.clone().or_else(|| contact.as_deref().map(Jid::pn));
    let party = asked.as_ref().map_or(Party::Unknown, |j| {
        shared.world.party(shared, &j.to_non_ad())
    });
    // Reply under the id the client asked about; a phone-number lookup learns the PN JID.
    let reply_jid = asked;

    let mut children = Vec::new();
    for protocol in protocols {
        match (protocol.as_str(), &party) {
            ("devices", Party::Own(_)) => children.push(own_devices(shared)),
            // Contacts have only their phone, so no signed key-index list is needed.
            ("devices", Party::Contact(_)) => children.push(device_list(&["0"])),
            ("devices", Party::Unknown) => children.push(device_list(&[])),
            ("lid", Party::Own(_)) => children.push(
                NodeBuilder::new("lid")
                    .attr("val", shared.phone.lid_jid())
                    .build(),
            ),
            ("lid", Party::Contact(user)) => {
                children.push(NodeBuilder::new("lid").attr("val", user.lid_jid()).build())
            }
            ("contact", party) => children.push(
                NodeBuilder::new("contact")
                    .attr(
                        "type",
                        if matches!(party, Party::Unknown) {
                            "out"
                        } else {
                            "in"
                        },
                    )
                    .build(),
            ),
            // What the contact's account shows; `<business>` only for a business account.
            ("status" | "picture" | "business", Party::Contact(user)) => {
                children.extend(profiles::usync(user, protocol))
            }
            // Other protocols are simply not reported.
            _ => {}
        }
    }
    let mut node = NodeBuilder::new("user");
    if let Some(jid) = reply_jid {
        node = node.attr("jid", jid);
    }
    node.children(children).build()
}

/// `<devices><device-list><device id/>…</device-list></devices>` without a key-index list.
fn device_list(ids: &[&str]) -> Node {
    let devices = ids.iter().map(|id| {
        NodeBuilder::new("device")
            .attr("id", (*id).to_owned())
            .build()
    });
    NodeBuilder::new("devices")
        .children([NodeBuilder::new("device-list").children(devices).build()])
        .build()
}

/// The account's devices: the phone (0) and every linked companion, with the phone-signed
/// key-index list without which the client drops companions from the list.
fn own_devices(shared: &Shared) -> Node {
    let (devices, current, valid) = {
        let state = shared.state();
        let devices: Vec<(u16, u32)> = state
            .devices
            .values()
            .map(|d| (d.id, d.key_index))
            .collect();
        let valid: Vec<u32> = devices.iter().map(|(_, k)| *k).collect();
        (devices, state.current_key_index(), valid)
    };
    let now = now_secs();
    let mut list = vec![NodeBuilder::new("device").attr("id", "0").build()];
    list.extend(devices.iter().map(|(id, key_index)| {
        NodeBuilder::new("device")
            .attr("id", id.to_string())
            .attr("key-index", key_index.to_string())
            .build()
    }));
    let mut children = vec![NodeBuilder::new("device-list").children(list).build()];
    match shared.phone.key_index_list(current, valid, now) {
        Ok(signed) => children.push(
            NodeBuilder::new("key-index-list")
                .attr("ts", now.to_string())
                .bytes(signed)
                .build(),
        ),
        Err(e) => tracing::warn!("cannot sign key-index list: {e}"),
    }
    NodeBuilder::new("devices").children(children).build()
}
