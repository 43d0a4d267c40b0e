//! The settings a manager may change while the app runs — the shop's country, the pace of
//! sending, the retry limit — as the API and the UI see them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The settings in effect now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Settings {
    /// ISO 3166 code of the country for numbers written without a country code.
    #[schema(example = "BO")]
    pub default_country: String,
    /// Least time between two sends, in ms (0–60000).
    #[schema(example = 1000)]
    pub pacing_ms: u64,
    /// Random variation of that gap, either way, in ms (at most `pacing_ms`).
    #[schema(example = 500)]
    pub jitter_ms: u64,
    /// Attempts per message, the first included, before it is marked failed (1–1000).
    #[schema(example = 5)]
    pub max_attempts: u32,
    /// A message sent later that is found this long past its time (the computer was off)
    /// expires instead of going, in ms (1 minute to 7 days).
    #[schema(example = 43_200_000)]
    pub expire_after_ms: u64,
    /// Webhooks may use plain `http://` to the shop's own network (private addresses, names
    /// like `caja2` or `pos.local`), not only to this computer.
    pub webhooks_lan: bool,
    /// How long a message waits for its customer to write first, in ms (1 minute to 7
    /// days): a first message WhatsApp held back (`waiting`, the reach-out limit) and one
    /// sent to a claim code. Past it, the message expires unsent and the code stops working.
    #[schema(example = 86_400_000)]
    pub customer_wait_ms: u64,
    /// Settings fixed when Mostrador was started (a `serve` flag or its environment
    /// variable): shown here, changed only there.
    pub locked: Vec<SettingName>,
}

/// Some of the settings: what a request changes, or what has been saved. `None` leaves a
/// setting as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "MX")]
    pub default_country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 2000)]
    pub pacing_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jitter_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expire_after_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhooks_lan: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_wait_ms: Option<u64>,
}

impl SettingsPatch {
    pub fn is_empty(&self) -> bool {
        *self == SettingsPatch::default()
    }
}

/// A setting's name, as in the JSON.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SettingName {
    DefaultCountry,
    PacingMs,
    JitterMs,
    MaxAttempts,
    ExpireAfterMs,
    WebhooksLan,
    CustomerWaitMs,
}

impl SettingName {
    pub const ALL: [SettingName; 7] = [
        SettingName::DefaultCountry,
        SettingName::PacingMs,
        SettingName::JitterMs,
        SettingName::MaxAttempts,
        SettingName::ExpireAfterMs,
        SettingName::WebhooksLan,
        SettingName::CustomerWaitMs,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SettingName::DefaultCountry => "default_country",
            SettingName::PacingMs => "pacing_ms",
            SettingName::JitterMs => "jitter_ms",
            SettingName::MaxAttempts => "max_attempts",
            SettingName::ExpireAfterMs => "expire_after_ms",
            SettingName::WebhooksLan => "webhooks_lan",
            SettingName::CustomerWaitMs => "customer_wait_ms",
        }
    }

    pub fn parse(name: &str) -> Option<SettingName> {
        SettingName::ALL.into_iter().find(|n| n.as_str() == name)
    }
}

impl std::fmt::Display for SettingName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_the_json_fields() {
        for name in SettingName::ALL {
            let json = serde_json::to_value(name).unwrap();
            assert_eq!(json, name.as_str());
            assert_eq!(SettingName::parse(name.as_str()), Some(name));
        }
        let patch = SettingsPatch {
            default_country: Some("MX".into()),
            pacing_ms: Some(1),
            jitter_ms: Some(0),
            max_attempts: Some(3),
            expire_after_ms: Some(60_000),
            webhooks_lan: Some(true),
            customer_wait_ms: Some(3_600_000),
        };
        let json = serde_json::to_value(&patch).unwrap();
        let fields: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
        let mut want: Vec<_> = SettingName::ALL.map(|n| n.as_str().to_owned()).into();
        want.sort();
        assert_eq!(fields, want);
    }

    #[test]
    fn a_patch_refuses_unknown_fields_and_absent_ones_stay_none() {
        let p: SettingsPatch = serde_json::from_str(r#"{"pacing_ms":0}"#).unwrap();
        assert_eq!(p.pacing_ms, Some(0));
        assert!(p.default_country.is_none() && !p.is_empty());
        assert!(serde_json::from_str::<SettingsPatch>(r#"{"pacing":1}"#).is_err());
        assert!(serde_json::from_str::<SettingsPatch>("{}").is_ok_and(|p| p.is_empty()));
    }
}
