//! The in-memory engine's groups: enough state (members, admins, subject, settings, invite
//! code) for the core's and the API's group-administration tests, with WhatsApp's refusals
//! (a non-admin may not change participants or settings; nobody outside may look in).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use mostrador_types::{
    Group, GroupChange, GroupDetails, GroupMember, ParticipantAction, ParticipantOutcome,
};

use crate::engine::{EngineError, Failure};

/// Groups made or joined through the in-memory engine, by JID.
#[derive(Default)]
pub struct MemoryGroups {
    groups: Mutex<BTreeMap<String, MemoryGroup>>,
    made: Mutex<u64>,
}

#[derive(Clone)]
struct MemoryGroup {
    subject: String,
    description: Option<String>,
    announcement_only: bool,
    locked: bool,
    /// Everyone in it, the shop included, by phone digits; in joining order.
    members: Vec<String>,
    admins: BTreeSet<String>,
    creator: String,
    invite: u64,
}

fn refused(code: &str, message: &str) -> EngineError {
    EngineError::new(Failure::Permanent, code, message)
}

fn forbidden() -> EngineError {
    refused("FORBIDDEN", "you are not an admin of this group")
}

impl MemoryGroups {
    /// Makes `phone` an admin of the group (or not): the shop's own number too, to test
    /// what a non-admin shop is refused.
    pub fn set_admin(&self, jid: &str, phone: &str, admin: bool) {
        if let Some(g) = self.groups.lock().unwrap().get_mut(jid) {
            if admin {
                g.admins.insert(phone.to_owned());
            } else {
                g.admins.remove(phone);
            }
        }
    }

    /// The groups the shop is in, as the list of groups shows them.
    pub(crate) fn listed(&self, shop: &str) -> Vec<Group> {
        let groups = self.groups.lock().unwrap();
        groups
            .iter()
            .filter(|(_, g)| g.members.iter().any(|m| m == shop))
            .map(|(jid, g)| Group {
                jid: jid.clone(),
                name: g.subject.clone(),
                participants: u32::try_from(g.members.len()).unwrap_or(u32::MAX),
            })
            .collect()
    }

    pub(crate) fn create(&self, shop: &str, subject: &str, phones: &[String]) -> GroupDetails {
        let jid = {
            let mut made = self.made.lock().unwrap();
            *made += 1;
            format!("120363{:012}@g.us", *made)
        };
        let mut members = vec![shop.to_owned()];
        members.extend(phones.iter().filter(|p| *p != shop).cloned());
        let group = MemoryGroup {
            subject: subject.to_owned(),
            description: None,
            announcement_only: false,
            locked: false,
            members,
            admins: BTreeSet::from([shop.to_owned()]),
            creator: shop.to_owned(),
            invite: 1,
        };
        let details = details(&jid, &group, shop);
        self.groups.lock().unwrap().insert(jid, group);
        details
    }

    /// Runs `f` on a group the shop is in; any other group is not found.
    fn with<T>(
        &self,
        jid: &str,
        shop: &str,
        f: impl FnOnce(&mut MemoryGroup, bool) -> Result<T, EngineError>,
    ) -> Result<T, EngineError> {
        let mut groups = self.groups.lock().unwrap();
        match groups.get_mut(jid) {
            Some(g) if g.members.iter().any(|m| m == shop) => {
                let admin = g.admins.contains(shop);
                f(g, admin)
            }
            _ => Err(refused(
                "NOT_FOUND",
                "the shop's account is not in this group",
            )),
        }
    }

    pub(crate) fn info(&self, jid: &str, shop: &str) -> Result<GroupDetails, EngineError> {
        self.with(jid, shop, |g, _| Ok(details(jid, g, shop)))
    }

    pub(crate) fn change(
        &self,
        jid: &str,
        shop: &str,
        change: &GroupChange,
    ) -> Result<(), EngineError> {
        self.with(jid, shop, |g, admin| {
            let settings = matches!(
                change,
                GroupChange::AnnouncementOnly(_) | GroupChange::Locked(_)
            );
            if !admin && (settings || g.locked) {
                return Err(forbidden());
            }
            match change {
                GroupChange::Subject(s) => g.subject = s.clone(),
                GroupChange::Description(d) => g.description = d.clone(),
                GroupChange::AnnouncementOnly(on) => g.announcement_only = *on,
                GroupChange::Locked(on) => g.locked = *on,
            }
            Ok(())
        })
    }

    pub(crate) fn participants(
        &self,
        jid: &str,
        shop: &str,
        action: ParticipantAction,
        phones: &[String],
    ) -> Result<Vec<ParticipantOutcome>, EngineError> {
        self.with(jid, shop, |g, admin| {
            if !admin {
                return Err(forbidden());
            }
            Ok(phones
                .iter()
                .map(|p| {
                    let member = g.members.contains(p);
                    match (action, member) {
                        (ParticipantAction::Add, true) => ParticipantOutcome::AlreadyThere,
                        (ParticipantAction::Add, false) => {
                            g.members.push(p.clone());
                            ParticipantOutcome::Done
                        }
                        (_, false) => ParticipantOutcome::NotThere,
                        (_, true) if *p == g.creator => ParticipantOutcome::NotAllowed,
                        (ParticipantAction::Remove, true) => {
                            g.members.retain(|m| m != p);
                            g.admins.remove(p);
                            ParticipantOutcome::Done
                        }
                        (ParticipantAction::Promote, true) => {
                            g.admins.insert(p.clone());
                            ParticipantOutcome::Done
                        }
                        (ParticipantAction::Demote, true) => {
                            g.admins.remove(p);
                            ParticipantOutcome::Done
                        }
                    }
                })
                .collect())
        })
    }

    pub(crate) fn leave(&self, jid: &str, shop: &str) -> Result<(), EngineError> {
        self.with(jid, shop, |g, _| {
            g.members.retain(|m| m != shop);
            g.admins.remove(shop);
            Ok(())
        })
    }

    pub(crate) fn invite(&self, jid: &str, shop: &str, reset: bool) -> Result<String, EngineError> {
        self.with(jid, shop, |g, admin| {
            if !admin {
                return Err(forbidden());
            }
            if reset {
                g.invite += 1;
            }
            Ok(format!("https://chat.whatsapp.com/MEM{:06}", g.invite))
        })
    }
}

fn details(jid: &str, g: &MemoryGroup, shop: &str) -> GroupDetails {
    GroupDetails {
        jid: jid.to_owned(),
        subject: g.subject.clone(),
        description: g.description.clone(),
        announcement_only: g.announcement_only,
        locked: g.locked,
        participants: g
            .members
            .iter()
            .map(|m| GroupMember {
                phone: Some(format!("+{m}")),
                jid: format!("{m}@s.whatsapp.net"),
                admin: g.admins.contains(m),
                super_admin: *m == g.creator,
                is_shop: m == shop,
            })
            .collect(),
        created_at: None,
    }
}
