//! The tray icon: the app lives here while the window is closed. Open, where the POS's API
//! listens, the WhatsApp state, and Quit — the only way to stop the backend from the desktop.

use std::sync::Mutex;

use mostrador_core::Service;
use mostrador_core::types::{Event, SessionInfo, SessionState};
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Runtime};
use tokio::sync::broadcast::error::RecvError;

use super::MAIN_WINDOW;
use super::prefs::Language;

/// The menu's items, kept to follow the session and the UI's language.
pub struct Items<R: Runtime> {
    open: MenuItem<R>,
    api: MenuItem<R>,
    whatsapp: MenuItem<R>,
    quit: MenuItem<R>,
    port: u16,
    lang: Mutex<Language>,
}

impl<R: Runtime> Items<R> {
    /// Says everything again in `lang` (the user switched the UI's language).
    pub fn relabel(&self, lang: Language, session: &SessionInfo) {
        if let Ok(mut l) = self.lang.lock() {
            *l = lang;
        }
        let _ = self
            .open
            .set_text(lang.say("Abrir Mostrador", "Open Mostrador"));
        let _ = self.api.set_text(format!("API: 127.0.0.1:{}", self.port));
        let _ = self
            .quit
            .set_text(lang.say("Salir de Mostrador", "Quit Mostrador"));
        self.follow(session);
    }

    fn follow(&self, session: &SessionInfo) {
        let lang = self.lang.lock().map(|l| *l).unwrap_or(Language::En);
        let _ = self.whatsapp.set_text(whatsapp_line(session, lang));
    }
}

pub fn create<R: Runtime>(
    app: &AppHandle<R>,
    port: u16,
    service: &Service,
    lang: Language,
) -> tauri::Result<()> {
    let item = |id: &str, enabled: bool| MenuItem::with_id(app, id, "", enabled, None::<&str>);
    let items = Items {
        open: item("open", true)?,
        api: item("api", false)?,
        whatsapp: item("whatsapp", false)?,
        quit: item("quit", true)?,
        port,
        lang: Mutex::new(lang),
    };
    items.relabel(lang, &service.main_session());
    let separator = PredefinedMenuItem::separator(app)?;
    let menu = Menu::with_items(
        app,
        &[
            &items.open,
            &separator,
            &items.api,
            &items.whatsapp,
            &separator,
            &items.quit,
        ],
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
    app.manage(items);
    follow_session(app.clone(), service);
    Ok(())
}

/// Keeps the WhatsApp line of the menu true (the main number's).
fn follow_session<R: Runtime>(app: AppHandle<R>, service: &Service) {
    let mut events = service.subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            match events.recv().await {
                Ok(Event::Session(s)) if s.profile == mostrador_core::types::DEFAULT_PROFILE => {
                    if let Some(items) = app.try_state::<Items<R>>() {
                        items.follow(&s);
                    }
                }
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => return,
            }
        }
    });
}

fn whatsapp_line(s: &SessionInfo, lang: Language) -> String {
    let es = lang == Language::Es;
    let say = |es_text: &str, en_text: &str| lang.say(es_text, en_text).to_owned();
    match s.state {
        SessionState::Connected => match &s.phone {
            Some(phone) if es => format!("WhatsApp: conectado ({phone})"),
            Some(phone) => format!("WhatsApp: connected ({phone})"),
            None => say("WhatsApp: conectado", "WhatsApp: connected"),
        },
        SessionState::Connecting => say("WhatsApp: conectando…", "WhatsApp: connecting…"),
        SessionState::Disconnected => say("WhatsApp: sin conexión", "WhatsApp: not connected"),
        SessionState::Pairing => say(
            "WhatsApp: esperando vinculación",
            "WhatsApp: waiting to be linked",
        ),
        SessionState::LoggedOut => say("WhatsApp: sin vincular", "WhatsApp: not linked"),
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
