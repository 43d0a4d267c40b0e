//! The event types a webhook may ask for, and whether an event is one it asked for.

use crate::{Code, Error, Result};

/// Every event type, as the docs and the API list them.
pub const EVENT_TYPES: &[&str] = &[
    "message.queued",
    "message.scheduled",
    "message.sending",
    "message.sent",
    "message.delivered",
    "message.read",
    "message.played",
    "message.failed",
    "message.cancelled",
    "message.expired",
    "message.skipped",
    "message.waiting",
    "message.received",
    "batch.created",
    "batch.progress",
    "batch.paused",
    "batch.resumed",
    "batch.cancelled",
    "batch.completed",
    "session.linked",
    "session.disconnected",
    "session.reconnected",
    "session.logged_out",
];

/// The most filters one webhook may list.
const MAX_FILTERS: usize = 64;

/// Checks a webhook's list: each entry an event type, a family (`message.*`) or `*`.
/// Duplicates are dropped; the order is kept.
pub fn check(filters: &[String]) -> Result<Vec<String>> {
    if filters.is_empty() {
        return Err(Error::new(
            Code::ValidationError,
            "events: name at least one event type (or \"*\" for all)",
        ));
    }
    if filters.len() > MAX_FILTERS {
        return Err(Error::new(
            Code::ValidationError,
            format!("events: at most {MAX_FILTERS} entries"),
        ));
    }
    let mut out: Vec<String> = Vec::new();
    for f in filters {
        let f = f.trim();
        let known = f == "*"
            || EVENT_TYPES.contains(&f)
            || f.strip_suffix(".*").is_some_and(|family| {
                EVENT_TYPES
                    .iter()
                    .any(|t| t.split('.').next() == Some(family))
            });
        if !known {
            return Err(Error::new(
                Code::ValidationError,
                format!(
                    "events: {f:?} is not an event type (one of {}, a family like \
                     \"message.*\", or \"*\")",
                    EVENT_TYPES.join(", ")
                ),
            ));
        }
        if !out.iter().any(|o| o == f) {
            out.push(f.to_owned());
        }
    }
    Ok(out)
}

/// Whether `kind` is among what `filters` asks for.
pub fn wants(filters: &[String], kind: &str) -> bool {
    filters.iter().any(|f| {
        f == "*"
            || f == kind
            || f.strip_suffix(".*").is_some_and(|family| {
                kind.strip_prefix(family)
                    .is_some_and(|rest| rest.starts_with('.'))
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn names_families_and_all_are_accepted_and_nothing_else() {
        assert_eq!(
            check(&s(&["message.*", "batch.completed", "message.*"])).unwrap(),
            s(&["message.*", "batch.completed"])
        );
        assert!(check(&s(&["*"])).is_ok());
        assert!(check(&s(&[])).is_err());
        assert!(check(&s(&["message.opened"])).is_err());
        assert!(check(&s(&["mess.*"])).is_err());
    }

    #[test]
    fn a_family_matches_its_own_types_only() {
        let f = s(&["message.*", "session.linked"]);
        assert!(wants(&f, "message.delivered"));
        assert!(wants(&f, "session.linked"));
        assert!(!wants(&f, "session.disconnected"));
        assert!(!wants(&s(&["message.*"]), "messages.x"));
        assert!(wants(&s(&["*"]), "batch.progress"));
    }
}
