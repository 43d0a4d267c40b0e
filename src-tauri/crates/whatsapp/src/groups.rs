//! Group administration over whatsapp-rust's `client.groups()`: read a group's metadata,
//! create one, change its subject, description and settings, change participants (one answer
//! per number), leave, invite links; and WhatsApp's refusals in the core's words.

use mostrador_core::engine::{EngineError, Failure};
use mostrador_core::types::{
    GroupChange, GroupDetails, GroupMember, ParticipantAction, ParticipantOutcome,
};
use whatsapp_rust::features::{
    GroupCreateOptions, GroupDescription, GroupError, GroupMetadata, GroupParticipantOptions,
    GroupSubject, ParticipantChangeResponse, PreviousDescription,
};
use whatsapp_rust::{Client, IqError, Jid, Server};

use crate::host::{ClientHost, internal};

/// What was being done when WhatsApp refused: a 403 means "not in this group" to a lookup
/// and "not an admin" to a change.
#[derive(Clone, Copy)]
enum Asking {
    Lookup,
    Change,
}

impl ClientHost {
    pub(crate) async fn group_info(&self, jid: &str) -> Result<GroupDetails, EngineError> {
        let client = self.connected_client()?;
        let jid = group_jid(jid)?;
        let meta = client
            .groups()
            .get_metadata(&jid)
            .await
            .map_err(|e| refusal(e, Asking::Lookup))?;
        Ok(details(&client, meta))
    }

    pub(crate) async fn create_group(
        &self,
        subject: &str,
        phones: &[String],
    ) -> Result<GroupDetails, EngineError> {
        let client = self.connected_client()?;
        let participants = phones
            .iter()
            .map(|p| GroupParticipantOptions::from_phone(Jid::pn(p.as_str())))
            .collect();
        let options = GroupCreateOptions::new(subject).with_participants(participants);
        let created = client
            .groups()
            .create_group(options)
            .await
            .map_err(|e| refusal(e, Asking::Change))?;
        self.forget_group_list();
        Ok(details(&client, created.metadata))
    }

    pub(crate) async fn change_group(
        &self,
        jid: &str,
        change: &GroupChange,
    ) -> Result<(), EngineError> {
        let client = self.connected_client()?;
        let jid = group_jid(jid)?;
        let groups = client.groups();
        let done = match change {
            GroupChange::Subject(s) => {
                let subject = GroupSubject::new(s.as_str()).map_err(invalid)?;
                let done = groups.set_subject(jid, subject).await;
                self.forget_group_list();
                done
            }
            GroupChange::Description(d) => {
                let description = d
                    .as_deref()
                    .map(GroupDescription::new)
                    .transpose()
                    .map_err(invalid)?;
                groups
                    .set_description(jid, description, PreviousDescription::Resolve)
                    .await
            }
            GroupChange::AnnouncementOnly(on) => groups.set_announce(jid, *on).await,
            GroupChange::Locked(on) => groups.set_locked(jid, *on).await,
        };
        done.map_err(|e| refusal(e, Asking::Change))
    }

    pub(crate) async fn change_participants(
        &self,
        jid: &str,
        action: ParticipantAction,
        phones: &[String],
    ) -> Result<Vec<ParticipantOutcome>, EngineError> {
        let client = self.connected_client()?;
        let jid = group_jid(jid)?;
        let jids: Vec<Jid> = phones.iter().map(|p| Jid::pn(p.as_str())).collect();
        let groups = client.groups();
        let answers = match action {
            ParticipantAction::Add => groups.add_participants(jid, &jids).await,
            ParticipantAction::Remove => groups.remove_participants(jid, &jids).await,
            ParticipantAction::Promote => groups.promote_participants(jid, &jids).await,
            ParticipantAction::Demote => groups.demote_participants(jid, &jids).await,
        }
        .map_err(|e| refusal(e, Asking::Change))?;
        if action == ParticipantAction::Add || action == ParticipantAction::Remove {
            self.forget_group_list();
        }
        Ok(phones
            .iter()
            .map(|phone| {
                let answer = answers.iter().find(|a| {
                    a.jid.user.as_str() == phone.as_str()
                        || a.phone_number
                            .as_ref()
                            .is_some_and(|p| p.user.as_str() == phone.as_str())
                });
                answer.map_or(ParticipantOutcome::NotAllowed, |a| outcome(action, a))
            })
            .collect())
    }

    pub(crate) async fn leave_group(&self, jid: &str) -> Result<(), EngineError> {
        let client = self.connected_client()?;
        let jid = group_jid(jid)?;
        client
            .groups()
            .leave(jid)
            .await
            .map_err(|e| refusal(e, Asking::Lookup))?;
        self.forget_group_list();
        Ok(())
    }

    pub(crate) async fn invite_link(&self, jid: &str, reset: bool) -> Result<String, EngineError> {
        let client = self.connected_client()?;
        let jid = group_jid(jid)?;
        client
            .groups()
            .get_invite_link(jid, reset)
            .await
            .map_err(|e| refusal(e, Asking::Change))
    }

    /// The list of groups (`groups`) is asked of WhatsApp again next time.
    fn forget_group_list(&self) {
        if let Ok(mut g) = self.groups.lock() {
            *g = None;
        }
    }
}

fn group_jid(jid: &str) -> Result<Jid, EngineError> {
    match jid.parse::<Jid>() {
        Ok(j) if j.server == Server::Group => Ok(j),
        _ => Err(EngineError::new(
            Failure::Permanent,
            "INVALID_RECIPIENT",
            format!("'{jid}' is not a group id"),
        )),
    }
}

fn invalid(e: impl std::fmt::Display) -> EngineError {
    EngineError::new(Failure::Permanent, "VALIDATION_ERROR", e.to_string())
}

/// WhatsApp's per-participant answer: no `error` is done; 409 already in; 404 not found
/// (no WhatsApp, for an add; not a participant, otherwise); anything else (403 privacy,
/// 408 left recently, …) a refusal.
fn outcome(action: ParticipantAction, answer: &ParticipantChangeResponse) -> ParticipantOutcome {
    match answer.error.as_deref() {
        None | Some("200") => ParticipantOutcome::Done,
        Some("409") if action == ParticipantAction::Add => ParticipantOutcome::AlreadyThere,
        Some("404") if action == ParticipantAction::Add => ParticipantOutcome::NotOnWhatsapp,
        Some("404") => ParticipantOutcome::NotThere,
        Some(_) => ParticipantOutcome::NotAllowed,
    }
}

/// A group operation's failure in the core's words.
fn refusal(e: GroupError, asking: Asking) -> EngineError {
    let permanent = |code: &str, message: &str| EngineError::new(Failure::Permanent, code, message);
    match e {
        GroupError::Iq(IqError::NotConnected) => EngineError::not_connected(),
        GroupError::Iq(IqError::ServerError {
            code: 401 | 403, ..
        }) => match asking {
            Asking::Lookup => permanent("NOT_FOUND", "the shop's account is not in this group"),
            Asking::Change => permanent(
                "FORBIDDEN",
                "you are not an admin of this group (or no longer in it)",
            ),
        },
        GroupError::Iq(IqError::ServerError { code: 404, .. }) => {
            permanent("NOT_FOUND", "there is no such group")
        }
        GroupError::Iq(IqError::ServerError { code, text, .. }) if (400..500).contains(&code) => {
            permanent(
                "ENGINE_ERROR",
                &format!("WhatsApp refused the request ({code} {text})"),
            )
        }
        GroupError::DescriptionConflict => permanent(
            "ENGINE_ERROR",
            "the group's description was changed meanwhile; read it and try again",
        ),
        GroupError::InvalidRequest(why) => permanent("VALIDATION_ERROR", &why),
        other => internal("the group request failed", other),
    }
}

/// A group's metadata as the core shows it; the shop is found by its number or its LID.
fn details(client: &Client, meta: GroupMetadata) -> GroupDetails {
    let (own_pn, own_lid) = (client.pn(), client.lid());
    let participants = meta
        .participants
        .iter()
        .map(|p| {
            let pn = p
                .phone_number
                .clone()
                .or_else(|| (p.jid.server == Server::Pn).then(|| p.jid.clone()));
            let is_shop = own_pn
                .as_ref()
                .is_some_and(|o| pn.as_ref().is_some_and(|n| n.user == o.user))
                || own_lid.as_ref().is_some_and(|o| p.jid.user == o.user);
            GroupMember {
                phone: pn.map(|n| format!("+{}", n.user)),
                jid: p.jid.to_string(),
                admin: p.is_admin(),
                super_admin: p.is_super_admin(),
                is_shop,
            }
        })
        .collect();
    GroupDetails {
        jid: meta.id.to_string(),
        subject: meta.subject,
        description: meta.description.filter(|d| !d.is_empty()),
        announcement_only: meta.is_announcement,
        locked: meta.is_locked,
        participants,
        created_at: meta
            .creation_time
            .and_then(|s| i64::try_from(s).ok())
            .map(|s| s.saturating_mul(1000)),
    }
}
