//! The contact book's list filters and import options, as every surface receives them, and
//! the rules that make them a store query.

use mostrador_store::ContactQuery;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::{Error, Result, contacts};

const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 500;

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct ContactParams {
    /// Part of a name, or three or more digits of a number.
    pub q: Option<String>,
    /// Only contacts with this tag.
    pub tag: Option<String>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
    /// 1 to 500 (default 50).
    pub limit: Option<u32>,
}

impl ContactParams {
    pub fn into_query(self) -> Result<ContactQuery> {
        let (name, digits) = contacts::search(self.q.as_deref().unwrap_or(""));
        let tag = self
            .tag
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(contacts::tag)
            .transpose()?;
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(Error::invalid(format!("limit: 1 to {MAX_LIMIT}")));
        }
        Ok(ContactQuery {
            name,
            digits,
            tag,
            cursor: self.cursor.filter(|c| !c.is_empty()),
            limit,
        })
    }
}

/// How an import goes: a preview saves nothing; without `skip_invalid`, one bad row stops
/// the whole file (nothing is half-imported either way).
#[derive(Debug, Default, Clone, Copy, Deserialize, IntoParams)]
pub struct ImportParams {
    /// Only say what would happen.
    #[serde(default)]
    pub dry_run: bool,
    /// Import the good rows and report the others, instead of importing nothing.
    #[serde(default)]
    pub skip_invalid: bool,
}
