//! A webhook as a manager or the POS gives it: to add one (`url` required; `events` default
//! to all) or to change one (only what is given changes).

use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookInput {
    /// `https://…` anywhere; `http://` only to this computer, or to the shop's network when
    /// Settings allows it. Redirects are not followed.
    #[schema(example = "http://127.0.0.1:8080/mostrador")]
    pub url: Option<String>,
    /// Event types (`message.delivered`), families (`message.*`) or `*` (the default).
    #[schema(example = json!(["message.*", "batch.completed"]))]
    pub events: Option<Vec<String>>,
    /// Off: nothing is sent (nor kept for later); on again, it starts from then.
    pub enabled: Option<bool>,
}
