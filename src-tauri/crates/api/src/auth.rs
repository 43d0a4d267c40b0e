//! The API key: required on every route but health, compared in constant time, and the
//! per-key rate limit applied once the key is known good.

use std::sync::{Arc, RwLock};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use mostrador_core::Code;

use crate::envelope::ApiError;
use crate::state::AppState;

/// The current key; `set` swaps it in place (key rotation from the desktop UI).
#[derive(Clone)]
pub struct ApiKey(Arc<RwLock<String>>);

impl ApiKey {
    pub fn new(key: String) -> ApiKey {
        ApiKey(Arc::new(RwLock::new(key)))
    }

    pub fn set(&self, key: String) {
        if let Ok(mut k) = self.0.write() {
            *k = key;
        }
    }

    fn matches(&self, candidate: &str) -> bool {
        self.0
            .read()
            .is_ok_and(|k| constant_time_eq(k.as_bytes(), candidate.as_bytes()))
    }
}

/// Compares without an early exit, so timing does not reveal how much of a guess was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for (i, x) in a.iter().enumerate() {
        diff |= usize::from(x ^ b.get(i).copied().unwrap_or(!x));
    }
    diff == 0
}

fn presented_key(headers: &HeaderMap) -> Option<&str> {
    if let Some(k) = headers.get("x-api-key") {
        return k.to_str().ok();
    }
    let auth = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = auth.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

pub async fn require_key(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(key) = presented_key(req.headers()) else {
        return ApiError::new(
            Code::Unauthorized,
            "an API key is required: send it as X-API-Key or Authorization: Bearer",
        )
        .into_response();
    };
    if !state.key.matches(key) {
        return ApiError::new(Code::Unauthorized, "the API key is not valid").into_response();
    }
    if let Some(limiter) = &state.limiter
        && let Err(wait) = limiter.check(key)
    {
        let secs = wait.as_secs() + 1;
        let mut resp = ApiError::new(
            Code::RateLimited,
            format!("too many requests; try again in {secs} s"),
        )
        .into_response();
        resp.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        return resp;
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_eq_is_eq() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(!constant_time_eq(b"", b"a"));
        assert!(constant_time_eq(b"", b""));
    }

    #[test]
    fn keys_are_read_from_either_header() {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer k1"));
        assert_eq!(presented_key(&h), Some("k1"));
        h.insert("x-api-key", HeaderValue::from_static("k2"));
        assert_eq!(presented_key(&h), Some("k2"));
        let mut basic = HeaderMap::new();
        basic.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(presented_key(&basic), None);
    }
}
