//! Named API keys from the window (the manager's): the same `Service` calls as `/api/v1/keys`.

use mostrador_core::types::{NamedKey, NamedKeyCreated, NewNamedKey};
use tauri::State;

use super::Result;
use crate::desktop::Shell;

#[tauri::command]
pub fn named_keys(shell: State<'_, Shell>) -> Vec<NamedKey> {
    shell.service.named_keys()
}

#[tauri::command]
pub async fn create_named_key(
    shell: State<'_, Shell>,
    key: NewNamedKey,
) -> Result<NamedKeyCreated> {
    Ok(shell.service.create_named_key(key).await?)
}

#[tauri::command]
pub async fn revoke_named_key(shell: State<'_, Shell>, id: String) -> Result<()> {
    Ok(shell.service.revoke_named_key(&id).await?)
}
