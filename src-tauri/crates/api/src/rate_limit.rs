//! A token bucket per API key: generous for a POS, a brake on a runaway loop that would
//! otherwise queue thousands of messages from the shop's number. A layer inside
//! authentication, so only requests with the right key are counted; `auth` brakes wrong keys
//! with a limiter of its own (per program).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use mostrador_core::Code;
use tokio::time::Instant;

use crate::envelope::ApiError;

#[derive(Debug, Clone, Copy)]
pub struct RateLimit {
    /// Sustained requests per second.
    pub per_second: f64,
    /// Requests allowed at once after a quiet spell.
    pub burst: u32,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit {
            per_second: 50.0,
            burst: 200,
        }
    }
}

pub struct Limiter {
    limit: RateLimit,
    buckets: Mutex<HashMap<String, Bucket>>,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Limiter {
    pub fn new(limit: RateLimit) -> Self {
        Limiter {
            limit,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `key`; when none is left, says how long until one is.
    pub fn check(&self, key: &str) -> Result<(), Duration> {
        self.with_bucket(key, |tokens| {
            if *tokens >= 1.0 {
                *tokens -= 1.0;
                true
            } else {
                false
            }
        })
    }

    /// Whether `key` has a token left, without taking it.
    pub fn peek(&self, key: &str) -> Result<(), Duration> {
        self.with_bucket(key, |tokens| *tokens >= 1.0)
    }

    fn with_bucket(&self, key: &str, take: impl FnOnce(&mut f64) -> bool) -> Result<(), Duration> {
        let now = Instant::now();
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(());
        };
        let burst = f64::from(self.limit.burst.max(1));
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        let refill = now.duration_since(bucket.at).as_secs_f64() * self.limit.per_second;
        bucket.tokens = (bucket.tokens + refill).min(burst);
        bucket.at = now;
        if take(&mut bucket.tokens) {
            Ok(())
        } else {
            let wait = (1.0 - bucket.tokens) / self.limit.per_second.max(f64::MIN_POSITIVE);
            Err(Duration::from_secs_f64(wait.min(3600.0)))
        }
    }
}

/// Who a request counts against: the API key it was sent with, which authentication puts in
/// the request's extensions once it is known good.
#[derive(Clone)]
pub struct Caller(pub String);

/// The layer: a request whose caller has no token left is refused with 429 and `Retry-After`.
pub async fn per_key(State(limiter): State<Arc<Limiter>>, req: Request, next: Next) -> Response {
    if let Some(Caller(key)) = req.extensions().get::<Caller>()
        && let Err(wait) = limiter.check(key)
    {
        return too_many(wait, "too many requests");
    }
    next.run(req).await
}

/// A 429 answer saying `what` and when to try again, in the message and in `Retry-After`.
pub fn too_many(wait: Duration, what: &str) -> Response {
    let secs = wait.as_secs() + 1;
    let mut resp =
        ApiError::new(Code::RateLimited, format!("{what}; try again in {secs} s")).into_response();
    resp.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn bursts_then_refills() {
        let l = Limiter::new(RateLimit {
            per_second: 2.0,
            burst: 3,
        });
        for _ in 0..3 {
            assert!(l.check("k").is_ok());
        }
        let wait = l.check("k").unwrap_err();
        assert!(wait <= Duration::from_millis(500), "{wait:?}");
        assert!(l.check("other").is_ok(), "keys have their own buckets");
        tokio::time::advance(Duration::from_millis(500)).await;
        assert!(l.check("k").is_ok());
        assert!(l.check("k").is_err());
        assert!(l.peek("k").is_err());
        assert!(l.peek("other").is_ok());
        assert!(l.peek("other").is_ok(), "peeking takes nothing");
    }
}
