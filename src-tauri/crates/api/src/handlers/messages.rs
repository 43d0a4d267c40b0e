//! Reading the message log, and retrying or cancelling one message.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mostrador_core::types::time::parse_timestamp;
use mostrador_core::types::{Message, MessageQuery, Page, Status};
use mostrador_core::{Code, Service, phone};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::envelope::{ApiError, Envelope, ErrorEnvelope, ok};
use crate::extract::ApiQuery;
use crate::state::AppState;

#[derive(Deserialize, IntoParams)]
pub struct ListParams {
    /// Words to find in text, caption, file name or number (prefixes match).
    pub q: Option<String>,
    /// Comma-separated statuses, e.g. `failed,cancelled`.
    pub status: Option<String>,
    /// Only messages to this number or group.
    pub to: Option<String>,
    /// Created at or after: ms since the epoch, `2026-11-21` or RFC 3339.
    pub since: Option<String>,
    /// Created before: same forms as `since`.
    pub until: Option<String>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
    /// 1 to 500 (default 50).
    pub limit: Option<u32>,
}

fn bad(message: String) -> ApiError {
    ApiError::new(Code::ValidationError, message)
}

/// The query a `ListParams` asks for, with the shop's default country for `to`.
pub fn to_query(p: ListParams, service: &Service) -> Result<MessageQuery, ApiError> {
    let statuses = p
        .status
        .iter()
        .flat_map(|s| s.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|name| {
            Status::parse(name).ok_or_else(|| {
                let all: Vec<_> = Status::ALL.iter().map(|s| s.as_str()).collect();
                bad(format!("unknown status {name:?}; use {}", all.join(", ")))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let time = |v: Option<String>, what: &str| {
        v.map(|t| {
            parse_timestamp(&t).ok_or_else(|| {
                bad(format!(
                    "{what} {t:?} is not a date (2026-11-21, RFC 3339 or ms)"
                ))
            })
        })
        .transpose()
    };
    let country = service.country();
    let to =
        p.to.map(|t| phone::normalise(&t, country).map(|n| n.recipient))
            .transpose()?;
    let cursor = p
        .cursor
        .map(|c| {
            c.parse::<i64>()
                .map_err(|_| bad(format!("cursor {c:?} is not one this API gave out")))
        })
        .transpose()?;
    let limit = p.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(bad("limit must be between 1 and 500".into()));
    }
    Ok(MessageQuery {
        text: p.q.filter(|q| !q.trim().is_empty()),
        statuses,
        to,
        since: time(p.since, "since")?,
        until: time(p.until, "until")?,
        cursor,
        limit,
    })
}

/// The message log, newest first: search, filters, cursor pages.
#[utoipa::path(get, path = "/api/v1/messages", tag = "messages", security(("api_key" = [])),
    params(ListParams),
    responses((status = 200, body = inline(Envelope<Page<Message>>)),
              (status = 400, body = ErrorEnvelope)))]
pub async fn list(
    State(s): State<AppState>,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Response, ApiError> {
    let query = to_query(p, &s.service)?;
    Ok(ok(StatusCode::OK, s.service.messages(query).await?))
}

/// One message with its status history.
#[utoipa::path(get, path = "/api/v1/messages/{id}", tag = "messages", security(("api_key" = [])),
    params(("id" = String, Path, description = "The message id")),
    responses((status = 200, body = inline(Envelope<Message>)),
              (status = 404, body = ErrorEnvelope)))]
pub async fn get(State(s): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    Ok(ok(StatusCode::OK, s.service.message(&id).await?))
}

/// A media message's attachment (image, document, video or audio), as it was sent.
#[utoipa::path(get, path = "/api/v1/messages/{id}/media", tag = "messages", security(("api_key" = [])),
    params(("id" = String, Path, description = "The message id")),
    responses((status = 200, description = "The file, with its type", body = Vec<u8>),
              (status = 404, description = "NOT_FOUND: no such message, or no attachment", body = ErrorEnvelope)))]
pub async fn media(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (media, bytes) = s.service.attachment(&id).await?;
    let mime = HeaderValue::from_str(&media.mime_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    Ok((
        [
            (header::CONTENT_TYPE, mime),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
            // Shown by the browser, never run as a page of this origin.
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("sandbox"),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// Queues a failed message again, with the same WhatsApp id.
#[utoipa::path(post, path = "/api/v1/messages/{id}/retry", tag = "messages", security(("api_key" = [])),
    params(("id" = String, Path, description = "The message id")),
    responses((status = 202, body = inline(Envelope<Message>)),
              (status = 404, body = ErrorEnvelope),
              (status = 409, description = "INVALID_STATE: not failed", body = ErrorEnvelope)))]
pub async fn retry(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    Ok(ok(StatusCode::ACCEPTED, s.service.retry(&id).await?))
}

/// Cancels a message that has not been handed to WhatsApp yet.
#[utoipa::path(post, path = "/api/v1/messages/{id}/cancel", tag = "messages", security(("api_key" = [])),
    params(("id" = String, Path, description = "The message id")),
    responses((status = 200, body = inline(Envelope<Message>)),
              (status = 404, body = ErrorEnvelope),
              (status = 409, description = "INVALID_STATE: already sent", body = ErrorEnvelope)))]
pub async fn cancel(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    Ok(ok(StatusCode::OK, s.service.cancel(&id).await?))
}
