//! A claim: a message waiting for whoever writes its code to the shop's number.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClaimStatus {
    /// Waiting for a customer to write the code.
    Open,
    /// A customer wrote it: the message went to their number (`message_id`).
    Claimed,
    /// Nobody wrote it in time.
    Expired,
    /// Withdrawn by the shop.
    Cancelled,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Claim {
    /// As printed on the ticket.
    #[schema(example = "V-1042")]
    pub code: String,
    pub status: ClaimStatus,
    /// What the customer's phone sends (the link prefills it).
    #[schema(example = "Ticket V-1042")]
    pub text: String,
    /// `https://wa.me/<shop number>?text=…`: print it as a QR, or show it.
    pub link: String,
    /// The QR of `link` as a PNG, under the API.
    #[schema(example = "/api/v1/claims/V-1042/claim.png")]
    pub qr: String,
    pub created_at: i64,
    pub expires_at: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claimed_at: Option<i64>,
    /// The number that claimed it, E.164 with `+`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claimed_by: Option<String>,
    /// The message that went to that number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The number (profile id) the customer writes to, and that sends the message.
    #[serde(default = "crate::profile::default_id")]
    pub profile: String,
}
