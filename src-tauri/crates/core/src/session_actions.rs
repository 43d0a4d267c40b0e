//! Which session actions apply now — the one rule, so every surface (the window, a browser,
//! a POS reading the REST API) offers the same buttons: linking again with a new QR code,
//! reconnecting a saved session, linking by phone number, unlinking.

use mostrador_types::{ReasonCode, SessionAction, SessionInfo, SessionState};

/// What a person can do about the session in `info`'s state and reason.
pub fn actions(info: &SessionInfo) -> Vec<SessionAction> {
    use SessionAction::*;
    match info.state {
        SessionState::Connected => vec![Logout],
        // The QR code is on screen; a pairing code is the other way to link.
        SessionState::Pairing => vec![PairCode],
        SessionState::Connecting => vec![],
        // Whoever unlinked (or an unreadable session): only a new link helps.
        SessionState::LoggedOut => vec![Relink],
        SessionState::Disconnected => match info.reason_code() {
            // The engine reconnects by itself, or nothing connects (`--engine none`).
            None | Some(ReasonCode::ConnectionLost | ReasonCode::NoEngine) => vec![],
            // A ban ends by itself, and an unreachable WhatsApp is retried by itself.
            Some(ReasonCode::TemporaryBan | ReasonCode::Unreachable) => vec![],
            // The link never finished: it needs new codes.
            Some(ReasonCode::QrExpired | ReasonCode::PairFailed) => vec![Relink],
            // Replaced, outdated, refused, an engine error: the saved session may connect again.
            Some(_) => vec![Reconnect],
        },
    }
}

/// `info` with its actions filled in, as the core publishes it.
pub fn with_actions(mut info: SessionInfo) -> SessionInfo {
    info.actions = actions(&info);
    info
}

#[cfg(test)]
mod tests {
    use super::*;
    use SessionAction::*;

    fn of(state: SessionState, code: Option<ReasonCode>) -> Vec<SessionAction> {
        let info = match code {
            Some(code) => SessionInfo::because(state, 0, code, "words"),
            None => SessionInfo::new(state, 0),
        };
        actions(&info)
    }

    #[test]
    fn linking_again_where_that_helps_with_a_new_code_only_where_one_is_needed() {
        use ReasonCode::*;
        use SessionState::*;
        assert_eq!(of(Disconnected, Some(QrExpired)), [Relink]);
        assert_eq!(of(Disconnected, Some(PairFailed)), [Relink]);
        for code in [Replaced, ClientOutdated, ConnectFailed, EngineError] {
            assert_eq!(of(Disconnected, Some(code)), [Reconnect], "{code:?}");
        }
        for code in [
            UnlinkedByPhone,
            UnlinkedByApp,
            UnlinkedByWhatsapp,
            SessionUnreadable,
        ] {
            assert_eq!(of(LoggedOut, Some(code)), [Relink], "{code:?}");
        }
        assert_eq!(of(LoggedOut, None), [Relink]);
    }

    #[test]
    fn nothing_to_do_while_it_recovers_by_itself() {
        use ReasonCode::*;
        use SessionState::*;
        for code in [TemporaryBan, Unreachable, ConnectionLost, NoEngine] {
            assert_eq!(of(Disconnected, Some(code)), [], "{code:?}");
        }
        assert_eq!(of(Disconnected, None), []);
        assert_eq!(of(Connecting, None), []);
        assert_eq!(of(Connecting, Some(Linked)), []);
    }

    #[test]
    fn linked_can_unlink_and_pairing_can_use_a_code() {
        assert_eq!(of(SessionState::Connected, None), [Logout]);
        assert_eq!(of(SessionState::Pairing, None), [PairCode]);
        // The QR codes ran out while a pairing code is still on screen.
        assert_eq!(
            of(SessionState::Pairing, Some(ReasonCode::QrExpired)),
            [PairCode]
        );
        let published = with_actions(SessionInfo::new(SessionState::Connected, 0));
        assert_eq!(published.actions, [Logout]);
    }
}
