//! The message log's filters as every surface receives them (the API's query string, the
//! desktop's command) and the rules that make them a `MessageQuery`.

use mostrador_types::time::parse_timestamp;
use mostrador_types::{MessageQuery, Status};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::{Error, Result, phone};

/// The page size when none is asked for, and the largest one allowed.
const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 500;

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListParams {
    /// Words to find in text, caption, file name or number (prefixes match).
    pub q: Option<String>,
    /// Comma-separated statuses, e.g. `failed,cancelled`.
    pub status: Option<String>,
    /// Only messages to this number or group.
    pub to: Option<String>,
    /// Created at or after: ms since the epoch, `2026-11-21` or RFC 3339.
    pub since: Option<String>,
    /// Created before: same forms as `since`.
    pub until: Option<String>,
    /// Only the items of this batch (its id).
    pub batch: Option<String>,
    /// Only what this WhatsApp number sent (a profile's id or name).
    pub profile: Option<String>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
    /// 1 to 500 (default 50).
    pub limit: Option<u32>,
}

impl ListParams {
    /// The query these filters ask for; `to` is read in the shop's default `country`.
    pub fn into_query(self, country: phonenumber::country::Id) -> Result<MessageQuery> {
        let statuses = self
            .status
            .iter()
            .flat_map(|s| s.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|name| {
                Status::parse(name).ok_or_else(|| {
                    let all: Vec<_> = Status::ALL.iter().map(|s| s.as_str()).collect();
                    Error::invalid(format!("unknown status {name:?}; use {}", all.join(", ")))
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let to = self
            .to
            .map(|t| phone::normalise(&t, country).map(|n| n.recipient))
            .transpose()?;
        let cursor = self
            .cursor
            .map(|c| {
                c.parse::<i64>().map_err(|_| {
                    Error::invalid(format!("cursor {c:?} is not one this API gave out"))
                })
            })
            .transpose()?;
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(Error::invalid(format!(
                "limit must be between 1 and {MAX_LIMIT}"
            )));
        }
        Ok(MessageQuery {
            text: self.q.filter(|q| !q.trim().is_empty()),
            statuses,
            to,
            since: time(self.since, "since")?,
            until: time(self.until, "until")?,
            batch: self.batch.filter(|b| !b.is_empty()),
            profile: self.profile.filter(|p| !p.trim().is_empty()),
            cursor,
            limit,
        })
    }
}

fn time(v: Option<String>, what: &str) -> Result<Option<i64>> {
    v.map(|t| {
        parse_timestamp(&t).ok_or_else(|| {
            Error::invalid(format!(
                "{what} {t:?} is not a date (2026-11-21, RFC 3339 or ms)"
            ))
        })
    })
    .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Code;

    fn params() -> ListParams {
        ListParams {
            q: None,
            status: None,
            to: None,
            since: None,
            until: None,
            batch: None,
            profile: None,
            cursor: None,
            limit: None,
        }
    }

    #[test]
    fn filters_become_a_query() {
        let bo = phonenumber::country::Id::BO;
        let q = ListParams {
            q: Some("  ".into()),
            status: Some("failed, cancelled,".into()),
            since: Some("2026-11-21".into()),
            ..params()
        }
        .into_query(bo)
        .unwrap();
        assert_eq!(q.text, None);
        assert_eq!(q.statuses, [Status::Failed, Status::Cancelled]);
        assert!(q.since.is_some());
        assert_eq!(q.limit, 50);
        for bad in [
            ListParams {
                status: Some("lost".into()),
                ..params()
            },
            ListParams {
                limit: Some(501),
                ..params()
            },
            ListParams {
                cursor: Some("x".into()),
                ..params()
            },
        ] {
            assert_eq!(bad.into_query(bo).unwrap_err().code, Code::ValidationError);
        }
    }
}
