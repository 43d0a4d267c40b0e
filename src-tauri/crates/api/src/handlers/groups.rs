//! Group administration: create a group, read and change it, change its participants, leave
//! it, its invite link. `{id}` is the group's JID (`1203…@g.us`, `@` URL-encoded or not).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use mostrador_core::types::{
    GroupCreated, GroupDetails, GroupPatch, InviteLink, NewGroup, ParticipantAction,
    ParticipantNumbers, ParticipantResult,
};

use crate::envelope::{ApiError, Envelope, ErrorEnvelope, ok};
use crate::extract::ApiJson;
use crate::profile_param::{OnProfile, ProfileParams};
use crate::state::AppState;

/// Creates a group with the shop's account as its admin; numbers without WhatsApp are left
/// out, and each number's `result` says what became of it.
#[utoipa::path(post, path = "/api/v1/groups", tag = "groups", security(("api_key" = [])),
    params(ProfileParams),
    request_body = NewGroup,
    responses((status = 201, body = inline(Envelope<GroupCreated>)),
              (status = 400, description = "VALIDATION_ERROR (subject, too many numbers) or INVALID_RECIPIENT", body = ErrorEnvelope),
              (status = 503, description = "NOT_CONNECTED", body = ErrorEnvelope)))]
pub async fn create(
    State(s): State<AppState>,
    p: OnProfile,
    ApiJson(new): ApiJson<NewGroup>,
) -> Result<Response, ApiError> {
    Ok(ok(
        StatusCode::CREATED,
        s.service.create_group(p.as_deref(), new).await?,
    ))
}

/// A group's subject, description, settings and participants with their admin flags.
#[utoipa::path(get, path = "/api/v1/groups/{id}", tag = "groups", security(("api_key" = [])),
    params(ProfileParams),
    params(("id" = String, Path, description = "The group's JID, `1203…@g.us`")),
    responses((status = 200, body = inline(Envelope<GroupDetails>)),
              (status = 400, description = "INVALID_RECIPIENT: not a group id", body = ErrorEnvelope),
              (status = 404, description = "The shop's account is not in this group", body = ErrorEnvelope),
              (status = 503, description = "NOT_CONNECTED", body = ErrorEnvelope)))]
pub async fn get(
    State(s): State<AppState>,
    p: OnProfile,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    Ok(ok(
        StatusCode::OK,
        s.service.group(p.as_deref(), &id).await?,
    ))
}

/// Changes what the body names (subject, description — `""` removes it —, announcement-only,
/// locked) and returns the group as it is then.
#[utoipa::path(patch, path = "/api/v1/groups/{id}", tag = "groups", security(("api_key" = [])),
    params(ProfileParams),
    params(("id" = String, Path, description = "The group's JID")),
    request_body = GroupPatch,
    responses((status = 200, body = inline(Envelope<GroupDetails>)),
              (status = 400, body = ErrorEnvelope),
              (status = 403, description = "FORBIDDEN: the shop is not an admin of this group", body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope),
              (status = 503, description = "NOT_CONNECTED", body = ErrorEnvelope)))]
pub async fn change(
    State(s): State<AppState>,
    p: OnProfile,
    Path(id): Path<String>,
    ApiJson(patch): ApiJson<GroupPatch>,
) -> Result<Response, ApiError> {
    Ok(ok(
        StatusCode::OK,
        s.service.change_group(p.as_deref(), &id, patch).await?,
    ))
}

/// Adds, removes, promotes or demotes up to 50 numbers; each one's `result` is `done`,
/// `not_on_whatsapp`, `not_allowed`, `already_there` or `not_there`.
#[utoipa::path(post, path = "/api/v1/groups/{id}/participants/{action}", tag = "groups",
    security(("api_key" = [])),
    params(ProfileParams),
    params(("id" = String, Path, description = "The group's JID"),
           ("action" = ParticipantAction, Path, description = "add, remove, promote or demote")),
    request_body = ParticipantNumbers,
    responses((status = 200, body = inline(Envelope<Vec<ParticipantResult>>)),
              (status = 400, description = "INVALID_RECIPIENT or VALIDATION_ERROR", body = ErrorEnvelope),
              (status = 403, description = "FORBIDDEN: the shop is not an admin of this group", body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope),
              (status = 503, description = "NOT_CONNECTED", body = ErrorEnvelope)))]
pub async fn participants(
    State(s): State<AppState>,
    p: OnProfile,
    Path((id, action)): Path<(String, ParticipantAction)>,
    ApiJson(body): ApiJson<ParticipantNumbers>,
) -> Result<Response, ApiError> {
    let results = s
        .service
        .change_participants(p.as_deref(), &id, action, &body.numbers)
        .await?;
    Ok(ok(StatusCode::OK, results))
}

/// The shop's account leaves the group.
#[utoipa::path(post, path = "/api/v1/groups/{id}/leave", tag = "groups", security(("api_key" = [])),
    params(ProfileParams),
    params(("id" = String, Path, description = "The group's JID")),
    responses((status = 200, body = inline(Envelope<bool>)),
              (status = 404, body = ErrorEnvelope),
              (status = 503, description = "NOT_CONNECTED", body = ErrorEnvelope)))]
pub async fn leave(
    State(s): State<AppState>,
    p: OnProfile,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    s.service.leave_group(p.as_deref(), &id).await?;
    Ok(ok(StatusCode::OK, true))
}

/// The group's invite link (admins only).
#[utoipa::path(get, path = "/api/v1/groups/{id}/invite-link", tag = "groups", security(("api_key" = [])),
    params(ProfileParams),
    params(("id" = String, Path, description = "The group's JID")),
    responses((status = 200, body = inline(Envelope<InviteLink>)),
              (status = 403, description = "FORBIDDEN", body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope),
              (status = 503, description = "NOT_CONNECTED", body = ErrorEnvelope)))]
pub async fn invite_link(
    State(s): State<AppState>,
    p: OnProfile,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    Ok(ok(
        StatusCode::OK,
        s.service.invite_link(p.as_deref(), &id, false).await?,
    ))
}

/// Revokes the invite link: the old one stops working; answers the new one.
#[utoipa::path(post, path = "/api/v1/groups/{id}/invite-link/revoke", tag = "groups",
    security(("api_key" = [])),
    params(ProfileParams),
    params(("id" = String, Path, description = "The group's JID")),
    responses((status = 200, body = inline(Envelope<InviteLink>)),
              (status = 403, description = "FORBIDDEN", body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope),
              (status = 503, description = "NOT_CONNECTED", body = ErrorEnvelope)))]
pub async fn revoke_invite_link(
    State(s): State<AppState>,
    p: OnProfile,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    Ok(ok(
        StatusCode::OK,
        s.service.invite_link(p.as_deref(), &id, true).await?,
    ))
}
