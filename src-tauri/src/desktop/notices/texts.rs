//! What each notice says, in the UI's language. Why a message failed comes from the UI's
//! `errors.json` — one sentence per error code in English and Spanish, read by the window
//! and by these notifications alike — so both say the same.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::watch::Notice;
use crate::desktop::prefs::Language;

/// Every error code's sentence, both languages (the UI imports the same file).
const ERROR_TEXTS: &str = include_str!("../../../../ui/src/lib/i18n/errors.json");

/// A code's sentence in Spanish; the English one is the UI's (notices in English keep the
/// service's own message, which names the details).
#[derive(Debug, Deserialize)]
struct Said {
    es: String,
}

/// Parsed once; a test checks it parses and that every code has both languages, so empty
/// here only means the build skipped that test.
static SAID: LazyLock<HashMap<String, Said>> =
    LazyLock::new(|| serde_json::from_str(ERROR_TEXTS).unwrap_or_default());

impl Notice {
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
            Notice::Expired { to } => (
                if es {
                    format!("Un mensaje programado para {to} no salió")
                } else {
                    format!("A message scheduled for {to} was not sent")
                },
                pick(
                    "La computadora estaba apagada a la hora indicada y pasó demasiado tiempo: no se envió tarde.",
                    "The computer was off at its time and too long has passed: it was not sent late.",
                ),
            ),
            Notice::WebhookFailing { url } => (
                pick("Un webhook está fallando", "A webhook is failing"),
                if es {
                    format!(
                        "{url} no responde desde hace más de 10 minutos. Los avisos esperan y se reenvían; revise el receptor en Ajustes."
                    )
                } else {
                    format!(
                        "{url} has not answered for more than 10 minutes. Events wait and are sent again; check the receiver in Settings."
                    )
                },
            ),
            Notice::WebhookGone { url } => (
                pick("Webhook desactivado", "Webhook turned off"),
                if es {
                    format!(
                        "{url} respondió 410 Gone: Mostrador dejó de enviarle avisos. Actívelo en Ajustes cuando esté listo."
                    )
                } else {
                    format!(
                        "{url} answered 410 Gone: Mostrador stopped sending it events. Turn it on in Settings when it is ready."
                    )
                },
            ),
            Notice::Reply { from, text } => (
                if es {
                    format!("Mensaje de {from}")
                } else {
                    format!("Message from {from}")
                },
                text.clone(),
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

/// Why a message failed, for the cashier. The service's messages are English and name the
/// details, so English keeps them; in Spanish a known code gets its sentence (`NACK_479` the
/// `NACK` one, with its number), the rest keep the service's message.
fn failure_reason(code: &str, message: &str, lang: Language) -> String {
    if lang == Language::En {
        return message.to_owned();
    }
    let (key, number) = match code.strip_prefix("NACK_") {
        Some(n) => ("NACK", n),
        None => (code, ""),
    };
    SAID.get(key).map_or_else(
        || message.to_owned(),
        |said| said.es.replace("{code}", number),
    )
}

#[cfg(test)]
mod tests {
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
            code: "SEND_FAILED".into(),
            reason: "server said 500".into(),
        };
        assert_eq!(other.text(Language::Es).1, "server said 500");
        // The window's words for a code are the notification's.
        let engine = Notice::Failed {
            to: "+1".into(),
            code: "ENGINE_ERROR".into(),
            reason: "server said 500".into(),
        };
        assert_eq!(engine.text(Language::Es).1, SAID["ENGINE_ERROR"].es);
        let nack = Notice::Failed {
            to: "+1".into(),
            code: "NACK_479".into(),
            reason: "WhatsApp refused the message (error 479)".into(),
        };
        assert_eq!(
            nack.text(Language::Es).1,
            "WhatsApp rechazó el mensaje (error 479)."
        );
    }

    #[test]
    fn an_expired_message_says_who_did_not_get_it_and_why_in_both_languages() {
        let expired = Notice::Expired {
            to: "+59171234567".into(),
        };
        let (title, body) = expired.text(Language::Es);
        assert_eq!(title, "Un mensaje programado para +59171234567 no salió");
        assert!(body.contains("apagada"), "{body}");
        let (title, body) = expired.text(Language::En);
        assert_eq!(title, "A message scheduled for +59171234567 was not sent");
        assert!(body.contains("was off"), "{body}");
    }

    #[test]
    fn every_error_code_has_both_languages() {
        let parsed: HashMap<String, HashMap<String, String>> =
            serde_json::from_str(ERROR_TEXTS).unwrap();
        assert!(parsed.len() > 20, "{} codes", parsed.len());
        assert_eq!(SAID.len(), parsed.len());
        for (code, said) in &parsed {
            assert!(
                code.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
                "{code}"
            );
            let mut langs: Vec<&str> = said.keys().map(String::as_str).collect();
            langs.sort_unstable();
            assert_eq!(langs, ["en", "es"], "{code}");
            assert!(said.values().all(|s| !s.trim().is_empty()), "{code}");
        }
        // The codes the core fails messages with and the cashier meets most.
        for code in [
            "NOT_ON_WHATSAPP",
            "INVALID_RECIPIENT",
            "MEDIA_TOO_LARGE",
            "NOT_CONNECTED",
            "TIMEOUT",
            "NACK",
        ] {
            assert!(SAID.contains_key(code), "{code}");
        }
    }
}
