//! User sync (`usync`): answers device-list, LID and is-on-WhatsApp queries. Stage 1 knows one
//! account, the shop's own; every other user is reported as not on WhatsApp.

use whatsapp_rust::wacore_binary::Node;
use whatsapp_rust::{Jid, NodeBuilder};

use crate::nodes::{attr, iq_result, now_secs};
use crate::state::Shared;

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
    let phone = &shared.phone;
    let own = jid
        .as_ref()
        .is_some_and(|j| j.user == phone.number || j.user == phone.lid)
        || contact.as_deref() == Some(phone.number.as_str());
    // Reply under the id the client asked about; a contact lookup learns the PN JID.
    let reply_jid = jid.clone().or_else(|| own.then(|| phone.pn_jid()));

    let mut children = Vec::new();
    for protocol in protocols {
        match (protocol.as_str(), own) {
            ("devices", true) => children.push(own_devices(shared)),
            ("devices", false) => children.push(
                NodeBuilder::new("devices")
                    .children([NodeBuilder::new("device-list").build()])
                    .build(),
            ),
            ("lid", true) => {
                children.push(NodeBuilder::new("lid").attr("val", phone.lid_jid()).build())
            }
            ("contact", registered) => children.push(
                NodeBuilder::new("contact")
                    .attr("type", if registered { "in" } else { "out" })
                    .build(),
            ),
            // Other protocols (status, picture, business, …) are simply not reported.
            _ => {}
        }
    }
    let mut node = NodeBuilder::new("user");
    if let Some(jid) = reply_jid {
        node = node.attr("jid", jid);
    }
    node.children(children).build()
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
