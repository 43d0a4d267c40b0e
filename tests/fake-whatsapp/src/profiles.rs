//! What a contact's account shows others — an about text, a business's verified name, a
//! profile picture on the fake CDN — or, for a contact who hides them, nothing. Answers the
//! user-sync `status`, `business` and `picture` protocols and the `w:profile:picture` request
//! in the shapes whatsapp-rust 0.7.0 parses (`wacore/src/iq/usync/query.rs`,
//! `wacore/src/iq/contacts.rs`, `wacore/src/stanza/business.rs`).

use whatsapp_rust::wacore_binary::Node;
use whatsapp_rust::waproto::buffa::Message as _;
use whatsapp_rust::waproto::whatsapp as wa;
use whatsapp_rust::{Jid, NodeBuilder};

use crate::contacts::{FakeProfile, FakeUser, Shown};
use crate::network::FakeNetwork;
use crate::nodes::{attr, iq_error, iq_result, now_secs};
use crate::state::Shared;
use crate::world::Party;
use crate::{Error, contacts};

impl FakeNetwork {
    /// Sets what the contact `phone` (already on WhatsApp) shows, replacing what it showed;
    /// returns where its picture is served, if it has one.
    pub fn set_profile(&self, phone: &str, profile: FakeProfile) -> Result<Option<String>, Error> {
        let shared = self.shared();
        let user = contacts::on_whatsapp(shared, phone)?;
        let media = &shared.world.media;
        let picture = profile.picture.clone().map(|bytes| {
            // Ids are numbers on the wire (usync parses `<picture id>` as one).
            (rand::random::<u32>().into(), media.publish("pps", bytes))
        });
        let url = picture.as_ref().map(|(_, path)| media.public_url(path));
        *user.shown() = Shown { profile, picture };
        Ok(url)
    }
}

/// A usync protocol's element for a contact, for `status`, `business` and `picture`; `None`
/// for the others, and for `business` when the contact is not a business.
pub(crate) fn usync(user: &FakeUser, protocol: &str) -> Option<Node> {
    let shown = user.shown();
    let hidden = shown.profile.hidden;
    match protocol {
        // Hidden: `code="401"` and no text, read by the client as an empty about.
        "status" if hidden => Some(NodeBuilder::new("status").attr("code", "401").build()),
        "status" => {
            let about = shown.profile.about.clone();
            let node = NodeBuilder::new("status").attr("t", now_secs().to_string());
            Some(match about {
                Some(text) => node.string_content(text).build(),
                None => node.build(),
            })
        }
        "picture" if hidden => Some(refused("picture", 401, "not-authorized")),
        "picture" => Some(match &shown.picture {
            Some((id, _)) => NodeBuilder::new("picture")
                .attr("id", id.to_string())
                .build(),
            None => refused("picture", 404, "item-not-found"),
        }),
        "business" => {
            let name = shown.profile.business_name.clone()?;
            Some(
                NodeBuilder::new("business")
                    .children([NodeBuilder::new("verified_name")
                        .bytes(certificate(&name))
                        .build()])
                    .build(),
            )
        }
        _ => None,
    }
}

/// `<iq xmlns="w:profile:picture" type="get" target=JID><picture type query="url"/></iq>`:
/// `<picture id url direct_path type/>`, or a 404 (no picture) / 401 (hidden) error IQ.
pub(crate) fn picture(shared: &Shared, iq: &Node) -> Node {
    let target = attr(iq, "target").and_then(|t| t.parse::<Jid>().ok());
    let Some(Party::Contact(user)) = target.map(|j| shared.world.party(shared, &j.to_non_ad()))
    else {
        return iq_error(iq, 404, "item-not-found");
    };
    let kind = iq
        .get_optional_child("picture")
        .and_then(|p| attr(p, "type"))
        .unwrap_or_else(|| "image".to_owned());
    let shown = user.shown();
    if shown.profile.hidden {
        return iq_error(iq, 401, "not-authorized");
    }
    let Some((id, path)) = &shown.picture else {
        return iq_error(iq, 404, "item-not-found");
    };
    let picture = NodeBuilder::new("picture")
        .attr("id", id.to_string())
        .attr("url", shared.world.media.public_url(path))
        .attr("direct_path", path.clone())
        .attr("type", kind)
        .build();
    iq_result(iq, vec![picture])
}

/// `<TAG><error code text/></TAG>`: a usync protocol the server will not answer for this user.
fn refused(tag: &'static str, code: u16, text: &'static str) -> Node {
    NodeBuilder::new(tag)
        .children([NodeBuilder::new("error")
            .attr("code", code.to_string())
            .attr("text", text)
            .build()])
        .build()
}

/// A verified-name certificate as usync carries it: the name lives only inside the protobuf
/// (`VerifiedNameCertificate.details` → `Details.verifiedName`). Unsigned: clients read the
/// name without checking WhatsApp's signature, which no one but WhatsApp can make.
fn certificate(name: &str) -> Vec<u8> {
    let details = wa::verified_name_certificate::Details {
        serial: Some(rand::random::<u32>().into()),
        issuer: Some("smb:wa".to_owned()),
        verified_name: Some(name.to_owned()),
        ..Default::default()
    };
    wa::VerifiedNameCertificate {
        details: Some(details.encode_to_vec()),
        ..Default::default()
    }
    .encode_to_vec()
}
