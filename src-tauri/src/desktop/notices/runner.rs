//! Runs the notifications: follows the service's events, asks the `Watch` what each change
//! (or the passing of time) calls for, and shows the notices the user wants with notify-rust,
//! window open or not.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use mostrador_core::Service;
use mostrador_core::clock::Clock;
use mostrador_core::types::{DEFAULT_PROFILE, Event, Status};
use tokio::sync::broadcast::error::RecvError;

use super::hooks::HookWatch;
use super::watch::{Notice, Watch};
use crate::desktop::prefs::Language;

/// Turns the service's events into notices until it stops. `wanted` reads the current
/// settings; `show` displays one notice. Session notices follow the main number.
pub async fn run(
    service: Arc<Service>,
    clock: Arc<dyn Clock>,
    wanted: impl Fn(&Notice) -> bool,
    show: impl Fn(Notice),
) {
    let mut events = service.subscribe();
    let mut watch = Watch::default();
    let mut hooks = HookWatch::default();
    let _ = watch.on_session(&service.main_session(), clock.now_ms());
    let notify = |n: Option<Notice>| {
        if let Some(n) = n.filter(&wanted) {
            show(n);
        }
    };
    loop {
        let deadline = match (watch.deadline(), hooks.deadline()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let timer = deadline.map(|d| {
            clock.sleep(Duration::from_millis(
                d.saturating_sub(clock.now_ms()).max(0) as u64,
            ))
        });
        tokio::select! {
            event = events.recv() => match event {
                Ok(Event::Session(s)) if s.profile == DEFAULT_PROFILE => {
                    notify(watch.on_session(&s, clock.now_ms()));
                }
                Ok(Event::Message(u)) if u.status == Status::Expired => {
                    let to = recipient(&service, &u.id).await;
                    notify(Some(Notice::Expired { to }));
                }
                Ok(Event::Message(u)) if u.status == Status::Failed => {
                    let to = recipient(&service, &u.id).await;
                    let (code, reason) = u
                        .error
                        .map_or_else(|| (String::new(), "unknown reason".into()), |e| (e.code, e.message));
                    notify(Some(Notice::Failed { to, code, reason }));
                }
                Ok(Event::Webhook(w)) => notify(hooks.on_webhook(&w, clock.now_ms())),
                // New (not a "seen" update of one already told).
                Ok(Event::Received(r)) if !r.read => notify(Some(reply(&r))),
                Ok(_) => {}
                // Missed events: the session as it is now is what counts.
                Err(RecvError::Lagged(_)) => notify(watch.on_session(&service.main_session(), clock.now_ms())),
                Err(RecvError::Closed) => return,
            },
            () = maybe(timer) => {
                let now = clock.now_ms();
                notify(watch.on_tick(now));
                notify(hooks.on_tick(now));
            }
        }
    }
}

/// Who a message was for, as the notice names them.
async fn recipient(service: &Service, id: &str) -> String {
    match service.message(id).await {
        Ok(m) => m.to.to_string(),
        Err(_) => "a customer".into(),
    }
}

/// A reply's notice: the sender as people know them, and what they wrote (or what kind of
/// attachment), shortened.
fn reply(r: &mostrador_core::types::Received) -> Notice {
    let from = match &r.push_name {
        Some(name) if !name.trim().is_empty() => format!("{} ({})", name.trim(), r.from),
        _ => r.from.clone(),
    };
    let said = r
        .text
        .clone()
        .or_else(|| r.file_name.clone())
        .unwrap_or_else(|| format!("[{}]", r.what.as_deref().unwrap_or(&r.kind)));
    let text: String = said.chars().take(120).collect();
    Notice::Reply { from, text }
}

async fn maybe(timer: Option<impl Future<Output = ()>>) {
    match timer {
        Some(t) => t.await,
        None => std::future::pending().await,
    }
}

/// Shows a notice on the desktop (D-Bus on Linux: blocking, so off the async threads).
pub fn show(notice: Notice, lang: Language) {
    let (summary, body) = notice.text(lang);
    tauri::async_runtime::spawn_blocking(move || {
        let shown = notify_rust::Notification::new()
            .appname("Mostrador")
            .icon("mostrador")
            .summary(&summary)
            .body(&body)
            .show();
        if let Err(e) = shown {
            tracing::warn!(error = %e, "cannot show a desktop notification");
        }
    });
}
