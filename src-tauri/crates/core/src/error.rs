//! The core's one error: a stable code a program can branch on, and a sentence for people.

use mostrador_store::StoreError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Stable error codes, shared by the API (`error.code`) and the UI (which localises them):
/// every error either surface returns has one of these. A code exists only where some
/// consumer acts on it differently. Serialized as `as_str` says (`INVALID_RECIPIENT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Code {
    /// Malformed or missing input that no more specific code covers.
    ValidationError,
    InvalidRecipient,
    TextEmpty,
    TextTooLong,
    MediaMissing,
    MediaTooLarge,
    UnsupportedMediaType,
    MimeMismatch,
    InvalidBase64,
    InvalidLocation,
    InvalidContact,
    InvalidPoll,
    /// The same `Idempotency-Key` came with a different request.
    IdempotencyConflict,
    /// The operation does not fit the message's current status (e.g. cancel a sent message).
    InvalidState,
    NotFound,
    /// WhatsApp is not connected right now; queued messages will wait.
    NotConnected,
    /// There is no QR code to show (not pairing).
    NoQr,
    Unauthorized,
    Forbidden,
    PayloadTooLarge,
    RateLimited,
    /// Too many large sends are being received at once; try again after a short wait.
    Busy,
    MethodNotAllowed,
    /// Some rows of a batch are not valid (each is listed in `rows`); nothing was stored.
    InvalidRows,
    /// A batch row lacks a variable its template uses.
    MissingVariable,
    /// A batch lists the same recipient twice.
    DuplicateRecipient,
    EngineError,
    Internal,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::ValidationError => "VALIDATION_ERROR",
            Code::InvalidRecipient => "INVALID_RECIPIENT",
            Code::TextEmpty => "TEXT_EMPTY",
            Code::TextTooLong => "TEXT_TOO_LONG",
            Code::MediaMissing => "MEDIA_MISSING",
            Code::MediaTooLarge => "MEDIA_TOO_LARGE",
            Code::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
            Code::MimeMismatch => "MIME_MISMATCH",
            Code::InvalidBase64 => "INVALID_BASE64",
            Code::InvalidLocation => "INVALID_LOCATION",
            Code::InvalidContact => "INVALID_CONTACT",
            Code::InvalidPoll => "INVALID_POLL",
            Code::IdempotencyConflict => "IDEMPOTENCY_CONFLICT",
            Code::InvalidState => "INVALID_STATE",
            Code::NotFound => "NOT_FOUND",
            Code::NotConnected => "NOT_CONNECTED",
            Code::NoQr => "NO_QR",
            Code::Unauthorized => "UNAUTHORIZED",
            Code::Forbidden => "FORBIDDEN",
            Code::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            Code::RateLimited => "RATE_LIMITED",
            Code::Busy => "BUSY",
            Code::MethodNotAllowed => "METHOD_NOT_ALLOWED",
            Code::InvalidRows => "INVALID_ROWS",
            Code::MissingVariable => "MISSING_VARIABLE",
            Code::DuplicateRecipient => "DUPLICATE_RECIPIENT",
            Code::EngineError => "ENGINE_ERROR",
            Code::Internal => "INTERNAL",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    pub code: Code,
    pub message: String,
    /// With `INVALID_ROWS`: every row that is not valid, and why.
    pub rows: Vec<RowError>,
}

/// One row of a batch (a recipient) that cannot be sent, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct RowError {
    /// The row's position in `recipients` (or the CSV's data rows), from 0.
    pub index: usize,
    /// `INVALID_RECIPIENT`, `MISSING_VARIABLE`, `DUPLICATE_RECIPIENT`, `TEXT_TOO_LONG`, …
    pub code: Code,
    pub message: String,
}

impl Error {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            rows: Vec::new(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Error::new(Code::ValidationError, message)
    }

    pub fn not_found(what: &str) -> Self {
        Error::new(Code::NotFound, format!("{what} not found"))
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        tracing::error!(error = %e, "store failure");
        Error::new(
            Code::Internal,
            "the message database failed; see the app log",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::PartialSchema;

    /// Every variant, as the OpenAPI schema lists them (it is derived from the enum, so
    /// none can be missed), reads back to itself and writes as `as_str` says.
    #[test]
    fn serde_and_as_str_agree_for_every_code() {
        let schema = serde_json::to_value(Code::schema()).unwrap();
        let names = schema["enum"].as_array().unwrap();
        assert!(names.len() >= 20, "{schema}");
        for name in names {
            let code: Code = serde_json::from_value(name.clone()).unwrap();
            assert_eq!(code.as_str(), name, "{code:?}");
            assert_eq!(serde_json::to_value(code).unwrap(), *name);
            assert_eq!(code.to_string(), code.as_str());
        }
    }
}
