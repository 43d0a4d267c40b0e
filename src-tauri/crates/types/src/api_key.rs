//! Named API keys: besides the main key, one per program (a branch's POS), optionally
//! limited to one linked number.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A named key as listed: never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct NamedKey {
    #[schema(example = "key_3f9a1c")]
    pub id: String,
    #[schema(example = "POS sucursal norte")]
    pub name: String,
    /// The only number (profile id) it may use; absent: any.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "p2")]
    pub profile: Option<String>,
    /// ms since the epoch.
    pub created_at: i64,
}

/// A key to make.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNamedKey {
    pub name: String,
    /// Limit it to this number (a profile's id or name).
    #[serde(default)]
    pub profile: Option<String>,
}

/// A key just made: its secret, shown this once (kept in the secret store, only a hash
/// anywhere else).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NamedKeyCreated {
    #[serde(flatten)]
    pub key: NamedKey,
    /// Give this to the program (`X-API-Key`).
    pub secret: String,
}
