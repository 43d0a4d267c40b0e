//! Answers every IQ a client sends. The client matches answers by `id` alone and waits up to
//! 75 s for each, so nothing may go unanswered: unknown requests get an empty result (and a
//! debug log, so gaps show up when the client starts asking for something new).

use whatsapp_rust::NodeBuilder;
use whatsapp_rust::wacore_binary::Node;

use crate::nodes::{SERVER, attr, child_tags, iq_error, iq_result};
use crate::state::Shared;
use crate::{bundles, faults, group_admin, groups, media, profiles, usync};

/// Answers one `get`/`set` IQ. `device` is the logged-in companion, if any.
pub(crate) fn answer(shared: &Shared, device: Option<u16>, iq: &Node) -> Vec<Node> {
    let xmlns = attr(iq, "xmlns").unwrap_or_default();
    let kind = attr(iq, "type").unwrap_or_default();
    tracing::debug!(xmlns, kind, children = ?child_tags(iq), "fake-whatsapp: client IQ");
    let first = iq
        .children()
        .and_then(|c| c.first())
        .map(|c| c.tag.to_string())
        .unwrap_or_default();
    match (xmlns.as_str(), first.as_str()) {
        // Leaving passive mode starts offline delivery; the client then waits for the end marker.
        ("passive", "active") => {
            let queued = device
                .and_then(|d| {
                    shared
                        .state()
                        .devices
                        .get_mut(&d)
                        // Kept until the device acks each one: a socket that dies mid-flush
                        // (clients do reconnect right after pairing) must not lose them.
                        .map(|d| d.offline.clone())
                })
                .unwrap_or_default();
            let count = queued.len();
            let mut out = vec![iq_result(iq, vec![])];
            out.extend(queued);
            out.push(offline_done(count));
            out
        }
        ("passive", _) | ("w:p", _) | ("urn:xmpp:ping", _) => vec![iq_result(iq, vec![])],
        ("encrypt", "key") if kind == "get" => vec![bundles::answer(shared, iq)],
        ("encrypt", _) => vec![encrypt(shared, device, iq, &kind, &first)],
        ("w:m", "media_conn") => vec![media::media_conn(shared, iq)],
        ("w:g2", _) => {
            vec![group_admin::answer(shared, iq).unwrap_or_else(|| groups::answer(shared, iq))]
        }
        ("usync", _) => vec![usync::answer(shared, iq)],
        ("w:profile:picture", _) if kind == "get" => vec![profiles::picture(shared, iq)],
        ("w:sync:app:state", _) => vec![shared.app_state.answer(iq)],
        ("abt", _) => vec![iq_result(iq, vec![crate::privacy::props()])],
        ("blocklist", _) if kind == "get" => {
            vec![iq_result(iq, vec![NodeBuilder::new("list").build()])]
        }
        ("privacy", _) if kind == "get" => vec![iq_result(iq, vec![privacy_settings()])],
        ("md", "remove-companion-device") => vec![faults::companion_logout(shared, device, iq)],
        _ => {
            tracing::debug!(
                xmlns,
                kind,
                children = ?child_tags(iq),
                "fake-whatsapp: no handler for this IQ; answering with an empty result"
            );
            vec![iq_result(iq, vec![])]
        }
    }
}

/// `<ib><offline count=N/></ib>`: the end of what was queued while the device was away.
fn offline_done(count: usize) -> Node {
    NodeBuilder::new("ib")
        .attr("from", SERVER)
        .children([NodeBuilder::new("offline")
            .attr("count", count.to_string())
            .build()])
        .build()
}

/// The `encrypt` namespace: the device's own prekeys (upload, rotation, count, digest).
fn encrypt(shared: &Shared, device: Option<u16>, iq: &Node, kind: &str, first: &str) -> Node {
    let mut state = shared.state();
    let Some(dev) = device.and_then(|d| state.devices.get_mut(&d)) else {
        return iq_error(iq, 401, "not-authorized");
    };
    match (kind, first) {
        ("set", "registration") => {
            if dev.keys.apply_upload(iq) {
                tracing::debug!(
                    device = dev.id,
                    prekeys = dev.keys.one_time.len(),
                    "stored prekey upload"
                );
                iq_result(iq, vec![])
            } else {
                iq_error(iq, 400, "bad-request")
            }
        }
        ("set", "rotate") => match iq.get_optional_child("rotate") {
            Some(rotate) if dev.keys.apply_rotation(rotate) => iq_result(iq, vec![]),
            _ => iq_error(iq, 400, "bad-request"),
        },
        ("get", "count") => iq_result(iq, vec![dev.keys.count_node()]),
        ("get", "digest") => iq_result(iq, vec![dev.keys.digest_node()]),
        _ => {
            tracing::debug!(kind, first, "fake-whatsapp: encrypt IQ not modelled");
            iq_result(iq, vec![NodeBuilder::new("list").build()])
        }
    }
}

/// Everyone may see everything: the defaults of a fresh account.
fn privacy_settings() -> Node {
    let categories = [
        ("last", "all"),
        ("online", "all"),
        ("profile", "all"),
        ("status", "all"),
        ("groupadd", "all"),
        ("readreceipts", "all"),
        ("calladd", "all"),
    ];
    NodeBuilder::new("privacy")
        .children(categories.into_iter().map(|(name, value)| {
            NodeBuilder::new("category")
                .attr("name", name)
                .attr("value", value)
                .build()
        }))
        .build()
}
