//! Desktop notifications from the core's events: the phone linked this app, the connection
//! was lost for more than 30 s (and came back), a message failed, the phone unlinked this
//! app. Each can be switched off; they are shown with notify-rust, window open or not.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use mostrador_core::Service;
use mostrador_core::clock::Clock;
use mostrador_core::types::{Event, SessionInfo, SessionState, Status};
use tokio::sync::broadcast::error::RecvError;

use super::prefs::{Language, Notices};

/// Short drops (a router restart, a phone going through a tunnel) are normal: only a loss
/// longer than this is worth interrupting the cashier for.
pub const LOSS_GRACE_MS: i64 = 30_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Linked {
        phone: Option<String>,
    },
    ConnectionLost,
    ConnectionBack,
    Failed {
        to: String,
        code: String,
        reason: String,
    },
    LoggedOut,
}

impl Notice {
    /// Whether the user wants this kind of notification.
    pub fn wanted(&self, on: &Notices) -> bool {
        match self {
            Notice::Linked { .. } => on.linked,
            Notice::ConnectionLost | Notice::ConnectionBack => on.connection,
            Notice::Failed { .. } => on.failed,
            Notice::LoggedOut => on.logged_out,
        }
    }

    /// Summary and body, in the UI's language.
    pub fn text(&self, lang: Language) -> (String, String) {
        let es = lang == Language::Es;
        let pick = |es_text: &str, en_text: &str| lang.say(es_text, en_text).to_owned();
        match self {
            Notice::Linked { phone } => (
                pick("WhatsApp vinculado", "WhatsApp linked"),
                match phone {
                    Some(p) if es => format!("Mostrador ahora envía desde {p}."),
                    Some(p) => format!("Mostrador now sends from {p}."),
                    None => pick("Mostrador ya puede enviar.", "Mostrador can send now."),
                },
            ),
            Notice::ConnectionLost => (
                pick(
                    "Se perdió la conexión con WhatsApp",
                    "WhatsApp connection lost",
                ),
                pick(
                    "Los mensajes esperan en la cola y salen cuando vuelva.",
                    "Messages wait in the queue and go out when it is back.",
                ),
            ),
            Notice::ConnectionBack => (
                pick("WhatsApp volvió", "WhatsApp is back"),
                pick(
                    "Los mensajes en cola están saliendo.",
                    "Queued messages are going out.",
                ),
            ),
            Notice::Failed { to, code, reason } => (
                if es {
                    format!("No se pudo enviar un mensaje a {to}")
                } else {
                    format!("A message to {to} failed")
                },
                failure_reason(code, reason, lang),
            ),
            Notice::LoggedOut => (
                pick("WhatsApp desvinculado", "WhatsApp unlinked"),
                pick(
                    "El teléfono cerró la sesión de esta app. Vincúlela de nuevo para seguir enviando.",
                    "The phone logged this app out. Link it again to keep sending.",
                ),
            ),
        }
    }
}

/// Why a message failed, for the cashier. The service's messages are English; the common
/// codes get Spanish words, the rest keep the service's message.
fn failure_reason(code: &str, message: &str, lang: Language) -> String {
    let es = match (lang, code) {
        (Language::En, _) => None,
        (_, "NOT_ON_WHATSAPP") => Some("Ese número no tiene WhatsApp."),
        (_, "INVALID_RECIPIENT") => Some("El número no es válido."),
        (_, "MEDIA_TOO_LARGE") => Some("El archivo es demasiado grande para WhatsApp."),
        (_, "UNSUPPORTED_MEDIA_TYPE") => Some("WhatsApp no acepta este tipo de archivo."),
        (_, "NOT_CONNECTED") => Some("WhatsApp no está conectado."),
        (_, "TIMEOUT") => Some("WhatsApp no respondió a tiempo; se agotaron los intentos."),
        _ => None,
    };
    es.map_or_else(|| message.to_owned(), str::to_owned)
}

/// Follows the session and says which notice, if any, each change (or the passing of time)
/// calls for. Pure: times come in as arguments.
#[derive(Debug, Default)]
pub struct Watch {
    connected: bool,
    pairing: bool,
    /// When the connection was lost, while it still is.
    lost_since: Option<i64>,
    /// The loss has been announced, so its end will be too.
    announced: bool,
}

impl Watch {
    pub fn on_session(&mut self, s: &SessionInfo, now: i64) -> Option<Notice> {
        let was_connected =
            std::mem::replace(&mut self.connected, s.state == SessionState::Connected);
        match s.state {
            SessionState::Connected => {
                self.lost_since = None;
                if std::mem::take(&mut self.pairing) {
                    self.announced = false;
                    return Some(Notice::Linked {
                        phone: s.phone.clone(),
                    });
                }
                std::mem::take(&mut self.announced).then_some(Notice::ConnectionBack)
            }
            SessionState::Disconnected | SessionState::Connecting => {
                if was_connected {
                    self.lost_since = Some(now);
                }
                None
            }
            SessionState::Pairing => {
                self.pairing = true;
                self.forget_loss();
                None
            }
            SessionState::LoggedOut => {
                self.pairing = false;
                self.forget_loss();
                Some(Notice::LoggedOut)
            }
        }
    }

    /// When `on_tick` should next be called, if ever.
    pub fn deadline(&self) -> Option<i64> {
        match self.lost_since {
            Some(t) if !self.announced => Some(t.saturating_add(LOSS_GRACE_MS)),
            _ => None,
        }
    }

    pub fn on_tick(&mut self, now: i64) -> Option<Notice> {
        let due = self.deadline().is_some_and(|d| now >= d);
        if due {
            self.announced = true;
        }
        due.then_some(Notice::ConnectionLost)
    }

    fn forget_loss(&mut self) {
        self.lost_since = None;
        self.announced = false;
    }
}

/// Set just before this app logs out, so the logout that follows is not reported as the
/// phone's doing.
#[derive(Debug, Default)]
pub struct OwnLogout(AtomicBool);

impl OwnLogout {
    pub fn expect(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// A failed logout must not hide a later one from the phone.
    pub fn cancel(&self) {
        self.0.store(false, Ordering::SeqCst);
    }

    fn take(&self) -> bool {
        self.0.swap(false, Ordering::SeqCst)
    }
}

/// Turns the service's events into notices until it stops. `wanted` reads the current
/// settings; `show` displays one notice.
pub async fn run(
    service: Arc<Service>,
    clock: Arc<dyn Clock>,
    own_logout: Arc<OwnLogout>,
    wanted: impl Fn(&Notice) -> bool,
    show: impl Fn(Notice),
) {
    let mut events = service.subscribe();
    let mut watch = Watch::default();
    let _ = watch.on_session(&service.session(), clock.now_ms());
    let notify = |n: Option<Notice>| {
        if let Some(n) = n.filter(&wanted) {
            show(n);
        }
    };
    loop {
        let timer = watch.deadline().map(|d| {
            clock.sleep(Duration::from_millis(
                d.saturating_sub(clock.now_ms()).max(0) as u64,
            ))
        });
        tokio::select! {
            event = events.recv() => match event {
                Ok(Event::Session(s)) => {
                    let notice = watch.on_session(&s, clock.now_ms());
                    if notice == Some(Notice::LoggedOut) && own_logout.take() {
                        continue;
                    }
                    notify(notice);
                }
                Ok(Event::Message(u)) if u.status == Status::Failed => {
                    let to = match service.message(&u.id).await {
                        Ok(m) => m.to.to_string(),
                        Err(_) => "a customer".into(),
                    };
                    let (code, reason) = u
                        .error
                        .map_or_else(|| (String::new(), "unknown reason".into()), |e| (e.code, e.message));
                    notify(Some(Notice::Failed { to, code, reason }));
                }
                Ok(_) => {}
                // Missed events: the session as it is now is what counts.
                Err(RecvError::Lagged(_)) => notify(watch.on_session(&service.session(), clock.now_ms())),
                Err(RecvError::Closed) => return,
            },
            () = maybe(timer) => notify(watch.on_tick(clock.now_ms())),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn session(state: SessionState) -> SessionInfo {
        SessionInfo {
            phone: Some("+59171234567".into()),
            ..SessionInfo::new(state, 0)
        }
    }

    #[test]
    fn linking_is_announced_once() {
        let mut w = Watch::default();
        assert_eq!(w.on_session(&session(SessionState::Pairing), 0), None);
        assert_eq!(w.on_session(&session(SessionState::Connecting), 1), None);
        assert_eq!(
            w.on_session(&session(SessionState::Connected), 2),
            Some(Notice::Linked {
                phone: Some("+59171234567".into())
            })
        );
        // A later reconnect is not a new link.
        w.on_session(&session(SessionState::Disconnected), 3);
        assert_eq!(w.on_session(&session(SessionState::Connected), 4), None);
    }

    #[test]
    fn a_short_drop_says_nothing() {
        let mut w = Watch::default();
        w.on_session(&session(SessionState::Connected), 0);
        assert_eq!(
            w.on_session(&session(SessionState::Disconnected), 1_000),
            None
        );
        assert_eq!(w.deadline(), Some(31_000));
        assert_eq!(w.on_tick(30_999), None);
        assert_eq!(
            w.on_session(&session(SessionState::Connecting), 20_000),
            None
        );
        assert_eq!(
            w.on_session(&session(SessionState::Connected), 30_000),
            None
        );
        assert_eq!(w.deadline(), None);
        assert_eq!(w.on_tick(100_000), None);
    }

    #[test]
    fn a_loss_over_30_s_is_announced_once_and_so_is_its_end() {
        let mut w = Watch::default();
        w.on_session(&session(SessionState::Connected), 0);
        w.on_session(&session(SessionState::Disconnected), 1_000);
        // Reconnect attempts do not restart the 30 s.
        w.on_session(&session(SessionState::Connecting), 10_000);
        w.on_session(&session(SessionState::Disconnected), 20_000);
        assert_eq!(w.on_tick(31_000), Some(Notice::ConnectionLost));
        assert_eq!(w.deadline(), None);
        assert_eq!(w.on_tick(90_000), None);
        assert_eq!(
            w.on_session(&session(SessionState::Connected), 95_000),
            Some(Notice::ConnectionBack)
        );
        // The next drop starts afresh.
        w.on_session(&session(SessionState::Disconnected), 100_000);
        assert_eq!(w.deadline(), Some(130_000));
    }

    #[test]
    fn never_connected_is_not_a_loss_and_logout_ends_one() {
        let mut w = Watch::default();
        w.on_session(&session(SessionState::Connecting), 0);
        w.on_session(&session(SessionState::Disconnected), 1);
        assert_eq!(w.deadline(), None);

        w.on_session(&session(SessionState::Connected), 2);
        w.on_session(&session(SessionState::Disconnected), 3);
        assert_eq!(
            w.on_session(&session(SessionState::LoggedOut), 4),
            Some(Notice::LoggedOut)
        );
        assert_eq!(w.deadline(), None);
    }

    #[test]
    fn each_kind_follows_its_switch() {
        let off = Notices {
            linked: false,
            connection: false,
            failed: false,
            logged_out: false,
        };
        let all = [
            Notice::Linked { phone: None },
            Notice::ConnectionLost,
            Notice::ConnectionBack,
            Notice::Failed {
                to: "+591".into(),
                code: "NOT_ON_WHATSAPP".into(),
                reason: "x".into(),
            },
            Notice::LoggedOut,
        ];
        for n in &all {
            assert!(n.wanted(&Notices::default()), "{n:?}");
            assert!(!n.wanted(&off), "{n:?}");
        }
        let only_failed = Notices {
            failed: true,
            ..off
        };
        assert_eq!(all.iter().filter(|n| n.wanted(&only_failed)).count(), 1);
    }
}

#[cfg(test)]
mod text_tests {
    use super::*;

    #[test]
    fn a_failure_names_the_recipient_and_the_reason_in_the_users_language() {
        let failed = Notice::Failed {
            to: "+59171234567".into(),
            code: "NOT_ON_WHATSAPP".into(),
            reason: "+59171234567 is not on WhatsApp".into(),
        };
        assert_eq!(
            failed.text(Language::Es),
            (
                "No se pudo enviar un mensaje a +59171234567".into(),
                "Ese número no tiene WhatsApp.".into()
            )
        );
        assert_eq!(
            failed.text(Language::En),
            (
                "A message to +59171234567 failed".into(),
                "+59171234567 is not on WhatsApp".into()
            )
        );
        // A code with no Spanish words keeps the service's message.
        let other = Notice::Failed {
            to: "+1".into(),
            code: "ENGINE_ERROR".into(),
            reason: "server said 500".into(),
        };
        assert_eq!(other.text(Language::Es).1, "server said 500");
    }
}
