//! The settings a manager may change while the app runs (country, pacing, retry limit): which
//! value wins, the checks a change must pass, and the live copy the dispatcher and validation
//! read.
//!
//! Which value wins, per setting: one fixed at startup (`Config::locked`: a `serve` flag or
//! its environment variable) > one saved through the API > the startup default.

use std::time::Duration;

use mostrador_types::{SettingName, Settings, SettingsPatch};
use phonenumber::country;

use crate::config::Pacing;
use crate::{Config, Error, Result, phone};

/// The longest pacing gap (and jitter) a setting may ask for: one message a minute.
pub const MAX_PACING_MS: u64 = 60_000;
/// The most attempts a message may get.
pub const MAX_ATTEMPTS: u32 = 1000;

/// The settings in effect, with the country already parsed.
#[derive(Debug, Clone)]
pub(crate) struct LiveSettings {
    pub country: country::Id,
    pub settings: Settings,
}

impl LiveSettings {
    pub fn pacing(&self) -> Pacing {
        Pacing {
            min_gap: Duration::from_millis(self.settings.pacing_ms),
            jitter: Duration::from_millis(self.settings.jitter_ms),
        }
    }
}

/// The startup values merged with the saved ones. A saved value that no longer passes the
/// checks (or a country this build does not know) is skipped, with a warning.
pub(crate) fn effective(config: &Config, saved: &SettingsPatch) -> Result<LiveSettings> {
    let locked = |n: SettingName| config.locked.contains(&n);
    let pick = |n: SettingName, saved: Option<u64>, startup: u64, max: u64| match saved {
        Some(v) if !locked(n) && v <= max => v,
        Some(v) if !locked(n) => {
            tracing::warn!(setting = %n, value = v, "ignoring a saved setting out of range");
            startup
        }
        _ => startup,
    };
    let mut country_code = config.default_country.trim().to_ascii_uppercase();
    if let Some(saved) = saved.default_country.as_deref()
        && !locked(SettingName::DefaultCountry)
    {
        match phone::parse_country(saved) {
            Ok(_) => country_code = saved.trim().to_ascii_uppercase(),
            Err(e) => tracing::warn!(error = %e, "ignoring the saved default country"),
        }
    }
    let country = phone::parse_country(&country_code)?;
    let pacing_ms = pick(
        SettingName::PacingMs,
        saved.pacing_ms,
        millis(config.pacing.min_gap),
        MAX_PACING_MS,
    );
    let jitter_ms = pick(
        SettingName::JitterMs,
        saved.jitter_ms,
        millis(config.pacing.jitter),
        MAX_PACING_MS,
    );
    let max_attempts = match saved.max_attempts {
        Some(v) if !locked(SettingName::MaxAttempts) && (1..=MAX_ATTEMPTS).contains(&v) => v,
        _ => config.retry.max_attempts,
    };
    if jitter_ms > pacing_ms {
        tracing::warn!(
            jitter_ms,
            pacing_ms,
            "the jitter is more than the pacing gap; using the gap as the jitter"
        );
    }
    let mut locked: Vec<SettingName> = config.locked.clone();
    locked.sort();
    locked.dedup();
    Ok(LiveSettings {
        country,
        settings: Settings {
            default_country: country_code,
            pacing_ms,
            jitter_ms: jitter_ms.min(pacing_ms),
            max_attempts,
            locked,
        },
    })
}

/// Checks `patch` against the settings in effect. Returns the new settings and what to save:
/// the changed settings that are not locked. A locked setting may be sent unchanged (a form
/// sends every field), never changed.
pub(crate) fn apply(
    current: &LiveSettings,
    patch: &SettingsPatch,
) -> Result<(LiveSettings, SettingsPatch)> {
    let now = &current.settings;
    let mut next = current.clone();
    let mut save = SettingsPatch::default();
    let is_locked = |n: SettingName| now.locked.contains(&n);

    if let Some(code) = &patch.default_country {
        let id = phone::parse_country(code)
            .map_err(|e| Error::invalid(format!("default_country: {}", e.message)))?;
        let code = code.trim().to_ascii_uppercase();
        if code != now.default_country {
            unlocked(is_locked, SettingName::DefaultCountry)?;
            next.country = id;
            next.settings.default_country = code.clone();
            save.default_country = Some(code);
        }
    }
    if let Some(v) = patch.pacing_ms {
        in_range(SettingName::PacingMs, v, 0, MAX_PACING_MS)?;
        if v != now.pacing_ms {
            unlocked(is_locked, SettingName::PacingMs)?;
            next.settings.pacing_ms = v;
            save.pacing_ms = Some(v);
        }
    }
    if let Some(v) = patch.jitter_ms {
        in_range(SettingName::JitterMs, v, 0, MAX_PACING_MS)?;
        if v != now.jitter_ms {
            unlocked(is_locked, SettingName::JitterMs)?;
            next.settings.jitter_ms = v;
            save.jitter_ms = Some(v);
        }
    }
    if let Some(v) = patch.max_attempts {
        in_range(
            SettingName::MaxAttempts,
            u64::from(v),
            1,
            u64::from(MAX_ATTEMPTS),
        )?;
        if v != now.max_attempts {
            unlocked(is_locked, SettingName::MaxAttempts)?;
            next.settings.max_attempts = v;
            save.max_attempts = Some(v);
        }
    }
    let (pacing, jitter) = (next.settings.pacing_ms, next.settings.jitter_ms);
    if jitter > pacing {
        return Err(Error::invalid(format!(
            "jitter_ms ({jitter}) must not be more than pacing_ms ({pacing}): the gap between \
             two sends varies by at most the gap itself"
        )));
    }
    Ok((next, save))
}

fn in_range(name: SettingName, v: u64, min: u64, max: u64) -> Result<()> {
    if (min..=max).contains(&v) {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "{name} must be between {min} and {max}; got {v}"
        )))
    }
}

fn unlocked(is_locked: impl Fn(SettingName) -> bool, name: SettingName) -> Result<()> {
    if is_locked(name) {
        Err(Error::invalid(format!(
            "{name} was fixed when Mostrador was started ({}); change it there, or start \
             Mostrador without it to change it here",
            startup_option(name)
        )))
    } else {
        Ok(())
    }
}

/// The `serve` flag and environment variable that set a setting at startup.
pub fn startup_option(name: SettingName) -> &'static str {
    match name {
        SettingName::DefaultCountry => "--country / MOSTRADOR_COUNTRY",
        SettingName::PacingMs => "--pacing-ms / MOSTRADOR_PACING_MS",
        SettingName::JitterMs => "--jitter-ms / MOSTRADOR_JITTER_MS",
        SettingName::MaxAttempts => "--max-attempts / MOSTRADOR_MAX_ATTEMPTS",
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Code;

    #[test]
    fn saved_values_beat_defaults_and_locked_startup_values_beat_saved_ones() {
        let mut config = Config::default();
        let stored = SettingsPatch {
            default_country: Some("mx".into()),
            pacing_ms: Some(3000),
            jitter_ms: Some(100),
            max_attempts: Some(9),
        };
        let live = effective(&config, &stored).unwrap();
        assert_eq!(
            live.settings,
            Settings {
                default_country: "MX".into(),
                pacing_ms: 3000,
                jitter_ms: 100,
                max_attempts: 9,
                locked: vec![],
            }
        );
        assert_eq!(live.country, country::Id::MX);

        config.default_country = "ar".into();
        config.pacing.min_gap = Duration::from_millis(200);
        config.locked = vec![SettingName::PacingMs, SettingName::DefaultCountry];
        let live = effective(&config, &stored).unwrap();
        assert_eq!(live.settings.default_country, "AR");
        assert_eq!(live.settings.pacing_ms, 200);
        assert_eq!(live.settings.max_attempts, 9);
        assert_eq!(
            live.settings.locked,
            [SettingName::DefaultCountry, SettingName::PacingMs]
        );
        assert_eq!(live.country, country::Id::AR);
    }

    #[test]
    fn out_of_range_saved_values_are_skipped_and_jitter_is_capped_by_the_gap() {
        let mut config = Config::default();
        let live = effective(
            &config,
            &SettingsPatch {
                default_country: Some("ZZ".into()),
                pacing_ms: Some(MAX_PACING_MS + 1),
                max_attempts: Some(0),
                ..SettingsPatch::default()
            },
        )
        .unwrap();
        assert_eq!(live.settings.default_country, "BO");
        assert_eq!(
            (live.settings.pacing_ms, live.settings.max_attempts),
            (1000, 5)
        );

        config.locked = vec![SettingName::PacingMs];
        config.pacing.min_gap = Duration::from_millis(200);
        let live = effective(&config, &SettingsPatch::default()).unwrap();
        assert_eq!(
            (live.settings.pacing_ms, live.settings.jitter_ms),
            (200, 200)
        );
    }

    #[test]
    fn a_change_is_checked_and_only_what_changed_is_saved() {
        let live = effective(&Config::default(), &SettingsPatch::default()).unwrap();
        let (next, save) = apply(
            &live,
            &SettingsPatch {
                default_country: Some(" mx ".into()),
                pacing_ms: Some(2000),
                jitter_ms: Some(500),
                max_attempts: Some(5),
            },
        )
        .unwrap();
        assert_eq!(next.settings.default_country, "MX");
        assert_eq!(next.country, country::Id::MX);
        assert_eq!(next.settings.pacing_ms, 2000);
        assert_eq!(
            save,
            SettingsPatch {
                default_country: Some("MX".into()),
                pacing_ms: Some(2000),
                ..SettingsPatch::default()
            }
        );
    }

    #[test]
    fn bad_values_say_which_setting_and_why() {
        let live = effective(&Config::default(), &SettingsPatch::default()).unwrap();
        let refuse = |p: SettingsPatch, words: &[&str]| {
            let e = apply(&live, &p).unwrap_err();
            assert_eq!(e.code, Code::ValidationError);
            for w in words {
                assert!(e.message.contains(w), "{w:?} not in {:?}", e.message);
            }
        };
        refuse(
            SettingsPatch {
                default_country: Some("Bolivia".into()),
                ..SettingsPatch::default()
            },
            &["default_country", "Bolivia"],
        );
        refuse(
            SettingsPatch {
                pacing_ms: Some(60_001),
                ..SettingsPatch::default()
            },
            &["pacing_ms", "60000"],
        );
        refuse(
            SettingsPatch {
                max_attempts: Some(0),
                ..SettingsPatch::default()
            },
            &["max_attempts", "between 1 and 1000"],
        );
        refuse(
            SettingsPatch {
                max_attempts: Some(1001),
                ..SettingsPatch::default()
            },
            &["max_attempts"],
        );
        // The default jitter (500) is more than this gap.
        refuse(
            SettingsPatch {
                pacing_ms: Some(200),
                ..SettingsPatch::default()
            },
            &["jitter_ms (500)", "pacing_ms (200)"],
        );
        assert!(
            apply(
                &live,
                &SettingsPatch {
                    pacing_ms: Some(0),
                    jitter_ms: Some(0),
                    ..SettingsPatch::default()
                }
            )
            .is_ok()
        );
    }

    #[test]
    fn a_locked_setting_may_be_sent_unchanged_but_not_changed() {
        let config = Config {
            locked: vec![SettingName::MaxAttempts],
            ..Config::default()
        };
        let live = effective(&config, &SettingsPatch::default()).unwrap();
        let same = SettingsPatch {
            max_attempts: Some(5),
            pacing_ms: Some(1500),
            ..SettingsPatch::default()
        };
        let (next, save) = apply(&live, &same).unwrap();
        assert_eq!(next.settings.pacing_ms, 1500);
        assert_eq!(save.max_attempts, None);
        let e = apply(
            &live,
            &SettingsPatch {
                max_attempts: Some(6),
                ..SettingsPatch::default()
            },
        )
        .unwrap_err();
        assert_eq!(e.code, Code::ValidationError);
        assert!(e.message.contains("--max-attempts"), "{}", e.message);
    }
}
