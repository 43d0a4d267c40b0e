//! Profiles: the shop's linked numbers. Each runs in its own lane — its engine, its link
//! state, its dispatcher and pacing — kept in one registry; a request names its profile (by
//! id or name) or gets the default one. Lanes share only the store and the announcer, so one
//! number's trouble (logged out, reconnecting, a long broadcast) never holds up another.

mod lane;
mod registry;
pub mod rules;

use std::sync::Arc;

use futures_util::future::BoxFuture;

use mostrador_types::{ReasonCode, SessionInfo, SessionState};

use crate::engine::{self, EngineError, EngineEvent, EngineSink, Messenger, NoEngine};

pub(crate) use lane::{Lane, LaneParts};
pub(crate) use registry::{Entry, Registry};

/// Starts the engines of the profiles added after the first. The app's builds a whatsapp-rust
/// engine per profile (its own session file and key); tests build in-memory ones.
pub trait Engines: Send + Sync + 'static {
    /// Starts profile `id`'s engine, reporting through `sink`: its saved session, or linking
    /// anew. It is stopped with `Messenger::disconnect`.
    fn start<'a>(
        &'a self,
        id: &'a str,
        sink: EngineSink,
    ) -> BoxFuture<'a, Result<Arc<dyn Messenger>, EngineError>>;

    /// Deletes profile `id`'s session for good — its files and its key — after its engine
    /// stopped.
    fn wipe<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<(), EngineError>>;
}

/// A lane for profile `id` whose engine the service starts (and stops): through `engines`,
/// or none — then its messages only queue, as with `NoEngine`, and its state says why.
pub(crate) async fn open_lane(
    parts: &LaneParts,
    engines: Option<&Arc<dyn Engines>>,
    id: &str,
) -> Arc<Lane> {
    let (sink, events) = engine::channel();
    let now = parts.clock.now_ms();
    let messenger: Arc<dyn Messenger> = match engines {
        Some(engines) => match engines.start(id, sink.clone()).await {
            Ok(m) => m,
            Err(e) => {
                tracing::error!(profile = %id, error = %e, "cannot start this number's WhatsApp");
                sink.emit(EngineEvent::State(SessionInfo::because(
                    SessionState::Disconnected,
                    now,
                    ReasonCode::EngineError,
                    format!("WhatsApp could not start for this number: {e}"),
                )));
                Arc::new(NoEngine)
            }
        },
        None => Arc::new(NoEngine::start(&sink, now)),
    };
    Lane::start(parts, id, messenger, events, true)
}
