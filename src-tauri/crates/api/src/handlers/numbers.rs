//! Numbers read by the service without asking WhatsApp (what the recipient field shows as the
//! cashier types), the countries numbers can be local to, and what a send may carry.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use mostrador_core::types::{Country, ParsedNumber, SendLimits};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::envelope::{ApiError, Envelope, ErrorEnvelope, ok};
use crate::extract::ApiJson;
use crate::state::AppState;

/// Room for a broadcast list's worth of numbers.
pub const PARSE_BODY: usize = 1024 * 1024;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParseRequest {
    /// 1 to 10,000 inputs: numbers in any common form, or group ids.
    pub numbers: Vec<String>,
}

/// Reads each input as a recipient with the default country in effect: what a send would go
/// to, how people write it, or the problem. Cheap: WhatsApp is not asked.
#[utoipa::path(post, path = "/api/v1/numbers/parse", tag = "contacts", security(("api_key" = [])),
    request_body = ParseRequest,
    responses((status = 200, body = inline(Envelope<Vec<ParsedNumber>>)),
              (status = 400, body = ErrorEnvelope)))]
pub async fn parse(
    State(s): State<AppState>,
    ApiJson(req): ApiJson<ParseRequest>,
) -> Result<Response, ApiError> {
    Ok(ok(StatusCode::OK, s.service.parse_numbers(&req.numbers)?))
}

/// The countries the default-country setting may take, with their calling codes.
#[utoipa::path(get, path = "/api/v1/numbers/countries", tag = "contacts", security(("api_key" = [])),
    responses((status = 200, body = inline(Envelope<Vec<Country>>))))]
pub async fn countries(State(s): State<AppState>) -> Response {
    ok(StatusCode::OK, s.service.countries())
}

/// What a send may carry: text lengths, attachment sizes per kind, the types each kind takes.
#[utoipa::path(get, path = "/api/v1/limits", tag = "messages", security(("api_key" = [])),
    responses((status = 200, body = inline(Envelope<SendLimits>))))]
pub async fn limits(State(s): State<AppState>) -> Response {
    ok(StatusCode::OK, s.service.limits())
}
