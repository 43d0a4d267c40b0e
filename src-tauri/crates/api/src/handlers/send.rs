//! `POST /messages`: the POS's main call. Accepts JSON (media as base64) or multipart with a
//! `file` part, an `Idempotency-Key`, and `?wait=sent` for flows that must know before printing.

use std::time::Duration;

use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use base64::Engine;
use mostrador_core::media::guess_kind;
use mostrador_core::types::{Kind, Message};
use mostrador_core::{Code, Draft, DraftBody};
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa::{IntoParams, ToSchema};

use crate::envelope::{ApiError, Envelope, ErrorEnvelope, ok};
use crate::extract::{ApiJson, ApiQuery};
use crate::state::AppState;

/// A message to send. `type` picks the kind (default `text`, or guessed from the file);
/// each kind reads its own fields.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendRequest {
    /// Phone number in any common form (`+591 7123-4567`, `71234567` with the default
    /// country) or a group id (`...@g.us`).
    #[schema(example = "+591 7123-4567")]
    pub to: String,
    #[serde(rename = "type")]
    pub kind: Option<Kind>,
    /// text: the message.
    pub text: Option<String>,
    /// image, video, document: shown under the media.
    pub caption: Option<String>,
    /// image, video, audio, document (JSON only): the file, base64.
    pub media: Option<String>,
    /// The file's type, checked against its content.
    pub mime_type: Option<String>,
    /// document: the name the recipient sees.
    pub file_name: Option<String>,
    /// audio: send as a voice note (OGG/Opus).
    pub voice_note: Option<bool>,
    /// location
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// location: place name; contact: the person's name.
    pub name: Option<String>,
    /// location
    pub address: Option<String>,
    /// contact: a full vCard, or give `name` and `phone`.
    pub vcard: Option<String>,
    /// contact
    pub phone: Option<String>,
    /// poll
    pub question: Option<String>,
    /// poll: 2 to 12 options.
    pub options: Option<Vec<String>>,
    /// poll: allow more than one answer.
    pub multiple_choice: Option<bool>,
    /// Same as the `Idempotency-Key` header.
    pub idempotency_key: Option<String>,
}

#[derive(Deserialize, IntoParams)]
pub struct SendParams {
    /// `sent`: answer once WhatsApp's server has the message (200), or with the current
    /// status when the wait ends (202).
    pub wait: Option<String>,
    /// How long to wait, ms (default and maximum: the configured 15 s).
    pub timeout_ms: Option<u64>,
}

/// A file from a multipart upload (or picked in the desktop app).
pub struct FilePart {
    pub bytes: Vec<u8>,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
}

/// Queues a message: 202 with the message (status `queued`); 200 when an idempotent repeat
/// returns the original, or when `?wait=sent` saw it reach the server.
#[utoipa::path(post, path = "/api/v1/messages", tag = "messages", security(("api_key" = [])),
    params(SendParams, ("Idempotency-Key" = Option<String>, Header, description = "Repeats within 24 h return the original")),
    request_body(content(
        (SendRequest = "application/json"),
        (SendRequest = "multipart/form-data"))),
    responses(
        (status = 202, description = "Queued", body = inline(Envelope<Message>)),
        (status = 200, description = "Sent (with ?wait=sent), or an idempotent repeat", body = inline(Envelope<Message>)),
        (status = 400, description = "Invalid input", body = ErrorEnvelope),
        (status = 409, description = "IDEMPOTENCY_CONFLICT", body = ErrorEnvelope),
        (status = 413, description = "Too large", body = ErrorEnvelope),
        (status = 422, description = "MIME_MISMATCH or UNSUPPORTED_MEDIA_TYPE", body = ErrorEnvelope)))]
pub async fn send(
    State(s): State<AppState>,
    ApiQuery(params): ApiQuery<SendParams>,
    req: Request,
) -> Result<Response, ApiError> {
    let wait = match params.wait.as_deref() {
        None | Some("") => None,
        Some("sent") => Some(Duration::from_millis(params.timeout_ms.unwrap_or(u64::MAX))),
        Some(other) => {
            return Err(ApiError::new(
                Code::ValidationError,
                format!("wait={other:?} is not supported; use wait=sent"),
            ));
        }
    };
    let header_key = idempotency_header(req.headers())?;
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let (request, file) = if content_type.starts_with("multipart/form-data") {
        let multipart = Multipart::from_request(req, &()).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(Code::PayloadTooLarge, "the request body is too large")
            } else {
                ApiError::new(Code::ValidationError, e.body_text())
            }
        })?;
        read_multipart(multipart).await?
    } else if content_type.starts_with("application/json") {
        let ApiJson(r) = ApiJson::<SendRequest>::from_request(req, &()).await?;
        (r, None)
    } else {
        let mut resp = ApiError::new(
            Code::ValidationError,
            "send the message as JSON (application/json) or multipart/form-data",
        )
        .into_response_with(StatusCode::UNSUPPORTED_MEDIA_TYPE);
        resp.headers_mut().insert(
            header::ACCEPT,
            HeaderValue::from_static("application/json, multipart/form-data"),
        );
        return Ok(resp);
    };
    let draft = to_draft(request, file, header_key)?;
    let sent = s.service.send(draft).await?;
    let mut message = sent.message;
    if let Some(timeout) = wait {
        message = s.service.wait_for_server(&message.id, timeout).await?;
    }
    let status = if !sent.created || (wait.is_some() && message.status.reached_server()) {
        StatusCode::OK
    } else {
        StatusCode::ACCEPTED
    };
    let mut resp = ok(status, message);
    if !sent.created {
        resp.headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(resp)
}

impl ApiError {
    fn into_response_with(self, status: StatusCode) -> Response {
        crate::envelope::error_response(status, self.0.code.as_str(), &self.0.message)
    }
}

fn idempotency_header(h: &HeaderMap) -> Result<Option<String>, ApiError> {
    h.get("idempotency-key")
        .map(|v| {
            v.to_str().map(str::to_owned).map_err(|_| {
                ApiError::new(
                    Code::ValidationError,
                    "the Idempotency-Key header must be visible ASCII",
                )
            })
        })
        .transpose()
}

/// Multipart fields become the same JSON document a JSON client would send, so both paths
/// share one set of rules and messages.
async fn read_multipart(mut mp: Multipart) -> Result<(SendRequest, Option<FilePart>), ApiError> {
    let mut fields = Map::new();
    let mut options = Vec::new();
    let mut file = None;
    let bad = |m: String| ApiError::new(Code::ValidationError, m);
    while let Some(field) = mp.next_field().await.map_err(|e| multipart_error(&e))? {
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" {
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(str::to_owned);
            let bytes = field
                .bytes()
                .await
                .map_err(|e| multipart_error(&e))?
                .to_vec();
            file = Some(FilePart {
                bytes,
                file_name,
                content_type,
            });
            continue;
        }
        let text = field.text().await.map_err(|e| multipart_error(&e))?;
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

fn multipart_error(e: &axum::extract::multipart::MultipartError) -> ApiError {
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

/// Reads base64 as people paste it: standard or URL-safe, padded or not, with line breaks,
/// or as a `data:` URL.
fn decode_base64(s: &str) -> Result<Vec<u8>, ApiError> {
    use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
    let s = match s.split_once(";base64,") {
        Some((prefix, rest)) if prefix.starts_with("data:") => rest,
        _ => s,
    };
    let clean: String = s.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let clean = clean.trim_end_matches('=');
    STANDARD_NO_PAD
        .decode(clean)
        .or_else(|_| URL_SAFE_NO_PAD.decode(clean))
        .map_err(|e| {
            ApiError::new(
                Code::InvalidBase64,
                format!("media is not valid base64: {e}"),
            )
        })
}

/// What the core is asked to send: a request, its file (if not base64 inside it) and the
/// `Idempotency-Key` header.
pub fn to_draft(
    r: SendRequest,
    file: Option<FilePart>,
    header_key: Option<String>,
) -> Result<Draft, ApiError> {
    let idempotency_key = match (header_key, r.idempotency_key.clone()) {
        (Some(h), Some(f)) if h != f => {
            return Err(ApiError::new(
                Code::ValidationError,
                "the Idempotency-Key header and the idempotency_key field differ",
            ));
        }
        (h, f) => h.or(f),
    };
    // The file: a multipart part, or base64 in JSON — not both.
    let (data, part_name, part_type) = match (file, &r.media) {
        (Some(_), Some(_)) => {
            return Err(ApiError::new(
                Code::ValidationError,
                "send the file either as a `file` part or as `media`, not both",
            ));
        }
        (Some(f), None) => (
            Some(f.bytes),
            f.file_name,
            f.content_type.filter(|t| t != "application/octet-stream"),
        ),
        (None, Some(b64)) => (Some(decode_base64(b64)?), None, None),
        (None, None) => (None, None, None),
    };
    let kind = match (r.kind, &data) {
        (Some(k), _) => k,
        (None, Some(bytes)) => guess_kind(bytes),
        (None, None) => Kind::Text,
    };
    let needs = |what: &str| {
        ApiError::new(
            Code::ValidationError,
            format!("{what} is required for a {} message", kind.as_str()),
        )
    };
    let media = |data: Option<Vec<u8>>| {
        data.ok_or_else(|| {
            ApiError::new(
                Code::MediaMissing,
                format!(
                    "a {} message needs a file: a `file` part or base64 `media`",
                    kind.as_str()
                ),
            )
        })
    };
    if data.is_some()
        && !matches!(
            kind,
            Kind::Image | Kind::Video | Kind::Audio | Kind::Document
        )
    {
        return Err(ApiError::new(
            Code::ValidationError,
            format!("a {} message takes no file", kind.as_str()),
        ));
    }
    let mime_type = r.mime_type.or(part_type);
    let body = match kind {
        Kind::Text => DraftBody::Text {
            text: r.text.ok_or_else(|| needs("text"))?,
        },
        Kind::Image => DraftBody::Image {
            data: media(data)?,
            mime_type,
            caption: r.caption,
        },
        Kind::Video => DraftBody::Video {
            data: media(data)?,
            mime_type,
            caption: r.caption,
        },
        Kind::Audio => DraftBody::Audio {
            data: media(data)?,
            mime_type,
            voice_note: r.voice_note.unwrap_or(false),
        },
        Kind::Document => DraftBody::Document {
            data: media(data)?,
            mime_type,
            file_name: r.file_name.or(part_name),
            caption: r.caption,
        },
        Kind::Location => DraftBody::Location {
            latitude: r.latitude.ok_or_else(|| needs("latitude"))?,
            longitude: r.longitude.ok_or_else(|| needs("longitude"))?,
            name: r.name,
            address: r.address,
        },
        Kind::Contact => DraftBody::Contact {
            vcard: r.vcard,
            name: r.name,
            phone: r.phone,
        },
        Kind::Poll => DraftBody::Poll {
            question: r.question.ok_or_else(|| needs("question"))?,
            options: r.options.ok_or_else(|| needs("options"))?,
            multiple_choice: r.multiple_choice.unwrap_or(false),
        },
    };
    Ok(Draft {
        to: r.to,
        body,
        idempotency_key,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_in_every_common_shape() {
        for s in [
            "aGVsbG8/",
            "aGVsbG8_",
            "aGVs\nbG8/",
            "data:application/pdf;base64,aGVsbG8/",
        ] {
            assert_eq!(decode_base64(s).unwrap(), b"hello?", "{s}");
        }
        assert_eq!(decode_base64("aGk=").unwrap(), b"hi");
        assert_eq!(
            decode_base64("no base64!").unwrap_err().0.code,
            Code::InvalidBase64
        );
    }

    #[test]
    fn kinds_default_sensibly() {
        let d = to_draft(
            SendRequest {
                to: "x".into(),
                text: Some("hola".into()),
                ..Default::default()
            },
            None,
            None,
        )
        .unwrap();
        assert!(matches!(d.body, DraftBody::Text { .. }));
        let pdf = FilePart {
            bytes: b"%PDF-1.4\n".to_vec(),
            file_name: Some("f.pdf".into()),
            content_type: None,
        };
        let d = to_draft(
            SendRequest {
                to: "x".into(),
                ..Default::default()
            },
            Some(pdf),
            Some("k".into()),
        )
        .unwrap();
        assert!(
            matches!(d.body, DraftBody::Document { ref file_name, .. } if file_name.as_deref() == Some("f.pdf"))
        );
        assert_eq!(d.idempotency_key.as_deref(), Some("k"));
        let e = to_draft(
            SendRequest {
                to: "x".into(),
                kind: Some(Kind::Image),
                ..Default::default()
            },
            None,
            None,
        )
        .unwrap_err();
        assert_eq!(e.0.code, Code::MediaMissing);
        let e = to_draft(
            SendRequest {
                to: "x".into(),
                idempotency_key: Some("a".into()),
                ..Default::default()
            },
            None,
            Some("b".into()),
        )
        .unwrap_err();
        assert_eq!(e.0.code, Code::ValidationError);
    }
}
