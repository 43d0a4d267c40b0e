//! `POST /api-key/rotate`: a new API key replaces the old one, in the secret store and in use,
//! at once.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use mostrador_core::{Code, Error};
use serde::Serialize;
use utoipa::ToSchema;

use crate::caller::Manager;
use crate::envelope::{ApiError, Envelope, ErrorEnvelope, ok};
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct RotatedKey {
    /// The new key (64 hex digits): send it from now on.
    #[schema(example = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    pub key: String,
}

/// Replaces the API key with a new random one (256 bits) and returns it. The old key (the one
/// this request was sent with) stops working at once, and open event streams end; the new
/// one is kept in the secret store, so it outlives a restart.
#[utoipa::path(post, path = "/api/v1/api-key/rotate", operation_id = "rotate_api_key", tag = "settings", security(("api_key" = [])),
    responses((status = 200, body = inline(Envelope<RotatedKey>)),
              (status = 401, body = ErrorEnvelope),
              (status = 500, description = "the new key could not be stored; the old one \
                  still works", body = ErrorEnvelope)))]
pub async fn rotate(State(s): State<AppState>, _m: Manager) -> Result<Response, ApiError> {
    let key = s.key.clone();
    let new = tokio::task::spawn_blocking(move || key.rotate())
        .await
        .map_err(|e| Error::new(Code::Internal, format!("key rotation task failed: {e}")))??;
    tracing::info!("the API key was replaced through the API; the old one no longer works");
    let mut resp = ok(StatusCode::OK, RotatedKey { key: new });
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(resp)
}
