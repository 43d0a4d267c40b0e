//! What the linked account can tell: its groups, and which numbers have WhatsApp.

use mostrador_types::{ContactCheck, Group, Recipient};

use super::Service;
use crate::{Error, Result, phone};

impl Service {
    pub async fn groups(&self, refresh: bool) -> Result<Vec<Group>> {
        Ok(self.messenger.groups(refresh).await?)
    }

    /// Normalises each number and asks WhatsApp which ones have an account.
    pub async fn check_contacts(&self, inputs: Vec<String>) -> Result<Vec<ContactCheck>> {
        if inputs.is_empty() || inputs.len() > 100 {
            return Err(Error::invalid("send between 1 and 100 phone numbers"));
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
                        error: None,
                    },
                    Recipient::Group(_) => ContactCheck {
                        input,
                        phone: None,
                        registered: false,
                        error: Some("a group is not a phone number".into()),
                    },
                },
                Err(e) => ContactCheck {
                    input,
                    phone: None,
                    registered: false,
                    error: Some(e.message),
                },
            })
            .collect();
        let phones: Vec<String> = checks.iter().filter_map(|c| c.phone.clone()).collect();
        if !phones.is_empty() {
            let answers = self.messenger.is_on_whatsapp(&phones).await?;
            let mut answers = answers.into_iter();
            for c in checks.iter_mut().filter(|c| c.phone.is_some()) {
                c.registered = answers.next().unwrap_or(false);
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
