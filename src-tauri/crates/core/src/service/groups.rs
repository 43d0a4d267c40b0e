//! Group administration: create a group, read and change its subject, description and
//! settings, add, remove, promote and demote participants, leave it, and its invite link.
//! Numbers are read with the shop's country; WhatsApp is the judge of who may do what.

use mostrador_types::{
    GroupChange, GroupCreated, GroupDetails, GroupPatch, InviteLink, NewGroup, ParticipantAction,
    ParticipantOutcome, ParticipantResult, Recipient,
};

use super::Service;
use crate::profiles::Lane;
use crate::{Code, Error, Result, phone};

/// The most numbers one call may name (a new group's, or one participant change's).
pub const MAX_GROUP_NUMBERS: usize = 50;
/// WhatsApp's limits, in characters.
pub const MAX_SUBJECT: usize = 100;
pub const MAX_DESCRIPTION: usize = 2048;

/// A number as given and as read (E.164 digits).
struct Number {
    input: String,
    digits: String,
}

impl Service {
    /// One group's subject, description, settings and participants (with admin flags).
    pub async fn group(&self, profile: Option<&str>, jid: &str) -> Result<GroupDetails> {
        let jid = self.group_jid(jid)?;
        let lane = self.lane(profile)?;
        Ok(lane.messenger.group_info(&jid).await?)
    }

    /// Creates a group with the shop's account as its admin. Numbers without WhatsApp are
    /// left out (and said so); the group is made even if none of them can be in it.
    pub async fn create_group(&self, profile: Option<&str>, new: NewGroup) -> Result<GroupCreated> {
        let subject = subject(&new.subject)?;
        let numbers = self.group_numbers(&new.participants, true)?;
        let lane = self.lane(profile)?;
        let registered = self.registered(&lane, &numbers).await?;
        let phones: Vec<String> = numbers
            .iter()
            .zip(&registered)
            .filter(|(_, has)| **has)
            .map(|(n, _)| n.digits.clone())
            .collect();
        let group = lane.messenger.create_group(&subject, &phones).await?;
        let participants = numbers
            .into_iter()
            .zip(registered)
            .map(|(n, has)| {
                let jid = format!("{}@s.whatsapp.net", n.digits);
                let inside = group
                    .participants
                    .iter()
                    .any(|p| p.jid == jid || p.phone.as_deref() == Some(&format!("+{}", n.digits)));
                let result = match (has, inside) {
                    (false, _) => ParticipantOutcome::NotOnWhatsapp,
                    (true, true) => ParticipantOutcome::Done,
                    (true, false) => ParticipantOutcome::NotAllowed,
                };
                result_for(n, result)
            })
            .collect();
        Ok(GroupCreated {
            group,
            participants,
        })
    }

    /// Applies each change the patch names (subject, description, settings), in that order,
    /// and returns the group as it is then. The first refusal stops the rest.
    pub async fn change_group(
        &self,
        profile: Option<&str>,
        jid: &str,
        patch: GroupPatch,
    ) -> Result<GroupDetails> {
        let jid = self.group_jid(jid)?;
        let lane = self.lane(profile)?;
        let mut changes = Vec::new();
        if let Some(s) = &patch.subject {
            changes.push(GroupChange::Subject(subject(s)?));
        }
        if let Some(d) = &patch.description {
            changes.push(GroupChange::Description(description(d)?));
        }
        if let Some(on) = patch.announcement_only {
            changes.push(GroupChange::AnnouncementOnly(on));
        }
        if let Some(on) = patch.locked {
            changes.push(GroupChange::Locked(on));
        }
        if changes.is_empty() {
            return Err(Error::invalid(
                "name something to change: subject, description, announcement_only or locked",
            ));
        }
        for change in &changes {
            lane.messenger.change_group(&jid, change).await?;
        }
        Ok(lane.messenger.group_info(&jid).await?)
    }

    /// Adds, removes, promotes or demotes numbers: what became of each, in the order given
    /// (a number given twice is answered once). Numbers without WhatsApp are not added.
    pub async fn change_participants(
        &self,
        profile: Option<&str>,
        jid: &str,
        action: ParticipantAction,
        inputs: &[String],
    ) -> Result<Vec<ParticipantResult>> {
        let jid = self.group_jid(jid)?;
        let lane = self.lane(profile)?;
        let numbers = self.group_numbers(inputs, false)?;
        let registered = if action == ParticipantAction::Add {
            self.registered(&lane, &numbers).await?
        } else {
            vec![true; numbers.len()]
        };
        let phones: Vec<String> = numbers
            .iter()
            .zip(&registered)
            .filter(|(_, has)| **has)
            .map(|(n, _)| n.digits.clone())
            .collect();
        let mut outcomes = if phones.is_empty() {
            Vec::new().into_iter()
        } else {
            let outcomes = lane
                .messenger
                .change_participants(&jid, action, &phones)
                .await?;
            if outcomes.len() != phones.len() {
                return Err(Error::new(
                    Code::EngineError,
                    "WhatsApp did not answer for every number",
                ));
            }
            outcomes.into_iter()
        };
        Ok(numbers
            .into_iter()
            .zip(registered)
            .map(|(n, has)| {
                let result = if has {
                    outcomes.next().unwrap_or(ParticipantOutcome::NotAllowed)
                } else {
                    ParticipantOutcome::NotOnWhatsapp
                };
                result_for(n, result)
            })
            .collect())
    }

    /// The shop's account leaves the group (it can no longer send to it).
    pub async fn leave_group(&self, profile: Option<&str>, jid: &str) -> Result<()> {
        let jid = self.group_jid(jid)?;
        let lane = self.lane(profile)?;
        Ok(lane.messenger.leave_group(&jid).await?)
    }

    /// The group's invite link; `reset` revokes the current one and returns its successor.
    pub async fn invite_link(
        &self,
        profile: Option<&str>,
        jid: &str,
        reset: bool,
    ) -> Result<InviteLink> {
        let jid = self.group_jid(jid)?;
        let lane = self.lane(profile)?;
        let link = lane.messenger.invite_link(&jid, reset).await?;
        Ok(InviteLink { link })
    }

    /// A group id (`1203…@g.us`), or `INVALID_RECIPIENT`.
    fn group_jid(&self, input: &str) -> Result<String> {
        match phone::normalise(input, self.country()) {
            Ok(n) => match n.recipient {
                Recipient::Group(jid) => Ok(jid),
                Recipient::Phone(_) => Err(Error::new(
                    Code::InvalidRecipient,
                    format!("'{input}' is a phone number, not a group id (digits@g.us)"),
                )),
            },
            Err(e) => Err(Error::new(Code::InvalidRecipient, e.message)),
        }
    }

    /// Reads every number (the first that is not one fails the call: nothing is changed);
    /// repeats are dropped.
    fn group_numbers(&self, inputs: &[String], may_be_empty: bool) -> Result<Vec<Number>> {
        if inputs.is_empty() && !may_be_empty {
            return Err(Error::invalid("name at least one number"));
        }
        if inputs.len() > MAX_GROUP_NUMBERS {
            return Err(Error::invalid(format!(
                "at most {MAX_GROUP_NUMBERS} numbers per call"
            )));
        }
        let country = self.country();
        let mut numbers: Vec<Number> = Vec::with_capacity(inputs.len());
        for input in inputs {
            let n = phone::normalise(input, country).map_err(|e| {
                Error::new(Code::InvalidRecipient, format!("'{input}': {}", e.message))
            })?;
            let Recipient::Phone(digits) = n.recipient else {
                return Err(Error::new(
                    Code::InvalidRecipient,
                    format!("'{input}' is a group, not a phone number"),
                ));
            };
            if !numbers.iter().any(|m| m.digits == digits) {
                numbers.push(Number {
                    input: input.clone(),
                    digits,
                });
            }
        }
        Ok(numbers)
    }

    /// Whether each number has WhatsApp, same order.
    async fn registered(&self, lane: &Lane, numbers: &[Number]) -> Result<Vec<bool>> {
        if numbers.is_empty() {
            return Ok(Vec::new());
        }
        let phones: Vec<String> = numbers.iter().map(|n| n.digits.clone()).collect();
        let answers = lane.messenger.is_on_whatsapp(&phones).await?;
        Ok((0..numbers.len())
            .map(|i| answers.get(i).is_some_and(Option::is_some))
            .collect())
    }
}

fn result_for(n: Number, result: ParticipantOutcome) -> ParticipantResult {
    ParticipantResult {
        input: n.input,
        phone: format!("+{}", n.digits),
        result,
    }
}

/// 1 to 100 characters once trimmed.
fn subject(input: &str) -> Result<String> {
    let s = input.trim();
    let chars = s.chars().count();
    if chars == 0 || chars > MAX_SUBJECT {
        return Err(Error::invalid(format!(
            "a group's subject has 1 to {MAX_SUBJECT} characters (this one has {chars})"
        )));
    }
    Ok(s.to_owned())
}

/// Up to 2048 characters; empty (once trimmed) removes the description.
fn description(input: &str) -> Result<Option<String>> {
    let d = input.trim();
    let chars = d.chars().count();
    if chars > MAX_DESCRIPTION {
        return Err(Error::invalid(format!(
            "a group's description has at most {MAX_DESCRIPTION} characters (this one has {chars})"
        )));
    }
    Ok(Some(d.to_owned()).filter(|d| !d.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_and_descriptions_keep_whatsapps_limits() {
        assert_eq!(subject("  Clientes VIP ").unwrap(), "Clientes VIP");
        assert_eq!(subject("   ").unwrap_err().code, Code::ValidationError);
        assert!(subject(&"ñ".repeat(100)).is_ok());
        assert!(subject(&"ñ".repeat(101)).is_err());
        assert_eq!(description("").unwrap(), None);
        assert!(description(&"a".repeat(2048)).unwrap().is_some());
        assert!(description(&"a".repeat(2049)).is_err());
    }
}
