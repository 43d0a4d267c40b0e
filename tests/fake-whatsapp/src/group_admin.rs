//! Group administration IQs (`w:g2` sets, and the invite-link get), answered as WhatsApp's
//! server does, changing the world's groups: create, subject, description (with its `prev`
//! check), locked/unlocked, announcement/not_announcement, add/remove/promote/demote (one
//! `<participant>` answer each, `error` on those that failed), invite (get; set = revoke),
//! leave. A request the account may not make gets `<error code="403" text="forbidden"/>`;
//! a group it is not in answers the same, one that does not exist `404 item-not-found`.

use whatsapp_rust::wacore_binary::{Node, NodeContent};
use whatsapp_rust::{Jid, NodeBuilder, Server};

use crate::groups::{Group, group_node, invite_code, new_id};
use crate::nodes::{attr, iq_error, iq_result};
use crate::state::Shared;
use crate::world::WorldState;

/// Per-participant answers WhatsApp gives (`error` attribute; absent means done).
const NOT_FOUND: &str = "404";
const ALREADY_THERE: &str = "409";
const NOT_ALLOWED: &str = "403";

/// The answer to a group-administration IQ, or `None` when `iq` is not one.
pub(crate) fn answer(shared: &Shared, iq: &Node) -> Option<Node> {
    let kind = attr(iq, "type").unwrap_or_default();
    let child = iq.children().and_then(|c| c.first())?;
    let tag = child.tag.to_string();
    let answer = match (kind.as_str(), tag.as_str()) {
        ("set", "create") => create(shared, iq, child),
        ("set", "leave") => leave(shared, iq, child),
        ("get", "invite") | ("set", _) => {
            let to = iq.attrs.get("to").and_then(|v| v.to_jid());
            let Some(to) = to.filter(|j| j.server == Server::Group) else {
                return Some(iq_error(iq, 400, "bad-request"));
            };
            change(shared, iq, &to, &kind, child)
        }
        _ => return None,
    };
    Some(answer)
}

/// `<create subject><participant jid/>…</create>` to `g.us`: answers the new `<group>`.
/// Numbers not on WhatsApp are left out.
fn create(shared: &Shared, iq: &Node, create: &Node) -> Node {
    let subject = attr(create, "subject").unwrap_or_default();
    if subject.trim().is_empty() {
        return iq_error(iq, 400, "bad-request");
    }
    let group = {
        let mut state = shared.world.state();
        let mut members: Vec<String> = Vec::new();
        for p in create.get_children_by_tag("participant") {
            if let Some(phone) = participant_phone(&state, p)
                && state.contacts.contains_key(&phone)
                && !members.contains(&phone)
            {
                members.push(phone);
            }
        }
        let id = new_id(&state);
        let mut group = Group::new(id.clone(), &subject, members, &shared.phone.number);
        if let Some(description) = create.get_optional_child("description") {
            group.description = description_of(description);
        }
        state.groups.insert(id, group.clone());
        group
    };
    iq_result(iq, vec![group_node(shared, &group)])
}

/// `<leave><group id/></leave>` to `g.us`.
fn leave(shared: &Shared, iq: &Node, leave: &Node) -> Node {
    let mut state = shared.world.state();
    let mut left = Vec::new();
    for g in leave.get_children_by_tag("group") {
        let Some(jid) = g.attrs.get("id").and_then(|v| v.to_jid()) else {
            return iq_error(iq, 400, "bad-request");
        };
        match state.groups.get_mut(jid.user.as_str()) {
            Some(group) if group.shop_in => {
                group.shop_in = false;
                group.admins.remove(&shared.phone.number);
                left.push(NodeBuilder::new("group").attr("id", jid).build());
            }
            Some(_) => return iq_error(iq, 403, "forbidden"),
            None => return iq_error(iq, 404, "item-not-found"),
        }
    }
    iq_result(iq, vec![NodeBuilder::new("leave").children(left).build()])
}

/// Everything addressed to one group.
fn change(shared: &Shared, iq: &Node, to: &Jid, kind: &str, child: &Node) -> Node {
    let shop = shared.phone.number.as_str();
    let mut guard = shared.world.state();
    let state = &mut *guard;
    let Some(group) = state.groups.get_mut(to.user.as_str()) else {
        return iq_error(iq, 404, "item-not-found");
    };
    if !group.shop_in {
        return iq_error(iq, 403, "forbidden");
    }
    let admin = group.admins.contains(shop);
    let tag = child.tag.to_string();
    // A locked group's info is for admins only; settings, participants and links always are.
    let allowed = match tag.as_str() {
        "subject" | "description" => admin || !group.locked,
        _ => admin,
    };
    if !allowed {
        return iq_error(iq, 403, "forbidden");
    }
    match tag.as_str() {
        "subject" => match text(child) {
            Some(subject) if !subject.trim().is_empty() => group.subject = subject,
            _ => return iq_error(iq, 400, "bad-request"),
        },
        "description" => {
            let prev = attr(child, "prev");
            if group.description.as_ref().map(|(id, _)| id) != prev.as_ref() {
                return iq_error(iq, 409, "conflict");
            }
            group.description = if attr(child, "delete").as_deref() == Some("true") {
                None
            } else {
                description_of(child)
            };
        }
        "locked" => group.locked = true,
        "unlocked" => group.locked = false,
        "announcement" => group.announcement = true,
        "not_announcement" => group.announcement = false,
        "invite" => {
            if kind == "set" {
                group.invite = invite_code();
            }
            let invite = NodeBuilder::new("invite")
                .attr("code", group.invite.clone())
                .build();
            return iq_result(iq, vec![invite]);
        }
        "add" | "remove" | "promote" | "demote" => {
            let results = participants(state, to, shop, &tag, child);
            return iq_result(iq, vec![results]);
        }
        _ => {
            tracing::debug!(
                tag,
                "fake-whatsapp: group change not modelled; empty result"
            );
        }
    }
    iq_result(iq, vec![])
}

/// `<{action}><participant jid/>…</{action}>` → the same with an `error` on each failure.
fn participants(state: &mut WorldState, to: &Jid, shop: &str, action: &str, node: &Node) -> Node {
    let mut answers = Vec::new();
    for p in node.get_children_by_tag("participant") {
        let Some(jid) = p.attrs.get("jid").and_then(|v| v.to_jid()) else {
            continue;
        };
        let phone = participant_phone(state, p);
        let on_whatsapp = phone
            .as_ref()
            .is_some_and(|ph| state.contacts.contains_key(ph));
        let Some(group) = state.groups.get_mut(to.user.as_str()) else {
            break;
        };
        let error = match phone {
            // The shop's own account is not changed this way (it leaves instead).
            Some(ref ph) if ph == shop => Some(NOT_ALLOWED),
            Some(ph) => {
                let member = group.members.contains(&ph);
                match (action, member) {
                    ("add", true) => Some(ALREADY_THERE),
                    ("add", false) if !on_whatsapp => Some(NOT_FOUND),
                    ("add", false) => {
                        group.members.push(ph);
                        None
                    }
                    (_, false) => Some(NOT_FOUND),
                    ("remove", true) => {
                        group.members.retain(|m| *m != ph);
                        group.admins.remove(&ph);
                        None
                    }
                    ("promote", true) => {
                        group.admins.insert(ph);
                        None
                    }
                    (_, true) => {
                        group.admins.remove(&ph);
                        None
                    }
                }
            }
            None => Some(NOT_FOUND),
        };
        let mut answer = NodeBuilder::new("participant").attr("jid", jid);
        if let Some(code) = error {
            answer = answer.attr("error", code);
        }
        answers.push(answer.build());
    }
    NodeBuilder::new_dynamic(action.to_owned())
        .children(answers)
        .build()
}

/// The phone number a `<participant jid>` names (a PN JID, or a LID the network knows).
fn participant_phone(state: &WorldState, p: &Node) -> Option<String> {
    let jid = p.attrs.get("jid").and_then(|v| v.to_jid())?;
    match jid.server {
        Server::Pn => Some(jid.user.to_string()),
        Server::Lid => state.lids.get(jid.user.as_str()).cloned(),
        _ => None,
    }
}

fn text(node: &Node) -> Option<String> {
    match &node.content {
        Some(NodeContent::String(s)) => Some(s.to_string()),
        Some(NodeContent::Bytes(b)) => String::from_utf8(b.clone()).ok(),
        _ => None,
    }
}

/// `<description id><body>TEXT</body></description>` → `(id, TEXT)`.
fn description_of(node: &Node) -> Option<(String, String)> {
    let body = node.get_optional_child("body").and_then(text)?;
    Some((attr(node, "id").unwrap_or_default(), body))
}
