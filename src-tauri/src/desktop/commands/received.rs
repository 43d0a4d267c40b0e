//! What customers wrote, from the window: the same `Service` calls as the REST API's
//! `/received` routes.

use mostrador_core::input::ReceivedParams;
use mostrador_core::types::{Page, Received};
use tauri::State;
use tauri::ipc::Response;

use super::Result;
use crate::desktop::Shell;

#[tauri::command]
pub async fn received_list(
    shell: State<'_, Shell>,
    query: Option<ReceivedParams>,
) -> Result<Page<Received>> {
    let query = query
        .unwrap_or_default()
        .into_query(shell.service.country())?;
    Ok(shell.service.received_list(query).await?)
}

#[tauri::command]
pub async fn received(shell: State<'_, Shell>, id: String) -> Result<Received> {
    Ok(shell.service.received(&id).await?)
}

/// The attachment's bytes, fetched from WhatsApp now.
#[tauri::command]
pub async fn received_media(shell: State<'_, Shell>, id: String) -> Result<Response> {
    Ok(Response::new(
        shell.service.received_media(&id).await?.bytes,
    ))
}

#[tauri::command]
pub async fn mark_received_read(shell: State<'_, Shell>, id: String) -> Result<Received> {
    Ok(shell.service.mark_received_read(&id).await?)
}

#[tauri::command]
pub async fn unread_count(shell: State<'_, Shell>) -> Result<u64> {
    Ok(shell.service.unread_count().await?)
}
