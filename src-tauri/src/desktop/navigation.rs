//! The window shows Mostrador and nothing else: it never navigates away from the app. A link
//! to the web (the API docs, a help page) opens in the system browser through the opener;
//! anything else (`file:`, `javascript:`, a page planted by script) is refused.

use tauri::webview::NewWindowResponse;
use tauri::{AppHandle, Runtime, Url, WebviewWindowBuilder};
use tauri_plugin_opener::OpenerExt;

use super::MAIN_WINDOW;

/// What becomes of a navigation the page asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The app's own pages.
    Stay,
    /// The web: the system browser shows it, the window stays on the app.
    Browser,
    Refuse,
}

pub fn verdict(url: &Url) -> Verdict {
    match url.scheme() {
        // The embedded UI: `tauri://localhost` (Linux, macOS), `http(s)://tauri.localhost`
        // (Windows).
        "tauri" if url.host_str() == Some("localhost") => Verdict::Stay,
        "http" | "https" if url.host_str() == Some("tauri.localhost") => Verdict::Stay,
        "http" | "https" | "mailto" => Verdict::Browser,
        _ => Verdict::Refuse,
    }
}

/// Creates the main window from tauri.conf.json (`create: false` there) with the guard on
/// both ways out: navigating in place and opening a new window (`target="_blank"`).
pub fn open_main_window<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let Some(config) = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == MAIN_WINDOW)
        .cloned()
    else {
        return Err(tauri::Error::WindowNotFound);
    };
    let in_place = app.clone();
    let new_window = app.clone();
    WebviewWindowBuilder::from_config(app, &config)?
        .on_navigation(move |url| decide(&in_place, url))
        .on_new_window(move |url, _| {
            decide(&new_window, &url);
            NewWindowResponse::Deny
        })
        .build()?;
    Ok(())
}

/// True when the window may go to `url`; the web goes to the browser instead.
pub(super) fn decide<R: Runtime>(app: &AppHandle<R>, url: &Url) -> bool {
    match verdict(url) {
        Verdict::Stay => true,
        Verdict::Browser => {
            if let Err(e) = app.opener().open_url(url.as_str(), None::<&str>) {
                tracing::warn!(error = %e, url = %url, "cannot open the link in the browser");
            }
            false
        }
        Verdict::Refuse => {
            tracing::warn!(url = %url, "the window was asked to leave the app; refused");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(url: &str) -> Verdict {
        verdict(&url.parse().unwrap())
    }

    #[test]
    fn the_app_stays_the_web_goes_to_the_browser_the_rest_is_refused() {
        assert_eq!(v("tauri://localhost/"), Verdict::Stay);
        assert_eq!(v("tauri://localhost/index.html#/log"), Verdict::Stay);
        assert_eq!(v("http://tauri.localhost/"), Verdict::Stay);
        assert_eq!(v("https://tauri.localhost/#/send"), Verdict::Stay);
        assert_eq!(v("http://127.0.0.1:3107/api/v1/docs"), Verdict::Browser);
        assert_eq!(v("https://example.org/ayuda"), Verdict::Browser);
        assert_eq!(v("mailto:soporte@example.org"), Verdict::Browser);
        assert_eq!(v("tauri://evil/"), Verdict::Refuse);
        assert_eq!(v("file:///etc/passwd"), Verdict::Refuse);
        assert_eq!(v("javascript:alert(1)"), Verdict::Refuse);
        assert_eq!(v("data:text/html,<h1>pay here</h1>"), Verdict::Refuse);
        assert_eq!(v("about:blank"), Verdict::Refuse);
    }
}
