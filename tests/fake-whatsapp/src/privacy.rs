//! The reach-out limit and privacy tokens. WhatsApp refuses (`<ack error="463"/>`) a 1:1
//! message to someone who never wrote to the sender's number unless it carries a valid
//! privacy token; a contact who writes to the shop gives the shop such a token, which the
//! server hands over in a `privacy_token` notification and the client then attaches to its
//! messages to that contact as `<tctoken>`.
//!
//! What whatsapp-rust 0.7.0 does, read from its source (`send/tctoken_lifecycle.rs`,
//! `handlers/notification/privacy_business.rs`, `wacore/src/iq/tctoken.rs`):
//! - It stores the token of a `<notification type="privacy_token" from=PN sender_lid=LID>
//!   <tokens><token type="trusted_contact" t=SECS>BYTES</token></tokens>` under the LID user
//!   (`sender_lid`, else its LID↔PN mapping, else the PN user).
//! - It attaches `<tctoken>BYTES</tctoken>` to a 1:1 message only when the server's A/B prop
//!   `privacy_token_sending_on_all_1_on_1_messages` (code 10518) is on and the token is not
//!   older than its buckets (7 days × 4 by default). So this server sends that prop at login,
//!   as the real one does for accounts in the rollout; without it no token is ever attached.
//! - Failing that it attaches `<cstoken>` = HMAC-SHA256(`nct_salt`, "LID@lid") when prop
//!   `wa_nct_token_send_enabled` is on and it holds an `nct_salt` — provisioned through
//!   history sync, which this network never sends, so no `cstoken` reaches it.
//! - After a send it issues its own token to the contact (`<iq xmlns="privacy" type="set">
//!   <tokens><token jid t type="trusted_contact"/></tokens>`); that is answered with an empty
//!   result and needs nothing here.
//!
//! With the limit on (off by default), this server accepts a 1:1 message to a contact only
//! when it carries the very token the contact gave, so a client that fails to attach it is
//! refused even after the contact wrote: stricter than "has ever written", on purpose.

use whatsapp_rust::wacore_binary::{Node, NodeContent};
use whatsapp_rust::{Jid, NodeBuilder, Server};

use crate::contacts::FakeUser;
use crate::network::FakeNetwork;
use crate::nodes::{new_id, now_secs};
use crate::receipts;
use crate::state::Shared;
use crate::world::Party;

/// `privacy_token_sending_on_all_1_on_1_messages`: the client attaches `<tctoken>` only with it.
const TCTOKEN_ON_1_1_PROP: u32 = 10518;

/// The server's error code for a message refused by the reach-out limit.
pub(crate) const REACH_OUT_REFUSED: u16 = 463;

/// `<props>` for the `abt` props IQ: the one experiment the token flow depends on, switched on.
pub(crate) fn props() -> Node {
    NodeBuilder::new("props")
        .attr("protocol", "1")
        .children([NodeBuilder::new("prop")
            .attr("config_code", TCTOKEN_ON_1_1_PROP.to_string())
            .attr("config_value", "1")
            .build()])
        .build()
}

/// Whether the reach-out limit refuses the client's 1:1 `<message>` to `chat`.
pub(crate) fn refuses(shared: &Shared, chat: &Jid, node: &Node) -> bool {
    if !matches!(chat.server, Server::Pn | Server::Lid) {
        return false;
    }
    let Party::Contact(user) = shared.world.party(shared, chat) else {
        return false;
    };
    let state = shared.world.state();
    state.reach_out_limit && !carries_token(node, state.privacy_tokens.get(&user.number))
}

/// Whether `message` carries `<tctoken>` with exactly the bytes the contact gave.
fn carries_token(message: &Node, given: Option<&Vec<u8>>) -> bool {
    let Some(given) = given else {
        return false;
    };
    message
        .get_children_by_tag("tctoken")
        .any(|t| matches!(&t.content, Some(NodeContent::Bytes(b)) if b == given))
}

/// The contact gives the shop a privacy token (once; later calls resend the same bytes) and
/// the server tells the shop's devices with a `privacy_token` notification, whose id it returns.
pub(crate) fn give_token(shared: &Shared, user: &FakeUser) -> String {
    let token = shared
        .world
        .state()
        .privacy_tokens
        .entry(user.number.clone())
        .or_insert_with(|| rand::random::<[u8; 20]>().to_vec())
        .clone();
    let id = new_id();
    receipts::to_account(shared, notification(user, &id, token, now_secs()));
    id
}

fn notification(user: &FakeUser, id: &str, token: Vec<u8>, t: u64) -> Node {
    NodeBuilder::new("notification")
        .attr("from", user.pn_jid())
        .attr("sender_lid", user.lid_jid())
        .attr("id", id.to_owned())
        .attr("t", t.to_string())
        .attr("type", "privacy_token")
        .children([NodeBuilder::new("tokens")
            .children([NodeBuilder::new("token")
                .attr("type", "trusted_contact")
                .attr("t", t.to_string())
                .bytes(token)
                .build()])
            .build()])
        .build()
}

impl FakeNetwork {
    /// Switches WhatsApp's reach-out limit on or off (off by default): while on, a 1:1 message
    /// from the shop to a contact is refused with `<ack error="463"/>` and not delivered unless
    /// it carries the privacy token that contact gave the shop by writing to it
    /// ([`FakeNetwork::contact_writes`]).
    pub fn set_reach_out_limit(&self, on: bool) {
        self.shared().world.state().reach_out_limit = on;
    }

    /// Whether the contact `phone` has given the shop a privacy token (it wrote to the shop).
    pub fn gave_privacy_token(&self, phone: &str) -> bool {
        let state = self.shared().world.state();
        state
            .privacy_tokens
            .contains_key(phone.trim_start_matches('+'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(children: Vec<Node>) -> Node {
        NodeBuilder::new("message")
            .attr("id", "1")
            .children(children)
            .build()
    }

    fn tctoken(bytes: &[u8]) -> Node {
        NodeBuilder::new("tctoken").bytes(bytes.to_vec()).build()
    }

    #[test]
    fn only_the_token_the_contact_gave_opens_the_chat() {
        let given = vec![1, 2, 3];
        assert!(carries_token(&message(vec![tctoken(&given)]), Some(&given)));
        assert!(!carries_token(&message(vec![tctoken(&[9])]), Some(&given)));
        assert!(!carries_token(&message(vec![]), Some(&given)));
        let cstoken = NodeBuilder::new("cstoken").bytes(given.clone()).build();
        assert!(!carries_token(&message(vec![cstoken]), Some(&given)));
        assert!(!carries_token(&message(vec![tctoken(&given)]), None));
    }

    #[test]
    fn the_props_switch_on_tokens_for_1_1_messages() {
        let props = props();
        let prop = props.get_optional_child("prop").map(|p| {
            (
                crate::nodes::attr(p, "config_code"),
                crate::nodes::attr(p, "config_value"),
            )
        });
        assert_eq!(prop, Some((Some("10518".to_owned()), Some("1".to_owned()))));
    }
}
