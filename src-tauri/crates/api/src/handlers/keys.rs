//! Named API keys (main key only): list, make (the secret shown once), revoke.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use mostrador_core::types::{NamedKey, NamedKeyCreated, NewNamedKey};

use crate::caller::Manager;
use crate::envelope::{ApiError, Envelope, ErrorEnvelope, ok};
use crate::extract::ApiJson;
use crate::state::AppState;

/// The named keys (never their secrets).
#[utoipa::path(get, path = "/api/v1/keys", tag = "settings", security(("api_key" = [])),
    responses((status = 200, body = inline(Envelope<Vec<NamedKey>>)),
              (status = 403, description = "FORBIDDEN: not the main key", body = ErrorEnvelope)))]
pub async fn list(State(s): State<AppState>, _m: Manager) -> Response {
    ok(StatusCode::OK, s.service.named_keys())
}

/// Makes a key for one program, optionally limited to one number (`profile`): it then sends
/// from that number when it names none, and gets 403 `FORBIDDEN` for any other. Named keys
/// send and read; they cannot change settings, numbers, keys or webhooks.
#[utoipa::path(post, path = "/api/v1/keys", tag = "settings", security(("api_key" = [])),
    request_body = NewNamedKey,
    responses((status = 201, body = inline(Envelope<NamedKeyCreated>)),
              (status = 400, body = ErrorEnvelope),
              (status = 403, description = "FORBIDDEN: not the main key", body = ErrorEnvelope),
              (status = 404, description = "NOT_FOUND: no such number", body = ErrorEnvelope)))]
pub async fn create(
    State(s): State<AppState>,
    _m: Manager,
    ApiJson(new): ApiJson<NewNamedKey>,
) -> Result<Response, ApiError> {
    Ok(ok(
        StatusCode::CREATED,
        s.service.create_named_key(new).await?,
    ))
}

/// Revokes a key: it stops working at once.
#[utoipa::path(delete, path = "/api/v1/keys/{id}", tag = "settings", security(("api_key" = [])),
    params(("id" = String, Path, description = "The key's id (`key_…`)")),
    responses((status = 200, body = inline(Envelope<bool>)),
              (status = 403, description = "FORBIDDEN: not the main key", body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope)))]
pub async fn revoke(
    State(s): State<AppState>,
    _m: Manager,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    s.service.revoke_named_key(&id).await?;
    Ok(ok(StatusCode::OK, true))
}
