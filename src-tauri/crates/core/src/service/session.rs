//! The WhatsApp session as the surfaces see it: its state and QR code, linking by phone
//! number or again, unlinking.

use mostrador_types::{QrCode, Recipient, SessionInfo, SessionState};

use super::Service;
use crate::{Code, Error, Result, phone};

impl Service {
    /// The session of the profile `profile` names (id or name; none: the default one).
    pub fn session(&self, profile: Option<&str>) -> Result<SessionInfo> {
        Ok(self.lane(profile)?.link.borrow().session.clone())
    }

    /// The main number's session (the tray and desktop notices follow it).
    pub fn main_session(&self) -> SessionInfo {
        self.session(None)
            .unwrap_or_else(|_| SessionInfo::new(SessionState::Disconnected, self.clock.now_ms()))
    }

    /// The QR code to show while pairing.
    pub fn qr(&self, profile: Option<&str>) -> Result<QrCode> {
        let lane = self.lane(profile)?;
        let (session, qr) = {
            let link = lane.link.borrow();
            (link.session.clone(), link.qr.clone())
        };
        match qr {
            Some(qr)
                if session.state == SessionState::Pairing
                    && qr.expires_at > self.clock.now_ms() =>
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

    pub async fn logout(&self, profile: Option<&str>) -> Result<()> {
        Ok(self.lane(profile)?.messenger.logout().await?)
    }

    /// Links by phone number: the code to type on the phone (WhatsApp → Linked devices →
    /// Link with phone number).
    pub async fn pair_code(&self, profile: Option<&str>, phone: &str) -> Result<String> {
        let lane = self.lane(profile)?;
        let number = phone::normalise(phone, self.country())?;
        let Recipient::Phone(digits) = number.recipient else {
            return Err(Error::new(
                Code::InvalidRecipient,
                "the shop's number must be a phone number",
            ));
        };
        if lane.link.borrow().connected() {
            return Err(Error::new(
                Code::InvalidState,
                "WhatsApp is already linked; unlink it first",
            ));
        }
        Ok(lane.messenger.pair_code(&digits).await?)
    }

    /// Tries again: new QR codes after they ran out or after unlinking; with a saved session
    /// (after another session replaced this one, an update, or a ban), connects again.
    pub async fn relink(&self, profile: Option<&str>) -> Result<()> {
        let lane = self.lane(profile)?;
        if lane.link.borrow().connected() {
            return Err(Error::new(Code::InvalidState, "WhatsApp is already linked"));
        }
        Ok(lane.messenger.relink().await?)
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
