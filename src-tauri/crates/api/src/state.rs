//! What every handler can reach: the service, the key, the rate limiter and the brake on
//! wrong keys.

use std::sync::Arc;

use mostrador_core::Service;

use crate::ApiOptions;
use crate::auth::ApiKey;
use crate::rate_limit::{Limiter, RateLimit};

/// Wrong keys each program (peer address) may try at once, and how fast more come back: a
/// POS with a stale key gets its 401s, a key-guessing loop gets slowed to one guess a second.
const WRONG_KEYS: RateLimit = RateLimit {
    per_second: 1.0,
    burst: 20,
};

#[derive(Clone)]
pub struct AppState {
    pub service: Arc<Service>,
    pub key: ApiKey,
    pub limiter: Option<Arc<Limiter>>,
    /// Wrong keys per peer address; always on.
    pub wrong_keys: Arc<Limiter>,
    /// A demo build against the built-in fake network (shown as DEMO in every UI).
    pub demo: bool,
}

impl AppState {
    pub fn new(service: Arc<Service>, key: ApiKey, options: &ApiOptions) -> Self {
        AppState {
            service,
            key,
            limiter: options.rate_limit.map(|l| Arc::new(Limiter::new(l))),
            wrong_keys: Arc::new(Limiter::new(WRONG_KEYS)),
            demo: options.demo_phone.is_some(),
        }
    }
}
