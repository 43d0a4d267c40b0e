//! Whether phone numbers have WhatsApp, and their JIDs: asked of the server in one user-sync
//! query per call for whatever is not remembered, and remembered for a while, so a queue of
//! messages to one customer, or a list checked twice, asks once.

use mostrador_core::engine::EngineError;
use whatsapp_rust::{Client, Jid};

use crate::host::{ClientHost, internal};
use crate::send_error;

/// How long a "yes" (and its JID) is trusted: numbers rarely leave WhatsApp.
const REGISTERED_TTL_MS: i64 = 24 * 3_600_000;
/// How long a "no" is trusted: the customer may install WhatsApp after hearing of the shop.
const NOT_REGISTERED_TTL_MS: i64 = 3_600_000;

/// One remembered answer: the number's JID when it has WhatsApp, and when it was asked.
type Known = (Option<String>, i64);

impl ClientHost {
    /// Before a first send to a number: fails fast when it has no WhatsApp.
    pub(crate) async fn ensure_registered(
        &self,
        client: &Client,
        phone: &str,
    ) -> Result<(), EngineError> {
        let answer = self.lookup(client, &[phone.to_owned()]).await?;
        match answer.first() {
            Some(Some(_)) => Ok(()),
            _ => Err(send_error::not_on_whatsapp(phone)),
        }
    }

    /// For each number (digits only), its JID when it has WhatsApp; same order.
    pub(crate) async fn is_on_whatsapp(
        &self,
        phones: &[String],
    ) -> Result<Vec<Option<String>>, EngineError> {
        let client = self.connected_client()?;
        self.lookup(&client, phones).await
    }

    /// Remembered answers still fresh, and one query for the rest.
    async fn lookup(
        &self,
        client: &Client,
        phones: &[String],
    ) -> Result<Vec<Option<String>>, EngineError> {
        let now = self.clock.now_ms();
        let fresh = |known: &Known| {
            let ttl = if known.0.is_some() {
                REGISTERED_TTL_MS
            } else {
                NOT_REGISTERED_TTL_MS
            };
            now - known.1 < ttl
        };
        let mut answers: Vec<Option<Option<String>>> = {
            let cache = self.registered.lock().map_err(|_| poisoned())?;
            phones
                .iter()
                .map(|p| cache.get(p).filter(|k| fresh(k)).map(|k| k.0.clone()))
                .collect()
        };
        let mut ask: Vec<&String> = phones
            .iter()
            .zip(&answers)
            .filter(|(_, a)| a.is_none())
            .map(|(p, _)| p)
            .collect();
        ask.sort();
        ask.dedup();
        if !ask.is_empty() {
            let jids: Vec<Jid> = ask.iter().map(|p| Jid::pn(p.as_str())).collect();
            let found = client
                .contacts()
                .is_on_whatsapp(&jids)
                .await
                .map_err(|e| internal("cannot check the numbers", e))?;
            let mut cache = self.registered.lock().map_err(|_| poisoned())?;
            for phone in ask {
                // A number the server answers by its LID still names its phone number.
                let jid = found
                    .iter()
                    .find(|a| {
                        a.is_registered
                            && (a.jid.user == phone.as_str()
                                || a.pn_jid
                                    .as_ref()
                                    .is_some_and(|pn| pn.user == phone.as_str()))
                    })
                    .map(|a| {
                        a.pn_jid
                            .clone()
                            .unwrap_or_else(|| a.jid.clone())
                            .to_string()
                    });
                cache.insert(phone.clone(), (jid, now));
            }
            for (phone, answer) in phones.iter().zip(answers.iter_mut()) {
                if answer.is_none() {
                    *answer = cache.get(phone).map(|k| k.0.clone());
                }
            }
        }
        Ok(answers.into_iter().map(Option::flatten).collect())
    }
}

fn poisoned() -> EngineError {
    internal("cannot check the numbers", "the number cache is unusable")
}
