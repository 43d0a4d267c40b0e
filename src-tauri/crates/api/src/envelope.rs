//! One shape for every answer: `{"success":true,"data":…}` or
//! `{"success":false,"error":{"code":"…","message":"…"}}` — including 404, 405, 413 and 429.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mostrador_core::{Code, Error, RowError};
use serde::Serialize;
use utoipa::ToSchema;

/// A successful answer.
#[derive(Serialize, ToSchema)]
pub struct Envelope<T> {
    /// Always true.
    pub success: bool,
    pub data: T,
}

/// A failed answer.
#[derive(Serialize, ToSchema)]
pub struct ErrorEnvelope {
    /// Always false.
    pub success: bool,
    pub error: ErrorBody,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// Stable, machine-readable, e.g. `INVALID_RECIPIENT`.
    pub code: Code,
    /// For people.
    pub message: String,
    /// With `INVALID_ROWS`: each batch row that is not valid (its index from 0, its code,
    /// why). Absent otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<RowError>,
}

pub fn ok<T: Serialize>(status: StatusCode, data: T) -> Response {
    (
        status,
        Json(Envelope {
            success: true,
            data,
        }),
    )
        .into_response()
}

/// An error answer; wraps the core's error so handlers can use `?`.
#[derive(Debug)]
pub struct ApiError(pub Error);

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError(e)
    }
}

impl ApiError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        ApiError(Error::new(code, message))
    }
}

pub fn status_for(code: Code) -> StatusCode {
    match code {
        Code::ValidationError
        | Code::InvalidRecipient
        | Code::TextEmpty
        | Code::TextTooLong
        | Code::MediaMissing
        | Code::InvalidBase64
        | Code::InvalidLocation
        | Code::InvalidContact
        | Code::InvalidPoll
        | Code::InvalidRows
        | Code::MissingVariable
        | Code::DuplicateRecipient => StatusCode::BAD_REQUEST,
        Code::UnsupportedMediaType | Code::MimeMismatch => StatusCode::UNPROCESSABLE_ENTITY,
        Code::MediaTooLarge | Code::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        Code::IdempotencyConflict | Code::InvalidState | Code::NoQr => StatusCode::CONFLICT,
        Code::NotFound => StatusCode::NOT_FOUND,
        Code::NotConnected | Code::Busy => StatusCode::SERVICE_UNAVAILABLE,
        Code::Unauthorized => StatusCode::UNAUTHORIZED,
        Code::Forbidden => StatusCode::FORBIDDEN,
        Code::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        Code::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        Code::EngineError => StatusCode::BAD_GATEWAY,
        Code::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let busy = self.0.code == Code::Busy;
        let body = ErrorEnvelope {
            success: false,
            error: ErrorBody {
                code: self.0.code,
                message: self.0.message,
                rows: self.0.rows,
            },
        };
        let mut response = (status_for(body.error.code), Json(body)).into_response();
        if busy {
            // The core's advice, in the form HTTP clients (and POS retry logic) understand.
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(mostrador_core::budget::RETRY_AFTER.as_secs()),
            );
        }
        response
    }
}

/// An error answer with a status of its own (most take `status_for` their code).
pub fn error_response(status: StatusCode, code: Code, message: &str) -> Response {
    let body = ErrorEnvelope {
        success: false,
        error: ErrorBody {
            code,
            message: message.to_owned(),
            rows: Vec::new(),
        },
    };
    (status, Json(body)).into_response()
}

/// The safety net: any error answer that is not already our JSON (a framework rejection,
/// a layer's plain-text 413) is rewritten into the envelope, so clients parse one shape.
pub async fn envelope_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (code, message) = match status {
        StatusCode::NOT_FOUND => (Code::NotFound, NO_SUCH_ROUTE),
        StatusCode::METHOD_NOT_ALLOWED => (
            Code::MethodNotAllowed,
            "this route does not accept that method",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (Code::PayloadTooLarge, "the request body is too large"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            Code::ValidationError,
            "send the body as JSON or multipart/form-data",
        ),
        s if s.is_client_error() => (Code::ValidationError, "the request is not valid"),
        _ => (Code::Internal, "internal error; see the app log"),
    };
    let mut fresh = error_response(status, code, message);
    // Keep headers such as Retry-After or Allow from the original answer.
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            fresh.headers_mut().insert(name.clone(), value.clone());
        }
    }
    fresh
}

/// What a request for a path nothing answers is told.
pub const NO_SUCH_ROUTE: &str = "no such route; see /api/v1/docs";

pub async fn not_found() -> ApiError {
    ApiError::new(Code::NotFound, NO_SUCH_ROUTE)
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        Code::MethodNotAllowed,
        "this route does not accept that method",
    )
}
