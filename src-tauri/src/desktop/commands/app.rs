//! The app itself: where the API is, the POS's API key (shown, rotated), and settings.

use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use super::{Result, internal};
use crate::api_key;
use crate::desktop::Shell;
use crate::desktop::prefs::Prefs;

#[derive(Serialize)]
pub struct About {
    version: String,
    /// e.g. `http://127.0.0.1:3107/api/v1`, for the POS example in Settings.
    api_base: String,
    port: u16,
    data_dir: String,
}

#[tauri::command]
pub fn about<R: Runtime>(app: AppHandle<R>, shell: State<'_, Shell>) -> About {
    About {
        version: app.package_info().version.to_string(),
        api_base: format!("http://127.0.0.1:{}/api/v1", shell.port),
        port: shell.port,
        data_dir: shell.data_dir.path().display().to_string(),
    }
}

/// The key the POS sends. The keyring call blocks, so it runs off the async threads.
#[tauri::command]
pub async fn api_key(shell: State<'_, Shell>) -> Result<String> {
    let secrets = shell.secrets.clone();
    tauri::async_runtime::spawn_blocking(move || api_key::load_or_create(&secrets))
        .await
        .map_err(internal)?
        .map_err(Into::into)
}

/// A new key, stored and in force at once: the old one stops working now.
#[tauri::command]
pub async fn rotate_api_key(shell: State<'_, Shell>) -> Result<String> {
    let secrets = shell.secrets.clone();
    let key = tauri::async_runtime::spawn_blocking(move || api_key::rotate(&secrets))
        .await
        .map_err(internal)??;
    shell.api_key.set(key.clone());
    Ok(key)
}

/// The desktop settings, and the service's (read-only here: they come from the flags
/// and environment the app was started with).
#[derive(Serialize)]
pub struct Settings {
    prefs: Prefs,
    service: ServiceSettings,
}

#[derive(Serialize)]
struct ServiceSettings {
    default_country: String,
    pacing_ms: u64,
    jitter_ms: u64,
    max_attempts: u32,
}

#[tauri::command]
pub fn settings(shell: State<'_, Shell>) -> Settings {
    let config = shell.service.config();
    Settings {
        prefs: shell.prefs(),
        service: ServiceSettings {
            default_country: config.default_country.clone(),
            pacing_ms: config.pacing.min_gap.as_millis() as u64,
            jitter_ms: config.pacing.jitter.as_millis() as u64,
            max_attempts: config.retry.max_attempts,
        },
    }
}

#[tauri::command]
pub fn save_settings<R: Runtime>(
    app: AppHandle<R>,
    shell: State<'_, Shell>,
    prefs: Prefs,
) -> Result<Settings> {
    crate::desktop::start_at_login(&app, prefs.start_at_login).map_err(internal)?;
    shell.set_prefs(prefs).map_err(internal)?;
    Ok(settings(shell))
}
