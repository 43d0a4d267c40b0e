//! Reading the message log, and retrying or cancelling one message.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use mostrador_core::input::{ListParams, MessageEdit};
use mostrador_core::types::{Message, Page};

use crate::caller::Who;
use crate::envelope::{ApiError, Envelope, ErrorEnvelope, ok};
use crate::extract::{ApiJson, ApiQuery};
use crate::state::AppState;

/// The message log, newest first: search, filters, cursor pages.
#[utoipa::path(get, path = "/api/v1/messages", tag = "messages", security(("api_key" = [])),
    params(ListParams),
    responses((status = 200, body = inline(Envelope<Page<Message>>)),
              (status = 400, body = ErrorEnvelope)))]
pub async fn list(
    State(s): State<AppState>,
    who: Who,
    ApiQuery(mut p): ApiQuery<ListParams>,
) -> Result<Response, ApiError> {
    p.profile = who.profile(&s, p.profile.take())?;
    let query = p.into_query(s.service.country())?;
    Ok(ok(StatusCode::OK, s.service.messages(query).await?))
}

/// One message with its status history.
#[utoipa::path(get, path = "/api/v1/messages/{id}", tag = "messages", security(("api_key" = [])),
    params(("id" = String, Path, description = "The message id")),
    responses((status = 200, body = inline(Envelope<Message>)),
              (status = 404, body = ErrorEnvelope)))]
pub async fn get(
    State(s): State<AppState>,
    who: Who,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let m = s.service.message(&id).await?;
    who.owns(&s, &m.profile)?;
    Ok(ok(StatusCode::OK, m))
}

/// A media message's attachment (image, document, video or audio), as it was sent.
#[utoipa::path(get, path = "/api/v1/messages/{id}/media", tag = "messages", security(("api_key" = [])),
    params(("id" = String, Path, description = "The message id")),
    responses((status = 200, description = "The file, with its type", body = Vec<u8>),
              (status = 404, description = "NOT_FOUND: no such message, or no attachment", body = ErrorEnvelope)))]
pub async fn media(
    State(s): State<AppState>,
    who: Who,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    who.owns_read(&s, s.service.message(&id), |m| m.profile)
        .await?;
    let (media, bytes) = s.service.attachment(&id).await?;
    Ok(crate::attachment::answer(&media.mime_type, bytes))
}

/// Queues a failed message again, with the same WhatsApp id.
#[utoipa::path(post, path = "/api/v1/messages/{id}/retry", tag = "messages", security(("api_key" = [])),
    params(("id" = String, Path, description = "The message id")),
    responses((status = 202, body = inline(Envelope<Message>)),
              (status = 404, body = ErrorEnvelope),
              (status = 409, description = "INVALID_STATE: not failed", body = ErrorEnvelope)))]
pub async fn retry(
    State(s): State<AppState>,
    who: Who,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    who.owns_read(&s, s.service.message(&id), |m| m.profile)
        .await?;
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
    who: Who,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    who.owns_read(&s, s.service.message(&id), |m| m.profile)
        .await?;
    Ok(ok(StatusCode::OK, s.service.cancel(&id).await?))
}

/// Changes a message that still waits for its time (`scheduled`): when it goes, its text or
/// its caption. Refused once it is being sent.
#[utoipa::path(patch, path = "/api/v1/messages/{id}", tag = "messages", security(("api_key" = [])),
    params(("id" = String, Path, description = "The message id")),
    request_body = MessageEdit,
    responses((status = 200, body = inline(Envelope<Message>)),
              (status = 400, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope),
              (status = 409, description = "INVALID_STATE: no longer scheduled", body = ErrorEnvelope)))]
pub async fn edit(
    State(s): State<AppState>,
    who: Who,
    Path(id): Path<String>,
    ApiJson(edit): ApiJson<MessageEdit>,
) -> Result<Response, ApiError> {
    who.owns_read(&s, s.service.message(&id), |m| m.profile)
        .await?;
    Ok(ok(StatusCode::OK, s.service.reschedule(&id, edit).await?))
}
