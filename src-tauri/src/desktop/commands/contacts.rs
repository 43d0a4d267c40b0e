//! The contact book from the window: the same `Service` calls as the REST API's `/contacts`
//! routes (an import's CSV travels as text: the page read the file the user chose).

use mostrador_core::input::{ContactParams, ImportParams};
use mostrador_core::types::{Contact, ContactImport, ContactInfo, ContactInput, Page, TagCount};
use tauri::State;

use super::Result;
use crate::desktop::Shell;

#[tauri::command]
pub async fn create_contact(shell: State<'_, Shell>, input: ContactInput) -> Result<Contact> {
    Ok(shell.service.create_contact(input).await?)
}

#[tauri::command]
pub async fn contacts(
    shell: State<'_, Shell>,
    query: Option<ContactParams>,
) -> Result<Page<Contact>> {
    Ok(shell.service.contacts(query.unwrap_or_default()).await?)
}

#[tauri::command]
pub async fn contact(shell: State<'_, Shell>, id: String) -> Result<Contact> {
    Ok(shell.service.contact(&id).await?)
}

#[tauri::command]
pub async fn change_contact(
    shell: State<'_, Shell>,
    id: String,
    input: ContactInput,
) -> Result<Contact> {
    Ok(shell.service.change_contact(&id, input).await?)
}

#[tauri::command]
pub async fn delete_contact(shell: State<'_, Shell>, id: String) -> Result<()> {
    Ok(shell.service.delete_contact(&id).await?)
}

#[tauri::command]
pub async fn tag_contact(
    shell: State<'_, Shell>,
    id: String,
    tags: Vec<String>,
) -> Result<Contact> {
    Ok(shell.service.tag_contact(&id, tags).await?)
}

#[tauri::command]
pub async fn untag_contact(shell: State<'_, Shell>, id: String, tag: String) -> Result<Contact> {
    Ok(shell.service.untag_contact(&id, &tag).await?)
}

#[tauri::command]
pub async fn contact_tags(shell: State<'_, Shell>) -> Result<Vec<TagCount>> {
    Ok(shell.service.contact_tags().await?)
}

#[tauri::command]
pub async fn import_contacts(
    shell: State<'_, Shell>,
    csv: String,
    options: Option<ImportParams>,
) -> Result<ContactImport> {
    Ok(shell
        .service
        .import_contacts(csv.as_bytes(), options.unwrap_or_default())
        .await?)
}

#[tauri::command]
pub async fn export_contacts(shell: State<'_, Shell>, tag: Option<String>) -> Result<String> {
    Ok(shell.service.export_contacts(tag.as_deref()).await?)
}

#[tauri::command]
pub async fn contact_info(
    shell: State<'_, Shell>,
    profile: Option<String>,
    phone: String,
) -> Result<ContactInfo> {
    Ok(shell
        .service
        .contact_info(profile.as_deref(), &phone)
        .await?)
}
