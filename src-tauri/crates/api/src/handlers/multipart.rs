//! `POST /messages` as multipart/form-data: the `file` part is streamed into a staging file
//! as it arrives (hashed on the way, never held whole in memory); the other fields become
//! the same JSON document a JSON client would send, so both paths share one set of rules.

use axum::extract::Multipart;
use axum::extract::multipart::{Field, MultipartError};
use axum::http::StatusCode;
use mostrador_core::{Attachment, Code, Service};
use serde_json::{Map, Value};

use super::request::{FilePart, SendRequest};
use crate::envelope::ApiError;

/// The most any field other than the file may hold: a text (65,536 characters), a vCard
/// (64 KB) or a caption fit easily.
const FIELD_LIMIT: usize = 1024 * 1024;

pub async fn read_multipart(
    service: &Service,
    mut mp: Multipart,
) -> Result<(SendRequest, Option<FilePart>), ApiError> {
    let mut fields = Map::new();
    let mut options = Vec::new();
    let mut file = None;
    let bad = |m: String| ApiError::new(Code::ValidationError, m);
    while let Some(mut field) = mp.next_field().await.map_err(|e| multipart_error(&e))? {
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" {
            if file.is_some() {
                return Err(bad("send one `file` part per message".into()));
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
        let value = match name.as_str() {
            "latitude" | "longitude" => Value::from(
                text.trim()
                    .parse::<f64>()
                    .map_err(|_| bad(format!("{name} must be a number")))?,
            ),
            "voice_note" | "multiple_choice" => Value::Bool(
                parse_bool(&text).ok_or_else(|| bad(format!("{name} must be true or false")))?,
            ),
            "options" | "options[]" => {
                options.push(text);
                continue;
            }
            "type" => Value::String(text.trim().to_owned()),
            _ => Value::String(text),
        };
        fields.insert(name, value);
    }
    if !options.is_empty() {
        fields.insert("options".into(), Value::from(options));
    }
    let request: SendRequest =
        serde_json::from_value(Value::Object(fields)).map_err(|e| bad(e.to_string()))?;
    Ok((request, file))
}

/// A field's text, refused once it passes `FIELD_LIMIT` rather than buffered whole.
async fn small_text(field: &mut Field<'_>, name: &str) -> Result<String, ApiError> {
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

fn multipart_error(e: &MultipartError) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(Code::PayloadTooLarge, "the request body is too large")
    } else {
        ApiError::new(
            Code::ValidationError,
            format!("malformed multipart body: {}", e.body_text()),
        )
    }
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "on" | "yes" => Some(true),
        "false" | "0" | "off" | "no" | "" => Some(false),
        _ => None,
    }
}
