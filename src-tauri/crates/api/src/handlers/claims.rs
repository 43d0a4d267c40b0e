//! Claim codes: a message for whoever writes the ticket's code to the shop's number — give
//! one out, read it (with its wa.me link), its QR as a PNG, withdraw it.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use mostrador_core::input::ClaimRequest;
use mostrador_core::types::Claim;

use crate::caller::Who;
use crate::envelope::{ApiError, Envelope, ErrorEnvelope, ok};
use crate::extract::ApiJson;
use crate::state::AppState;

/// Stores the message (`/messages`' body with `claim` instead of `to`; without `claim`, a
/// code is made up) until a customer writes the code: then it goes to their number. The
/// answer's `link` (and its QR) is what the customer scans; its prefilled text carries the
/// code. It waits `customer_wait_ms` (a setting, 24 h by default).
#[utoipa::path(post, path = "/api/v1/claims", tag = "claims", security(("api_key" = [])),
    request_body = ClaimRequest,
    responses((status = 202, body = inline(Envelope<Claim>)),
              (status = 400, body = ErrorEnvelope),
              (status = 409, description = "INVALID_STATE: the code is already waiting", body = ErrorEnvelope),
              (status = 503, description = "NOT_CONNECTED: no linked number for the link yet", body = ErrorEnvelope)))]
pub async fn create(
    State(s): State<AppState>,
    who: Who,
    ApiJson(mut req): ApiJson<ClaimRequest>,
) -> Result<Response, ApiError> {
    req.message.profile = who.profile(&s, req.message.profile.take())?;
    Ok(ok(
        StatusCode::ACCEPTED,
        s.service.create_claim(req, None).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/claims/{code}", tag = "claims", security(("api_key" = [])),
    params(("code" = String, Path, description = "The ticket's code")),
    responses((status = 200, body = inline(Envelope<Claim>)),
              (status = 404, body = ErrorEnvelope)))]
pub async fn get(
    State(s): State<AppState>,
    who: Who,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    let claim = s.service.claim(&code).await?;
    who.owns(&s, &claim.profile)?;
    Ok(ok(StatusCode::OK, claim))
}

/// The QR of the claim's link, to print on the ticket or show on a screen.
#[utoipa::path(get, path = "/api/v1/claims/{code}/claim.png", tag = "claims", security(("api_key" = [])),
    params(("code" = String, Path, description = "The ticket's code")),
    responses((status = 200, content_type = "image/png", body = Vec<u8>),
              (status = 404, body = ErrorEnvelope)))]
pub async fn qr(
    State(s): State<AppState>,
    who: Who,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    who.owns_read(&s, s.service.claim(&code), |c| c.profile)
        .await?;
    let png = s.service.claim_qr(&code).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/png"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        png,
    )
        .into_response())
}

/// Withdraws an open claim.
#[utoipa::path(post, path = "/api/v1/claims/{code}/cancel", tag = "claims", security(("api_key" = [])),
    params(("code" = String, Path, description = "The ticket's code")),
    responses((status = 200, body = inline(Envelope<Claim>)),
              (status = 404, body = ErrorEnvelope),
              (status = 409, description = "INVALID_STATE: not open", body = ErrorEnvelope)))]
pub async fn cancel(
    State(s): State<AppState>,
    who: Who,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    who.owns_read(&s, s.service.claim(&code), |c| c.profile)
        .await?;
    Ok(ok(StatusCode::OK, s.service.cancel_claim(&code).await?))
}
