//! Claim codes from the window ("the customer scans a QR"): the same `Service` calls as the
//! REST API's `/claims` routes, the file taken as a send takes it.

use std::path::PathBuf;

use mostrador_core::input::ClaimRequest;
use mostrador_core::types::Claim;
use tauri::ipc::Response;
use tauri::{AppHandle, Runtime, State};

use super::messages::taken_file;
use super::{Result, internal};
use crate::desktop::{Shell, customer_window};

/// `request` is `POST /claims`' body (`claim` may be left out: the service makes one up);
/// `path`, a file the user picked, as for `send`.
#[tauri::command]
pub async fn create_claim(
    shell: State<'_, Shell>,
    request: ClaimRequest,
    path: Option<PathBuf>,
) -> Result<Claim> {
    let inline = request.message.media.as_ref().map_or(0, |m| m.len() as u64);
    let (file, admission) = taken_file(&shell, path, inline).await?;
    let claim = shell.service.create_claim(request, file).await?;
    drop(admission);
    Ok(claim)
}

#[tauri::command]
pub async fn claim(shell: State<'_, Shell>, code: String) -> Result<Claim> {
    Ok(shell.service.claim(&code).await?)
}

/// The QR of the claim's link, as PNG bytes.
#[tauri::command]
pub async fn claim_qr(shell: State<'_, Shell>, code: String) -> Result<Response> {
    Ok(Response::new(shell.service.claim_qr(&code).await?))
}

#[tauri::command]
pub async fn cancel_claim(shell: State<'_, Shell>, code: String) -> Result<Claim> {
    Ok(shell.service.cancel_claim(&code).await?)
}

/// Shows the claim on a customer-facing monitor: a second window with its QR alone.
#[tauri::command]
pub async fn open_customer_window<R: Runtime>(app: AppHandle<R>, code: String) -> Result<()> {
    let code = mostrador_core::claims::key(&code)?;
    customer_window::show(&app, &code).map_err(internal)
}
