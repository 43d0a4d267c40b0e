//! The shop's contact book: add, list (search, tag, pages), read, change, delete; tags; a CSV
//! import (preview, per-row errors) and export; what WhatsApp says of a number.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use mostrador_core::input::{ContactParams, ImportParams};
use mostrador_core::types::{Contact, ContactImport, ContactInfo, ContactInput, Page, TagCount};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::envelope::{ApiError, Envelope, ErrorEnvelope, ok};
use crate::extract::{ApiJson, ApiQuery};
use crate::profile_param::{OnProfile, ProfileParams};
use crate::state::AppState;

/// An import's CSV: 50,000 rows of a name, a number, tags and a note.
pub const IMPORT_BODY: usize = 16 * 1024 * 1024;

/// Adds a contact (`phone` required, any way it is written).
#[utoipa::path(post, path = "/api/v1/contacts", tag = "contacts", security(("api_key" = [])),
    request_body = ContactInput,
    responses((status = 201, body = inline(Envelope<Contact>)),
              (status = 400, description = "INVALID_RECIPIENT or VALIDATION_ERROR", body = ErrorEnvelope),
              (status = 409, description = "INVALID_STATE: the number is already a contact", body = ErrorEnvelope)))]
pub async fn create(
    State(s): State<AppState>,
    ApiJson(input): ApiJson<ContactInput>,
) -> Result<Response, ApiError> {
    Ok(ok(
        StatusCode::CREATED,
        s.service.create_contact(input).await?,
    ))
}

/// Contacts in name order: by part of a name or digits of a number (`q`), by `tag`.
#[utoipa::path(get, path = "/api/v1/contacts", tag = "contacts", security(("api_key" = [])),
    params(ContactParams),
    responses((status = 200, body = inline(Envelope<Page<Contact>>)),
              (status = 400, body = ErrorEnvelope)))]
pub async fn list(
    State(s): State<AppState>,
    ApiQuery(params): ApiQuery<ContactParams>,
) -> Result<Response, ApiError> {
    Ok(ok(StatusCode::OK, s.service.contacts(params).await?))
}

#[utoipa::path(get, path = "/api/v1/contacts/{id}", tag = "contacts", security(("api_key" = [])),
    params(("id" = String, Path, description = "The contact's id")),
    responses((status = 200, body = inline(Envelope<Contact>)),
              (status = 404, body = ErrorEnvelope)))]
pub async fn get(State(s): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    Ok(ok(StatusCode::OK, s.service.contact(&id).await?))
}

/// Changes what the body names (`tags` replaces them all); the rest stays.
#[utoipa::path(patch, path = "/api/v1/contacts/{id}", tag = "contacts", security(("api_key" = [])),
    params(("id" = String, Path, description = "The contact's id")),
    request_body = ContactInput,
    responses((status = 200, body = inline(Envelope<Contact>)),
              (status = 400, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope),
              (status = 409, description = "INVALID_STATE: the new number is another contact's", body = ErrorEnvelope)))]
pub async fn change(
    State(s): State<AppState>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ContactInput>,
) -> Result<Response, ApiError> {
    Ok(ok(
        StatusCode::OK,
        s.service.change_contact(&id, input).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/contacts/{id}", tag = "contacts", security(("api_key" = [])),
    params(("id" = String, Path, description = "The contact's id")),
    responses((status = 200, body = inline(Envelope<serde_json::Value>)),
              (status = 404, body = ErrorEnvelope)))]
pub async fn delete(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    s.service.delete_contact(&id).await?;
    Ok(ok(StatusCode::OK, serde_json::json!({ "deleted": id })))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TagsBody {
    #[schema(example = json!(["clientes frecuentes"]))]
    pub tags: Vec<String>,
}

/// Adds tags to a contact (those it has stay).
#[utoipa::path(post, path = "/api/v1/contacts/{id}/tags", tag = "contacts", security(("api_key" = [])),
    params(("id" = String, Path, description = "The contact's id")),
    request_body = TagsBody,
    responses((status = 200, body = inline(Envelope<Contact>)),
              (status = 400, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope)))]
pub async fn tag(
    State(s): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<TagsBody>,
) -> Result<Response, ApiError> {
    Ok(ok(
        StatusCode::OK,
        s.service.tag_contact(&id, body.tags).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/contacts/{id}/tags/{tag}", tag = "contacts", security(("api_key" = [])),
    params(("id" = String, Path, description = "The contact's id"),
           ("tag" = String, Path, description = "The tag to remove")),
    responses((status = 200, body = inline(Envelope<Contact>)),
              (status = 404, body = ErrorEnvelope)))]
pub async fn untag(
    State(s): State<AppState>,
    Path((id, tag)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    Ok(ok(
        StatusCode::OK,
        s.service.untag_contact(&id, &tag).await?,
    ))
}

/// Every tag in use, with how many contacts have it.
#[utoipa::path(get, path = "/api/v1/contacts/tags", tag = "contacts", security(("api_key" = [])),
    responses((status = 200, body = inline(Envelope<Vec<TagCount>>))))]
pub async fn tags(State(s): State<AppState>) -> Result<Response, ApiError> {
    Ok(ok(StatusCode::OK, s.service.contact_tags().await?))
}

/// Imports a CSV file (the body, as a spreadsheet saves it: a number column — `phone`,
/// `telefono`, `celular`… — and optionally `name`/`nombre`, `tags`/`etiquetas` (split by `|`,
/// `;` or `,`), `notes`/`notas`, `opted_out`/`sin_difusiones`). Numbers already in the book,
/// or repeated, are merged. `dry_run=true` previews; a bad row stops the import
/// (`INVALID_ROWS`) unless `skip_invalid=true`. One commit: nothing is half-imported.
#[utoipa::path(post, path = "/api/v1/contacts/import", tag = "contacts", security(("api_key" = [])),
    params(ImportParams),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = inline(Envelope<ContactImport>)),
              (status = 400, description = "VALIDATION_ERROR (the file) or INVALID_ROWS", body = ErrorEnvelope)))]
pub async fn import(
    State(s): State<AppState>,
    ApiQuery(how): ApiQuery<ImportParams>,
    csv: Bytes,
) -> Result<Response, ApiError> {
    Ok(ok(
        StatusCode::OK,
        s.service.import_contacts(&csv, how).await?,
    ))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct ExportParams {
    /// Only contacts with this tag.
    pub tag: Option<String>,
}

/// The book (or one tag of it) as a CSV file a spreadsheet opens.
#[utoipa::path(get, path = "/api/v1/contacts/export.csv", tag = "contacts", security(("api_key" = [])),
    params(ExportParams),
    responses((status = 200, content_type = "text/csv", body = String)))]
pub async fn export(
    State(s): State<AppState>,
    ApiQuery(p): ApiQuery<ExportParams>,
) -> Result<Response, ApiError> {
    let csv = s.service.export_contacts(p.tag.as_deref()).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"contactos.csv\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        csv,
    )
        .into_response())
}

/// Whether a number has WhatsApp (asked now), what its account shows the shop (about text,
/// business name, profile picture URL; each absent when it has none or hides it), the name it
/// gave in its last message to the shop, and the shop's contact for it.
#[utoipa::path(get, path = "/api/v1/contacts/{id}/info", tag = "contacts", security(("api_key" = [])),
    params(("id" = String, Path, description = "A phone number, any way it is written"),
           ProfileParams),
    responses((status = 200, body = inline(Envelope<ContactInfo>)),
              (status = 400, description = "INVALID_RECIPIENT", body = ErrorEnvelope),
              (status = 503, description = "NOT_CONNECTED", body = ErrorEnvelope)))]
pub async fn info(
    State(s): State<AppState>,
    on: OnProfile,
    Path(phone): Path<String>,
) -> Result<Response, ApiError> {
    Ok(ok(
        StatusCode::OK,
        s.service.contact_info(on.as_deref(), &phone).await?,
    ))
}
