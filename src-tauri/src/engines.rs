//! The WhatsApp engines of the shop's numbers: one whatsapp-rust client per profile, each with
//! its session in `profiles/<id>/whatsapp.db` under its own key in the secret store — and the
//! one-time move of a single-number data directory's session to the main profile's place.

use std::path::Path;
use std::sync::Arc;

use futures_util::future::BoxFuture;
use mostrador_core::clock::SystemClock;
use mostrador_core::engine::{EngineError, EngineSink, Failure, Messenger};
use mostrador_core::profiles::Engines;
use mostrador_core::types::DEFAULT_PROFILE;
use mostrador_secrets::Secrets;
use mostrador_whatsapp::{EngineConfig, WhatsAppEngine, session_files};

use crate::paths::DataDir;
use crate::{Error, api_key};

/// The main number's session key keeps the name it had before there were profiles.
const SESSION_KEY: &str = "session-db-key";

/// The secret-store entry of profile `id`'s session key.
pub fn session_key(id: &str) -> String {
    if id == DEFAULT_PROFILE {
        SESSION_KEY.to_owned()
    } else {
        format!("{SESSION_KEY}:{id}")
    }
}

/// What every engine is started with.
#[derive(Clone)]
pub struct AppEngines {
    pub dir: DataDir,
    pub secrets: Secrets,
    /// The WhatsApp server's URL; `None`: WhatsApp's own.
    pub server_url: Option<String>,
    pub secret: String,
}

impl AppEngines {
    /// Starts profile `id`'s engine: its saved session, or linking anew.
    pub async fn start_engine(&self, id: &str, sink: EngineSink) -> Result<WhatsAppEngine, Error> {
        let store_path = self.dir.session_db(id)?;
        let (keys, forget, name) = (self.secrets.clone(), self.secrets.clone(), session_key(id));
        let forgotten = name.clone();
        let config = EngineConfig {
            store_path,
            server_url: self.server_url.clone(),
            store_key: Some(Box::new(move || {
                api_key::load_or_create_named(&keys, &name).map_err(|e| e.to_string())
            })),
            secret: self.secret.clone().into_bytes(),
            on_forget: Some(Box::new(move || {
                if let Err(e) = forget.delete(&forgotten) {
                    tracing::error!(error = %e, "cannot delete a session key from the secret store");
                }
            })),
        };
        WhatsAppEngine::start(config, sink, Arc::new(SystemClock))
            .await
            .map_err(|e| Error::Setting(format!("cannot start WhatsApp: {e}")))
    }
}

impl Engines for AppEngines {
    fn start<'a>(
        &'a self,
        id: &'a str,
        sink: EngineSink,
    ) -> BoxFuture<'a, Result<Arc<dyn Messenger>, EngineError>> {
        Box::pin(async move {
            let engine = self.start_engine(id, sink).await.map_err(failed)?;
            Ok(Arc::new(engine) as Arc<dyn Messenger>)
        })
    }

    fn wipe<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<(), EngineError>> {
        Box::pin(async move {
            let dir = self.dir.profile(id);
            if let Err(e) = std::fs::remove_dir_all(&dir)
                && e.kind() != std::io::ErrorKind::NotFound
            {
                return Err(failed(Error::DataDir {
                    path: dir,
                    source: e,
                }));
            }
            self.secrets.delete(&session_key(id)).map_err(failed)
        })
    }
}

fn failed(e: impl std::fmt::Display) -> EngineError {
    EngineError::new(Failure::Permanent, "ENGINE_ERROR", e.to_string())
}

/// A data directory from before profiles kept the one session as `whatsapp.db` at its top:
/// it becomes the main profile's, moved (not copied) so the number stays linked. The
/// companions go first and the database last, so a move cut short is finished next start.
pub fn upgrade_single_number(dir: &DataDir) -> Result<(), Error> {
    let old = dir.path().join("whatsapp.db");
    if !old.exists() {
        return Ok(());
    }
    let new = dir.session_db(DEFAULT_PROFILE)?;
    if new.exists() {
        tracing::warn!(old = %old.display(), "a session from before profiles was left beside the main one's; kept as it is");
        return Ok(());
    }
    let [db, wal, shm] = session_files(&old);
    let [new_db, new_wal, new_shm] = session_files(&new);
    for (from, to) in [(wal, new_wal), (shm, new_shm), (db, new_db)] {
        move_file(&from, &to)?;
    }
    tracing::info!(path = %new.display(), "the linked number's session moved to the main profile's place");
    Ok(())
}

fn move_file(from: &Path, to: &Path) -> Result<(), Error> {
    match std::fs::rename(from, to) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(Error::DataDir {
            path: from.to_owned(),
            source,
        }),
    }
}
