//! Batches (broadcasts): accept one (JSON, or a CSV upload), list them, read one with its
//! progress and its items, and pause, resume or cancel it.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use mostrador_core::BatchAccepted;
use mostrador_core::batches::BatchRequest;
use mostrador_core::input::ListParams;
use mostrador_core::types::{Batch, Message, Page};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::batch_body::BatchBody;
use crate::caller::Who;
use crate::envelope::{ApiError, Envelope, ErrorEnvelope, ok};
use crate::extract::ApiQuery;
use crate::state::AppState;

/// Accepts a batch: every row is checked first; then the batch and all its items are stored
/// in one commit before the `202`. Bad rows: `400 INVALID_ROWS` with `error.rows` listing each
/// (`index`, `code`, `message`) and nothing stored — or, with `skip_invalid: true`, the valid
/// rows stored and the others in `data.rejected`. As multipart: a `request` field (this JSON
/// without `recipients`), a `csv` file (UTF-8, `,` or `;`), `number_column` (default
/// `number`; the other columns become variables) and the template's `file` if it has one.
#[utoipa::path(post, path = "/api/v1/batches", tag = "batches", security(("api_key" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Repeats within 24 h return the original")),
    request_body(content(
        (BatchRequest = "application/json"),
        (BatchRequest = "multipart/form-data"))),
    responses(
        (status = 202, description = "Accepted: every item is on disk", body = inline(Envelope<BatchAccepted>)),
        (status = 200, description = "An idempotent repeat: the original", body = inline(Envelope<BatchAccepted>)),
        (status = 400, description = "INVALID_ROWS (with `error.rows`), or other invalid input", body = ErrorEnvelope),
        (status = 409, description = "IDEMPOTENCY_CONFLICT", body = ErrorEnvelope),
        (status = 413, description = "Too large", body = ErrorEnvelope)))]
pub async fn create(
    State(s): State<AppState>,
    who: Who,
    mut body: BatchBody,
) -> Result<Response, ApiError> {
    body.request.profile = who.profile(&s, body.request.profile.take())?;
    let accepted = s
        .service
        .create_batch(body.request, body.file, body.idempotency_key)
        .await?;
    let created = accepted.created;
    let mut resp = ok(
        if created {
            StatusCode::ACCEPTED
        } else {
            StatusCode::OK
        },
        accepted,
    );
    if !created {
        resp.headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(resp)
}

#[derive(Deserialize, IntoParams)]
pub struct BatchPage {
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
    /// 1 to 100 (default 20).
    pub limit: Option<u32>,
}

/// Batches, newest first, each with its counts.
#[utoipa::path(get, path = "/api/v1/batches", tag = "batches", security(("api_key" = [])),
    params(BatchPage),
    responses((status = 200, body = inline(Envelope<Page<Batch>>)),
              (status = 400, body = ErrorEnvelope)))]
pub async fn list(
    State(s): State<AppState>,
    ApiQuery(p): ApiQuery<BatchPage>,
) -> Result<Response, ApiError> {
    Ok(ok(
        StatusCode::OK,
        s.service.batches(p.cursor, p.limit).await?,
    ))
}

/// One batch: counts per status, progress, started/finished times, time left at this pace.
#[utoipa::path(get, path = "/api/v1/batches/{id}", tag = "batches", security(("api_key" = [])),
    params(("id" = String, Path, description = "The batch id")),
    responses((status = 200, body = inline(Envelope<Batch>)),
              (status = 404, body = ErrorEnvelope)))]
pub async fn get(
    State(s): State<AppState>,
    who: Who,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let batch = s.service.batch(&id).await?;
    who.owns(&s, &batch.profile)?;
    Ok(ok(StatusCode::OK, batch))
}

/// A batch's items (ordinary messages), newest first; the log's filters apply (`status`, …).
#[utoipa::path(get, path = "/api/v1/batches/{id}/items", tag = "batches", security(("api_key" = [])),
    params(("id" = String, Path, description = "The batch id"), ListParams),
    responses((status = 200, body = inline(Envelope<Page<Message>>)),
              (status = 404, body = ErrorEnvelope)))]
pub async fn items(
    State(s): State<AppState>,
    who: Who,
    Path(id): Path<String>,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Response, ApiError> {
    who.owns_read(&s, s.service.batch(&id), |b| b.profile)
        .await?;
    let query = p.into_query(s.service.country())?;
    Ok(ok(StatusCode::OK, s.service.batch_items(&id, query).await?))
}

/// Holds the batch's items from the next send on, across restarts, until resumed.
#[utoipa::path(post, path = "/api/v1/batches/{id}/pause", tag = "batches", security(("api_key" = [])),
    params(("id" = String, Path, description = "The batch id")),
    responses((status = 200, body = inline(Envelope<Batch>)),
              (status = 404, body = ErrorEnvelope),
              (status = 409, description = "INVALID_STATE: not running", body = ErrorEnvelope)))]
pub async fn pause(
    State(s): State<AppState>,
    who: Who,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    who.owns_read(&s, s.service.batch(&id), |b| b.profile)
        .await?;
    Ok(ok(StatusCode::OK, s.service.pause_batch(&id).await?))
}

/// Sends a paused batch's items again.
#[utoipa::path(post, path = "/api/v1/batches/{id}/resume", tag = "batches", security(("api_key" = [])),
    params(("id" = String, Path, description = "The batch id")),
    responses((status = 200, body = inline(Envelope<Batch>)),
              (status = 404, body = ErrorEnvelope),
              (status = 409, description = "INVALID_STATE: not paused", body = ErrorEnvelope)))]
pub async fn resume(
    State(s): State<AppState>,
    who: Who,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    who.owns_read(&s, s.service.batch(&id), |b| b.profile)
        .await?;
    Ok(ok(StatusCode::OK, s.service.resume_batch(&id).await?))
}

/// Cancels every item not yet handed to WhatsApp.
#[utoipa::path(post, path = "/api/v1/batches/{id}/cancel", tag = "batches", security(("api_key" = [])),
    params(("id" = String, Path, description = "The batch id")),
    responses((status = 200, body = inline(Envelope<Batch>)),
              (status = 404, body = ErrorEnvelope),
              (status = 409, description = "INVALID_STATE: already done or cancelled", body = ErrorEnvelope)))]
pub async fn cancel(
    State(s): State<AppState>,
    who: Who,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    who.owns_read(&s, s.service.batch(&id), |b| b.profile)
        .await?;
    Ok(ok(StatusCode::OK, s.service.cancel_batch(&id).await?))
}
