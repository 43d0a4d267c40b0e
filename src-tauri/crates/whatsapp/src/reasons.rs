//! The engine's reasons for a session state, in words a person can act on: what happened and
//! what comes next, each under the code a program matches (`ReasonCode`).

use mostrador_core::types::{ReasonCode, SessionReason};
use whatsapp_rust::types::events::{ConnectFailure, ConnectFailureReason, LoggedOut, TemporaryBan};

pub fn connection_lost() -> SessionReason {
    SessionReason::new(
        ReasonCode::ConnectionLost,
        "the connection to WhatsApp dropped; reconnecting by itself",
    )
}

pub fn unreachable() -> SessionReason {
    SessionReason::new(
        ReasonCode::Unreachable,
        "cannot reach WhatsApp (no internet?); retrying by itself",
    )
}

pub fn linked() -> SessionReason {
    SessionReason::new(ReasonCode::Linked, "linked; connecting")
}

pub fn pair_failed(error: &str) -> SessionReason {
    SessionReason::new(ReasonCode::PairFailed, format!("linking failed: {error}"))
}

/// The QR codes ran out; `code_pending`: a pairing code is still on screen.
pub fn qr_expired(code_pending: bool) -> SessionReason {
    SessionReason::new(
        ReasonCode::QrExpired,
        if code_pending {
            "the QR codes expired; the pairing code can still be typed"
        } else {
            "the QR codes expired without being scanned; ask for new ones"
        },
    )
}

pub fn replaced() -> SessionReason {
    SessionReason::new(
        ReasonCode::Replaced,
        "this WhatsApp session was opened somewhere else (another copy of Mostrador?); it \
         stays off here until you reconnect it (relink)",
    )
}

pub fn client_outdated() -> SessionReason {
    SessionReason::new(
        ReasonCode::ClientOutdated,
        "WhatsApp no longer accepts this version of Mostrador; update Mostrador",
    )
}

pub fn engine_error(e: impl std::fmt::Display) -> SessionReason {
    SessionReason::new(ReasonCode::EngineError, e.to_string())
}

pub fn ban(b: &TemporaryBan) -> SessionReason {
    let secs = u64::try_from(b.expire.num_seconds()).unwrap_or(0);
    let mut detail = format!(
        "WhatsApp blocked this number for {} (reason {})",
        human_duration(secs),
        b.code
    );
    if let Some(message) = b.message.as_deref().filter(|m| !m.is_empty()) {
        detail.push_str(&format!(": {message}"));
    }
    detail.push_str("; Mostrador connects again when the ban ends");
    SessionReason::new(ReasonCode::TemporaryBan, detail)
}

pub fn connect_failure(f: &ConnectFailure) -> SessionReason {
    let mut detail = format!(
        "WhatsApp refused the connection (error {})",
        f.reason.code()
    );
    if let Some(message) = f.message.as_deref().filter(|m| !m.is_empty()) {
        detail.push_str(&format!(": {message}"));
    }
    // whatsapp-rust retries only what the server calls temporary.
    detail.push_str(if f.reason.should_reconnect() {
        "; retrying"
    } else {
        "; not retrying until you reconnect (relink)"
    });
    SessionReason::new(ReasonCode::ConnectFailed, detail)
}

/// This app unlinked the device (from the window or the REST API).
pub fn unlinked_by_app() -> SessionReason {
    SessionReason::new(
        ReasonCode::UnlinkedByApp,
        "unlinked from this app; link again with a new QR code",
    )
}

/// Who ended the session: this app (`by_app`, it was logging out), the phone, or WhatsApp.
pub fn logged_out(l: &LoggedOut, by_app: bool) -> SessionReason {
    if by_app {
        return unlinked_by_app();
    }
    let (code, why) = match (&l.reason, l.on_connect) {
        (ConnectFailureReason::AccountLocked, _) => (
            ReasonCode::UnlinkedByWhatsapp,
            "WhatsApp locked this account".to_owned(),
        ),
        (ConnectFailureReason::LoggedOut, false) => (
            ReasonCode::UnlinkedByPhone,
            "this device was unlinked from the phone".to_owned(),
        ),
        (ConnectFailureReason::LoggedOut, true) => (
            ReasonCode::UnlinkedByPhone,
            "WhatsApp no longer knows this device (unlinked from the phone meanwhile)".to_owned(),
        ),
        (other, _) => (
            ReasonCode::UnlinkedByWhatsapp,
            format!("WhatsApp ended the session (error {})", other.code()),
        ),
    };
    SessionReason::new(code, format!("{why}; link again with a new QR code"))
}

/// The saved session's key does not open it; it was moved to `kept`.
pub fn session_unreadable(kept: &str) -> SessionReason {
    SessionReason::new(
        ReasonCode::SessionUnreadable,
        format!(
            "the saved WhatsApp session could not be opened with its key (missing from the \
             keyring or not the right one); it was kept as {kept}. Link this computer again \
             to keep sending"
        ),
    )
}

/// `3600` → "1 h"; whole units, largest two.
fn human_duration(secs: u64) -> String {
    let (d, h, m, s) = (
        secs / 86_400,
        secs % 86_400 / 3600,
        secs % 3600 / 60,
        secs % 60,
    );
    let parts: Vec<String> = [(d, "d"), (h, "h"), (m, "min"), (s, "s")]
        .into_iter()
        .skip_while(|(n, _)| *n == 0)
        .take(2)
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n} {unit}"))
        .collect();
    if parts.is_empty() {
        "0 s".into()
    } else {
        parts.join(" ")
    }
}

/// The shop took this number offline (it stays linked).
pub fn stopped_by_app() -> SessionReason {
    SessionReason::new(
        ReasonCode::StoppedByApp,
        "taken offline from this app; it stays linked and connects again when asked",
    )
}

#[cfg(test)]
mod tests {
    use whatsapp_rust::chrono;
    use whatsapp_rust::types::events::TempBanReason;

    use super::*;

    #[test]
    fn a_refused_connection_says_whether_it_is_retried() {
        let temporary = ConnectFailure::builder()
            .reason(ConnectFailureReason::ServiceUnavailable)
            .build();
        assert_eq!(
            connect_failure(&temporary),
            SessionReason::new(
                ReasonCode::ConnectFailed,
                "WhatsApp refused the connection (error 503); retrying"
            )
        );
        let for_good = ConnectFailure::builder()
            .reason(ConnectFailureReason::BadUserAgent)
            .message("go away".into())
            .build();
        assert_eq!(
            connect_failure(&for_good),
            SessionReason::new(
                ReasonCode::ConnectFailed,
                "WhatsApp refused the connection (error 409): go away; not retrying until you \
                 reconnect (relink)"
            )
        );
    }

    #[test]
    fn a_ban_says_how_long_and_why() {
        let ban_of = TemporaryBan::builder()
            .code(TempBanReason::BlockedByUsers)
            .expire(chrono::Duration::seconds(90 * 60))
            .build();
        assert_eq!(
            ban(&ban_of),
            SessionReason::new(
                ReasonCode::TemporaryBan,
                "WhatsApp blocked this number for 1 h 30 min (reason 102: too many people \
                 blocked you); Mostrador connects again when the ban ends"
            )
        );
    }

    #[test]
    fn logged_out_says_who_ended_it() {
        let out = |reason, on_connect| {
            LoggedOut::builder()
                .on_connect(on_connect)
                .reason(reason)
                .build()
        };
        let phone = out(ConnectFailureReason::LoggedOut, false);
        let by_phone = logged_out(&phone, false);
        assert_eq!(by_phone.code, ReasonCode::UnlinkedByPhone);
        assert!(by_phone.detail.contains("unlinked from the phone"));
        let by_app = logged_out(&phone, true);
        assert_eq!(by_app.code, ReasonCode::UnlinkedByApp);
        assert!(by_app.detail.contains("unlinked from this app"));
        let meanwhile = logged_out(&out(ConnectFailureReason::LoggedOut, true), false);
        assert_eq!(meanwhile.code, ReasonCode::UnlinkedByPhone);
        let locked = logged_out(&out(ConnectFailureReason::AccountLocked, true), false);
        assert_eq!(locked.code, ReasonCode::UnlinkedByWhatsapp);
        assert!(locked.detail.contains("locked"));
        for r in [by_phone, by_app, meanwhile, locked] {
            assert!(r.detail.ends_with("; link again with a new QR code"), "{r}");
        }
    }

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(human_duration(0), "0 s");
        assert_eq!(human_duration(45), "45 s");
        assert_eq!(human_duration(3600), "1 h");
        assert_eq!(human_duration(3660), "1 h 1 min");
        assert_eq!(human_duration(2 * 86_400 + 3 * 3600 + 5), "2 d 3 h");
        assert_eq!(human_duration(86_400 + 59), "1 d");
    }
}
