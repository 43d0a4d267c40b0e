//! The tray icon: the app lives here while the window is closed. Open, where the POS's API
//! listens, the WhatsApp state, and Quit — the only way to stop the backend from the desktop.

use mostrador_core::Service;
use mostrador_core::types::{Event, SessionInfo, SessionState};
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Runtime};
use tokio::sync::broadcast::error::RecvError;

use super::MAIN_WINDOW;

pub fn create<R: Runtime>(app: &AppHandle<R>, port: u16, service: &Service) -> tauri::Result<()> {
    let open = MenuItem::with_id(app, "open", "Open Mostrador", true, None::<&str>)?;
    let api = MenuItem::with_id(
        app,
        "api",
        format!("API: 127.0.0.1:{port}"),
        false,
        None::<&str>,
    )?;
    let whatsapp = MenuItem::with_id(
        app,
        "whatsapp",
        whatsapp_line(&service.session()),
        false,
        None::<&str>,
    )?;
    let quit = MenuItem::with_id(app, "quit", "Quit Mostrador", true, None::<&str>)?;
    let separator = PredefinedMenuItem::separator(app)?;
    let menu = Menu::with_items(
        app,
        &[&open, &separator, &api, &whatsapp, &separator, &quit],
    )?;
    let mut tray = TrayIconBuilder::with_id("main")
        .tooltip("Mostrador")
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id.as_ref() {
            "open" => show_main(app),
            // Stops the backend on the way out (RunEvent::Exit).
            "quit" => app.exit(0),
            _ => {}
        })
        // Windows and macOS: a left click opens the window (Linux shows the menu).
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                show_main(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    follow_session(whatsapp, service);
    Ok(())
}

/// Keeps the WhatsApp line of the menu true.
fn follow_session<R: Runtime>(line: MenuItem<R>, service: &Service) {
    let mut events = service.subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            match events.recv().await {
                Ok(Event::Session(s)) => {
                    let _ = line.set_text(whatsapp_line(&s));
                }
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => return,
            }
        }
    });
}

fn whatsapp_line(s: &SessionInfo) -> String {
    match s.state {
        SessionState::Connected => match &s.phone {
            Some(phone) => format!("WhatsApp: connected ({phone})"),
            None => "WhatsApp: connected".into(),
        },
        SessionState::Connecting => "WhatsApp: connecting…".into(),
        SessionState::Disconnected => "WhatsApp: not connected".into(),
        SessionState::Pairing => "WhatsApp: waiting to be linked".into(),
        SessionState::LoggedOut => "WhatsApp: not linked".into(),
    }
}

/// Brings the window back (from the tray, or when Mostrador is launched again).
pub fn show_main<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}
