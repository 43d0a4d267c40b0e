//! Extractors whose rejections speak the envelope: malformed JSON, wrong types, missing
//! fields and oversize bodies become 4xx answers with a code and a clear message.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use mostrador_core::Code;
use serde::de::DeserializeOwned;

use crate::envelope::ApiError;

/// JSON body.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(r) => Err(json_rejection(&r)),
        }
    }
}

pub fn json_rejection(r: &JsonRejection) -> ApiError {
    match r {
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            Code::ValidationError,
            "send the body as JSON with Content-Type: application/json",
        ),
        JsonRejection::JsonSyntaxError(e) => ApiError::new(
            Code::ValidationError,
            format!("malformed JSON: {}", inner_message(e)),
        ),
        JsonRejection::JsonDataError(e) => ApiError::new(Code::ValidationError, inner_message(e)),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::new(Code::PayloadTooLarge, "the request body is too large")
        }
        other => ApiError::new(Code::ValidationError, other.body_text()),
    }
}

/// serde's own words ("missing field `to` at line 1 column 2"), without axum's prefix.
fn inner_message(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        msg = s.to_string();
        source = s.source();
    }
    msg
}

/// Query string.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => Err(ApiError::new(
                Code::ValidationError,
                format!("bad query string: {}", inner_message(&e)),
            )),
            Err(other) => Err(ApiError::new(Code::ValidationError, other.body_text())),
        }
    }
}
