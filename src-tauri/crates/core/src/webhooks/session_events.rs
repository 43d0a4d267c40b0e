//! Which session changes a webhook hears of: linked, disconnected, reconnected, logged out
//! (not every step between, such as connecting or a new QR code).

use mostrador_types::{SessionInfo, SessionState};

/// The event type for a move from `before` to `now`, if it is one webhooks are told of.
pub fn session_event(before: SessionState, now: &SessionInfo) -> Option<&'static str> {
    match (before, now.state) {
        (SessionState::Pairing, SessionState::Connected) => Some("session.linked"),
        (b, SessionState::Connected) if b != SessionState::Connected => Some("session.reconnected"),
        (SessionState::Connected, SessionState::Disconnected) => Some("session.disconnected"),
        (b, SessionState::LoggedOut) if b != SessionState::LoggedOut => Some("session.logged_out"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: SessionState) -> SessionInfo {
        SessionInfo::new(s, 0)
    }

    #[test]
    fn only_the_moves_a_pos_acts_on() {
        use SessionState::*;
        assert_eq!(
            session_event(Pairing, &at(Connected)),
            Some("session.linked")
        );
        assert_eq!(
            session_event(Connecting, &at(Connected)),
            Some("session.reconnected")
        );
        assert_eq!(
            session_event(Connected, &at(Disconnected)),
            Some("session.disconnected")
        );
        assert_eq!(
            session_event(Connected, &at(LoggedOut)),
            Some("session.logged_out")
        );
        assert_eq!(session_event(Disconnected, &at(Disconnected)), None);
        assert_eq!(session_event(Connecting, &at(Pairing)), None);
        assert_eq!(session_event(Connected, &at(Connected)), None);
    }
}
