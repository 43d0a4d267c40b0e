//! Webhooks: add, list, read, change and remove endpoints, send a test event, and read the
//! recent attempts. Signing and delivery are the service's (see the docs page).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use mostrador_core::input::WebhookInput;
use mostrador_core::types::{Delivery, Webhook, WebhookCreated};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::caller::Manager;
use crate::envelope::{ApiError, Envelope, ErrorEnvelope, ok};
use crate::extract::{ApiJson, ApiQuery};
use crate::state::AppState;

/// Adds a webhook. The answer carries its signing secret (`whsec_…`): shown this once, kept
/// in the secret store, never in the database.
#[utoipa::path(post, path = "/api/v1/webhooks", tag = "webhooks", security(("api_key" = [])),
    request_body = WebhookInput,
    responses((status = 201, body = inline(Envelope<WebhookCreated>)),
              (status = 400, description = "VALIDATION_ERROR: a bad URL or event type", body = ErrorEnvelope)))]
pub async fn create(
    State(s): State<AppState>,
    _m: Manager,
    ApiJson(input): ApiJson<WebhookInput>,
) -> Result<Response, ApiError> {
    Ok(ok(
        StatusCode::CREATED,
        s.service.create_webhook(input).await?,
    ))
}

/// Every webhook, oldest first, with its health.
#[utoipa::path(get, path = "/api/v1/webhooks", tag = "webhooks", security(("api_key" = [])),
    responses((status = 200, body = inline(Envelope<Vec<Webhook>>))))]
pub async fn list(State(s): State<AppState>, _m: Manager) -> Result<Response, ApiError> {
    Ok(ok(StatusCode::OK, s.service.webhooks().await?))
}

#[utoipa::path(get, path = "/api/v1/webhooks/{id}", tag = "webhooks", security(("api_key" = [])),
    params(("id" = String, Path, description = "The webhook id")),
    responses((status = 200, body = inline(Envelope<Webhook>)),
              (status = 404, body = ErrorEnvelope)))]
pub async fn get(
    State(s): State<AppState>,
    _m: Manager,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    Ok(ok(StatusCode::OK, s.service.webhook(&id).await?))
}

/// Changes the URL, the events or `enabled`; what is not given stays.
#[utoipa::path(patch, path = "/api/v1/webhooks/{id}", tag = "webhooks", security(("api_key" = [])),
    params(("id" = String, Path, description = "The webhook id")),
    request_body = WebhookInput,
    responses((status = 200, body = inline(Envelope<Webhook>)),
              (status = 400, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope)))]
pub async fn change(
    State(s): State<AppState>,
    _m: Manager,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<WebhookInput>,
) -> Result<Response, ApiError> {
    Ok(ok(
        StatusCode::OK,
        s.service.change_webhook(&id, input).await?,
    ))
}

/// Removes the webhook, its secret and its attempts; events not yet delivered are dropped.
#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", tag = "webhooks", security(("api_key" = [])),
    params(("id" = String, Path, description = "The webhook id")),
    responses((status = 200, body = inline(Envelope<serde_json::Value>)),
              (status = 404, body = ErrorEnvelope)))]
pub async fn delete(
    State(s): State<AppState>,
    _m: Manager,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    s.service.delete_webhook(&id).await?;
    Ok(ok(StatusCode::OK, serde_json::json!({ "deleted": id })))
}

/// Sends a signed `webhook.test` event now; the answer says how the receiver took it.
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/test", tag = "webhooks", security(("api_key" = [])),
    params(("id" = String, Path, description = "The webhook id")),
    responses((status = 200, body = inline(Envelope<Delivery>)),
              (status = 404, body = ErrorEnvelope)))]
pub async fn test(
    State(s): State<AppState>,
    _m: Manager,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    Ok(ok(StatusCode::OK, s.service.test_webhook(&id).await?))
}

#[derive(Deserialize, IntoParams)]
pub struct DeliveryPage {
    /// 1 to 200 (default 50).
    pub limit: Option<u32>,
}

/// The most recent attempts (event, HTTP status, latency, error), newest first.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}/deliveries", tag = "webhooks", security(("api_key" = [])),
    params(("id" = String, Path, description = "The webhook id"), DeliveryPage),
    responses((status = 200, body = inline(Envelope<Vec<Delivery>>)),
              (status = 404, body = ErrorEnvelope)))]
pub async fn deliveries(
    State(s): State<AppState>,
    _m: Manager,
    Path(id): Path<String>,
    ApiQuery(p): ApiQuery<DeliveryPage>,
) -> Result<Response, ApiError> {
    let limit = p.limit.unwrap_or(50);
    Ok(ok(
        StatusCode::OK,
        s.service.webhook_deliveries(&id, limit).await?,
    ))
}
