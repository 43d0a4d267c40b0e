//! Group administration from the window: the same `Service` calls as the REST API's
//! `/groups/{id}…` routes (the list of groups is `messages::groups`).

use mostrador_core::types::{
    GroupCreated, GroupDetails, GroupPatch, InviteLink, NewGroup, ParticipantAction,
    ParticipantResult,
};
use tauri::State;

use super::Result;
use crate::desktop::Shell;

#[tauri::command]
pub async fn create_group(
    shell: State<'_, Shell>,
    profile: Option<String>,
    group: NewGroup,
) -> Result<GroupCreated> {
    Ok(shell
        .service
        .create_group(profile.as_deref(), group)
        .await?)
}

#[tauri::command]
pub async fn group(
    shell: State<'_, Shell>,
    profile: Option<String>,
    jid: String,
) -> Result<GroupDetails> {
    Ok(shell.service.group(profile.as_deref(), &jid).await?)
}

#[tauri::command]
pub async fn change_group(
    shell: State<'_, Shell>,
    profile: Option<String>,
    jid: String,
    patch: GroupPatch,
) -> Result<GroupDetails> {
    Ok(shell
        .service
        .change_group(profile.as_deref(), &jid, patch)
        .await?)
}

#[tauri::command]
pub async fn group_participants(
    shell: State<'_, Shell>,
    profile: Option<String>,
    jid: String,
    action: ParticipantAction,
    numbers: Vec<String>,
) -> Result<Vec<ParticipantResult>> {
    Ok(shell
        .service
        .change_participants(profile.as_deref(), &jid, action, &numbers)
        .await?)
}

#[tauri::command]
pub async fn leave_group(
    shell: State<'_, Shell>,
    profile: Option<String>,
    jid: String,
) -> Result<()> {
    Ok(shell.service.leave_group(profile.as_deref(), &jid).await?)
}

#[tauri::command]
pub async fn group_invite_link(
    shell: State<'_, Shell>,
    profile: Option<String>,
    jid: String,
    revoke: Option<bool>,
) -> Result<InviteLink> {
    Ok(shell
        .service
        .invite_link(profile.as_deref(), &jid, revoke.unwrap_or(false))
        .await?)
}
