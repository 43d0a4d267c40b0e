//! Demo builds only: "scan with the demo phone" and "type the code on the demo phone".
//! Not in the OpenAPI document: a POS never sees these routes.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use mostrador_core::demo::DemoPhone;
use serde::Deserialize;

use crate::envelope::{ApiError, ok};
use crate::extract::ApiJson;
use crate::profile_param::OnProfile;
use crate::state::AppState;

/// The demo phone scans the QR code the app shows right now.
pub async fn scan(
    State(s): State<AppState>,
    on: OnProfile,
    phone: DemoPhoneExt,
) -> Result<Response, ApiError> {
    phone.0.scan_shown(&s.service, on.as_deref()).await?;
    Ok(ok(StatusCode::OK, s.service.session(on.as_deref())?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoCode {
    /// The pair code the app showed.
    pub code: String,
}

/// The demo phone's user types the pair code the app showed.
pub async fn pair_code(
    State(s): State<AppState>,
    on: OnProfile,
    phone: DemoPhoneExt,
    ApiJson(req): ApiJson<DemoCode>,
) -> Result<Response, ApiError> {
    phone.0.enter_code(req.code).await?;
    Ok(ok(StatusCode::OK, s.service.session(on.as_deref())?))
}

pub type DemoPhoneExt = axum::Extension<DemoPhone>;
