//! A batch as every surface receives it (the API's JSON, or its CSV upload read into the
//! same shape; the desktop's command): a name, one template, the recipients.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};
use utoipa::ToSchema;

use crate::input::SendRequest;

/// Most recipients one batch may have.
pub const MAX_RECIPIENTS: usize = 10_000;
/// Longest gap between items a batch may ask for: an hour.
pub const MAX_PACING_MS: u64 = 3_600_000;

/// A broadcast to send: one template, many recipients, each with its own variables.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    /// For people: shown in the list of broadcasts.
    #[schema(example = "Promo de diciembre")]
    pub name: String,
    /// The message, as `POST /messages` takes it but without `to`. `text` and `caption`
    /// may hold `{variable}` placeholders; `{{` writes a brace.
    #[serde(deserialize_with = "template")]
    pub template: SendRequest,
    /// 1 to 10,000. (In a CSV upload: the file's rows instead.)
    #[serde(default)]
    pub recipients: Vec<BatchRecipient>,
    /// Instead of `recipients`: every contact with this tag when the batch is accepted, with
    /// `{nombre}` (and `{name}`) their names. Contacts who want no broadcasts are skipped —
    /// as in every broadcast.
    #[schema(example = "clientes frecuentes")]
    pub tag: Option<String>,
    /// The minimum gap between this batch's items, ms (default: the shop's pacing).
    pub pacing_ms: Option<u64>,
    /// A random ± added to each gap, ms (at most `pacing_ms`).
    pub jitter_ms: Option<u64>,
    /// Send no item before this time: RFC 3339 with its offset (items wait as `scheduled`).
    #[schema(example = "2026-12-24T09:00:00-04:00")]
    pub send_at: Option<String>,
    /// Store the valid rows and report the others, instead of storing nothing.
    #[serde(default)]
    pub skip_invalid: bool,
    /// Same as the `Idempotency-Key` header.
    pub idempotency_key: Option<String>,
    /// The WhatsApp number that sends it: a profile's id or name (default: the main one).
    #[schema(example = "Entregas")]
    pub profile: Option<String>,
}

/// One recipient and the values of its placeholders.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchRecipient {
    /// A phone number in any common form, or a group id (`...@g.us`).
    #[schema(example = "+591 7123-4567")]
    pub to: String,
    /// Placeholder name → value; numbers are taken as written.
    #[serde(default, deserialize_with = "scalars")]
    #[schema(value_type = Object, example = json!({"nombre": "Ana", "monto": 50}))]
    pub variables: BTreeMap<String, String>,
}

/// A send request without `to` (each recipient is given in `recipients`).
fn template<'de, D: Deserializer<'de>>(d: D) -> Result<SendRequest, D::Error> {
    use serde::de::Error;
    let mut value = serde_json::Value::deserialize(d)?;
    let fields = value
        .as_object_mut()
        .ok_or_else(|| D::Error::custom("the template must be an object"))?;
    if fields.contains_key("to") {
        return Err(D::Error::custom(
            "the template takes no `to`: each recipient goes in `recipients`",
        ));
    }
    fields.insert("to".into(), serde_json::Value::String(String::new()));
    SendRequest::deserialize(value).map_err(D::Error::custom)
}

/// Values as a spreadsheet gives them: text, or numbers and booleans written out.
fn scalars<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    let raw = BTreeMap::<String, serde_json::Value>::deserialize(d)?;
    raw.into_iter()
        .map(|(k, v)| {
            let v = match v {
                serde_json::Value::String(s) => s,
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::Bool(b) => b.to_string(),
                serde_json::Value::Null => String::new(),
                _ => {
                    return Err(serde::de::Error::custom(format!(
                        "variable {k:?} must be text or a number"
                    )));
                }
            };
            Ok((k, v))
        })
        .collect()
}
