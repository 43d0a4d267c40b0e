//! Authentication, a layer on every route but health and the docs: the request must present
//! the API key (`X-API-Key` or `Authorization: Bearer`). Wrong keys are braked per program,
//! so a guessing loop gets one try a second; a good key is handed on to the rate limit.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use mostrador_core::{Code, Service, keys};

use crate::envelope::ApiError;
use crate::guard;
use crate::key::ApiKey;
use crate::rate_limit::{self, Caller, Limiter, RateLimit};

/// Wrong keys each program (peer address) may try at once, and how fast more come back: a
/// POS with a stale key gets its 401s, a key-guessing loop gets slowed to one guess a second.
const WRONG_KEYS: RateLimit = RateLimit {
    per_second: 1.0,
    burst: 20,
};

/// What the layer checks against: the key in use, and the wrong keys per peer address.
#[derive(Clone)]
pub struct Auth {
    key: ApiKey,
    /// Knows the named keys.
    service: Arc<Service>,
    wrong_keys: Arc<Limiter>,
}

impl Auth {
    pub fn new(key: ApiKey, service: Arc<Service>) -> Self {
        Auth {
            key,
            service,
            wrong_keys: Arc::new(Limiter::new(WRONG_KEYS)),
        }
    }
}

/// The layer: refuses a request without the main key or a named one (401), or from a program
/// that has used up its wrong guesses (429); lets the rest through with their key as the
/// rate limit's `Caller` and who they are as the core's `keys::Caller`.
pub async fn require_key(State(auth): State<Auth>, mut req: Request, next: Next) -> Response {
    let Some(key) = presented_key(req.headers()) else {
        return ApiError::new(
            Code::Unauthorized,
            "an API key is required: send it as X-API-Key or Authorization: Bearer",
        )
        .into_response();
    };
    // Checked before the key: once a program has used up its wrong guesses, it is not told
    // whether the next one is right.
    let peer = peer_of(&req);
    if let Err(wait) = auth.wrong_keys.peek(&peer) {
        return rate_limit::too_many(
            wait,
            "too many wrong API keys from this program; check the key in its settings",
        );
    }
    let who = if auth.key.matches(key) {
        Some(keys::Caller::Main)
    } else {
        auth.service.named_caller(key)
    };
    let Some(who) = who else {
        // Never the key itself in the log: a near miss would help the next guess.
        tracing::warn!(peer = %peer, "a request with a wrong API key was refused");
        let _ = auth.wrong_keys.check(&peer);
        return ApiError::new(Code::Unauthorized, "the API key is not valid").into_response();
    };
    let caller = Caller(key.to_owned());
    req.extensions_mut().insert(caller);
    req.extensions_mut().insert(who);
    next.run(req).await
}

fn presented_key(headers: &HeaderMap) -> Option<&str> {
    if let Some(k) = headers.get("x-api-key") {
        return k.to_str().ok();
    }
    let auth = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = auth.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The calling program's address (no port: each connection has a new one).
fn peer_of(req: &Request) -> String {
    guard::peer(req).map_or_else(|| "unknown".to_owned(), |p| p.ip().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

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
