//! In-memory Signal stores for the fake phone (and, later, fake contacts): its identity and the
//! sessions it holds with other devices. wacore ships the protocol but no in-memory stores.

use std::collections::HashMap;

use whatsapp_rust::async_trait;
use whatsapp_rust::wacore::libsignal::protocol::{
    Direction, IdentityChange, IdentityKey, IdentityKeyPair, IdentityKeyStore, ProtocolAddress,
    SessionRecord, SessionStore, error::Result,
};

/// One device's Signal state: who it is and whom it has sessions with. Two stores because
/// libsignal borrows them mutably at the same time.
pub(crate) struct SignalState {
    pub(crate) identities: Identities,
    pub(crate) sessions: Sessions,
}

/// The device's own identity plus the identities it has seen.
pub(crate) struct Identities {
    identity: IdentityKeyPair,
    registration_id: u32,
    known: HashMap<String, IdentityKey>,
}

/// Double-ratchet sessions by remote address.
#[derive(Default)]
pub(crate) struct Sessions(HashMap<String, SessionRecord>);

impl SignalState {
    pub(crate) fn new(identity: IdentityKeyPair, registration_id: u32) -> Self {
        Self {
            identities: Identities {
                identity,
                registration_id,
                known: HashMap::new(),
            },
            sessions: Sessions::default(),
        }
    }
}

#[async_trait]
impl IdentityKeyStore for Identities {
    async fn get_identity_key_pair(&self) -> Result<IdentityKeyPair> {
        Ok(self.identity.clone())
    }

    async fn get_local_registration_id(&self) -> Result<u32> {
        Ok(self.registration_id)
    }

    async fn save_identity(
        &mut self,
        address: &ProtocolAddress,
        identity: &IdentityKey,
    ) -> Result<IdentityChange> {
        match self.known.insert(address.to_string(), *identity) {
            Some(previous) if previous != *identity => Ok(IdentityChange::ReplacedExisting),
            _ => Ok(IdentityChange::NewOrUnchanged),
        }
    }

    /// Trust on first use, and trust changes too: a re-linked companion gets a new identity,
    /// and the phone always believes the server about its own devices.
    async fn is_trusted_identity(
        &self,
        _address: &ProtocolAddress,
        _identity: &IdentityKey,
        _direction: Direction,
    ) -> Result<bool> {
        Ok(true)
    }

    async fn get_identity(&self, address: &ProtocolAddress) -> Result<Option<IdentityKey>> {
        Ok(self.known.get(&address.to_string()).copied())
    }
}

#[async_trait]
impl SessionStore for Sessions {
    async fn load_session(&self, address: &ProtocolAddress) -> Result<Option<SessionRecord>> {
        Ok(self.0.get(&address.to_string()).cloned())
    }

    async fn has_session(&self, address: &ProtocolAddress) -> Result<bool> {
        Ok(self.0.contains_key(&address.to_string()))
    }

    async fn store_session(
        &mut self,
        address: &ProtocolAddress,
        record: SessionRecord,
    ) -> Result<()> {
        self.0.insert(address.to_string(), record);
        Ok(())
    }
}
