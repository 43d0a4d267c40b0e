//! Groups the account is in, and which numbers have WhatsApp (the service's directory).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use mostrador_core::types::{ContactCheck, Group};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::envelope::{ApiError, Envelope, ErrorEnvelope, ok};
use crate::extract::{ApiJson, ApiQuery};
use crate::profile_param::{OnProfile, ProfileParams};
use crate::state::AppState;

#[derive(Deserialize, IntoParams)]
pub struct GroupsParams {
    /// Ask WhatsApp again instead of using the cached list.
    #[serde(default)]
    pub refresh: bool,
}

/// The groups of the linked account, with names and participant counts.
#[utoipa::path(get, path = "/api/v1/groups", tag = "groups", security(("api_key" = [])),
    params(GroupsParams, ProfileParams),
    responses((status = 200, body = inline(Envelope<Vec<Group>>)),
              (status = 503, description = "NOT_CONNECTED", body = ErrorEnvelope)))]
pub async fn groups(
    State(s): State<AppState>,
    on: OnProfile,
    ApiQuery(p): ApiQuery<GroupsParams>,
) -> Result<Response, ApiError> {
    Ok(ok(
        StatusCode::OK,
        s.service.groups(on.as_deref(), p.refresh).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    /// 1 to 500 numbers, in any common format.
    pub phones: Vec<String>,
}

/// Normalises numbers and tells which ones have WhatsApp.
#[utoipa::path(post, path = "/api/v1/contacts/check", tag = "contacts", security(("api_key" = [])),
    params(ProfileParams),
    request_body = CheckRequest,
    responses((status = 200, body = inline(Envelope<Vec<ContactCheck>>)),
              (status = 400, body = ErrorEnvelope),
              (status = 503, description = "NOT_CONNECTED", body = ErrorEnvelope)))]
pub async fn check(
    State(s): State<AppState>,
    on: OnProfile,
    ApiJson(req): ApiJson<CheckRequest>,
) -> Result<Response, ApiError> {
    Ok(ok(
        StatusCode::OK,
        s.service.check_contacts(on.as_deref(), req.phones).await?,
    ))
}
