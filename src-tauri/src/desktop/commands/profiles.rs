//! The shop's linked numbers from the window: the same `Service` calls as the REST API's
//! `/profiles…` routes (linking one goes through `session`'s commands with its `profile`).

use mostrador_core::types::{NewProfile, Profile, ProfilePatch, ProfileRemoved, SessionInfo};
use tauri::State;

use super::Result;
use crate::desktop::Shell;

#[tauri::command]
pub fn profiles(shell: State<'_, Shell>) -> Vec<Profile> {
    shell.service.profiles()
}

#[tauri::command]
pub async fn add_profile(shell: State<'_, Shell>, profile: NewProfile) -> Result<Profile> {
    Ok(shell.service.add_profile(profile).await?)
}

#[tauri::command]
pub async fn change_profile(
    shell: State<'_, Shell>,
    id: String,
    patch: ProfilePatch,
) -> Result<Profile> {
    Ok(shell.service.change_profile(&id, patch).await?)
}

#[tauri::command]
pub async fn remove_profile(shell: State<'_, Shell>, id: String) -> Result<ProfileRemoved> {
    Ok(shell.service.remove_profile(&id).await?)
}

#[tauri::command]
pub async fn connect_profile(shell: State<'_, Shell>, id: String) -> Result<SessionInfo> {
    shell.service.connect(Some(&id)).await?;
    Ok(shell.service.session(Some(&id))?)
}

#[tauri::command]
pub async fn disconnect_profile(shell: State<'_, Shell>, id: String) -> Result<SessionInfo> {
    shell.service.disconnect(Some(&id)).await?;
    Ok(shell.service.session(Some(&id))?)
}
