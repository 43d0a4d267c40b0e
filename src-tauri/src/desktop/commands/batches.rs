//! Batches (broadcasts) from the window: the same `Service` calls as the REST API's
//! `/batches` routes. A CSV file travels as its text; the template's attachment as a path the
//! user picked.

use std::path::PathBuf;

use mostrador_core::batches::{BatchRequest, csv};
use mostrador_core::input::{FilePart, ListParams};
use mostrador_core::types::{Batch, Message, Page};
use mostrador_core::{BatchAccepted, Code, Error};
use tauri::State;

use super::Result;
use crate::desktop::Shell;

/// `request` is the API's JSON body; `csv` (with `number_column`, default `number`) the text
/// of a CSV file to read the recipients from instead; `path` a file the user picked.
#[tauri::command]
pub async fn create_batch(
    shell: State<'_, Shell>,
    mut request: BatchRequest,
    csv: Option<String>,
    number_column: Option<String>,
    path: Option<PathBuf>,
) -> Result<BatchAccepted> {
    let service = &shell.service;
    if let Some(text) = csv {
        let column = number_column.unwrap_or_else(|| "number".into());
        request.recipients = csv::recipients(text.as_bytes(), &column)?;
    }
    let (file, admission) = match path {
        Some(path) if shell.was_chosen(&path) => {
            let (data, admission) = service.take_file(&path).await?;
            let file = FilePart {
                data,
                file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()),
                content_type: None,
            };
            (Some(file), Some(admission))
        }
        Some(path) => {
            return Err(Error::new(
                Code::Forbidden,
                format!("{} was not chosen by the user", path.display()),
            )
            .into());
        }
        None => (None, None),
    };
    let accepted = service.create_batch(request, file, None).await?;
    drop(admission);
    Ok(accepted)
}

#[tauri::command]
pub async fn batches(
    shell: State<'_, Shell>,
    cursor: Option<String>,
    limit: Option<u32>,
) -> Result<Page<Batch>> {
    Ok(shell.service.batches(cursor, limit).await?)
}

#[tauri::command]
pub async fn batch(shell: State<'_, Shell>, id: String) -> Result<Batch> {
    Ok(shell.service.batch(&id).await?)
}

#[tauri::command]
pub async fn batch_items(
    shell: State<'_, Shell>,
    id: String,
    query: ListParams,
) -> Result<Page<Message>> {
    let query = query.into_query(shell.service.country())?;
    Ok(shell.service.batch_items(&id, query).await?)
}

#[tauri::command]
pub async fn pause_batch(shell: State<'_, Shell>, id: String) -> Result<Batch> {
    Ok(shell.service.pause_batch(&id).await?)
}

#[tauri::command]
pub async fn resume_batch(shell: State<'_, Shell>, id: String) -> Result<Batch> {
    Ok(shell.service.resume_batch(&id).await?)
}

#[tauri::command]
pub async fn cancel_batch(shell: State<'_, Shell>, id: String) -> Result<Batch> {
    Ok(shell.service.cancel_batch(&id).await?)
}
