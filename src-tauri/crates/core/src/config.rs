//! Settings the core runs with: default country, pacing, retries, limits, time windows.

use std::time::Duration;

use mostrador_types::SettingName;

/// What the service starts with. The country, pacing and retry limit are only where they
/// start: a manager may change them while the app runs (see `settings`), unless `locked`.
#[derive(Debug, Clone)]
pub struct Config {
    /// ISO 3166 alpha-2 region for numbers typed without a country code (e.g. `BO`).
    pub default_country: String,
    pub pacing: Pacing,
    pub retry: Retry,
    pub limits: Limits,
    /// How long an `Idempotency-Key` is remembered.
    pub idempotency_window: Duration,
    /// The longest a request may wait for a message to be sent (`?wait=sent`).
    pub max_wait: Duration,
    /// A scheduled message found later than this past its time expires (see `schedule`).
    pub expire_after: Duration,
    /// How long a message waits for its customer to write first (held by the reach-out
    /// limit, or sent to a claim code), until a manager changes it (`customer_wait_ms`).
    pub customer_wait: Duration,
    /// Settings given explicitly at startup (a `serve` flag or its environment variable):
    /// they win over values saved through the API, which may not change them.
    pub locked: Vec<SettingName>,
}

/// A minimum gap between sends plus random jitter, to send like a person and protect the
/// shop's number from being flagged.
#[derive(Debug, Clone, Copy)]
pub struct Pacing {
    pub min_gap: Duration,
    /// The gap varies by up to this much either way.
    pub jitter: Duration,
}

#[derive(Debug, Clone, Copy)]
pub struct Retry {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
}

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub text_chars: usize,
    pub caption_chars: usize,
    pub image_bytes: u64,
    pub video_bytes: u64,
    pub audio_bytes: u64,
    pub document_bytes: u64,
    /// Attachment bytes that sends in progress may hold in memory at once (see `budget`):
    /// beyond it, large sends are refused with `BUSY` until others finish.
    pub in_flight_bytes: u64,
}

const MB: u64 = 1024 * 1024;

impl Default for Config {
    fn default() -> Self {
        Config {
            default_country: "BO".into(),
            pacing: Pacing {
                min_gap: Duration::from_millis(1000),
                jitter: Duration::from_millis(500),
            },
            retry: Retry {
                max_attempts: 5,
                base_delay: Duration::from_secs(2),
                max_delay: Duration::from_secs(300),
            },
            limits: Limits::default(),
            idempotency_window: Duration::from_secs(24 * 3600),
            max_wait: Duration::from_secs(15),
            expire_after: Duration::from_secs(12 * 60 * 60),
            customer_wait: Duration::from_secs(24 * 60 * 60),
            locked: Vec::new(),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            text_chars: 65_536,
            caption_chars: 1_024,
            image_bytes: 16 * MB,
            video_bytes: 16 * MB,
            audio_bytes: 16 * MB,
            document_bytes: 100 * MB,
            // Four 60 MB documents, or one of the largest sent as base64 JSON.
            in_flight_bytes: 256 * MB,
        }
    }
}

impl Limits {
    /// The largest attachment of any kind, for sizing request bodies.
    pub fn largest_media(&self) -> u64 {
        self.image_bytes
            .max(self.video_bytes)
            .max(self.audio_bytes)
            .max(self.document_bytes)
    }
}

impl Retry {
    /// Wait before the next attempt after `attempts` failed ones: doubling, capped.
    pub fn backoff(&self, attempts: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempts.saturating_sub(1));
        self.base_delay.saturating_mul(factor).min(self.max_delay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let r = Config::default().retry;
        let secs: Vec<u64> = (1..=10).map(|a| r.backoff(a).as_secs()).collect();
        assert_eq!(secs, [2, 4, 8, 16, 32, 64, 128, 256, 300, 300]);
        assert_eq!(r.backoff(u32::MAX), Duration::from_secs(300));
    }
}
