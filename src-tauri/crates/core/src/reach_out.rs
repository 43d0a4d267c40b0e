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

/// The code a held message ends with when its customer never wrote.
pub const NOT_WRITTEN: &str = "CUSTOMER_DID_NOT_WRITE";

/// Why a held message expired: nobody wrote within `wait_ms`.
pub fn not_written(wait_ms: u64) -> ErrorInfo {
    let hours = wait_ms as f64 / 3_600_000.0;
    ErrorInfo {
        code: NOT_WRITTEN.into(),
        message: format!(
            "the customer did not write to the shop's number within {hours:.1} h \
             (customer_wait_ms), so WhatsApp never delivered it; it was not sent"
        ),
    }
}

/// Messages held at this time (ms) or earlier have waited long enough.
pub fn held_before(now: i64, wait_ms: u64) -> i64 {
    now.saturating_sub(i64::try_from(wait_ms).unwrap_or(i64::MAX))
}
