//! Mostrador's domain types, shared by the store, the core, the API and (as JSON) the UI.

pub mod api_key;
pub mod batch;
pub mod claim;
pub mod contact;
pub mod event;
pub mod group;
pub mod limits;
pub mod message;
pub mod number;
pub mod profile;
pub mod query;
pub mod received;
pub mod recipient;
pub mod session;
pub mod settings;
pub mod status;
pub mod time;
pub mod webhook;

pub use api_key::{NamedKey, NamedKeyCreated, NewNamedKey};
pub use batch::{Batch, BatchStatus, BatchUpdate};
pub use claim::{Claim, ClaimStatus};
pub use contact::{Contact, ContactImport, ContactInfo, ContactInput, ImportRowError, TagCount};
pub use event::{ContactsChanged, Event, MessageUpdate, ProfilesChanged};
pub use group::{
    GroupChange, GroupCreated, GroupDetails, GroupMember, GroupPatch, InviteLink, NewGroup,
    ParticipantAction, ParticipantNumbers, ParticipantOutcome, ParticipantResult,
};
pub use limits::SendLimits;
pub use message::{Content, ErrorInfo, Kind, MediaRef, Message, StatusTimes};
pub use number::{Country, NumberProblem, ParsedNumber};
pub use profile::{DEFAULT_PROFILE, NewProfile, Profile, ProfilePatch, ProfileRemoved};
pub use query::{MessageQuery, Page};
pub use received::Received;
pub use recipient::Recipient;
pub use session::{
    ContactCheck, Group, QrCode, ReasonCode, SessionAction, SessionInfo, SessionReason,
    SessionState,
};
pub use settings::{SettingName, Settings, SettingsPatch};
pub use status::Status;
pub use webhook::{Delivery, DeliveryProblem, Webhook, WebhookCreated, WebhookHealth};
