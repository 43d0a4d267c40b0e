//! Serving the built web UI at `/` in headless mode, so a browser on this PC can use the app.
//! Everything under `/api/` stays the API's (`handlers::router` gives it its own 404 route),
//! so a mistyped route is a JSON 404, never the page.

use std::path::{Component, Path, PathBuf};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use mostrador_core::Code;

use crate::envelope::{ApiError, NO_SUCH_ROUTE};
use crate::state::AppState;

/// The page may load only its own files (plus the QR and thumbnails it makes as `data:` and
/// `blob:` images, and customers' profile pictures from WhatsApp's picture server), and no
/// other site may frame it (clickjacking the Send button). Inline style attributes are
/// allowed, as in the desktop window's CSP (tauri.conf.json): the components set some;
/// scripts stay `'self'` only.
const CSP: &str = "default-src 'self'; img-src 'self' data: blob: https://pps.whatsapp.net; \
                   media-src 'self' blob:; style-src 'self' 'unsafe-inline'; \
                   frame-ancestors 'none'";

pub fn router(dir: PathBuf) -> Router<AppState> {
    let serve = move |uri: Uri, State(_): State<AppState>| {
        let dir = dir.clone();
        async move { with_headers(file(&dir, uri.path()).await) }
    };
    Router::new()
        .route("/", get(serve.clone()))
        .route("/{*path}", get(serve))
}

fn with_headers(mut resp: Response) -> Response {
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    resp
}

async fn file(dir: &Path, path: &str) -> Response {
    let rel = Path::new(path.trim_start_matches('/'));
    // Only plain names: no `..`, no absolute paths, nothing outside the UI folder.
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return missing();
    }
    let mut target = dir.join(rel);
    if path == "/"
        || tokio::fs::metadata(&target)
            .await
            .map(|m| m.is_dir())
            .unwrap_or(false)
    {
        target = dir.join("index.html");
    }
    match tokio::fs::read(&target).await {
        Ok(bytes) => ([(header::CONTENT_TYPE, content_type(&target))], bytes).into_response(),
        // A client-side route: let the UI handle it.
        Err(_) if rel.extension().is_none() => {
            match tokio::fs::read(dir.join("index.html")).await {
                Ok(bytes) => {
                    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], bytes).into_response()
                }
                Err(_) => missing(),
            }
        }
        Err(_) => missing(),
    }
}

/// No such file: the API's 404, in the envelope like every other error.
fn missing() -> Response {
    ApiError::new(Code::NotFound, NO_SUCH_ROUTE).into_response()
}

fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}
