//! `POST /messages` as multipart/form-data: the `file` part is streamed into a staging file
//! as it arrives (hashed on the way, never held whole in memory); the other fields go to the
//! core's `Form`, which reads them as the JSON document's fields, so both paths share one
//! set of rules.

use axum::extract::Multipart;
use axum::extract::multipart::{Field, MultipartError};
use axum::http::StatusCode;
use mostrador_core::input::{FilePart, Form, SendRequest};
use mostrador_core::{Attachment, Code, Service};

use crate::envelope::ApiError;

/// The most any field other than the file may hold: a text (65,536 characters), a vCard
/// (64 KB) or a caption fit easily.
const FIELD_LIMIT: usize = 1024 * 1024;

pub async fn read_multipart(
    service: &Service,
    mut mp: Multipart,
) -> Result<(SendRequest, Option<FilePart>), ApiError> {
    let mut form = Form::default();
    let mut file = None;
    while let Some(mut field) = mp.next_field().await.map_err(|e| multipart_error(&e))? {
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" {
            if file.is_some() {
                return Err(ApiError::new(
                    Code::ValidationError,
                    "send one `file` part per message",
                ));
            }
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(str::to_owned);
            let mut stager = service.stager().await?;
            while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(&e))? {
                stager.write(&chunk).await?;
            }
            file = Some(FilePart {
                data: Attachment::Staged(stager.finish().await?),
                file_name,
                content_type,
            });
            continue;
        }
        let text = small_text(&mut field, &name).await?;
        form.add(&name, text)?;
    }
    Ok((form.finish()?, file))
}

/// A field's text, refused once it passes `FIELD_LIMIT` rather than buffered whole.
pub(crate) async fn small_text(field: &mut Field<'_>, name: &str) -> Result<String, ApiError> {
    let mut text = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(&e))? {
        if text.len() + chunk.len() > FIELD_LIMIT {
            return Err(ApiError::new(
                Code::PayloadTooLarge,
                format!("the field {name:?} is larger than 1 MB"),
            ));
        }
        text.extend_from_slice(&chunk);
    }
    String::from_utf8(text).map_err(|_| {
        ApiError::new(
            Code::ValidationError,
            format!("the field {name:?} is not UTF-8 text"),
        )
    })
}

/// A body the multipart reader could not read: too large, or not multipart as it says.
pub(crate) fn multipart_error(e: &MultipartError) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(Code::PayloadTooLarge, "the request body is too large")
    } else {
        ApiError::new(
            Code::ValidationError,
            format!("malformed multipart body: {}", e.body_text()),
        )
    }
}
