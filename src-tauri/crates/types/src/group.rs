//! Group administration: a group's details as its admins see them, the changes the shop can
//! make, and what became of each number in a participant change.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A group the shop's account is in, with who is in it and how it is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct GroupDetails {
    /// `1203…@g.us`.
    pub jid: String,
    pub subject: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Only admins may send messages.
    pub announcement_only: bool,
    /// Only admins may change the subject, description and settings.
    pub locked: bool,
    /// Everyone in the group, the shop's own account included.
    pub participants: Vec<GroupMember>,
    /// When it was created, ms since the epoch (when WhatsApp says).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<i64>,
}

/// One participant of a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct GroupMember {
    /// E.164 (`+59171234567`), when WhatsApp tells the number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The participant's WhatsApp id.
    pub jid: String,
    pub admin: bool,
    /// The group's creator (an admin nobody can demote).
    pub super_admin: bool,
    /// This is the shop's own account.
    pub is_shop: bool,
}

/// One change to a group's subject, description or settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupChange {
    Subject(String),
    /// `None` removes the description.
    Description(Option<String>),
    AnnouncementOnly(bool),
    Locked(bool),
}

/// What a participant change does to each number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ParticipantAction {
    Add,
    Remove,
    Promote,
    Demote,
}

impl ParticipantAction {
    pub fn as_str(self) -> &'static str {
        match self {
            ParticipantAction::Add => "add",
            ParticipantAction::Remove => "remove",
            ParticipantAction::Promote => "promote",
            ParticipantAction::Demote => "demote",
        }
    }
}

/// What became of one number in a participant change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ParticipantOutcome {
    /// Added, removed, promoted or demoted.
    Done,
    /// The number has no WhatsApp.
    NotOnWhatsapp,
    /// WhatsApp refused this one (their privacy settings, they left recently, …).
    NotAllowed,
    /// Added, but already a participant.
    AlreadyThere,
    /// Removed, promoted or demoted, but not a participant.
    NotThere,
}

/// One number of a participant change and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ParticipantResult {
    /// As given.
    pub input: String,
    /// Normalised E.164.
    pub phone: String,
    pub result: ParticipantOutcome,
}

/// A new group, and what became of each number asked to be in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct GroupCreated {
    pub group: GroupDetails,
    pub participants: Vec<ParticipantResult>,
}

/// A group's invite link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct InviteLink {
    /// `https://chat.whatsapp.com/CODE`.
    pub link: String,
}

/// A new group: its subject and the numbers to put in it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewGroup {
    /// 1 to 100 characters.
    pub subject: String,
    /// Phone numbers, in any common format (read with the shop's country).
    #[serde(default)]
    pub participants: Vec<String>,
}

/// A change to a group; absent fields stay as they are. `description: ""` removes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announcement_only: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked: Option<bool>,
}

/// The numbers a participant change applies to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantNumbers {
    /// Phone numbers, in any common format (read with the shop's country).
    pub numbers: Vec<String>,
}
