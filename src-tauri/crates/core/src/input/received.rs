//! The filters of what customers wrote, as every surface receives them, and the rules that
//! make them a store query.

use mostrador_store::ReceivedQuery;
use mostrador_types::Recipient;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::{Error, Result, phone};

const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 200;

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct ReceivedParams {
    /// Only from this number (any way it is written; local numbers in the shop's country).
    pub from: Option<String>,
    /// Only what nobody at the shop has seen yet.
    pub unread: Option<bool>,
    /// Only the answers to this message of the shop's (its id).
    pub reply_to: Option<String>,
    /// Only what was written to this WhatsApp number (a profile's id or name).
    pub profile: Option<String>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
    /// 1 to 200 (default 50).
    pub limit: Option<u32>,
}

impl ReceivedParams {
    pub fn into_query(self, country: phonenumber::country::Id) -> Result<ReceivedQuery> {
        let sender = match self
            .from
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
        {
            None => None,
            Some(f) => match phone::normalise(f, country)?.recipient {
                Recipient::Phone(digits) => Some(digits),
                Recipient::Group(_) => {
                    return Err(Error::invalid("from: a customer's number, not a group"));
                }
            },
        };
        let before = self
            .cursor
            .map(|c| {
                c.parse::<i64>()
                    .map_err(|_| Error::invalid("cursor: use next_cursor from the previous page"))
            })
            .transpose()?;
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(Error::invalid(format!("limit: 1 to {MAX_LIMIT}")));
        }
        Ok(ReceivedQuery {
            sender,
            unread: self.unread.unwrap_or(false),
            reply_to: self.reply_to,
            profile: self.profile.filter(|p| !p.trim().is_empty()),
            before,
            limit,
        })
    }
}
