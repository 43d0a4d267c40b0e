//! Filters and pages for reading the message log.

use serde::Serialize;
use utoipa::ToSchema;

use crate::{Recipient, Status};

/// What to read from the log. Empty filters match everything; newest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MessageQuery {
    /// Words to find in text, caption, file name or recipient (each word as a prefix).
    pub text: Option<String>,
    /// Any of these statuses (empty: all).
    pub statuses: Vec<Status>,
    pub to: Option<Recipient>,
    /// Created at or after, ms since the epoch.
    pub since: Option<i64>,
    /// Created before, ms since the epoch.
    pub until: Option<i64>,
    /// Only the items of this batch (its id).
    pub batch: Option<String>,
    /// Only this profile's messages (its id).
    pub profile: Option<String>,
    /// Continue after this cursor (from a previous page).
    pub cursor: Option<i64>,
    pub limit: u32,
}

/// One page of results and, when there may be more, the cursor for the next.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}
