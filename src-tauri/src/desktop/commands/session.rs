//! The WhatsApp session: state, the pairing QR, linking by code, relinking, unlinking.

use base64::Engine;
use mostrador_core::qr;
use mostrador_core::types::SessionInfo;
use serde::Serialize;
use tauri::State;

use mostrador_core::demo::DemoPhone;
use mostrador_core::{Code, Error};

use super::Result;
use crate::desktop::Shell;

#[tauri::command]
pub fn session(shell: State<'_, Shell>, profile: Option<String>) -> Result<SessionInfo> {
    Ok(shell.service.session(profile.as_deref())?)
}

#[derive(Serialize)]
pub struct QrImage {
    code: String,
    expires_at: i64,
    /// A `data:image/png;base64,…` URL.
    image: String,
}

#[tauri::command]
pub fn qr(shell: State<'_, Shell>, profile: Option<String>) -> Result<QrImage> {
    let code = shell.service.qr(profile.as_deref())?;
    let png = qr::png(&code.code)?;
    Ok(QrImage {
        image: format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(png)
        ),
        code: code.code,
        expires_at: code.expires_at,
    })
}

#[tauri::command]
pub async fn pair_code(
    shell: State<'_, Shell>,
    profile: Option<String>,
    phone: String,
) -> Result<String> {
    Ok(shell.service.pair_code(profile.as_deref(), &phone).await?)
}

#[tauri::command]
pub async fn relink(shell: State<'_, Shell>, profile: Option<String>) -> Result<SessionInfo> {
    shell.service.relink(profile.as_deref()).await?;
    Ok(shell.service.session(profile.as_deref())?)
}

#[tauri::command]
pub async fn logout(shell: State<'_, Shell>, profile: Option<String>) -> Result<SessionInfo> {
    // The engine reports it as this app's doing (`unlinked_by_app`), as it does for the
    // REST API's logout: no "unlinked by the phone" notification for either.
    shell.service.logout(profile.as_deref()).await?;
    Ok(shell.service.session(profile.as_deref())?)
}

/// Demo builds: the built-in fake network's phone scans the QR shown now.
#[tauri::command]
pub async fn demo_scan(shell: State<'_, Shell>, profile: Option<String>) -> Result<SessionInfo> {
    let profile = profile.as_deref();
    demo_phone(&shell)?
        .scan_shown(&shell.service, profile)
        .await?;
    Ok(shell.service.session(profile)?)
}

/// Demo builds: the fake network's phone's user types the pair code shown.
#[tauri::command]
pub async fn demo_pair_code(
    shell: State<'_, Shell>,
    profile: Option<String>,
    code: String,
) -> Result<SessionInfo> {
    demo_phone(&shell)?.enter_code(code).await?;
    Ok(shell.service.session(profile.as_deref())?)
}

fn demo_phone(shell: &Shell) -> Result<DemoPhone> {
    shell.demo_phone.clone().ok_or_else(|| {
        Error::new(
            Code::NotFound,
            "this is not a demo build: there is no demo phone",
        )
        .into()
    })
}
