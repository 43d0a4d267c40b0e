//! Messages sent later: reading `send_at` as POS systems write it, which times are accepted,
//! and when a scheduled message is too late to go (the computer was off at its time).

use mostrador_types::time::parse_timestamp;

use crate::{Code, Error, Result};

/// A time this far back is a mistake (a wrong date or clock), not "now".
pub const MAX_PAST_MS: i64 = 5 * 60 * 1000;
/// How far ahead a message may be scheduled.
pub const MAX_AHEAD_MS: i64 = 366 * 24 * 60 * 60 * 1000;

/// `2026-12-24T18:00:00-04:00` (RFC 3339 with its offset, so the shop's time zone is never
/// guessed) into ms since the epoch.
pub fn parse_send_at(text: &str) -> Result<i64> {
    let t = text.trim();
    let has_offset = t.len() > 19
        && (t.ends_with(['Z', 'z'])
            || t.get(t.len() - 6..)
                .is_some_and(|o| o.starts_with(['+', '-']) && o.as_bytes().get(3) == Some(&b':')));
    match parse_timestamp(t) {
        Some(ms) if has_offset && t.contains(['T', 't']) => Ok(ms),
        _ => Err(Error::new(
            Code::ValidationError,
            format!(
                "send_at {text:?} is not a date and time with its offset, such as 2026-12-24T18:00:00-04:00"
            ),
        )),
    }
}

/// When a message asked for `send_at` goes: None for now (no time, or a time that just
/// passed), else the time. Refused when far in the past or more than a year ahead.
pub fn send_time(send_at: Option<i64>, now: i64) -> Result<Option<i64>> {
    match send_at {
        None => Ok(None),
        Some(t) if t < now - MAX_PAST_MS => Err(Error::new(
            Code::ValidationError,
            "send_at is in the past; leave it out to send now",
        )),
        Some(t) if t <= now => Ok(None),
        Some(t) if t > now + MAX_AHEAD_MS => Err(Error::new(
            Code::ValidationError,
            "send_at is more than a year ahead",
        )),
        Some(t) => Ok(Some(t)),
    }
}

/// A scheduled message whose time is before this, found now, does not go: a customer should
/// not get "your order is ready" at 3 a.m. because the PC was off at 7 p.m.
pub fn late_before(now: i64, expire_after_ms: u64) -> i64 {
    now.saturating_sub(i64::try_from(expire_after_ms).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn send_at_needs_its_offset() {
        let t = parse_send_at("2026-12-24T18:00:00-04:00").unwrap();
        assert_eq!(t, parse_send_at("2026-12-24T22:00:00Z").unwrap());
        for bad in [
            "2026-12-24T18:00:00",
            "2026-12-24",
            "1766613600000",
            "mañana",
            "",
        ] {
            let e = parse_send_at(bad).unwrap_err();
            assert_eq!(e.code, Code::ValidationError, "{bad}");
            assert!(e.message.contains("offset"), "{bad}: {}", e.message);
        }
    }

    #[test]
    fn times_just_past_go_now_and_far_ones_are_refused() {
        let now = 1_000_000_000_000;
        assert_eq!(send_time(None, now).unwrap(), None);
        assert_eq!(send_time(Some(now - 1_000), now).unwrap(), None);
        assert_eq!(
            send_time(Some(now + 60_000), now).unwrap(),
            Some(now + 60_000)
        );
        assert!(send_time(Some(now - MAX_PAST_MS - 1), now).is_err());
        assert!(send_time(Some(now + MAX_AHEAD_MS + 1), now).is_err());
    }

    #[test]
    fn late_is_past_the_allowed_delay() {
        assert_eq!(late_before(10_000, 500), 9_500);
        assert!(late_before(10_000, u64::MAX) < -1_000_000_000_000);
    }
}
