//! Reading the times people and POS systems write (epoch milliseconds, a date, or RFC 3339),
//! and writing one into a file name.

/// Parses `1732233600000` (ms since the epoch), `2026-11-21` (midnight UTC) or
/// `2026-11-21T13:45:00Z` / `2026-11-21T13:45:00.250-04:00` into ms since the epoch.
pub fn parse_timestamp(s: &str) -> Option<i64> {
    let s = s.trim();
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    let (date, rest) = s.split_at_checked(10)?;
    let day_ms = days_from_civil(date)? * 86_400_000;
    if rest.is_empty() {
        return Some(day_ms);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (clock, offset_ms) = split_offset(rest)?;
    Some(day_ms + clock_ms(clock)? - offset_ms)
}

/// `20261206T224500Z`: a UTC time for a file name (no `:`, which Windows refuses), sorting
/// in time order.
pub fn file_stamp(ms: i64) -> String {
    let [y, m, d, h, min, s, _] = utc_parts(ms);
    format!("{y:04}{m:02}{d:02}T{h:02}{min:02}{s:02}Z")
}

/// `2026-12-06T22:45:00.250Z`: RFC 3339 in UTC, to the millisecond — how the service writes
/// a time a POS may send back (`send_at`).
pub fn rfc3339(ms: i64) -> String {
    let [y, m, d, h, min, s, milli] = utc_parts(ms);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{milli:03}Z")
}

/// ms since the epoch → [year, month, day, hour, minute, second, millisecond] in UTC.
fn utc_parts(ms: i64) -> [i64; 7] {
    let secs = ms.div_euclid(1000);
    let (days, day_secs) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    [
        y,
        m,
        d,
        day_secs / 3600,
        day_secs % 3600 / 60,
        day_secs % 60,
        ms.rem_euclid(1000),
    ]
}

/// Days since 1970-01-01 → (year, month, day): the inverse of `days_from_civil`.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn num(s: &str) -> Option<i64> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// `YYYY-MM-DD` → days since 1970-01-01 (Howard Hinnant's civil-date algorithm).
fn days_from_civil(date: &str) -> Option<i64> {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (num(&date[0..4])?, num(&date[5..7])?, num(&date[8..10])?);
    let month_days = [
        31,
        28 + i64::from(is_leap(y)),
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d < 1 || d > month_days[(m - 1) as usize] {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

/// Splits `13:45:00.250-04:00` into the clock part and the offset in ms (`Z` is 0).
fn split_offset(s: &str) -> Option<(&str, i64)> {
    if let Some(clock) = s.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    let at = s.rfind(['+', '-'])?;
    let (clock, off) = s.split_at(at);
    let sign = if off.starts_with('-') { -1 } else { 1 };
    let (h, m) = off[1..].split_once(':')?;
    let (h, m) = (num(h)?, num(m)?);
    (h < 24 && m < 60).then_some((clock, sign * (h * 60 + m) * 60_000))
}

fn clock_ms(s: &str) -> Option<i64> {
    let (hms, frac) = s.split_once('.').unwrap_or((s, ""));
    let mut parts = hms.split(':');
    let h = num(parts.next()?)?;
    let m = num(parts.next()?)?;
    let sec = parts.next().map_or(Some(0), num)?;
    if parts.next().is_some() || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let ms = if frac.is_empty() {
        0
    } else {
        let digits: String = frac.chars().chain("000".chars()).take(3).collect();
        num(&digits)?
    };
    Some(((h * 60 + m) * 60 + sec) * 1000 + ms)
}

#[cfg(test)]
mod tests {
    #[test]
    fn rfc3339_reads_back_as_the_same_time() {
        for ms in [0, 1_763_769_600_000, 1_763_769_600_250, 4_102_444_799_999] {
            assert_eq!(
                super::parse_timestamp(&super::rfc3339(ms)),
                Some(ms),
                "{ms}"
            );
        }
        assert_eq!(
            super::rfc3339(1_763_769_600_250),
            "2025-11-22T00:00:00.250Z"
        );
    }

    use super::parse_timestamp as p;

    #[test]
    fn reads_every_accepted_form() {
        assert_eq!(p("0"), Some(0));
        assert_eq!(p("1732233600000"), Some(1_732_233_600_000));
        assert_eq!(p("1970-01-01"), Some(0));
        assert_eq!(p("2024-11-22"), Some(1_732_233_600_000));
        assert_eq!(p("2024-11-22T00:00:00Z"), Some(1_732_233_600_000));
        assert_eq!(
            p("2024-11-22T01:02:03.5Z"),
            Some(1_732_233_600_000 + 3_723_500)
        );
        assert_eq!(p("2024-11-21T20:00:00-04:00"), Some(1_732_233_600_000));
        assert_eq!(p("2024-02-29"), Some(1_709_164_800_000));
    }

    #[test]
    fn stamps_files_in_utc() {
        use super::file_stamp as f;
        assert_eq!(f(0), "19700101T000000Z");
        assert_eq!(f(1_732_233_600_000 + 3_723_500), "20241122T010203Z");
        assert_eq!(f(1_709_164_800_000 + 86_399_000), "20240229T235959Z");
        for ms in [0, 951_782_400_000, 4_107_542_400_000] {
            let stamp = f(ms);
            let iso = format!("{}-{}-{}", &stamp[0..4], &stamp[4..6], &stamp[6..8]);
            assert_eq!(p(&iso), Some(ms), "{stamp}");
        }
    }

    #[test]
    fn rejects_nonsense() {
        for s in [
            "",
            "yesterday",
            "2024-13-01",
            "2023-02-29",
            "2024-11-22T25:00Z",
            "2024-11-22T10:00+5",
        ] {
            assert_eq!(p(s), None, "{s}");
        }
    }
}
