//! Fake contacts: people on WhatsApp with one device (0), their own identity key and published
//! prekeys, in-memory Signal stores to decrypt what the shop sends them, and what their
//! account shows others (`profiles`). Any number not added is not on WhatsApp.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use whatsapp_rust::Jid;
use whatsapp_rust::wacore::libsignal::protocol::{IdentityKeyPair, KeyPair};

use crate::network::FakeNetwork;
use crate::prekeys::DeviceKeys;
use crate::signal_store::SignalState;
use crate::world::ONE_TIME_PREKEYS;
use crate::{Error, state::Shared};

/// A person on the fake WhatsApp, as tests see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// Phone number, digits only.
    pub phone: String,
    /// `phone@s.whatsapp.net`.
    pub jid: Jid,
    /// The contact's LID, `lid@lid`.
    pub lid: Jid,
}

/// What a contact's account shows ([`FakeNetwork::set_profile`]); all absent by default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FakeProfile {
    /// The "about" text.
    pub about: Option<String>,
    /// Makes the contact a business account with this verified name.
    pub business_name: Option<String>,
    /// The picture's bytes (any image format), served as they are by the fake CDN.
    pub picture: Option<Vec<u8>>,
    /// Shows the about text and the picture to nobody (WhatsApp's "Nobody" privacy setting):
    /// asked for them, the server answers 401. A verified business name is always public.
    pub hidden: bool,
}

/// A profile as the server keeps it: the picture published under an id and a direct path.
#[derive(Default)]
pub(crate) struct Shown {
    pub(crate) profile: FakeProfile,
    pub(crate) picture: Option<(u64, String)>,
}

/// A contact's device 0: what it publishes and the Signal state behind it.
pub(crate) struct FakeUser {
    pub(crate) number: String,
    pub(crate) lid: String,
    published: Mutex<DeviceKeys>,
    pub(crate) signal: tokio::sync::Mutex<SignalState>,
    shown: Mutex<Shown>,
}

impl FakeUser {
    fn new(number: &str, lid: &str) -> Result<Self, Error> {
        let identity = IdentityKeyPair::from(KeyPair::generate(&mut rand::rng()));
        let mut signal = SignalState::new(identity, registration_id());
        let published = signal
            .publish(ONE_TIME_PREKEYS)
            .map_err(|e| Error::Crypto(e.to_string()))?;
        Ok(Self {
            number: number.to_owned(),
            lid: lid.to_owned(),
            published: Mutex::new(published),
            signal: tokio::sync::Mutex::new(signal),
            shown: Mutex::default(),
        })
    }

    pub(crate) fn pn_jid(&self) -> Jid {
        Jid::pn(self.number.as_str())
    }

    pub(crate) fn lid_jid(&self) -> Jid {
        Jid::lid(self.lid.as_str())
    }

    pub(crate) fn published(&self) -> MutexGuard<'_, DeviceKeys> {
        self.published
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn shown(&self) -> MutexGuard<'_, Shown> {
        self.shown.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn handle(&self) -> Contact {
        Contact {
            phone: self.number.clone(),
            jid: self.pn_jid(),
            lid: self.lid_jid(),
        }
    }
}

/// A 14-bit Signal registration id, never 0.
pub(crate) fn registration_id() -> u32 {
    rand::random::<u32>() % 16380 + 1
}

/// Digits only, as WhatsApp numbers are stored (a leading `+` is dropped).
fn normalize(phone: &str) -> Result<String, Error> {
    let digits = phone.trim().trim_start_matches('+');
    let valid = (7..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0');
    if valid {
        Ok(digits.to_owned())
    } else {
        Err(Error::InvalidContact(format!(
            "{phone:?} is not a phone number"
        )))
    }
}

/// The contact on WhatsApp for `phone`, or why there is none.
pub(crate) fn on_whatsapp(shared: &Shared, phone: &str) -> Result<Arc<FakeUser>, Error> {
    let number = normalize(phone)?;
    shared.world.contact(&number).ok_or_else(|| {
        Error::InvalidContact(format!("{number} is not on WhatsApp (add it as a contact)"))
    })
}

/// Registers `phone` as on WhatsApp (idempotent) and returns its handle.
pub(crate) fn add(shared: &Shared, phone: &str) -> Result<Contact, Error> {
    let number = normalize(phone)?;
    if number == shared.phone.number {
        return Err(Error::InvalidContact(format!(
            "{number} is the shop's own account"
        )));
    }
    if let Some(existing) = shared.world.contact(&number) {
        return Ok(existing.handle());
    }
    let lid = loop {
        // 15 digits starting with 2, so it never collides with the account's default LID.
        let candidate = format!("2{:014}", rand::random::<u64>() % 100_000_000_000_000);
        let taken = shared.world.state().lids.contains_key(&candidate);
        if !taken && candidate != shared.phone.lid {
            break candidate;
        }
    };
    let user = Arc::new(FakeUser::new(&number, &lid)?);
    let mut state = shared.world.state();
    // Another caller may have added the same number meanwhile; the first one wins.
    let user = state.contacts.entry(number.clone()).or_insert(user).clone();
    state.lids.insert(user.lid.clone(), number);
    Ok(user.handle())
}

impl FakeNetwork {
    /// Puts `phone` on WhatsApp: a fake user with its own identity key, a signed prekey and
    /// one-time prekeys, and one device (0). Numbers never added are not on WhatsApp.
    /// Adding the same number again returns the same contact.
    pub fn add_contact(&self, phone: &str) -> Result<Contact, Error> {
        add(self.shared(), phone)
    }

    /// The contact registered for `phone`, if any.
    pub fn contact(&self, phone: &str) -> Option<Contact> {
        self.shared()
            .world
            .contact(phone.trim_start_matches('+'))
            .map(|u| u.handle())
    }

    /// Every contact on the network, by phone number.
    pub fn contacts(&self) -> Vec<Contact> {
        let state = self.shared().world.state();
        state.contacts.values().map(|u| u.handle()).collect()
    }
}
