//! Profiles: the WhatsApp numbers the shop links, each with its own session and sending lane.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::SessionInfo;

/// The id of the profile every request without `profile` uses: the number linked first.
pub const DEFAULT_PROFILE: &str = "default";

/// One linked (or to be linked) WhatsApp number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Profile {
    /// Stable id (`default`, `p2`, `p3`…); never reused after a profile is deleted.
    #[schema(example = "p2")]
    pub id: String,
    /// The shop's name for it, unique (letter case aside).
    #[schema(example = "Entregas")]
    pub name: String,
    /// A colour for screens to tell numbers apart (`#rrggbb`), or empty.
    #[schema(example = "#2e7d32")]
    pub color: String,
    /// The profile requests without `profile` use; it cannot be deleted.
    pub default: bool,
    /// ms since the epoch.
    pub created_at: i64,
    /// Its WhatsApp session now (linked number, state, what can be done).
    pub session: SessionInfo,
}

/// A new profile.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProfile {
    #[schema(example = "Entregas")]
    pub name: String,
    #[serde(default)]
    pub color: Option<String>,
}

/// A change to a profile; absent fields stay.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfilePatch {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub color: Option<String>,
}

/// What deleting a profile did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ProfileRemoved {
    pub id: String,
    /// Its messages that were still to be sent, now `cancelled` (shown so in the log).
    pub cancelled: u64,
}

/// `DEFAULT_PROFILE` as a `String`, for serde defaults.
pub fn default_id() -> String {
    DEFAULT_PROFILE.to_owned()
}
