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
/// Bounds of the delay after which a late scheduled message expires: a minute to a week.
pub const MIN_EXPIRE_MS: u64 = 60_000;
pub const MAX_EXPIRE_MS: u64 = 7 * 24 * 60 * 60 * 1000;
/// Bounds of how long a message waits for its customer to write: a minute to a week.
pub const MIN_CUSTOMER_WAIT_MS: u64 = 60_000;
pub const MAX_CUSTOMER_WAIT_MS: u64 = 7 * 24 * 60 * 60 * 1000;

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
    let expire_after_ms = match saved.expire_after_ms {
        Some(v)
            if !locked(SettingName::ExpireAfterMs)
                && (MIN_EXPIRE_MS..=MAX_EXPIRE_MS).contains(&v) =>
        {
            v
        }
        _ => millis(config.expire_after),
    };
    let customer_wait_ms = match saved.customer_wait_ms {
        Some(v) if (MIN_CUSTOMER_WAIT_MS..=MAX_CUSTOMER_WAIT_MS).contains(&v) => v,
        _ => millis(config.customer_wait),
    };
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
            expire_after_ms,
            webhooks_lan: saved.webhooks_lan.unwrap_or(false),
            customer_wait_ms,
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
    if let Some(v) = patch.expire_after_ms {
        in_range(SettingName::ExpireAfterMs, v, MIN_EXPIRE_MS, MAX_EXPIRE_MS)?;
        if v != now.expire_after_ms {
            unlocked(is_locked, SettingName::ExpireAfterMs)?;
            next.settings.expire_after_ms = v;
            save.expire_after_ms = Some(v);
        }
    }
    if let Some(v) = patch.webhooks_lan
        && v != now.webhooks_lan
    {
        next.settings.webhooks_lan = v;
        save.webhooks_lan = Some(v);
    }
    if let Some(v) = patch.customer_wait_ms {
        in_range(
            SettingName::CustomerWaitMs,
            v,
            MIN_CUSTOMER_WAIT_MS,
            MAX_CUSTOMER_WAIT_MS,
        )?;
        if v != now.customer_wait_ms {
            next.settings.customer_wait_ms = v;
            save.customer_wait_ms = Some(v);
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
        SettingName::ExpireAfterMs => "--expire-after-ms / MOSTRADOR_EXPIRE_AFTER_MS",
        // Never locked: a manager's choice on the Settings screen only.
        SettingName::WebhooksLan | SettingName::CustomerWaitMs => "the Settings screen",
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
#[path = "live_settings_tests.rs"]
mod tests;
