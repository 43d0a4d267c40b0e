//! The body of `POST /messages`, read into the core's request shape: JSON (a file as base64)
//! or multipart/form-data (the `file` part streamed into staging). A large send is admitted
//! under the core's in-flight budget by its length before a byte of its body is read: over
//! the budget, `503 BUSY` with `Retry-After`.

use axum::body::HttpBody;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mostrador_core::budget::Admission;
use mostrador_core::input::{FilePart, SendRequest, message_body_limit};
use mostrador_core::{Code, Service};

use crate::envelope::{ApiError, error_response};
use crate::extract::ApiJson;
use crate::multipart::read_multipart;
use crate::state::AppState;

/// A send request as it arrived, ready for `SendRequest::into_draft`.
pub struct SendBody {
    pub request: SendRequest,
    /// The multipart `file` part, staged.
    pub file: Option<FilePart>,
    /// The `Idempotency-Key` header.
    pub idempotency_key: Option<String>,
    /// The in-flight budget's room for this send: hold it until the message is stored.
    pub admission: Option<Admission>,
}

impl FromRequest<AppState> for SendBody {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let idempotency_key = idempotency_header(req.headers()).map_err(|e| e.into_response())?;
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let multipart = content_type.starts_with("multipart/form-data");
        if !multipart && !content_type.starts_with("application/json") {
            return Err(unsupported_type());
        }
        let mut body = read(req, &state.service, multipart)
            .await
            .map_err(|e| e.into_response())?;
        body.idempotency_key = idempotency_key;
        Ok(body)
    }
}

async fn read(req: Request, service: &Service, multipart: bool) -> Result<SendBody, ApiError> {
    // Admitted before the body is read, by its length. A JSON body of unknown length
    // (chunked) counts as the largest allowed; a multipart one streams to disk, so it is
    // counted once its file is known.
    let limit = message_body_limit(&service.config().limits);
    let mut admission = match body_length(&req) {
        // Too large anyway: refused before a byte of it is read.
        Some(n) if n > limit => {
            return Err(ApiError::new(
                Code::PayloadTooLarge,
                "the request body is too large",
            ));
        }
        Some(n) => Some(service.admit(n)?),
        None if !multipart => Some(service.admit(limit)?),
        None => None,
    };
    let (request, file) = if multipart {
        let multipart = Multipart::from_request(req, &()).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(Code::PayloadTooLarge, "the request body is too large")
            } else {
                ApiError::new(Code::ValidationError, e.body_text())
            }
        })?;
        read_multipart(service, multipart).await?
    } else {
        let ApiJson(r) = ApiJson::<SendRequest>::from_request(req, &()).await?;
        (r, None)
    };
    if admission.is_none()
        && let Some(f) = &file
    {
        admission = Some(service.admit(f.data.size())?);
    }
    Ok(SendBody {
        request,
        file,
        idempotency_key: None,
        admission,
    })
}

/// 415, with the types this route takes in `Accept`.
fn unsupported_type() -> Response {
    let mut resp = error_response(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        Code::ValidationError,
        "send the message as JSON (application/json) or multipart/form-data",
    );
    resp.headers_mut().insert(
        header::ACCEPT,
        HeaderValue::from_static("application/json, multipart/form-data"),
    );
    resp
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

/// What the body will hold at most: its exact length when the client said (Content-Length),
/// else its upper bound if any.
fn body_length(req: &Request) -> Option<u64> {
    let hint = req.body().size_hint();
    hint.exact().or(hint.upper()).or_else(|| {
        req.headers()
            .get(header::CONTENT_LENGTH)?
            .to_str()
            .ok()?
            .parse()
            .ok()
    })
}
