//! A number as the service reads it, before anything is sent: what the recipient field and a
//! pasted list show while the cashier types, and the countries numbers can be local to.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Why an input is not (yet) a recipient. The UI says each in the cashier's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NumberProblem {
    Empty,
    /// Letters where digits belong.
    Letters,
    /// Fewer digits than a number of its country has: still being typed, or cut short.
    TooShort,
    TooLong,
    /// The right length, but no number of its country looks like it.
    NotValid,
    /// Ends in `@g.us` but is not a group id.
    BadGroup,
}

/// One input read as a recipient. `recipient` is set exactly when `problem` is not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ParsedNumber {
    /// As given.
    pub input: String,
    /// What a send goes to: E.164 (`+59171234567`) or the group id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    /// How people write it: `+591 7123 4567` (a group id as is).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    /// The number's country (ISO 3166), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    pub group: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<NumberProblem>,
    /// The problem in a sentence (English; the UI words it by `problem`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// A country a local number can belong to: the default-country setting takes one of these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Country {
    /// ISO 3166 code, e.g. `BO`.
    pub iso: String,
    /// Calling code without `+`, e.g. `591`.
    pub dial: u16,
}
