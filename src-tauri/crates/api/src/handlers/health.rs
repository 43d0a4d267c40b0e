//! `GET /health`: is the app up (no key needed, reveals nothing).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use utoipa::ToSchema;

use crate::envelope::ok;
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the app answers.
    pub status: &'static str,
    pub version: &'static str,
    /// True in the demo build, which talks to the built-in fake WhatsApp network only.
    pub demo: bool,
}

/// Liveness check; needs no API key.
#[utoipa::path(get, path = "/api/v1/health", tag = "system",
    responses((status = 200, body = inline(crate::envelope::Envelope<Health>))))]
pub async fn get(State(s): State<AppState>) -> Response {
    ok(
        StatusCode::OK,
        Health {
            status: "ok",
            version: env!("CARGO_PKG_VERSION"),
            demo: s.demo,
        },
    )
}
