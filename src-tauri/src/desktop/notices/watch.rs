//! Which notice, if any, a session change or the passing of time calls for: a pure state
//! machine (`Watch`), and the notices themselves with the switch each one follows.

use mostrador_core::types::{ReasonCode, SessionInfo, SessionState};

use crate::desktop::prefs::Notices;

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
    /// A message sent later did not go: the computer was off past its time (`expired`).
    /// Follows the "failed" switch: to the cashier it is a message that did not arrive.
    Expired {
        to: String,
    },
    /// The phone unlinked this app (`unlinked_by_phone`). Not when this app did — from the
    /// window or the REST API — nor when WhatsApp ended the session.
    LoggedOut,
    /// A webhook has failed for more than ten minutes: the POS is not hearing of changes.
    WebhookFailing {
        url: String,
    },
    /// A webhook's receiver answered 410 Gone: it was turned off.
    WebhookGone {
        url: String,
    },
    /// A customer wrote to the shop: who (name and number) and a glimpse of what.
    Reply {
        from: String,
        text: String,
    },
}

impl Notice {
    /// Whether the user wants this kind of notification.
    pub fn wanted(&self, on: &Notices) -> bool {
        match self {
            Notice::Linked { .. } => on.linked,
            Notice::ConnectionLost | Notice::ConnectionBack => on.connection,
            Notice::Failed { .. }
            | Notice::Expired { .. }
            | Notice::WebhookFailing { .. }
            | Notice::WebhookGone { .. } => on.failed,
            Notice::LoggedOut => on.logged_out,
            Notice::Reply { .. } => on.replies,
        }
    }
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
                // The engine's reason says who unlinked, whichever surface asked.
                (s.reason_code() == Some(ReasonCode::UnlinkedByPhone)).then_some(Notice::LoggedOut)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn session(state: SessionState) -> SessionInfo {
        SessionInfo {
            phone: Some("+59171234567".into()),
            ..SessionInfo::new(state, 0)
        }
    }

    fn logged_out(code: ReasonCode) -> SessionInfo {
        SessionInfo::because(SessionState::LoggedOut, 0, code, "words")
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
            w.on_session(&logged_out(ReasonCode::UnlinkedByPhone), 4),
            Some(Notice::LoggedOut)
        );
        assert_eq!(w.deadline(), None);
    }

    #[test]
    fn only_the_phone_unlinking_is_announced() {
        let mut w = Watch::default();
        w.on_session(&session(SessionState::Connected), 0);
        // This app unlinked (the window or `POST /session/logout`): the user knows.
        assert_eq!(
            w.on_session(&logged_out(ReasonCode::UnlinkedByApp), 1),
            None
        );
        w.on_session(&session(SessionState::Pairing), 2);
        w.on_session(&session(SessionState::Connected), 3);
        // The next unlink from the phone is still told.
        assert_eq!(
            w.on_session(&logged_out(ReasonCode::UnlinkedByPhone), 4),
            Some(Notice::LoggedOut)
        );
        // Not the phone's doing, so not "the phone logged this app out".
        for code in [
            ReasonCode::UnlinkedByWhatsapp,
            ReasonCode::SessionUnreadable,
        ] {
            assert_eq!(w.on_session(&logged_out(code), 5), None, "{code:?}");
        }
        assert_eq!(w.on_session(&session(SessionState::LoggedOut), 6), None);
    }

    #[test]
    fn each_kind_follows_its_switch() {
        let off = Notices {
            linked: false,
            connection: false,
            failed: false,
            logged_out: false,
            replies: false,
        };
        let all = [
            Notice::Reply {
                from: "Ana (+59171234567)".into(),
                text: "¿A qué hora abren?".into(),
            },
            Notice::Linked { phone: None },
            Notice::ConnectionLost,
            Notice::ConnectionBack,
            Notice::Failed {
                to: "+591".into(),
                code: "NOT_ON_WHATSAPP".into(),
                reason: "x".into(),
            },
            Notice::Expired { to: "+591".into() },
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
        assert_eq!(all.iter().filter(|n| n.wanted(&only_failed)).count(), 2);
    }
}
