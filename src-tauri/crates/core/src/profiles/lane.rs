//! One profile's lane: its engine, the link state its reports keep, and the dispatcher that
//! drains its part of the outbox at its own pace.

use std::sync::{Arc, Mutex};

use mostrador_store::Store;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

use crate::announcer::Announcer;
use crate::blobs::Blobs;
use crate::clock::{Clock, Random};
use crate::config::Retry;
use crate::dispatcher::Dispatcher;
use crate::engine::{EngineEvents, Messenger};
use crate::engine_reports::EngineReports;
use crate::link::LinkWatch;
use crate::live_settings::LiveSettings;

/// What every lane shares: the one store, the clock, the settings in effect, the announcer.
#[derive(Clone)]
pub(crate) struct LaneParts {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub random: Arc<dyn Random>,
    pub retry: Retry,
    pub blobs: Blobs,
    pub settings: watch::Receiver<LiveSettings>,
    pub announcer: Announcer,
}

pub(crate) struct Lane {
    pub id: String,
    pub messenger: Arc<dyn Messenger>,
    pub link: LinkWatch,
    /// Rings this lane's dispatcher when one of its messages is queued.
    pub wake: Arc<Notify>,
    /// Whether the service started this lane's engine (and so stops it); the default
    /// profile's belongs to the app.
    pub owns_engine: bool,
    stop: watch::Sender<bool>,
    tasks: Mutex<Vec<JoinHandle<()>>>,
}

impl Lane {
    /// Starts the lane's engine reports and dispatcher. Must run inside a Tokio runtime.
    pub fn start(
        parts: &LaneParts,
        id: &str,
        messenger: Arc<dyn Messenger>,
        events: EngineEvents,
        owns_engine: bool,
    ) -> Arc<Lane> {
        let wake = Arc::new(Notify::new());
        let (reports, link) = EngineReports::new(
            id.to_owned(),
            parts.store.clone(),
            parts.announcer.clone(),
            parts.clock.clone(),
            parts.random.clone(),
            wake.clone(),
        );
        let dispatcher = Dispatcher {
            profile: id.to_owned(),
            store: parts.store.clone(),
            messenger: messenger.clone(),
            clock: parts.clock.clone(),
            random: parts.random.clone(),
            retry: parts.retry,
            blobs: parts.blobs.clone(),
            link: link.clone(),
            settings: parts.settings.clone(),
            wake: wake.clone(),
            announcer: parts.announcer.clone(),
        };
        let (stop, stopped) = watch::channel(false);
        let tasks = vec![
            tokio::spawn(reports.run(events)),
            tokio::spawn(dispatcher.run(stopped)),
        ];
        Arc::new(Lane {
            id: id.to_owned(),
            messenger,
            link,
            wake,
            owns_engine,
            stop,
            tasks: Mutex::new(tasks),
        })
    }

    /// Stops the dispatcher (after its attempt in progress), then the engine when the lane
    /// owns it, then the reports.
    pub async fn stop(&self) {
        self.stop.send_replace(true);
        let tasks: Vec<_> = self
            .tasks
            .lock()
            .map(|mut t| t.drain(..).collect())
            .unwrap_or_default();
        let mut tasks = tasks.into_iter();
        let reports = tasks.next();
        for t in tasks {
            let _ = t.await;
        }
        if self.owns_engine
            && let Err(e) = self.messenger.go_offline().await
        {
            tracing::warn!(profile = %self.id, error = %e, "cannot stop a profile's engine");
        }
        if let Some(reports) = reports {
            reports.abort();
        }
    }
}
