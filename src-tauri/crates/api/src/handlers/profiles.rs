//! The shop's linked numbers (profiles): list, add, rename, remove; take one offline and back;
//! link it by QR or pair code, unlink it. Each route is the service's operation for `{id}` (a
//! profile's id or name).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use mostrador_core::types::{NewProfile, Profile, ProfilePatch, ProfileRemoved, SessionInfo};

use super::session::{self, PairCodeRequest, PairCodeResponse, QrResponse};
use crate::caller::Manager;
use crate::envelope::{ApiError, Envelope, ErrorEnvelope, ok};
use crate::extract::ApiJson;
use crate::state::AppState;

/// Every linked number with its session (state, number, what can be done), the main first.
#[utoipa::path(get, path = "/api/v1/profiles", tag = "profiles", security(("api_key" = [])),
    responses((status = 200, body = inline(Envelope<Vec<Profile>>))))]
pub async fn list(State(s): State<AppState>) -> Response {
    ok(StatusCode::OK, s.service.profiles())
}

/// Adds a number to link: its own WhatsApp session starts at once and offers QR codes.
#[utoipa::path(post, path = "/api/v1/profiles", tag = "profiles", security(("api_key" = [])),
    request_body = NewProfile,
    responses((status = 201, body = inline(Envelope<Profile>)),
              (status = 400, body = ErrorEnvelope),
              (status = 409, description = "INVALID_STATE: the name is taken", body = ErrorEnvelope)))]
pub async fn create(
    State(s): State<AppState>,
    _m: Manager,
    ApiJson(new): ApiJson<NewProfile>,
) -> Result<Response, ApiError> {
    Ok(ok(StatusCode::CREATED, s.service.add_profile(new).await?))
}

/// One number and its session.
#[utoipa::path(get, path = "/api/v1/profiles/{id}", tag = "profiles", security(("api_key" = [])),
    params(("id" = String, Path, description = "The profile's id or name")),
    responses((status = 200, body = inline(Envelope<Profile>)),
              (status = 404, body = ErrorEnvelope)))]
pub async fn get(State(s): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    Ok(ok(StatusCode::OK, s.service.profile(Some(&id))?))
}

/// Renames or recolours a number.
#[utoipa::path(patch, path = "/api/v1/profiles/{id}", tag = "profiles", security(("api_key" = [])),
    params(("id" = String, Path, description = "The profile's id or name")),
    request_body = ProfilePatch,
    responses((status = 200, body = inline(Envelope<Profile>)),
              (status = 400, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope),
              (status = 409, description = "INVALID_STATE: the name is taken", body = ErrorEnvelope)))]
pub async fn change(
    State(s): State<AppState>,
    _m: Manager,
    Path(id): Path<String>,
    ApiJson(patch): ApiJson<ProfilePatch>,
) -> Result<Response, ApiError> {
    Ok(ok(
        StatusCode::OK,
        s.service.change_profile(&id, patch).await?,
    ))
}

/// Removes a number: its messages still to be sent are cancelled (the log keeps them, shown
/// `cancelled` with `PROFILE_DELETED`), WhatsApp is told to unlink it, and its session's
/// files and key are wiped. The main number cannot be removed.
#[utoipa::path(delete, path = "/api/v1/profiles/{id}", tag = "profiles", security(("api_key" = [])),
    params(("id" = String, Path, description = "The profile's id or name")),
    responses((status = 200, body = inline(Envelope<ProfileRemoved>)),
              (status = 404, body = ErrorEnvelope),
              (status = 409, description = "INVALID_STATE: the main number", body = ErrorEnvelope)))]
pub async fn remove(
    State(s): State<AppState>,
    _m: Manager,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    Ok(ok(StatusCode::OK, s.service.remove_profile(&id).await?))
}

/// Takes the number offline, keeping its link: its messages wait until `connect`.
#[utoipa::path(post, path = "/api/v1/profiles/{id}/disconnect", tag = "profiles",
    security(("api_key" = [])),
    params(("id" = String, Path, description = "The profile's id or name")),
    responses((status = 202, body = inline(Envelope<SessionInfo>)),
              (status = 404, body = ErrorEnvelope)))]
pub async fn disconnect(
    State(s): State<AppState>,
    _m: Manager,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    s.service.disconnect(Some(&id)).await?;
    Ok(ok(StatusCode::ACCEPTED, s.service.session(Some(&id))?))
}

/// Brings an offline number back.
#[utoipa::path(post, path = "/api/v1/profiles/{id}/connect", tag = "profiles",
    security(("api_key" = [])),
    params(("id" = String, Path, description = "The profile's id or name")),
    responses((status = 202, body = inline(Envelope<SessionInfo>)),
              (status = 404, body = ErrorEnvelope),
              (status = 409, description = "INVALID_STATE: not offline", body = ErrorEnvelope)))]
pub async fn connect(
    State(s): State<AppState>,
    _m: Manager,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    s.service.connect(Some(&id)).await?;
    Ok(ok(StatusCode::ACCEPTED, s.service.session(Some(&id))?))
}

/// Unlinks the number (it stays listed; link it again with a new QR).
#[utoipa::path(post, path = "/api/v1/profiles/{id}/logout", tag = "profiles",
    security(("api_key" = [])),
    params(("id" = String, Path, description = "The profile's id or name")),
    responses((status = 200, body = inline(Envelope<SessionInfo>)),
              (status = 404, body = ErrorEnvelope),
              (status = 503, description = "NOT_CONNECTED", body = ErrorEnvelope)))]
pub async fn logout(
    State(s): State<AppState>,
    _m: Manager,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    s.service.logout(Some(&id)).await?;
    Ok(ok(StatusCode::OK, s.service.session(Some(&id))?))
}

/// New QR codes after they ran out or after unlinking.
#[utoipa::path(post, path = "/api/v1/profiles/{id}/relink", tag = "profiles",
    security(("api_key" = [])),
    params(("id" = String, Path, description = "The profile's id or name")),
    responses((status = 202, body = inline(Envelope<SessionInfo>)),
              (status = 409, description = "INVALID_STATE: already linked", body = ErrorEnvelope)))]
pub async fn relink(
    State(s): State<AppState>,
    _m: Manager,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    s.service.relink(Some(&id)).await?;
    Ok(ok(StatusCode::ACCEPTED, s.service.session(Some(&id))?))
}

/// The number's pairing QR while it waits for a scan.
#[utoipa::path(get, path = "/api/v1/profiles/{id}/qr", tag = "profiles",
    security(("api_key" = [])),
    params(("id" = String, Path, description = "The profile's id or name")),
    responses((status = 200, body = inline(Envelope<QrResponse>)),
              (status = 409, description = "NO_QR: not pairing", body = ErrorEnvelope)))]
pub async fn qr(State(s): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    session::qr_of(&s, Some(&id))
}

/// The number's pairing QR as a PNG image.
#[utoipa::path(get, path = "/api/v1/profiles/{id}/qr.png", tag = "profiles",
    security(("api_key" = [])),
    params(("id" = String, Path, description = "The profile's id or name")),
    responses((status = 200, content_type = "image/png", body = Vec<u8>),
              (status = 409, description = "NO_QR: not pairing", body = ErrorEnvelope)))]
pub async fn qr_png(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    session::qr_png_of(&s, Some(&id))
}

/// Links the number by typing a code on its phone instead of scanning.
#[utoipa::path(post, path = "/api/v1/profiles/{id}/pair-code", tag = "profiles",
    security(("api_key" = [])),
    params(("id" = String, Path, description = "The profile's id or name")),
    request_body = PairCodeRequest,
    responses((status = 200, body = inline(Envelope<PairCodeResponse>)),
              (status = 400, body = ErrorEnvelope),
              (status = 409, description = "INVALID_STATE: already linked", body = ErrorEnvelope)))]
pub async fn pair_code(
    State(s): State<AppState>,
    _m: Manager,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<PairCodeRequest>,
) -> Result<Response, ApiError> {
    let code = s.service.pair_code(Some(&id), &req.phone).await?;
    Ok(ok(StatusCode::OK, PairCodeResponse { code }))
}
