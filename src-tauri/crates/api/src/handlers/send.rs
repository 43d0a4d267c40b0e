//! `POST /messages`: the POS's main call. Accepts JSON (media as base64) or multipart with a
//! `file` part, an `Idempotency-Key`, and `?wait=sent` for flows that must know before printing.
//! Large sends are admitted under the core's in-flight budget before their body is read: over
//! it, `503 BUSY` with `Retry-After`.

use std::time::Duration;

use axum::body::HttpBody;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use mostrador_core::Code;
use mostrador_core::types::Message;
use serde::Deserialize;
use utoipa::IntoParams;

use super::multipart::read_multipart;
use super::request::{SendRequest, message_body_limit, to_draft};
use crate::envelope::{ApiError, Envelope, ErrorEnvelope, ok};
use crate::extract::{ApiJson, ApiQuery};
use crate::state::AppState;

#[derive(Deserialize, IntoParams)]
pub struct SendParams {
    /// `sent`: answer once WhatsApp's server has the message (200), or with the current
    /// status when the wait ends (202).
    pub wait: Option<String>,
    /// How long to wait, ms (default and maximum: the configured 15 s).
    pub timeout_ms: Option<u64>,
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
    ApiQuery(params): ApiQuery<SendParams>,
    req: Request,
) -> Result<Response, ApiError> {
    let wait = match params.wait.as_deref() {
        None | Some("") => None,
        Some("sent") => Some(Duration::from_millis(params.timeout_ms.unwrap_or(u64::MAX))),
        Some(other) => {
            return Err(ApiError::new(
                Code::ValidationError,
                format!("wait={other:?} is not supported; use wait=sent"),
            ));
        }
    };
    let header_key = idempotency_header(req.headers())?;
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let multipart = content_type.starts_with("multipart/form-data");
    if !multipart && !content_type.starts_with("application/json") {
        let mut resp = ApiError::new(
            Code::ValidationError,
            "send the message as JSON (application/json) or multipart/form-data",
        )
        .into_response_with(StatusCode::UNSUPPORTED_MEDIA_TYPE);
        resp.headers_mut().insert(
            header::ACCEPT,
            HeaderValue::from_static("application/json, multipart/form-data"),
        );
        return Ok(resp);
    }
    // Admitted before the body is read, by its length. A JSON body of unknown length
    // (chunked) counts as the largest allowed; a multipart one streams to disk, so it is
    // counted once its file is known.
    let limit = message_body_limit(&s.service.config().limits);
    let mut admission = match body_length(&req) {
        // Too large anyway: refused before a byte of it is read.
        Some(n) if n > limit => {
            return Err(ApiError::new(
                Code::PayloadTooLarge,
                "the request body is too large",
            ));
        }
        Some(n) => Some(s.service.admit(n)?),
        None if !multipart => Some(s.service.admit(limit)?),
        None => None,
    };
    let (request, file) = if multipart {
        let multipart = Multipart::from_request(req, &()).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(Code::PayloadTooLarge, "the request body is too large")
            } else {
                ApiError::new(Code::ValidationError, e.body_text())
            }
        })?;
        read_multipart(&s.service, multipart).await?
    } else {
        let ApiJson(r) = ApiJson::<SendRequest>::from_request(req, &()).await?;
        (r, None)
    };
    if admission.is_none()
        && let Some(f) = &file
    {
        admission = Some(s.service.admit(f.data.size())?);
    }
    let draft = to_draft(request, file, header_key)?;
    let sent = s.service.send(draft).await?;
    // Stored: the attachment is no longer in memory. Waiting for the server holds nothing.
    drop(admission);
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

impl ApiError {
    fn into_response_with(self, status: StatusCode) -> Response {
        crate::envelope::error_response(status, self.0.code.as_str(), &self.0.message)
    }
}

fn idempotency_header(h: &HeaderMap) -> Result<Option<String>, ApiError> {
    h.get("idempotency-key")
        .map(|v| {
            v.to_str().map(str::to_owned).map_err(|_| {
                ApiError::new(
                    Code::ValidationError,
                    "the Idempotency-Key header must be visible ASCII",
                )
            })
        })
        .transpose()
}

/// What the body will hold at most: its exact length when the client said (Content-Length),
/// else its upper bound if any.
fn body_length(req: &Request) -> Option<u64> {
    let hint = req.body().size_hint();
    hint.exact().or(hint.upper()).or_else(|| {
        req.headers()
            .get(header::CONTENT_LENGTH)?
            .to_str()
            .ok()?
            .parse()
            .ok()
    })
}
