//! What customers wrote to the shop: the list (by sender, unread, or the answers to one of
//! the shop's messages), one message, its attachment (fetched from WhatsApp when asked), and
//! marking it seen.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use mostrador_core::input::ReceivedParams;
use mostrador_core::types::{Page, Received};

use crate::caller::Who;
use crate::envelope::{ApiError, Envelope, ErrorEnvelope, ok};
use crate::extract::ApiQuery;
use crate::state::AppState;

/// Newest first.
#[utoipa::path(get, path = "/api/v1/received", tag = "received", security(("api_key" = [])),
    params(ReceivedParams),
    responses((status = 200, body = inline(Envelope<Page<Received>>)),
              (status = 400, body = ErrorEnvelope)))]
pub async fn list(
    State(s): State<AppState>,
    who: Who,
    ApiQuery(mut p): ApiQuery<ReceivedParams>,
) -> Result<Response, ApiError> {
    p.profile = who.profile(&s, p.profile.take())?;
    let query = p.into_query(s.service.country())?;
    Ok(ok(StatusCode::OK, s.service.received_list(query).await?))
}

/// What customers wrote in answer to one of the shop's messages (the last one sent to them
/// before they wrote), newest first.
#[utoipa::path(get, path = "/api/v1/messages/{id}/replies", tag = "received", security(("api_key" = [])),
    params(("id" = String, Path, description = "The shop's message id")),
    responses((status = 200, body = inline(Envelope<Page<Received>>)),
              (status = 404, body = ErrorEnvelope)))]
pub async fn replies(
    State(s): State<AppState>,
    who: Who,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    who.owns(&s, &s.service.message(&id).await?.profile)?;
    let query = ReceivedParams {
        reply_to: Some(id),
        ..ReceivedParams::default()
    }
    .into_query(s.service.country())?;
    Ok(ok(StatusCode::OK, s.service.received_list(query).await?))
}

/// How many received messages nobody at the shop has seen yet: `{"unread": n}`.
#[utoipa::path(get, path = "/api/v1/received/unread", tag = "received", security(("api_key" = [])),
    responses((status = 200, body = inline(Envelope<serde_json::Value>))))]
pub async fn unread(State(s): State<AppState>) -> Result<Response, ApiError> {
    let n = s.service.unread_count().await?;
    Ok(ok(StatusCode::OK, serde_json::json!({ "unread": n })))
}

#[utoipa::path(get, path = "/api/v1/received/{id}", tag = "received", security(("api_key" = [])),
    params(("id" = String, Path, description = "The received message's id")),
    responses((status = 200, body = inline(Envelope<Received>)),
              (status = 404, body = ErrorEnvelope)))]
pub async fn get(
    State(s): State<AppState>,
    who: Who,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let received = s.service.received(&id).await?;
    who.owns(&s, &received.profile)?;
    Ok(ok(StatusCode::OK, received))
}

/// The attachment, fetched from WhatsApp now and decrypted (not kept on this computer).
#[utoipa::path(get, path = "/api/v1/received/{id}/media", tag = "received", security(("api_key" = [])),
    params(("id" = String, Path, description = "The received message's id")),
    responses((status = 200, description = "The file, with its type", body = Vec<u8>),
              (status = 404, description = "NOT_FOUND: no such message, or no attachment", body = ErrorEnvelope),
              (status = 503, description = "NOT_CONNECTED: WhatsApp is not connected", body = ErrorEnvelope)))]
pub async fn media(
    State(s): State<AppState>,
    who: Who,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    who.owns_read(&s, s.service.received(&id), |r| r.profile)
        .await?;
    let media = s.service.received_media(&id).await?;
    Ok(crate::attachment::answer(&media.mime_type, media.bytes))
}

/// Marks it, and the sender's earlier messages, as seen by the shop.
#[utoipa::path(post, path = "/api/v1/received/{id}/read", tag = "received", security(("api_key" = [])),
    params(("id" = String, Path, description = "The received message's id")),
    responses((status = 200, body = inline(Envelope<Received>)),
              (status = 404, body = ErrorEnvelope)))]
pub async fn read(
    State(s): State<AppState>,
    who: Who,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    who.owns_read(&s, s.service.received(&id), |r| r.profile)
        .await?;
    Ok(ok(StatusCode::OK, s.service.mark_received_read(&id).await?))
}
