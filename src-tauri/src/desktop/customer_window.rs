//! A second window for a customer-facing monitor: only a claim's QR, large (the web UI's
//! `#/customer/CODE` view), following the claim until the customer has it. One such window:
//! asking again shows the new code in it.

use tauri::webview::NewWindowResponse;
use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

use super::navigation::decide;

pub const CUSTOMER_WINDOW: &str = "customer";

/// Shows claim `code` in the customer's window, opening it the first time. `code` must be a
/// claim code's stored form (letters, digits, dashes), so it is safe in the address.
pub fn show<R: Runtime>(app: &AppHandle<R>, code: &str) -> tauri::Result<()> {
    let route = format!("#/customer/{code}");
    if let Some(window) = app.get_webview_window(CUSTOMER_WINDOW) {
        window.eval(format!("location.hash = {route:?}"))?;
        window.show()?;
        return window.set_focus();
    }
    let (in_place, new_window) = (app.clone(), app.clone());
    WebviewWindowBuilder::new(
        app,
        CUSTOMER_WINDOW,
        WebviewUrl::App(format!("index.html{route}").into()),
    )
    .title("Mostrador — WhatsApp")
    .inner_size(720.0, 820.0)
    .on_navigation(move |url| decide(&in_place, url))
    .on_new_window(move |url, _| {
        decide(&new_window, &url);
        NewWindowResponse::Deny
    })
    .build()?;
    Ok(())
}
