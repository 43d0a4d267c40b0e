//! The WhatsApp session: state, pairing QR (JSON and PNG), logout — of the main number, or
//! of the one `?profile=` names (`/profiles/{id}/…` come here too).

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use mostrador_core::qr;
use mostrador_core::types::SessionInfo;
use serde::Serialize;
use utoipa::ToSchema;

use crate::caller::Manager;
use crate::envelope::{ApiError, Envelope, ErrorEnvelope, ok};
use crate::profile_param::{OnProfile, ProfileParams};
use crate::state::AppState;

/// Connection state, linked number and name, and since when.
#[utoipa::path(get, path = "/api/v1/session", tag = "session", security(("api_key" = [])),
    params(ProfileParams),
    responses((status = 200, body = inline(Envelope<SessionInfo>)),
              (status = 401, body = ErrorEnvelope),
              (status = 404, description = "NOT_FOUND: no such profile", body = ErrorEnvelope)))]
pub async fn get(State(s): State<AppState>, p: OnProfile) -> Result<Response, ApiError> {
    Ok(ok(StatusCode::OK, s.service.session(p.as_deref())?))
}

#[derive(Serialize, ToSchema)]
pub struct QrResponse {
    /// The string encoded in the QR.
    pub code: String,
    /// ms since the epoch.
    pub expires_at: i64,
    /// The QR as a PNG image, base64.
    pub png_base64: String,
}

/// The pairing QR while the session waits for a scan; 409 `NO_QR` otherwise.
#[utoipa::path(get, path = "/api/v1/session/qr", tag = "session", security(("api_key" = [])),
    params(ProfileParams),
    responses((status = 200, body = inline(Envelope<QrResponse>)),
              (status = 409, description = "NO_QR: not pairing", body = ErrorEnvelope)))]
pub async fn qr(State(s): State<AppState>, p: OnProfile) -> Result<Response, ApiError> {
    qr_of(&s, p.as_deref())
}

pub fn qr_of(s: &AppState, profile: Option<&str>) -> Result<Response, ApiError> {
    let code = s.service.qr(profile)?;
    let png = qr::png(&code.code)?;
    Ok(ok(
        StatusCode::OK,
        QrResponse {
            code: code.code,
            expires_at: code.expires_at,
            png_base64: base64::engine::general_purpose::STANDARD.encode(png),
        },
    ))
}

/// The pairing QR as a PNG image.
#[utoipa::path(get, path = "/api/v1/session/qr.png", tag = "session", security(("api_key" = [])),
    params(ProfileParams),
    responses((status = 200, content_type = "image/png", body = Vec<u8>),
              (status = 409, description = "NO_QR: not pairing", body = ErrorEnvelope)))]
pub async fn qr_png(State(s): State<AppState>, p: OnProfile) -> Result<Response, ApiError> {
    qr_png_of(&s, p.as_deref())
}

pub fn qr_png_of(s: &AppState, profile: Option<&str>) -> Result<Response, ApiError> {
    let code = s.service.qr(profile)?;
    let png = qr::png(&code.code)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/png"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        png,
    )
        .into_response())
}

/// Unlinks this device from the shop's WhatsApp account.
#[utoipa::path(post, path = "/api/v1/session/logout", tag = "session", security(("api_key" = [])),
    params(ProfileParams),
    responses((status = 200, body = inline(Envelope<SessionInfo>)),
              (status = 503, description = "NOT_CONNECTED", body = ErrorEnvelope)))]
pub async fn logout(
    State(s): State<AppState>,
    _m: Manager,
    p: OnProfile,
) -> Result<Response, ApiError> {
    s.service.logout(p.as_deref()).await?;
    Ok(ok(StatusCode::OK, s.service.session(p.as_deref())?))
}

#[derive(serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PairCodeRequest {
    /// The shop's WhatsApp number, with country code or in the default country.
    #[schema(example = "+591 7000-0001")]
    pub phone: String,
}

#[derive(Serialize, ToSchema)]
pub struct PairCodeResponse {
    /// Type this on the phone: WhatsApp → Linked devices → Link with phone number.
    #[schema(example = "ABCD-1234")]
    pub code: String,
}

/// Links by phone number instead of a QR code: returns the 8-character code for the phone.
#[utoipa::path(post, path = "/api/v1/session/pair-code", tag = "session", security(("api_key" = [])),
    params(ProfileParams),
    request_body = PairCodeRequest,
    responses((status = 200, body = inline(Envelope<PairCodeResponse>)),
              (status = 400, body = ErrorEnvelope),
              (status = 409, description = "INVALID_STATE: already linked", body = ErrorEnvelope)))]
pub async fn pair_code(
    State(s): State<AppState>,
    _m: Manager,
    p: OnProfile,
    crate::extract::ApiJson(req): crate::extract::ApiJson<PairCodeRequest>,
) -> Result<Response, ApiError> {
    let code = s.service.pair_code(p.as_deref(), &req.phone).await?;
    Ok(ok(StatusCode::OK, PairCodeResponse { code }))
}

/// Tries again: fresh QR codes after they ran out or after unlinking; with a saved session
/// (replaced by another one, after an update or a ban), connects again.
#[utoipa::path(post, path = "/api/v1/session/relink", tag = "session", security(("api_key" = [])),
    params(ProfileParams),
    responses((status = 202, body = inline(Envelope<SessionInfo>)),
              (status = 409, description = "INVALID_STATE: already linked", body = ErrorEnvelope)))]
pub async fn relink(
    State(s): State<AppState>,
    _m: Manager,
    p: OnProfile,
) -> Result<Response, ApiError> {
    s.service.relink(p.as_deref()).await?;
    Ok(ok(StatusCode::ACCEPTED, s.service.session(p.as_deref())?))
}
