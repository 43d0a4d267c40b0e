//! Mostrador's REST API for the POS on the same PC: `/api/v1`, loopback only, key required,
//! one JSON envelope on every answer, OpenAPI document, live events as SSE.

mod attachment;
mod auth;
mod batch_body;
mod caller;
mod docs;
mod envelope;
mod extract;
mod guard;
mod handlers;
mod key;
mod key_store;
mod multipart;
mod openapi;
mod profile_param;
mod rate_limit;
mod send_body;
mod state;

use std::future::{Future, IntoFuture};
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use mostrador_core::Service;
use mostrador_core::demo::DemoPhone;

pub use key::ApiKey;
pub use key_store::KeyStore;
pub use rate_limit::RateLimit;

/// How the API is exposed; the defaults suit a shop.
#[derive(Debug, Clone)]
pub struct ApiOptions {
    /// Requests per second each API key may make on average (burst allowed); `None`: no limit.
    pub rate_limit: Option<RateLimit>,
    /// Built web UI to serve at `/` (headless mode), when present.
    pub ui_dir: Option<std::path::PathBuf>,
    /// Demo builds only: the fake network's phone, behind `/api/v1/demo/*`.
    pub demo_phone: Option<DemoPhone>,
}

impl Default for ApiOptions {
    fn default() -> Self {
        ApiOptions {
            rate_limit: Some(RateLimit::default()),
            ui_dir: None,
            demo_phone: None,
        }
    }
}

/// The whole HTTP surface, ready to serve.
pub fn router(service: Arc<Service>, key: ApiKey, options: ApiOptions) -> Router {
    let demo = options.demo_phone.is_some();
    handlers::router(state::AppState::new(service, key, demo), &options)
}

/// Serves `router` on `listeners` (each bound to a loopback address: 127.0.0.1 and [::1]
/// on the same port) until `shutdown` completes, then finishes in-flight requests. Event
/// streams end at once: they would otherwise hold the shutdown open forever.
pub async fn serve(
    listeners: Vec<tokio::net::TcpListener>,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let (closing, closing_rx) = tokio::sync::watch::channel(false);
    let router = router.layer(axum::Extension(handlers::events::Closing(
        closing_rx.clone(),
    )));
    let servers = listeners.into_iter().map(|listener| {
        let mut closed = closing_rx.clone();
        axum::serve(
            listener,
            router
                .clone()
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            let _ = closed.wait_for(|c| *c).await;
        })
        .into_future()
    });
    let all = futures_util::future::try_join_all(servers);
    tokio::pin!(all);
    tokio::select! {
        res = &mut all => return res.map(|_| ()),
        () = shutdown => {}
    }
    closing.send_replace(true);
    all.await.map(|_| ())
}
