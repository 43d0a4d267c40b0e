//! Sending (a file picked natively travels as its path), the message log, retry and
//! cancel, attachments, groups and the WhatsApp check of numbers.

use std::path::PathBuf;

use mostrador_core::budget::Admission;
use mostrador_core::input::{FilePart, ListParams, MessageEdit, SendRequest};
use mostrador_core::types::{ContactCheck, Group, Message, Page};
use mostrador_core::{Code, Error};
use tauri::State;
use tauri::ipc::Response;

use super::Result;
use crate::desktop::Shell;

/// `request` is the REST API's JSON body; `path`, a file the user picked (`pick_image`,
/// `pick_document`) or dropped on the window, is read by `taken_file`.
#[tauri::command]
pub async fn send(
    shell: State<'_, Shell>,
    request: SendRequest,
    path: Option<PathBuf>,
) -> Result<Message> {
    let inline = request.media.as_ref().map_or(0, |m| m.len() as u64);
    let (file, admission) = taken_file(&shell, path, inline).await?;
    let draft = request.into_draft(file, None)?;
    let sent = shell.service.send(draft).await?.message;
    drop(admission);
    Ok(sent)
}

/// The file a send carries: `path` only when the user picked it here — no other path is read,
/// so a script in the page cannot send any file it names. Large files go through the core's
/// in-flight budget, like the REST API's: a picked file's size comes from its metadata before
/// it is read, and it is staged, never read whole; a dropped file travels base64 in the
/// request (`inline` bytes), already in memory, and is counted by size.
pub(super) async fn taken_file(
    shell: &Shell,
    path: Option<PathBuf>,
    inline: u64,
) -> Result<(Option<FilePart>, Admission)> {
    let service = &shell.service;
    match path {
        Some(path) if shell.was_chosen(&path) => {
            let (data, admission) = service.take_file(&path).await?;
            let file = FilePart {
                data,
                file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()),
                content_type: None,
            };
            Ok((Some(file), admission))
        }
        Some(path) => Err(Error::new(
            Code::Forbidden,
            format!("{} was not chosen by the user", path.display()),
        )
        .into()),
        None => Ok((None, service.admit(inline)?)),
    }
}

#[tauri::command]
pub async fn messages(shell: State<'_, Shell>, query: ListParams) -> Result<Page<Message>> {
    let query = query.into_query(shell.service.country())?;
    Ok(shell.service.messages(query).await?)
}

#[tauri::command]
pub async fn message(shell: State<'_, Shell>, id: String) -> Result<Message> {
    Ok(shell.service.message(&id).await?)
}

#[tauri::command]
pub async fn retry(shell: State<'_, Shell>, id: String) -> Result<Message> {
    Ok(shell.service.retry(&id).await?)
}

#[tauri::command]
pub async fn cancel(shell: State<'_, Shell>, id: String) -> Result<Message> {
    Ok(shell.service.cancel(&id).await?)
}

/// Changes a message that still waits for its time (as `PATCH /messages/{id}`).
#[tauri::command]
pub async fn reschedule(shell: State<'_, Shell>, id: String, edit: MessageEdit) -> Result<Message> {
    Ok(shell.service.reschedule(&id, edit).await?)
}

/// The attachment's bytes, as an `ArrayBuffer` in the webview (its type is in the message).
#[tauri::command]
pub async fn attachment(shell: State<'_, Shell>, id: String) -> Result<Response> {
    let (_, bytes) = shell.service.attachment(&id).await?;
    Ok(Response::new(bytes))
}

#[tauri::command]
pub async fn groups(
    shell: State<'_, Shell>,
    profile: Option<String>,
    refresh: Option<bool>,
) -> Result<Vec<Group>> {
    let refresh = refresh.unwrap_or(false);
    Ok(shell.service.groups(profile.as_deref(), refresh).await?)
}

#[tauri::command]
pub async fn check_contacts(
    shell: State<'_, Shell>,
    profile: Option<String>,
    phones: Vec<String>,
) -> Result<Vec<ContactCheck>> {
    Ok(shell
        .service
        .check_contacts(profile.as_deref(), phones)
        .await?)
}
