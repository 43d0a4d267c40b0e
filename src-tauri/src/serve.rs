//! `mostrador serve`: the core and the REST API with no window, for the POS, SSH and CI.

use std::net::Ipv4Addr;
use std::sync::Arc;
use std::time::Duration;

use mostrador_api::{ApiKey, ApiOptions};
use mostrador_core::clock::{Clock, SystemClock, SystemRandom};
use mostrador_core::engine::{self, EngineSink, Messenger, NoEngine};
use mostrador_core::{Config, Deps, Service};
use mostrador_secrets::{Mode, Secrets};
use mostrador_store::Store;
use mostrador_whatsapp::{EngineConfig, WhatsAppEngine};
use tokio::net::TcpListener;

use crate::instance::InstanceLock;
use crate::paths::DataDir;
use crate::settings::ServeArgs;
use crate::{Error, api_key, shutdown};

/// How long requests still open at shutdown (e.g. event streams) may take to finish.
const GRACE: Duration = Duration::from_secs(10);

/// Runs until Ctrl-C or SIGTERM, then stops gracefully.
pub fn run(dir: &DataDir, mode: Mode, args: &ServeArgs) -> Result<(), Error> {
    let config = args.config()?;
    let options = args.api_options()?;
    let secrets = Secrets::open(mode, dir.path())?;
    let key = api_key::load_or_create(&secrets)?;
    let engine_secret = api_key::load_or_create_named(&secrets, "engine-secret")?;
    let db_key = api_key::load_or_create_named(&secrets, "db-key")?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(Error::Runtime)?;
    let engine = EngineChoice {
        name: args.engine.clone(),
        url: args.wa_url.clone(),
        secret: engine_secret,
        secrets: secrets.clone(),
    };
    let keys = Keys {
        api: key,
        db: db_key,
        api_store: Arc::new(api_key::SecretsKeyStore(secrets.clone())),
    };
    let result = runtime.block_on(serve(dir, keys, config, options, args.port, mode, engine));
    // Leftover blocking work (a slow disk read) must not keep a stopped app alive.
    runtime.shutdown_timeout(Duration::from_secs(5));
    result
}

async fn serve(
    dir: &DataDir,
    keys: Keys,
    config: Config,
    options: ApiOptions,
    port: u16,
    mode: Mode,
    engine: EngineChoice,
) -> Result<(), Error> {
    // Bind, then lock the data dir, both before opening the database: a second copy
    // started by mistake stops here without touching the first one's data.
    let listener = bind(port).await?;
    let port = listener
        .local_addr()
        .map_err(|source| Error::Bind { port, source })?
        .port();
    let _lock = InstanceLock::acquire(dir)?;

    let db = dir.database();
    let store =
        Store::open_encrypted(&db, &keys.db).map_err(|source| Error::Store { path: db, source })?;
    let (sink, engine_events) = engine::channel();
    let (messenger, whatsapp) = start_engine(dir, engine, &sink).await?;
    let service = Service::start(Deps {
        store,
        messenger,
        engine_events,
        clock: Arc::new(SystemClock),
        random: Arc::new(SystemRandom),
        config,
        media_dir: dir.media(),
    })
    .await
    .map_err(Error::Service)?;
    let rate_limit = options.rate_limit.as_ref().map_or_else(
        || "off".to_owned(),
        |r| format!("{}/s per key", r.per_second),
    );
    if cfg!(feature = "demo") {
        tracing::warn!(
            "DEMO build: talks only to the built-in fake WhatsApp network on this computer"
        );
    }
    let ui_dir = options.ui_dir.clone();
    let api_key = ApiKey::with_store(keys.api, keys.api_store);
    let router = mostrador_api::router(service.clone(), api_key, options);
    // In effect: flags, else what was saved from the Settings screen, else defaults.
    let settings = service.settings();

    let served = async {
        dir.write_port(port)?;
        tracing::info!(
            port,
            data_dir = %dir.path().display(),
            secrets = %mode,
            country = %settings.default_country,
            pacing_ms = settings.pacing_ms,
            jitter_ms = settings.jitter_ms,
            max_attempts = settings.max_attempts,
            rate_limit = %rate_limit,
            "Mostrador API listening on http://127.0.0.1:{port}/api/v1 (docs at /api/v1/docs)"
        );
        if let Some(ui) = &ui_dir {
            tracing::info!(ui_dir = %ui.display(), "web UI at http://127.0.0.1:{port}/");
        }
        until_stopped(listener, router).await
    }
    .await;

    dir.clear_port(port);
    service.shutdown().await;
    if let Some(engine) = whatsapp {
        engine.shutdown().await;
    }
    drop(sink);
    if served.is_ok() {
        tracing::info!("stopped");
    }
    served
}

/// Which engine `serve` runs, from its flags.
pub struct EngineChoice {
    name: String,
    url: Option<String>,
    secret: String,
    secrets: Secrets,
}

/// The API key (and where a rotated one is kept) and the message database's key.
struct Keys {
    api: String,
    db: String,
    api_store: Arc<dyn mostrador_api::KeyStore>,
}

/// The secret under which the WhatsApp session store's key is kept; deleted with the
/// session at logout (a new link gets a new key).
const SESSION_KEY: &str = "session-db-key";

/// The WhatsApp engine (session in `whatsapp.db` in the data dir), or none: then messages
/// queue durably and nothing pretends to be sent.
async fn start_engine(
    dir: &DataDir,
    choice: EngineChoice,
    sink: &EngineSink,
) -> Result<(Arc<dyn Messenger>, Option<WhatsAppEngine>), Error> {
    if choice.name == "none" {
        return Ok((Arc::new(NoEngine::start(sink, SystemClock.now_ms())), None));
    }
    let secrets = choice.secrets;
    let keys = secrets.clone();
    let config = EngineConfig {
        store_path: dir.path().join("whatsapp.db"),
        server_url: choice.url,
        store_key: Some(Box::new(move || {
            api_key::load_or_create_named(&keys, SESSION_KEY).map_err(|e| e.to_string())
        })),
        secret: choice.secret.into_bytes(),
        on_forget: Some(Box::new(move || {
            if let Err(e) = secrets.delete(SESSION_KEY) {
                tracing::error!(error = %e, "cannot delete the session key from the secret store");
            }
        })),
    };
    let engine = WhatsAppEngine::start(config, sink.clone(), Arc::new(SystemClock))
        .await
        .map_err(|e| Error::Setting(format!("cannot start WhatsApp: {e}")))?;
    Ok((Arc::new(engine.clone()), Some(engine)))
}

/// Loopback only: the API is for programs on this PC, never the shop's network.
async fn bind(port: u16) -> Result<TcpListener, Error> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, port))
        .await
        .map_err(|source| match source.kind() {
            std::io::ErrorKind::AddrInUse => Error::PortInUse { port },
            _ => Error::Bind { port, source },
        })
}

/// Serves until asked to stop, then lets open requests finish (within `GRACE`).
async fn until_stopped(listener: TcpListener, router: axum::Router) -> Result<(), Error> {
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = mostrador_api::serve(listener, router, async move {
        let _ = stopped.await;
    });
    tokio::pin!(server);
    tokio::select! {
        res = &mut server => return res.map_err(Error::Server),
        () = shutdown::requested() => {}
    }
    tracing::info!("stopping: no new requests; finishing the ones in progress");
    let _ = stop.send(());
    tokio::select! {
        res = &mut server => res.map_err(Error::Server),
        () = tokio::time::sleep(GRACE) => {
            tracing::warn!("requests still open after {} s (such as event streams) were cut", GRACE.as_secs());
            Ok(())
        }
        () = shutdown::requested() => {
            tracing::warn!("asked to stop again: open requests were cut");
            Ok(())
        }
    }
}
