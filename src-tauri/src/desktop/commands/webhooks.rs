//! Webhooks from the Settings screen: the same `Service` calls as the REST API's
//! `/webhooks` routes.

use mostrador_core::input::WebhookInput;
use mostrador_core::types::{Delivery, Webhook, WebhookCreated};
use tauri::State;

use super::Result;
use crate::desktop::Shell;

#[tauri::command]
pub async fn create_webhook(
    shell: State<'_, Shell>,
    input: WebhookInput,
) -> Result<WebhookCreated> {
    Ok(shell.service.create_webhook(input).await?)
}

#[tauri::command]
pub async fn webhooks(shell: State<'_, Shell>) -> Result<Vec<Webhook>> {
    Ok(shell.service.webhooks().await?)
}

#[tauri::command]
pub async fn change_webhook(
    shell: State<'_, Shell>,
    id: String,
    input: WebhookInput,
) -> Result<Webhook> {
    Ok(shell.service.change_webhook(&id, input).await?)
}

#[tauri::command]
pub async fn delete_webhook(shell: State<'_, Shell>, id: String) -> Result<()> {
    Ok(shell.service.delete_webhook(&id).await?)
}

#[tauri::command]
pub async fn test_webhook(shell: State<'_, Shell>, id: String) -> Result<Delivery> {
    Ok(shell.service.test_webhook(&id).await?)
}

#[tauri::command]
pub async fn webhook_deliveries(
    shell: State<'_, Shell>,
    id: String,
    limit: Option<u32>,
) -> Result<Vec<Delivery>> {
    Ok(shell
        .service
        .webhook_deliveries(&id, limit.unwrap_or(50))
        .await?)
}
