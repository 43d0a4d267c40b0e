//! `POST /messages`: the POS's main call. Accepts JSON (media as base64) or multipart with a
//! `file` part (read by `SendBody`), an `Idempotency-Key`, and `?wait=sent` for flows that
//! must know before printing.

use std::time::Duration;

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use mostrador_core::Code;
use mostrador_core::input::SendRequest;
use mostrador_core::types::Message;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::caller::Who;
use crate::envelope::{ApiError, Envelope, ErrorEnvelope, ok};
use crate::extract::ApiQuery;
use crate::send_body::SendBody;
use crate::state::AppState;

#[derive(Deserialize, IntoParams)]
pub struct SendParams {
    /// `sent`: answer once WhatsApp's server has the message (200), or with the current
    /// status when the wait ends (202).
    pub wait: Option<String>,
    /// How long to wait, ms (default and maximum: the configured 15 s).
    pub timeout_ms: Option<u64>,
}

/// How long `?wait=sent` asks to wait for the server, if at all; read before the body, so a
/// wrong `wait` is refused before any of it is.
pub struct Wait(Option<Duration>);

impl<S: Send + Sync> FromRequestParts<S> for Wait {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let ApiQuery(params) = ApiQuery::<SendParams>::from_request_parts(parts, state).await?;
        match params.wait.as_deref() {
            None | Some("") => Ok(Wait(None)),
            Some("sent") => Ok(Wait(Some(Duration::from_millis(
                params.timeout_ms.unwrap_or(u64::MAX),
            )))),
            Some(other) => Err(ApiError::new(
                Code::ValidationError,
                format!("wait={other:?} is not supported; use wait=sent"),
            )),
        }
    }
}

/// Queues a message: 202 with the message (status `queued`); 200 when an idempotent repeat
/// returns the original, or when `?wait=sent` saw it reach the server.
#[utoipa::path(post, path = "/api/v1/messages", tag = "messages", security(("api_key" = [])),
    params(SendParams, ("Idempotency-Key" = Option<String>, Header, description = "Repeats within 24 h return the original")),
    request_body(content(
        (SendRequest = "application/json"),
        (SendRequest = "multipart/form-data"))),
    responses(
        (status = 202, description = "Queued", body = inline(Envelope<Message>)),
        (status = 200, description = "Sent (with ?wait=sent), or an idempotent repeat", body = inline(Envelope<Message>)),
        (status = 400, description = "Invalid input", body = ErrorEnvelope),
        (status = 409, description = "IDEMPOTENCY_CONFLICT", body = ErrorEnvelope),
        (status = 413, description = "Too large", body = ErrorEnvelope),
        (status = 422, description = "MIME_MISMATCH or UNSUPPORTED_MEDIA_TYPE", body = ErrorEnvelope),
        (status = 503, description = "BUSY: too many large sends at once; try again after `Retry-After` seconds", body = ErrorEnvelope)))]
pub async fn send(
    State(s): State<AppState>,
    who: Who,
    Wait(wait): Wait,
    mut body: SendBody,
) -> Result<Response, ApiError> {
    body.request.profile = who.profile(&s, body.request.profile.take())?;
    let draft = body.request.into_draft(body.file, body.idempotency_key)?;
    let sent = s.service.send(draft).await?;
    // Stored: the attachment is no longer in memory. Waiting for the server holds nothing.
    drop(body.admission);
    let mut message = sent.message;
    if let Some(timeout) = wait {
        message = s.service.wait_for_server(&message.id, timeout).await?;
    }
    let status = if !sent.created || (wait.is_some() && message.status.reached_server()) {
        StatusCode::OK
    } else {
        StatusCode::ACCEPTED
    };
    let mut resp = ok(status, message);
    if !sent.created {
        resp.headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(resp)
}
