//! What WhatsApp shows the shop of a customer's account — the about text, a business's
//! verified name, the profile picture — asked with whatsapp-rust's user-info query (usync
//! `status`, `business`, `picture`) and its profile-picture request, side by side.

use mostrador_core::engine::{EngineError, UserInfo};
use whatsapp_rust::Jid;

use crate::host::{ClientHost, internal};

impl ClientHost {
    pub(crate) async fn user_info(&self, phone: &str) -> Result<UserInfo, EngineError> {
        let client = self.connected_client()?;
        let jid = Jid::pn(phone);
        let contacts = client.contacts();
        // The user-info query names the picture but not where it is served: that is the
        // picture request's answer. The library reads 401/404 there as "no picture".
        let (found, picture) = futures_util::join!(
            contacts.get_user_info(std::slice::from_ref(&jid)),
            contacts.get_profile_picture(&jid, false),
        );
        let found = found.map_err(|e| internal("cannot read the account's profile", e))?;
        let picture = picture.map_err(|e| internal("cannot read the profile picture", e))?;
        // One number asked, one answer (the server may key it by the account's LID).
        let info = found.into_values().next();
        Ok(UserInfo {
            // A hidden about text comes back empty (status code 401), not absent.
            about: info.as_ref().and_then(|i| i.status.clone()).and_then(shown),
            business_name: info
                .and_then(|i| i.verified_name)
                .and_then(|v| v.name)
                .and_then(shown),
            picture_url: picture.map(|p| p.url).and_then(shown),
        })
    }
}

/// Some text, or nothing for an empty one.
fn shown(text: String) -> Option<String> {
    (!text.trim().is_empty()).then_some(text)
}
