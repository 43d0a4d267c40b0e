//! The `serve` flags (each with its environment variable) and what they become: the core's
//! `Config` and the API's options. The country, pacing and retry limit can also be changed
//! from the Settings screen; given here, they are fixed (`Config::locked`) and win.

use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use mostrador_api::{ApiOptions, RateLimit};
use mostrador_core::Config;
use mostrador_core::clock::{Clock, SystemClock};
use mostrador_core::live_settings::{MAX_ATTEMPTS, MAX_EXPIRE_MS, MAX_PACING_MS, MIN_EXPIRE_MS};
use mostrador_core::types::SettingName;

use crate::Error;

/// The port a POS is configured for when nobody says otherwise.
pub const DEFAULT_PORT: u16 = 3107;

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Port on 127.0.0.1 for the REST API; 0 picks any free port (see api.port in the data dir).
    #[arg(long, env = "MOSTRADOR_PORT", default_value_t = DEFAULT_PORT, value_name = "N")]
    pub port: u16,

    /// Country for phone numbers typed without a country code (ISO 3166 code, e.g. BO, MX)
    /// [default: BO, or as saved in Settings]. Given, it is fixed: Settings cannot change it.
    #[arg(long, env = "MOSTRADOR_COUNTRY", value_name = "CC")]
    pub country: Option<String>,

    /// Least time between two sends, in milliseconds, up to 60000 (protects the shop's
    /// number) [default: 1000, or as saved in Settings]. Given, it is fixed.
    #[arg(
        long,
        env = "MOSTRADOR_PACING_MS",
        value_name = "MS",
        value_parser = clap::value_parser!(u64).range(0..=MAX_PACING_MS)
    )]
    pub pacing_ms: Option<u64>,

    /// Random variation of that gap, either way, in milliseconds; at most the gap
    /// [default: 500, or as saved in Settings]. Given, it is fixed.
    #[arg(
        long,
        env = "MOSTRADOR_JITTER_MS",
        value_name = "MS",
        value_parser = clap::value_parser!(u64).range(0..=MAX_PACING_MS)
    )]
    pub jitter_ms: Option<u64>,

    /// Attempts per message (the first included) before it is marked failed, 1 to 1000
    /// [default: 5, or as saved in Settings]. Given, it is fixed.
    #[arg(
        long,
        env = "MOSTRADOR_MAX_ATTEMPTS",
        value_name = "N",
        value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_ATTEMPTS))
    )]
    pub max_attempts: Option<u32>,

    /// A message sent later that is found this many milliseconds past its time (the
    /// computer was off) expires instead of going, 60000 to 604800000 [default: 43200000
    /// (12 h), or as saved in Settings]. Given, it is fixed.
    #[arg(
        long,
        env = "MOSTRADOR_EXPIRE_AFTER_MS",
        value_name = "MS",
        value_parser = clap::value_parser!(u64).range(MIN_EXPIRE_MS..=MAX_EXPIRE_MS)
    )]
    pub expire_after_ms: Option<u64>,

    /// Requests per second each API key may make on average; 0 turns the limit off.
    #[arg(
        long,
        env = "MOSTRADOR_RATE_LIMIT",
        value_name = "N",
        default_value_t = RateLimit::default().per_second,
        value_parser = parse_rate
    )]
    pub rate_limit: f64,

    /// The WhatsApp engine: "whatsapp" links the shop's number and sends; "none" only queues
    /// (for trying the POS integration without a phone).
    #[arg(long, env = "MOSTRADOR_ENGINE", default_value = "whatsapp", value_parser = ["whatsapp", "none"])]
    pub engine: String,

    /// WebSocket URL of the WhatsApp server. Only for tests and the demo (a fake network on this
    /// computer, e.g. ws://127.0.0.1:4100/ws/chat); default: WhatsApp's own.
    #[arg(long, env = "MOSTRADOR_WA_URL", value_name = "URL", value_parser = parse_ws_url)]
    pub wa_url: Option<String>,

    /// Demo build only: the admin URL of the built-in fake network (as `fake-whatsapp`
    /// prints it), whose phone can then scan the QR for whoever tries the app.
    #[cfg(feature = "demo")]
    #[arg(long, env = "MOSTRADOR_DEMO_PHONE", value_name = "URL")]
    pub demo_phone: Option<String>,

    /// Demo build only, for tests: the app's clock runs this many milliseconds ahead of the
    /// computer's (a restart "hours later" without waiting hours).
    #[cfg(feature = "demo")]
    #[arg(
        long,
        env = "MOSTRADOR_DEMO_CLOCK_AHEAD_MS",
        value_name = "MS",
        hide = true
    )]
    pub demo_clock_ahead_ms: Option<u32>,

    /// Folder of the built web UI to serve at / [default: ui/ beside the executable, else
    /// ui/dist in the current directory or in the checkout the executable was built in].
    #[arg(long, env = "MOSTRADOR_UI_DIR", value_name = "DIR")]
    pub ui_dir: Option<std::path::PathBuf>,
}

fn parse_ws_url(s: &str) -> Result<String, String> {
    let s = s.trim();
    if s.starts_with("ws://") || s.starts_with("wss://") {
        Ok(s.to_owned())
    } else {
        Err(format!("{s:?} is not a WebSocket URL (ws://… or wss://…)"))
    }
}

impl ServeArgs {
    /// The core's settings; the country is checked here so a typo stops startup early. What
    /// was given (flag or environment variable) is locked; the rest are defaults, which
    /// values saved from the Settings screen replace.
    pub fn config(&self) -> Result<Config, Error> {
        let mut config = Config::default();
        if let Some(country) = &self.country {
            mostrador_core::phone::parse_country(country)
                .map_err(|e| Error::Setting(format!("--country: {}", e.message)))?;
            config.default_country = country.trim().to_ascii_uppercase();
            config.locked.push(SettingName::DefaultCountry);
        }
        if let Some(ms) = self.pacing_ms {
            config.pacing.min_gap = Duration::from_millis(ms);
            config.locked.push(SettingName::PacingMs);
        }
        if let Some(ms) = self.jitter_ms {
            config.pacing.jitter = Duration::from_millis(ms);
            config.locked.push(SettingName::JitterMs);
        }
        if let Some(n) = self.max_attempts {
            config.retry.max_attempts = n;
            config.locked.push(SettingName::MaxAttempts);
        }
        if let Some(ms) = self.expire_after_ms {
            config.expire_after = Duration::from_millis(ms);
            config.locked.push(SettingName::ExpireAfterMs);
        }
        Ok(config)
    }

    pub fn api_options(&self) -> Result<ApiOptions, Error> {
        Ok(ApiOptions {
            rate_limit: rate_limit(self.rate_limit),
            demo_phone: self.demo_phone()?,
            ui_dir: crate::ui_dir::resolve(self.ui_dir.as_deref())?,
        })
    }

    /// The clock the service keeps time by: the computer's (a demo build may be set ahead).
    pub fn clock(&self) -> Arc<dyn Clock> {
        #[cfg(feature = "demo")]
        if let Some(ms) = self.demo_clock_ahead_ms {
            return Arc::new(crate::demo_clock::AheadClock {
                by_ms: i64::from(ms),
            });
        }
        Arc::new(SystemClock)
    }

    /// The WhatsApp server to dial (`None`: WhatsApp's own). A demo build accepts the fake
    /// network's certificate — so it may only ever dial this computer: anything else (or
    /// WhatsApp's real servers, by default) is refused before anything starts.
    pub fn engine_url(&self) -> Result<Option<String>, Error> {
        if cfg!(feature = "demo") && self.engine == "whatsapp" {
            let url = self.wa_url.as_deref().ok_or_else(|| {
                Error::Setting(
                    "this demo build only talks to the built-in fake WhatsApp network: give \
                     its address with --wa-url ws://127.0.0.1:PORT/… (npm run demo does), or \
                     use a release build for the real WhatsApp"
                        .into(),
                )
            })?;
            if !is_loopback_url(url) {
                return Err(Error::Setting(format!(
                    "--wa-url: a demo build only talks to a fake network on this computer \
                     (127.0.0.1, [::1] or localhost), not {url:?}: it does not check the \
                     server's certificate"
                )));
            }
        }
        Ok(self.wa_url.clone())
    }

    #[cfg(feature = "demo")]
    fn demo_phone(&self) -> Result<Option<mostrador_core::demo::DemoPhone>, Error> {
        self.demo_phone
            .as_deref()
            .map(crate::demo_phone::connect)
            .transpose()
            .map_err(|e| Error::Setting(format!("--demo-phone: {e}")))
    }

    #[cfg(not(feature = "demo"))]
    fn demo_phone(&self) -> Result<Option<mostrador_core::demo::DemoPhone>, Error> {
        Ok(None)
    }
}

/// `ws://127.0.0.1:4100/…`, `wss://[::1]/…`, `ws://localhost:9/…`: this computer only.
fn is_loopback_url(url: &str) -> bool {
    let Ok(uri) = url.parse::<axum::http::Uri>() else {
        return false;
    };
    let Some(host) = uri.host() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn rate_limit(per_second: f64) -> Option<RateLimit> {
    if per_second == 0.0 {
        return None;
    }
    let default = RateLimit::default();
    // Allow at least one second's worth in a burst, so a higher rate is really usable.
    let one_second = per_second.ceil().min(f64::from(u32::MAX)) as u32;
    Some(RateLimit {
        per_second,
        burst: default.burst.max(one_second),
    })
}

fn parse_rate(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(n) if n.is_finite() && n >= 0.0 => Ok(n),
        _ => Err(format!(
            "{s:?} is not a number of requests per second (use 0 to turn the limit off)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        serve: ServeArgs,
    }

    fn parse(args: &[&str]) -> Result<ServeArgs, clap::Error> {
        Cli::try_parse_from(std::iter::once("serve").chain(args.iter().copied())).map(|c| c.serve)
    }

    #[test]
    fn a_demo_build_dials_only_this_computer() {
        for url in [
            "ws://127.0.0.1:4100/ws/chat",
            "wss://127.3.4.5/x",
            "ws://[::1]:9/ws",
            "ws://LOCALHOST:80/",
        ] {
            let args = parse(&["--wa-url", url]).unwrap();
            assert_eq!(args.engine_url().unwrap().as_deref(), Some(url));
        }
        for url in [
            "wss://web.whatsapp.com/ws/chat",
            "ws://192.168.1.10:4100/ws",
            "ws://127.0.0.1.evil.example/ws",
            "ws://localhost.evil.example/",
        ] {
            let args = parse(&["--wa-url", url]).unwrap();
            let verdict = args.engine_url();
            if cfg!(feature = "demo") {
                let err = verdict.unwrap_err().to_string();
                assert!(
                    err.contains("--wa-url") && err.contains("certificate"),
                    "{err}"
                );
            } else {
                assert!(
                    verdict.is_ok(),
                    "a release build checks certificates: {url}"
                );
            }
        }
        // No URL: WhatsApp's own servers — never from a demo build; `--engine none` dials none.
        assert_eq!(
            parse(&[]).unwrap().engine_url().is_err(),
            cfg!(feature = "demo")
        );
        assert!(parse(&["--engine", "none"]).unwrap().engine_url().is_ok());
    }

    #[test]
    fn defaults_match_the_documented_ones() {
        let args = parse(&[]).unwrap();
        assert_eq!(args.port, 3107);
        let config = args.config().unwrap();
        assert_eq!(config.default_country, "BO");
        assert_eq!(config.pacing.min_gap, Duration::from_millis(1000));
        assert_eq!(config.pacing.jitter, Duration::from_millis(500));
        assert_eq!(config.retry.max_attempts, 5);
        assert!(
            config.locked.is_empty(),
            "defaults leave Settings free to change"
        );
        let limit = args.api_options().unwrap().rate_limit.unwrap();
        assert_eq!(limit.per_second, RateLimit::default().per_second);
        assert_eq!(limit.burst, RateLimit::default().burst);
    }

    #[test]
    fn flags_become_settings() {
        let args = parse(&[
            "--country",
            "mx",
            "--pacing-ms",
            "0",
            "--jitter-ms",
            "0",
            "--max-attempts",
            "2",
            "--expire-after-ms",
            "120000",
            "--rate-limit",
            "0",
        ])
        .unwrap();
        let config = args.config().unwrap();
        assert_eq!(config.default_country, "MX");
        assert_eq!(config.pacing.min_gap, Duration::ZERO);
        assert_eq!(config.retry.max_attempts, 2);
        assert_eq!(config.expire_after, Duration::from_secs(120));
        // Every setting with a flag (webhooks_lan and customer_wait_ms have none: a
        // manager's choice only).
        let flagged: Vec<_> = SettingName::ALL
            .into_iter()
            .filter(|n| !matches!(n, SettingName::WebhooksLan | SettingName::CustomerWaitMs))
            .collect();
        assert_eq!(config.locked, flagged);
        assert!(args.api_options().unwrap().rate_limit.is_none());
        let one = parse(&["--jitter-ms", "100"]).unwrap().config().unwrap();
        assert_eq!(one.locked, [SettingName::JitterMs]);
        assert_eq!(one.pacing.min_gap, Duration::from_millis(1000));

        let limited = parse(&["--rate-limit", "50"])
            .unwrap()
            .api_options()
            .unwrap();
        let limit = limited.rate_limit.unwrap();
        assert_eq!(limit.per_second, 50.0);
        assert!(limit.burst >= 50);
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(parse(&["--rate-limit", "-1"]).is_err());
        assert!(parse(&["--rate-limit", "lots"]).is_err());
        assert!(parse(&["--max-attempts", "0"]).is_err());
        assert!(parse(&["--max-attempts", "1001"]).is_err());
        assert!(parse(&["--pacing-ms", "60001"]).is_err());
        assert!(parse(&["--jitter-ms", "-1"]).is_err());
        assert!(parse(&["--port", "70000"]).is_err());
        let err = parse(&["--country", "Bolivia"])
            .unwrap()
            .config()
            .unwrap_err();
        assert!(matches!(err, Error::Setting(_)), "{err}");
    }
}
