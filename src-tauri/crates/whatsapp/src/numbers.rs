//! Whether phone numbers have WhatsApp: asked once per number and remembered, so a queue of
//! messages to one customer asks the server once.

use mostrador_core::engine::EngineError;
use whatsapp_rust::{Client, Jid};

use crate::host::{ClientHost, internal};
use crate::send_error;

/// How long a "this number has no WhatsApp" answer is trusted.
const NOT_REGISTERED_TTL_MS: i64 = 3_600_000;

impl ClientHost {
    /// Asks WhatsApp once per number (cached; a "no" is asked again after an hour).
    pub(crate) async fn ensure_registered(
        &self,
        client: &Client,
        phone: &str,
    ) -> Result<(), EngineError> {
        let now = self.clock.now_ms();
        let cached = self
            .registered
            .lock()
            .ok()
            .and_then(|m| m.get(phone).copied());
        let registered = match cached {
            Some((true, _)) => true,
            Some((false, at)) if now - at < NOT_REGISTERED_TTL_MS => false,
            _ => {
                let answers = client
                    .contacts()
                    .is_on_whatsapp(&[Jid::pn(phone)])
                    .await
                    .map_err(|e| internal("cannot check the number", e))?;
                let yes = answers.iter().any(|a| a.is_registered);
                if let Ok(mut m) = self.registered.lock() {
                    m.insert(phone.to_owned(), (yes, now));
                }
                yes
            }
        };
        if registered {
            Ok(())
        } else {
            Err(send_error::not_on_whatsapp(phone))
        }
    }

    pub(crate) async fn is_on_whatsapp(&self, phones: &[String]) -> Result<Vec<bool>, EngineError> {
        let client = self.connected_client()?;
        let jids: Vec<Jid> = phones.iter().map(|p| Jid::pn(p.as_str())).collect();
        let answers = client
            .contacts()
            .is_on_whatsapp(&jids)
            .await
            .map_err(|e| internal("cannot check numbers", e))?;
        let now = self.clock.now_ms();
        let yes: Vec<bool> = phones
            .iter()
            .map(|p| {
                answers
                    .iter()
                    .any(|a| a.is_registered && a.jid.user == p.as_str())
            })
            .collect();
        if let Ok(mut m) = self.registered.lock() {
            for (p, y) in phones.iter().zip(&yes) {
                m.insert(p.clone(), (*y, now));
            }
        }
        Ok(yes)
    }
}
