//! Signed updates (tauri-plugin-updater): checking is free, installing needs the user's
//! click — the automatic check at start only tells the UI.

use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime, State};
use tauri_plugin_updater::UpdaterExt;

use super::{Result, internal};
use crate::desktop::Shell;

/// The download's progress, for the Settings screen: `{downloaded, total}` in bytes.
pub const PROGRESS_EVENT: &str = "update-progress";

#[derive(Debug, Clone, Serialize)]
pub struct UpdateInfo {
    pub current: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[derive(Clone, Serialize)]
struct Progress {
    downloaded: u64,
    total: Option<u64>,
}

#[tauri::command]
pub async fn check_update<R: Runtime>(app: AppHandle<R>) -> Result<UpdateInfo> {
    check(&app).await.map_err(internal)
}

/// Downloads the update, checks its signature against the public key built into the app
/// (a bad one is refused before anything is written), installs it and restarts. Only
/// ever called from the user's click.
#[tauri::command]
pub async fn install_update<R: Runtime>(app: AppHandle<R>) -> Result<()> {
    let Some(update) = app
        .updater()
        .map_err(internal)?
        .check()
        .await
        .map_err(internal)?
    else {
        return Ok(());
    };
    let mut downloaded = 0u64;
    let bytes = update
        .download(
            |chunk, total| {
                downloaded += chunk as u64;
                let _ = app.emit(PROGRESS_EVENT, Progress { downloaded, total });
            },
            || {},
        )
        .await
        .map_err(internal)?;
    update.install(bytes).map_err(internal)?;
    tracing::info!(version = %update.version, "update installed; restarting");
    app.restart()
}

/// What the automatic check at start found, if it found a newer version.
#[tauri::command]
pub fn pending_update(shell: State<'_, Shell>) -> Option<UpdateInfo> {
    shell.pending_update.lock().ok().and_then(|p| p.clone())
}

pub async fn check<R: Runtime>(app: &AppHandle<R>) -> tauri_plugin_updater::Result<UpdateInfo> {
    let update = app.updater()?.check().await?;
    Ok(UpdateInfo {
        current: app.package_info().version.to_string(),
        available: update.as_ref().map(|u| u.version.clone()),
        notes: update.and_then(|u| u.body),
    })
}
