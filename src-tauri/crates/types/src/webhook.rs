//! Webhooks: where the POS wants to be told of changes, how each endpoint is doing, and the
//! recent attempts to reach it.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An endpoint that receives events, signed per the Standard Webhooks specification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Webhook {
    pub id: String,
    pub url: String,
    /// The event types it wants: names (`message.delivered`) or families (`message.*`).
    pub events: Vec<String>,
    pub enabled: bool,
    pub health: WebhookHealth,
    /// Since when every attempt has failed (ms), while it is failing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failing_since: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_success_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// How an endpoint is doing: `ok`, `failing` (its last attempts failed; events wait and are
/// retried), or `gone` (it answered 410 Gone, so it was turned off).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WebhookHealth {
    Ok,
    Failing,
    Gone,
}

/// A new webhook, with its signing secret: shown this once, kept only in the secret store.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WebhookCreated {
    pub webhook: Webhook,
    /// `whsec_` and the key in base64, as the Standard Webhooks libraries take it.
    pub secret: String,
}

/// One attempt to deliver an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Delivery {
    /// The event's id, the same on every attempt (`webhook-id`).
    pub event_id: String,
    pub event_type: String,
    /// 1 for the first attempt at this event.
    pub attempt: u32,
    pub at: i64,
    /// The receiver's HTTP status, when it answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    pub latency_ms: u64,
    /// Why it did not count as delivered, in words (no answer, timeout, a non-2xx status).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The same, as a code a screen can say in its own language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<DeliveryProblem>,
}

/// Why an attempt failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryProblem {
    /// The receiver answered, with a status other than 2xx (`http_status`).
    Status,
    /// No answer in time.
    Timeout,
    /// Nothing listens at that address.
    Refused,
    /// The address cannot be reached (name, network, TLS).
    Unreachable,
    /// The attempt itself stopped (Mostrador was shutting down).
    Stopped,
}

impl DeliveryProblem {
    pub const ALL: [DeliveryProblem; 5] = [
        DeliveryProblem::Status,
        DeliveryProblem::Timeout,
        DeliveryProblem::Refused,
        DeliveryProblem::Unreachable,
        DeliveryProblem::Stopped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryProblem::Status => "status",
            DeliveryProblem::Timeout => "timeout",
            DeliveryProblem::Refused => "refused",
            DeliveryProblem::Unreachable => "unreachable",
            DeliveryProblem::Stopped => "stopped",
        }
    }

    pub fn parse(s: &str) -> Option<DeliveryProblem> {
        DeliveryProblem::ALL.into_iter().find(|p| p.as_str() == s)
    }
}
