//! The running backend — core service, WhatsApp engine and REST API for the POS — started
//! the same way by `mostrador serve` and by the desktop app, and stopped gracefully by both.

use std::sync::Arc;
use std::time::Duration;

use mostrador_api::{ApiKey, ApiOptions};
use mostrador_core::clock::{Clock, SystemClock, SystemRandom};
use mostrador_core::demo::DemoPhone;
use mostrador_core::engine::{self, EngineSink, Messenger, NoEngine};
use mostrador_core::profiles::Engines;
use mostrador_core::types::DEFAULT_PROFILE;
use mostrador_core::{Config, Deps, Service};
use mostrador_secrets::{Mode, Secrets};
use mostrador_store::Store;
use mostrador_whatsapp::WhatsAppEngine;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::engines::AppEngines;
use crate::instance::InstanceLock;
use crate::listen::{self, Listeners};
use crate::paths::DataDir;
use crate::serve_args::ServeArgs;
use crate::{Error, api_key};

/// How long requests still open at shutdown (e.g. event streams) may take to finish.
const GRACE: Duration = Duration::from_secs(10);

/// The secret under which the message database's (and the attachments') key is kept.
const DB_KEY: &str = "db-key";

/// Everything read from the settings and the secret store before anything starts, under
/// the data directory's lock. Made outside the async runtime: the keyring calls block.
pub struct Plan {
    config: Config,
    options: ApiOptions,
    port: u16,
    mode: Mode,
    secrets: Secrets,
    api_key: String,
    db_key: String,
    engine: EngineChoice,
    clock: Arc<dyn Clock>,
    lock: InstanceLock,
}

/// Which engine runs, from the flags.
struct EngineChoice {
    name: String,
    url: Option<String>,
    secret: String,
}

impl Plan {
    /// Checks the flags, takes the data directory's lock, then reads (or, on a first start,
    /// creates) the secrets. The lock comes first because the OS keyring has no
    /// compare-and-set: two first launches at once (a double click) would each store a
    /// different database key, and the log would be encrypted under the one that lost.
    pub fn new(dir: &DataDir, mode: Mode, args: &ServeArgs) -> Result<Plan, Error> {
        let config = args.config()?;
        let options = args.api_options()?;
        let url = args.engine_url()?;
        let lock = InstanceLock::acquire(dir)?;
        let secrets = Secrets::open(mode, dir.path())?;
        let api_key = api_key::load_or_create(&secrets)?;
        let engine_secret = api_key::load_or_create_named(&secrets, "engine-secret")?;
        let db_key = database_key(dir, &secrets)?;
        Ok(Plan {
            config,
            options,
            port: args.port,
            mode,
            secrets,
            api_key,
            db_key,
            engine: EngineChoice {
                name: args.engine.clone(),
                url,
                secret: engine_secret,
            },
            clock: args.clock(),
            lock,
        })
    }

    pub fn secrets(&self) -> &Secrets {
        &self.secrets
    }
}

/// The message database's key: made on the very first start only. Once `mostrador.db`
/// exists, a new key could never open it — and would hide the loss until the next start —
/// so a missing key stops the app and says which entry to restore.
fn database_key(dir: &DataDir, secrets: &Secrets) -> Result<String, Error> {
    let db = dir.database();
    if !db.exists() {
        return api_key::load_or_create_named(secrets, DB_KEY);
    }
    secrets.get(DB_KEY)?.ok_or_else(|| Error::MissingDbKey {
        path: db,
        entry: secrets.location(DB_KEY),
    })
}

/// A started backend. `stopper()` asks it to stop; `finish()` waits for that and cleans up.
pub struct Backend {
    pub service: Arc<Service>,
    /// The port the REST API listens on (127.0.0.1).
    pub port: u16,
    /// The key the API checks; the desktop app shows and rotates it.
    pub api_key: ApiKey,
    /// Demo builds: the fake network's phone, for "scan with the demo phone".
    pub demo_phone: Option<DemoPhone>,
    dir: DataDir,
    server: JoinHandle<Result<(), Error>>,
    stop: Stopper,
    whatsapp: Option<WhatsAppEngine>,
    sink: EngineSink,
    _lock: InstanceLock,
}

/// Asks a backend to stop: the first call stops new requests and lets open ones finish
/// (within `GRACE`), a second one cuts them.
#[derive(Clone)]
pub struct Stopper(Arc<watch::Sender<u8>>);

impl Stopper {
    pub fn stop(&self) {
        self.0.send_modify(|asked| *asked = asked.saturating_add(1));
    }
}

impl Backend {
    /// Binds the port, opens the database, starts the engine, the service and the API,
    /// under the data dir's lock the plan holds. Must run inside a Tokio runtime.
    pub async fn start(dir: &DataDir, plan: Plan) -> Result<Backend, Error> {
        let Listeners { port, sockets } = listen::bind(plan.port).await?;
        let lock = plan.lock;

        let db = dir.database();
        let store = Store::open_encrypted(&db, &plan.db_key)
            .map_err(|source| Error::Store { path: db, source })?;
        let (sink, engine_events) = engine::channel();
        let (messenger, whatsapp, engines) =
            start_engines(dir, plan.engine, plan.secrets.clone(), &sink).await?;
        let rate_limit = plan.options.rate_limit.as_ref().map_or_else(
            || "off".to_owned(),
            |r| format!("{}/s per key", r.per_second),
        );
        let ui_dir = plan.options.ui_dir.clone();
        let service = Service::start(Deps {
            store,
            messenger,
            engine_events,
            engines,
            clock: plan.clock,
            random: Arc::new(SystemRandom),
            config: plan.config,
            media_dir: dir.media(),
            vault: Arc::new(crate::vault::SecretsVault(plan.secrets.clone())),
        })
        .await
        .map_err(Error::Service)?;
        if cfg!(feature = "demo") {
            tracing::warn!(
                "DEMO build: talks only to the built-in fake WhatsApp network on this computer"
            );
        }
        // A rotated key is written where the old one was (keyring or file) and used at once.
        let api_key = ApiKey::with_store(
            plan.api_key,
            Arc::new(api_key::SecretsKeyStore(plan.secrets.clone())),
        );
        let demo_phone = plan.options.demo_phone.clone();
        let router = mostrador_api::router(service.clone(), api_key.clone(), plan.options);
        let (stop, asked) = watch::channel(0u8);
        let backend = Backend {
            service,
            port,
            api_key,
            demo_phone,
            dir: dir.clone(),
            server: tokio::spawn(until_stopped(sockets, router, asked)),
            stop: Stopper(Arc::new(stop)),
            whatsapp,
            sink,
            _lock: lock,
        };
        if let Err(e) = dir.write_port(port) {
            backend.stopper().stop();
            let _ = backend.finish().await;
            return Err(e);
        }
        log_started(&backend, plan.mode, &rate_limit, ui_dir.as_deref());
        Ok(backend)
    }

    pub fn stopper(&self) -> Stopper {
        self.stop.clone()
    }

    /// Waits until the API server has stopped (asked through a `Stopper`, or failed), then
    /// shuts down the service (dispatcher after its current attempt) and the engine.
    pub async fn finish(self) -> Result<(), Error> {
        let served = self
            .server
            .await
            .unwrap_or_else(|e| Err(Error::Server(std::io::Error::other(e))));
        self.dir.clear_port(self.port);
        self.service.shutdown().await;
        if let Some(engine) = self.whatsapp {
            engine.shutdown().await;
        }
        drop(self.sink);
        if served.is_ok() {
            tracing::info!("stopped");
        }
        served
    }
}

/// The startup line: where the API listens and the settings in force (flags, else what
/// was saved from the Settings screen, else defaults).
fn log_started(backend: &Backend, mode: Mode, rate_limit: &str, ui_dir: Option<&std::path::Path>) {
    let port = backend.port;
    let settings = backend.service.settings();
    tracing::info!(
        port,
        data_dir = %backend.dir.path().display(),
        secrets = %mode,
        country = %settings.default_country,
        pacing_ms = settings.pacing_ms,
        jitter_ms = settings.jitter_ms,
        max_attempts = settings.max_attempts,
        rate_limit = %rate_limit,
        "Mostrador API listening on http://127.0.0.1:{port}/api/v1 (docs at /api/v1/docs)"
    );
    if let Some(ui) = ui_dir {
        tracing::info!(ui_dir = %ui.display(), "web UI at http://127.0.0.1:{port}/");
    }
}

/// The main number's engine and what starts the others', or none of them: then messages
/// queue durably and nothing pretends to be sent.
async fn start_engines(
    dir: &DataDir,
    choice: EngineChoice,
    secrets: Secrets,
    sink: &EngineSink,
) -> Result<Started, Error> {
    if choice.name == "none" {
        let messenger = Arc::new(NoEngine::start(sink, SystemClock.now_ms()));
        return Ok((messenger, None, None));
    }
    crate::engines::upgrade_single_number(dir)?;
    let engines = AppEngines {
        dir: dir.clone(),
        secrets,
        server_url: choice.url,
        secret: choice.secret,
    };
    let main = engines.start_engine(DEFAULT_PROFILE, sink.clone()).await?;
    Ok((Arc::new(main.clone()), Some(main), Some(Arc::new(engines))))
}

/// The main number's engine (as the core sees it, and to stop it), and the others' starter.
type Started = (
    Arc<dyn Messenger>,
    Option<WhatsAppEngine>,
    Option<Arc<dyn Engines>>,
);

/// Serves until asked to stop, then lets open requests finish (within `GRACE`, or until
/// asked again).
async fn until_stopped(
    listeners: Vec<TcpListener>,
    router: axum::Router,
    mut asked: watch::Receiver<u8>,
) -> Result<(), Error> {
    let mut first = asked.clone();
    let server = mostrador_api::serve(listeners, router, async move {
        // A dropped sender also means stop.
        let _ = first.wait_for(|n| *n >= 1).await;
    });
    tokio::pin!(server);
    tokio::select! {
        res = &mut server => return res.map_err(Error::Server),
        _ = asked.wait_for(|n| *n >= 1) => {}
    }
    tracing::info!("stopping: no new requests; finishing the ones in progress");
    tokio::select! {
        res = &mut server => res.map_err(Error::Server),
        () = tokio::time::sleep(GRACE) => {
            tracing::warn!("requests still open after {} s (such as event streams) were cut", GRACE.as_secs());
            Ok(())
        }
        _ = asked.wait_for(|n| *n >= 2) => {
            tracing::warn!("asked to stop again: open requests were cut");
            Ok(())
        }
    }
}
