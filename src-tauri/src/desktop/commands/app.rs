//! The app itself: where the POS's API is, its key (shown, rotated), the service's settings
//! and this computer's (notifications, updates, start at login, language), CSV export.

use mostrador_core::types::{Settings, SettingsPatch};
use rfd::AsyncFileDialog;
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State, WebviewWindow};

use super::{Result, internal};
use crate::desktop::prefs::Prefs;
use crate::desktop::{Shell, tray};

#[derive(Serialize)]
pub struct About {
    version: String,
    /// e.g. `http://127.0.0.1:3107/api/v1`, for the POS example in Settings.
    api_base: String,
    port: u16,
    data_dir: String,
    /// A demo build: the built-in fake network's phone can link it.
    demo: bool,
}

#[tauri::command]
pub fn about<R: Runtime>(app: AppHandle<R>, shell: State<'_, Shell>) -> About {
    About {
        version: app.package_info().version.to_string(),
        api_base: format!("http://127.0.0.1:{}/api/v1", shell.port),
        port: shell.port,
        data_dir: shell.data_dir.path().display().to_string(),
        demo: shell.demo_phone.is_some(),
    }
}

/// The key the POS sends.
#[tauri::command]
pub fn api_key(shell: State<'_, Shell>) -> String {
    shell.api_key.current()
}

/// A new key, stored (keyring) and in force at once: the old one stops working now. The
/// keyring call blocks, so it runs off the async threads.
#[tauri::command]
pub async fn rotate_api_key(shell: State<'_, Shell>) -> Result<String> {
    let key = shell.api_key.clone();
    Ok(tauri::async_runtime::spawn_blocking(move || key.rotate())
        .await
        .map_err(internal)??)
}

/// As `GET /api/v1/settings`.
#[tauri::command]
pub fn settings(shell: State<'_, Shell>) -> Settings {
    shell.service.settings()
}

/// As `PATCH /api/v1/settings`.
#[tauri::command]
pub async fn save_settings(shell: State<'_, Shell>, changes: SettingsPatch) -> Result<Settings> {
    Ok(shell.service.update_settings(changes).await?)
}

#[tauri::command]
pub fn desktop_prefs(shell: State<'_, Shell>) -> Prefs {
    shell.prefs()
}

/// Saves this computer's settings; start at login is applied first, so a refusal by the
/// OS leaves the saved choice as it was.
#[tauri::command]
pub fn save_desktop_prefs<R: Runtime>(
    app: AppHandle<R>,
    shell: State<'_, Shell>,
    prefs: Prefs,
) -> Result<Prefs> {
    if prefs.start_at_login != shell.prefs().start_at_login {
        crate::desktop::start_at_login(&app, prefs.start_at_login).map_err(internal)?;
    }
    let lang = prefs.language;
    shell.set_prefs(prefs).map_err(internal)?;
    if let (Some(lang), Some(tray)) = (lang, app.try_state::<tray::Items<R>>()) {
        tray.relabel(lang, &shell.service.main_session());
    }
    Ok(shell.prefs())
}

/// A save dialog for a file the UI made (the log as CSV); `false` when the user cancels.
#[tauri::command]
pub async fn save_file<R: Runtime>(
    window: WebviewWindow<R>,
    name: String,
    contents: String,
) -> Result<bool> {
    let Some(file) = AsyncFileDialog::new()
        .set_file_name(&name)
        .set_parent(&window)
        .save_file()
        .await
    else {
        return Ok(false);
    };
    file.write(contents.as_bytes()).await.map_err(internal)?;
    Ok(true)
}
