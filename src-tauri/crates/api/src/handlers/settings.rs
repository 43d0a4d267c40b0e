//! `GET` and `PATCH /settings`: the default country, the pace of sending and the retry limit,
//! changed while the app runs and kept across restarts.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use mostrador_core::types::{Settings, SettingsPatch};

use crate::caller::Manager;
use crate::envelope::{ApiError, Envelope, ErrorEnvelope, ok};
use crate::extract::ApiJson;
use crate::state::AppState;

/// The settings in effect. `locked` lists those fixed when Mostrador was started (a `serve`
/// flag or its environment variable), which only a restart without them can change.
#[utoipa::path(get, path = "/api/v1/settings", operation_id = "get_settings", tag = "settings", security(("api_key" = [])),
    responses((status = 200, body = inline(Envelope<Settings>)),
              (status = 401, body = ErrorEnvelope)))]
pub async fn get(State(s): State<AppState>) -> Response {
    ok(StatusCode::OK, s.service.settings())
}

/// Changes some settings: only the fields sent. They apply at once (the next number, the
/// next gap between sends — also the one under way — and the next failed attempt) and are
/// kept across restarts. A locked setting may be sent with its current value, never another.
/// Answers with all the settings in effect.
#[utoipa::path(patch, path = "/api/v1/settings", operation_id = "update_settings", tag = "settings", security(("api_key" = [])),
    request_body = SettingsPatch,
    responses((status = 200, body = inline(Envelope<Settings>)),
              (status = 400, description = "VALIDATION_ERROR: an unknown country, a value out \
                  of range, jitter_ms above pacing_ms, or a change to a locked setting",
               body = ErrorEnvelope)))]
pub async fn update(
    State(s): State<AppState>,
    _m: Manager,
    ApiJson(patch): ApiJson<SettingsPatch>,
) -> Result<Response, ApiError> {
    Ok(ok(StatusCode::OK, s.service.update_settings(patch).await?))
}
