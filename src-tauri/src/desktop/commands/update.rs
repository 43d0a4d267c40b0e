//! Signed updates (tauri-plugin-updater): checking is free, installing needs the user's
//! click — the automatic check at start only tells the UI.

use serde::Serialize;
use tauri::{AppHandle, Runtime};
use tauri_plugin_updater::UpdaterExt;

use super::{Result, internal};

#[derive(Debug, Clone, Serialize)]
pub struct UpdateInfo {
    pub current: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[tauri::command]
pub async fn check_update<R: Runtime>(app: AppHandle<R>) -> Result<UpdateInfo> {
    check(&app).await.map_err(internal)
}

/// Downloads the update, checks its signature against the public key built into the app,
/// installs it and restarts. Only ever called from the user's click.
#[tauri::command]
pub async fn install_update<R: Runtime>(app: AppHandle<R>) -> Result<()> {
    let Some(update) = app.updater().map_err(internal)?.check().await.map_err(internal)? else {
        return Ok(());
    };
    update
        .download_and_install(|_, _| {}, || {})
        .await
        .map_err(internal)?;
    app.restart()
}

pub async fn check<R: Runtime>(app: &AppHandle<R>) -> tauri_plugin_updater::Result<UpdateInfo> {
    let update = app.updater()?.check().await?;
    Ok(UpdateInfo {
        current: app.package_info().version.to_string(),
        available: update.as_ref().map(|u| u.version.clone()),
        notes: update.and_then(|u| u.body),
    })
}
