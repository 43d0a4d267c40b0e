//! The desktop app: the same backend `serve` runs (core, engine, REST API for the POS) with
//! a window for the cashier and the manager, a tray icon, native file pickers,
//! notifications and signed updates. Closing the window hides it: the backend and the POS's
//! port keep running until Quit.

mod commands;
mod customer_window;
mod navigation;
pub mod notices;
pub mod prefs;
#[cfg(test)]
mod smoke_test;
pub(crate) mod tray;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use mostrador_api::ApiKey;
use mostrador_core::Service;
use mostrador_core::clock::SystemClock;
use mostrador_core::demo::DemoPhone;
use mostrador_secrets::Mode;
use tauri::{AppHandle, Emitter, Manager, RunEvent, Runtime, WindowEvent};
use tokio::sync::broadcast::error::RecvError;

use crate::backend::{Backend, Plan, Stopper};
use crate::paths::DataDir;
use crate::serve_args::ServeArgs;
use crate::{Error, shutdown};
use prefs::Prefs;

/// The window's label in tauri.conf.json.
pub const MAIN_WINDOW: &str = "main";
/// Every core event, as the SSE stream would carry it (`{"type":"session",…}`).
pub const CORE_EVENT: &str = "core-event";
/// Some core events were missed: the UI should re-read what it shows.
pub const RESYNC_EVENT: &str = "core-resync";
/// A newer version is available (the automatic check at start found it).
pub const UPDATE_EVENT: &str = "update-available";

/// What the commands share, managed by Tauri.
pub struct Shell {
    pub service: Arc<Service>,
    pub port: u16,
    pub data_dir: DataDir,
    api_key: ApiKey,
    demo_phone: Option<DemoPhone>,
    stopper: Stopper,
    /// Taken at exit to stop it gracefully.
    backend: Mutex<Option<Backend>>,
    prefs: Mutex<Prefs>,
    /// Files the user picked or dropped: the only ones `send` will read.
    chosen: Mutex<HashSet<PathBuf>>,
    /// What the automatic check at start found, for a page that listened too late.
    pending_update: Mutex<Option<commands::UpdateInfo>>,
}

impl Shell {
    pub fn prefs(&self) -> Prefs {
        self.prefs.lock().map(|p| p.clone()).unwrap_or_default()
    }

    /// The UI's language (saved by the UI), else the OS's.
    pub fn language(&self) -> prefs::Language {
        self.prefs().language.unwrap_or_else(prefs::Language::of_os)
    }

    fn set_prefs(&self, prefs: Prefs) -> std::io::Result<()> {
        prefs.save(&prefs::path(self.data_dir.path()))?;
        if let Ok(mut p) = self.prefs.lock() {
            *p = prefs;
        }
        Ok(())
    }

    fn chosen(&self, path: PathBuf) {
        if let Ok(mut c) = self.chosen.lock() {
            c.insert(path);
        }
    }

    fn was_chosen(&self, path: &Path) -> bool {
        self.chosen.lock().is_ok_and(|c| c.contains(path))
    }

    /// Stops the backend (API, service, engine) and waits for it; later calls do nothing.
    pub fn stop(&self) {
        let backend = self.backend.lock().ok().and_then(|mut b| b.take());
        if let Some(backend) = backend {
            self.stopper.stop();
            if let Err(e) = tauri::async_runtime::block_on(backend.finish()) {
                tracing::error!(error = %e, "the backend stopped with an error");
            }
        }
    }
}

impl Shell {
    /// Starts the backend (binds the POS's port, locks the data dir, opens the database,
    /// starts the engine) and reads this computer's settings.
    pub fn start(dir: DataDir, plan: Plan) -> Result<Shell, Error> {
        let backend = tauri::async_runtime::block_on(Backend::start(&dir, plan))?;
        let prefs = Prefs::load(&prefs::path(dir.path()));
        Ok(Shell {
            service: backend.service.clone(),
            port: backend.port,
            api_key: backend.api_key.clone(),
            demo_phone: backend.demo_phone.clone(),
            stopper: backend.stopper(),
            data_dir: dir,
            backend: Mutex::new(Some(backend)),
            prefs: Mutex::new(prefs),
            chosen: Mutex::new(HashSet::new()),
            pending_update: Mutex::new(None),
        })
    }
}

/// The parts of the app that need no window system: the commands, events forwarded to the
/// webview, and closing to the tray. `on_ready` runs once the event loop is up (the `Shell`
/// is managed by then). Generic over the runtime so a test can build it on
/// `tauri::test::mock_builder()`.
pub fn configure<R: Runtime>(
    builder: tauri::Builder<R>,
    on_ready: impl FnOnce(&AppHandle<R>) + Send + 'static,
) -> tauri::Builder<R> {
    builder
        .invoke_handler(commands::handler())
        .setup(move |app| {
            let handle = app.handle();
            forward_events(handle.clone(), &handle.state::<Shell>().service);
            on_ready(handle);
            Ok(())
        })
        .on_window_event(|window, event| {
            // The POS still needs the port: closing hides the window, Quit (tray) exits.
            if let WindowEvent::CloseRequested { api, .. } = event
                && window.label() == MAIN_WINDOW
            {
                api.prevent_close();
                let _ = window.hide();
            }
        })
}

/// The core's events to the webview, in order; a lag becomes one resync.
fn forward_events<R: Runtime>(app: AppHandle<R>, service: &Service) {
    let mut events = service.subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            let sent = match events.recv().await {
                Ok(event) => app.emit(CORE_EVENT, &event),
                Err(RecvError::Lagged(_)) => app.emit(RESYNC_EVENT, ()),
                Err(RecvError::Closed) => return,
            };
            if let Err(e) = sent {
                tracing::warn!(error = %e, "cannot pass an event to the window");
            }
        }
    });
}

/// `mostrador` with no command: opens the window (or focuses the one already open).
pub fn run(data_dir: Option<PathBuf>, mode: Mode, args: &ServeArgs) -> Result<(), Error> {
    // A failure to start (a locked keyring, a bad flag) is said in a dialog, since the app
    // may have been started from a menu with no terminal to read.
    let dir = DataDir::open(data_dir).inspect_err(|e| tell_user(&e.to_string()))?;
    let builder = tauri::Builder::default()
        // First: a second launch must hand over to the first before it binds the port.
        .plugin(tauri_plugin_single_instance::init(|app, _, _| {
            tray::show_main(app);
        }))
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .plugin(tauri_plugin_autostart::Builder::new().build());
    #[allow(unused_mut)] // changed in demo builds only
    let mut context = tauri::generate_context!();
    #[cfg(feature = "demo")]
    demo_update_server(&mut context);
    let on_ready = |app: &AppHandle| {
        if let Err(e) = navigation::open_main_window(app) {
            tell_user(&e.to_string());
            tracing::error!(error = %e, "cannot open the window");
        }
        let shell = app.state::<Shell>();
        if let Err(e) = tray::create(app, shell.port, &shell.service, shell.language()) {
            // The window still works; only hiding it to the tray would lose it.
            tracing::error!(error = %e, "cannot create the tray icon");
        }
        start_notices(app, &shell);
        if shell.prefs().check_updates_at_start {
            check_updates_in_background(app.clone());
        }
        let on_signal = app.clone();
        tauri::async_runtime::spawn(async move {
            shutdown::requested().await;
            on_signal.exit(0);
        });
    };
    // Built first: the single-instance plugin, initialised here, hands a second launch over
    // to the first before it could bind the port.
    let app = configure(builder, on_ready).build(context).map_err(|e| {
        tell_user(&e.to_string());
        Error::Desktop(e.to_string())
    })?;
    // Only now, after a second launch has handed over to the first: the data dir's lock,
    // then the secrets (a double click on a fresh install must not make two database keys).
    let shell = Plan::new(&dir, mode, args)
        .and_then(|plan| Shell::start(dir, plan))
        .inspect_err(|e| tell_user(&e.to_string()))?;
    app.manage(shell);
    app.run(|app, event| match event {
        // Closing the last window is not quitting; only an explicit exit (code) is.
        RunEvent::ExitRequested {
            code: None, api, ..
        } => api.prevent_exit(),
        RunEvent::Exit => app.state::<Shell>().stop(),
        _ => {}
    });
    Ok(())
}

fn start_notices<R: Runtime>(app: &AppHandle<R>, shell: &Shell) {
    let wanted_by = app.clone();
    let show_in = app.clone();
    tauri::async_runtime::spawn(notices::run(
        shell.service.clone(),
        Arc::new(SystemClock),
        move |n| n.wanted(&wanted_by.state::<Shell>().prefs().notices),
        move |n| {
            notices::show(n, show_in.state::<Shell>().language());
        },
    ));
}

fn check_updates_in_background<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        match commands::check_updates(&app).await {
            Ok(info) if info.available.is_some() => {
                if let Ok(mut pending) = app.state::<Shell>().pending_update.lock() {
                    *pending = Some(info.clone());
                }
                let _ = app.emit(UPDATE_EVENT, &info);
            }
            Ok(_) => {}
            // Offline shops are normal: a failed check is not worth bothering anyone.
            Err(e) => tracing::info!(error = %e, "update check failed"),
        }
    });
}

/// Turns start at login on or off (a no-op where the autostart plugin is not installed).
fn start_at_login<R: Runtime>(app: &AppHandle<R>, on: bool) -> Result<(), String> {
    let Some(launcher) = app.try_state::<tauri_plugin_autostart::AutoLaunchManager>() else {
        return Ok(());
    };
    let result = if on {
        launcher.enable()
    } else {
        launcher.disable()
    };
    result.map_err(|e| format!("cannot change start at login: {e}"))
}

/// Demo and test builds: `MOSTRADOR_UPDATE_ENDPOINT` (may be plain http on loopback) and
/// `MOSTRADOR_UPDATE_PUBKEY` replace the release update server and key, so the updater can
/// be tried against a local signed manifest. Release builds have no such switch.
#[cfg(feature = "demo")]
fn demo_update_server<R: Runtime>(context: &mut tauri::Context<R>) {
    let Ok(endpoint) = std::env::var("MOSTRADOR_UPDATE_ENDPOINT") else {
        return;
    };
    let plugins = &mut context.config_mut().plugins.0;
    let updater = plugins
        .entry("updater".to_owned())
        .or_insert_with(|| serde_json::json!({}));
    updater["endpoints"] = serde_json::json!([endpoint]);
    updater["dangerousInsecureTransportProtocol"] = serde_json::json!(true);
    if let Ok(key) = std::env::var("MOSTRADOR_UPDATE_PUBKEY") {
        updater["pubkey"] = serde_json::json!(key);
    }
    tracing::warn!(endpoint, "DEMO build: updates come from a test server");
}

/// A startup failure in a dialog: the app may have been started from a menu, with no
/// terminal to read stderr.
fn tell_user(message: &str) {
    // With no display there is no one to show a dialog to: stderr says it (cli.rs).
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        return;
    }
    let title =
        prefs::Language::of_os().say("Mostrador no puede iniciar", "Mostrador cannot start");
    rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title(title)
        .set_description(message)
        .show();
}
