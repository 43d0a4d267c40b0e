//! What tests (and the admin API) may see and set of a group: its state as the server keeps
//! it, and who is an admin — the shop's own account included, to try a non-admin shop.

use whatsapp_rust::Jid;

use crate::{Error, FakeNetwork};

/// A group as the network keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeGroup {
    pub jid: Jid,
    pub subject: String,
    pub description: Option<String>,
    /// Members besides the shop: phone number and whether an admin.
    pub members: Vec<(String, bool)>,
    /// Whether the shop's account is in the group, and an admin of it.
    pub shop_in: bool,
    pub shop_admin: bool,
    pub announcement: bool,
    pub locked: bool,
    /// The invite code in force.
    pub invite_code: String,
}

/// A group's user part, from `1203…@g.us` or the bare id.
fn group_id(group: &str) -> &str {
    group.split('@').next().unwrap_or(group)
}

impl FakeNetwork {
    /// The group's state, if it exists (`group`: its JID or id).
    pub fn group(&self, group: &str) -> Option<FakeGroup> {
        let shared = self.shared();
        let shop = shared.phone.number.as_str();
        let state = shared.world.state();
        let g = state.groups.get(group_id(group))?;
        Some(FakeGroup {
            jid: g.jid(),
            subject: g.subject.clone(),
            description: g.description.as_ref().map(|(_, body)| body.clone()),
            members: g
                .members
                .iter()
                .map(|m| (m.clone(), g.admins.contains(m)))
                .collect(),
            shop_in: g.shop_in,
            shop_admin: g.admins.contains(shop),
            announcement: g.announcement,
            locked: g.locked,
            invite_code: g.invite.clone(),
        })
    }

    /// Makes `phone` (a member, or the shop's own number) an admin of the group, or not.
    pub fn set_group_admin(&self, group: &str, phone: &str, admin: bool) -> Result<(), Error> {
        let shared = self.shared();
        let phone = phone.trim_start_matches('+');
        let mut state = shared.world.state();
        let g = state
            .groups
            .get_mut(group_id(group))
            .ok_or_else(|| Error::UnknownGroup(group.to_owned()))?;
        let member = if phone == shared.phone.number {
            g.shop_in
        } else {
            g.members.iter().any(|m| m == phone)
        };
        if !member {
            return Err(Error::InvalidContact(format!("{phone} is not in {group}")));
        }
        if admin {
            g.admins.insert(phone.to_owned());
        } else {
            g.admins.remove(phone);
        }
        Ok(())
    }
}
