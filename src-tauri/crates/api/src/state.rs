//! What every handler can reach: the service, the key, the rate limiter.

use std::sync::Arc;

use mostrador_core::Service;

use crate::ApiOptions;
use crate::auth::ApiKey;
use crate::rate_limit::Limiter;

#[derive(Clone)]
pub struct AppState {
    pub service: Arc<Service>,
    pub key: ApiKey,
    pub limiter: Option<Arc<Limiter>>,
    /// A demo build against the built-in fake network (shown as DEMO in every UI).
    pub demo: bool,
}

impl AppState {
    pub fn new(service: Arc<Service>, key: ApiKey, options: &ApiOptions) -> Self {
        AppState {
            service,
            key,
            limiter: options.rate_limit.map(|l| Arc::new(Limiter::new(l))),
            demo: options.demo_phone.is_some(),
        }
    }
}
