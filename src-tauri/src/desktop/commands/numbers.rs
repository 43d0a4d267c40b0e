//! Numbers read by the service as the cashier types (no WhatsApp asked), the countries the
//! default-country setting may take, and what a send may carry — as the REST API gives them.

use mostrador_core::types::{Country, ParsedNumber, SendLimits};
use tauri::State;

use super::Result;
use crate::desktop::Shell;

#[tauri::command]
pub fn parse_numbers(shell: State<'_, Shell>, numbers: Vec<String>) -> Result<Vec<ParsedNumber>> {
    Ok(shell.service.parse_numbers(&numbers)?)
}

#[tauri::command]
pub fn countries(shell: State<'_, Shell>) -> Vec<Country> {
    shell.service.countries()
}

#[tauri::command]
pub fn limits(shell: State<'_, Shell>) -> SendLimits {
    shell.service.limits()
}
