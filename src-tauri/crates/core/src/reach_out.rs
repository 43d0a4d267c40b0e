//! WhatsApp's reach-out limit: a first message to someone who never wrote to the shop's
//! number may be refused (error 463) until they do. Peers' advice, and ours: do not re-pair
//! or retry in a loop — hold the message and send it the moment the customer writes.

use mostrador_types::ErrorInfo;

/// The code a held message carries (the UI and the API explain it by this code).
pub const HELD: &str = "REACH_OUT_LIMIT";

/// Whether an engine's refusal code is the reach-out limit.
pub fn is_limit(code: &str) -> bool {
    code == "NACK_463"
}

/// Why a message waits.
pub fn held() -> ErrorInfo {
    ErrorInfo {
        code: HELD.into(),
        message: "WhatsApp holds a first message to someone who has never written to this \
                  number (error 463); it goes as soon as the customer writes"
            .into(),
    }
}
