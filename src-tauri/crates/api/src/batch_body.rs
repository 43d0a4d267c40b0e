//! The body of `POST /batches`, read into the core's `BatchRequest`: JSON, or multipart with
//! a `request` field (the same JSON, recipients left out), a `csv` file of recipients read by
//! the core's CSV rules with `number_column` (default `number`) naming the number's column,
//! and optionally the template's attachment as a `file` part (streamed into staging).

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use mostrador_core::batches::{BatchRequest, csv};
use mostrador_core::input::FilePart;
use mostrador_core::{Attachment, Code, Service};

use crate::envelope::ApiError;
use crate::extract::ApiJson;
use crate::multipart::{multipart_error, small_text};
use crate::state::AppState;

/// The largest CSV file taken: 10,000 rows of a few columns fit many times over.
const CSV_LIMIT: usize = 8 * 1024 * 1024;

pub struct BatchBody {
    pub request: BatchRequest,
    pub file: Option<FilePart>,
    /// The `Idempotency-Key` header.
    pub idempotency_key: Option<String>,
}

impl FromRequest<AppState> for BatchBody {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let idempotency_key = req
            .headers()
            .get("idempotency-key")
            .map(|v| v.to_str().map(str::to_owned))
            .transpose()
            .map_err(|_| {
                ApiError::new(
                    Code::ValidationError,
                    "the Idempotency-Key header must be visible ASCII",
                )
                .into_response()
            })?;
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let (request, file) = if content_type.starts_with("multipart/form-data") {
            let mp = Multipart::from_request(req, &())
                .await
                .map_err(|e| ApiError::new(Code::ValidationError, e.body_text()).into_response())?;
            read_multipart(&state.service, mp)
                .await
                .map_err(IntoResponse::into_response)?
        } else {
            let ApiJson(r) = ApiJson::<BatchRequest>::from_request(req, &())
                .await
                .map_err(IntoResponse::into_response)?;
            (r, None)
        };
        Ok(BatchBody {
            request,
            file,
            idempotency_key,
        })
    }
}

async fn read_multipart(
    service: &Service,
    mut mp: Multipart,
) -> Result<(BatchRequest, Option<FilePart>), ApiError> {
    let mut request: Option<BatchRequest> = None;
    let mut csv_bytes: Option<Vec<u8>> = None;
    let mut number_column = "number".to_owned();
    let mut file = None;
    while let Some(mut field) = mp.next_field().await.map_err(|e| multipart_error(&e))? {
        match field.name().unwrap_or("") {
            "file" => {
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
            }
            "csv" => {
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(&e))? {
                    if bytes.len() + chunk.len() > CSV_LIMIT {
                        return Err(ApiError::new(
                            Code::PayloadTooLarge,
                            "the CSV file is larger than 8 MB",
                        ));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                csv_bytes = Some(bytes);
            }
            "request" => {
                let text = small_text(&mut field, "request").await?;
                request = Some(serde_json::from_str(&text).map_err(|e| {
                    ApiError::new(Code::ValidationError, format!("the `request` field: {e}"))
                })?);
            }
            "number_column" => number_column = small_text(&mut field, "number_column").await?,
            other => {
                return Err(ApiError::new(
                    Code::ValidationError,
                    format!("unknown field {other:?}: use request, csv, number_column and file"),
                ));
            }
        }
    }
    let mut request = request.ok_or_else(|| {
        ApiError::new(
            Code::ValidationError,
            "the `request` field (the batch as JSON) is missing",
        )
    })?;
    if let Some(bytes) = csv_bytes {
        if !request.recipients.is_empty() {
            return Err(ApiError::new(
                Code::ValidationError,
                "give the recipients either in `request` or as a `csv` file, not both",
            ));
        }
        request.recipients = csv::recipients(&bytes, &number_column)?;
    }
    Ok((request, file))
}
