//! What the linked account can tell: its groups, and which numbers have WhatsApp.

use mostrador_types::{ContactCheck, Group, Recipient};

use super::Service;
use crate::engine::MAX_CHECK;
use crate::{Error, Result, phone};

impl Service {
    /// The groups of the profile's account (`profile`: id or name; none: the default).
    pub async fn groups(&self, profile: Option<&str>, refresh: bool) -> Result<Vec<Group>> {
        Ok(self.lane(profile)?.messenger.groups(refresh).await?)
    }

    /// Normalises each number and asks WhatsApp which ones have an account, and their JIDs:
    /// the numbers not asked lately go in one query (answers are remembered for a while).
    pub async fn check_contacts(
        &self,
        profile: Option<&str>,
        inputs: Vec<String>,
    ) -> Result<Vec<ContactCheck>> {
        let lane = self.lane(profile)?;
        if inputs.is_empty() || inputs.len() > MAX_CHECK {
            return Err(Error::invalid(format!(
                "send between 1 and {MAX_CHECK} phone numbers"
            )));
        }
        let country = self.country();
        let mut checks: Vec<ContactCheck> = inputs
            .into_iter()
            .map(|input| match phone::normalise(&input, country) {
                Ok(n) => match n.recipient {
                    Recipient::Phone(d) => ContactCheck {
                        input,
                        phone: Some(d),
                        registered: false,
                        jid: None,
                        error: None,
                    },
                    Recipient::Group(_) => ContactCheck {
                        input,
                        phone: None,
                        registered: false,
                        jid: None,
                        error: Some("a group is not a phone number".into()),
                    },
                },
                Err(e) => ContactCheck {
                    input,
                    phone: None,
                    registered: false,
                    jid: None,
                    error: Some(e.message),
                },
            })
            .collect();
        let phones: Vec<String> = checks.iter().filter_map(|c| c.phone.clone()).collect();
        if !phones.is_empty() {
            let answers = lane.messenger.is_on_whatsapp(&phones).await?;
            let mut answers = answers.into_iter();
            for c in checks.iter_mut().filter(|c| c.phone.is_some()) {
                c.jid = answers.next().flatten();
                c.registered = c.jid.is_some();
            }
        }
        for c in &mut checks {
            if let Some(d) = c.phone.take() {
                c.phone = Some(format!("+{d}"));
            }
        }
        Ok(checks)
    }
}
