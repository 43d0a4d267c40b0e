//! The WhatsApp session as the surfaces see it: its state and QR code, linking by phone
//! number or again, unlinking; and what the linked account can tell (groups, which numbers
//! have WhatsApp).

use mostrador_types::{ContactCheck, Group, QrCode, Recipient, SessionInfo, SessionState};

use crate::engine::{EngineError, Failure};
use crate::service::Service;
use crate::{Code, Error, Result, phone};

impl Service {
    pub fn session(&self) -> SessionInfo {
        self.inner.session.borrow().clone()
    }

    /// The QR code to show while pairing.
    pub fn qr(&self) -> Result<QrCode> {
        let session = self.session();
        let qr = self.inner.qr.lock().ok().and_then(|q| q.clone());
        match qr {
            Some(qr)
                if session.state == SessionState::Pairing
                    && qr.expires_at > self.inner.clock.now_ms() =>
            {
                Ok(qr)
            }
            _ => Err(Error::new(
                Code::NoQr,
                match session.state {
                    SessionState::Connected => {
                        "there is no QR code: WhatsApp is already linked".to_owned()
                    }
                    SessionState::Pairing => {
                        "the QR code expired; a new one is on its way".to_owned()
                    }
                    s => format!("there is no QR code while the session is {}", state_name(s)),
                },
            )),
        }
    }

    pub async fn groups(&self, refresh: bool) -> Result<Vec<Group>> {
        self.inner
            .messenger
            .groups(refresh)
            .await
            .map_err(engine_error)
    }

    /// Normalises each number and asks WhatsApp which ones have an account.
    pub async fn check_contacts(&self, inputs: Vec<String>) -> Result<Vec<ContactCheck>> {
        if inputs.is_empty() || inputs.len() > 100 {
            return Err(Error::invalid("send between 1 and 100 phone numbers"));
        }
        let country = self.inner.country();
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
            let answers = self
                .inner
                .messenger
                .is_on_whatsapp(&phones)
                .await
                .map_err(engine_error)?;
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

    pub async fn logout(&self) -> Result<()> {
        self.inner.messenger.logout().await.map_err(engine_error)
    }

    /// Links by phone number: the code to type on the phone (WhatsApp → Linked devices →
    /// Link with phone number).
    pub async fn pair_code(&self, phone: &str) -> Result<String> {
        let number = phone::normalise(phone, self.inner.country())?;
        let Recipient::Phone(digits) = number.recipient else {
            return Err(Error::new(
                Code::InvalidRecipient,
                "the shop's number must be a phone number",
            ));
        };
        if self.session().state == SessionState::Connected {
            return Err(Error::new(
                Code::InvalidState,
                "WhatsApp is already linked; unlink it first",
            ));
        }
        self.inner
            .messenger
            .pair_code(&digits)
            .await
            .map_err(engine_error)
    }

    /// Tries again: new QR codes after they ran out or after unlinking; with a saved session
    /// (after another session replaced this one, an update, or a ban), connects again.
    pub async fn relink(&self) -> Result<()> {
        if self.session().state == SessionState::Connected {
            return Err(Error::new(Code::InvalidState, "WhatsApp is already linked"));
        }
        self.inner.messenger.relink().await.map_err(engine_error)
    }
}

fn engine_error(e: EngineError) -> Error {
    match e.failure {
        Failure::NotConnected => Error::new(
            Code::NotConnected,
            "WhatsApp is not connected right now; try again when it is",
        ),
        _ => Error::new(Code::EngineError, e.message),
    }
}

fn state_name(s: SessionState) -> &'static str {
    match s {
        SessionState::Disconnected => "disconnected",
        SessionState::Connecting => "connecting",
        SessionState::Pairing => "pairing",
        SessionState::Connected => "connected",
        SessionState::LoggedOut => "logged out",
    }
}
