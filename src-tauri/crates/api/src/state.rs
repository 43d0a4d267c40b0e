//! What every handler can reach: the service and the key (rotated through the API; event
//! streams end when it changes).

use std::sync::Arc;

use mostrador_core::Service;

use crate::key::ApiKey;

#[derive(Clone)]
pub struct AppState {
    pub service: Arc<Service>,
    pub key: ApiKey,
    /// A demo build against the built-in fake network (shown as DEMO in every UI).
    pub demo: bool,
}

impl AppState {
    pub fn new(service: Arc<Service>, key: ApiKey, demo: bool) -> Self {
        AppState { service, key, demo }
    }
}
