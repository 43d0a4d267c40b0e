//! An attachment as an HTTP answer (one the shop sent, or one a customer sent): its declared
//! type, never cached, and shown by a browser but never run as a page of this origin.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

pub fn answer(mime_type: &str, bytes: Vec<u8>) -> Response {
    let mime = HeaderValue::from_str(mime_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    (
        [
            (header::CONTENT_TYPE, mime),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("sandbox"),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        bytes,
    )
        .into_response()
}
