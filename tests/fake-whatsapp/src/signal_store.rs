//! In-memory Signal stores for the fake phone and fake contacts: identity, sessions, the private
//! halves of published prekeys, and group sender keys. wacore ships the protocol but no
//! in-memory stores.

use std::collections::HashMap;

use whatsapp_rust::async_trait;
use whatsapp_rust::wacore::libsignal::protocol::{
    Direction, GenericSignedPreKey as _, IdentityChange, IdentityKey, IdentityKeyPair,
    IdentityKeyStore, KeyPair, PreKeyId, PreKeyRecord, PreKeyStore, ProtocolAddress, SenderKeyName,
    SenderKeyRecord, SenderKeyStore, SessionRecord, SessionStore, SignalProtocolError,
    SignedPreKeyId, SignedPreKeyRecord, SignedPreKeyStore, Timestamp, error::Result,
};

use crate::prekeys::{DeviceKeys, SignedPreKey};

/// One device's Signal state: who it is, whom it has sessions with, the private halves of the
/// prekeys it published, and the group sender keys it received. Separate stores because
/// libsignal borrows several of them mutably at the same time.
pub(crate) struct SignalState {
    pub(crate) identities: Identities,
    pub(crate) sessions: Sessions,
    pub(crate) pre_keys: PreKeys,
    pub(crate) signed_pre_keys: SignedPreKeys,
    pub(crate) sender_keys: SenderKeys,
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
            pre_keys: PreKeys::default(),
            signed_pre_keys: SignedPreKeys::default(),
            sender_keys: SenderKeys::default(),
        }
    }

    /// Generates a signed prekey and `one_time` one-time prekeys, keeps their private halves and
    /// returns what the device publishes, so others can open sessions with it.
    pub(crate) fn publish(&mut self, one_time: u32) -> Result<DeviceKeys> {
        let mut rng = rand::rng();
        let identity = &self.identities.identity;
        let signed = KeyPair::generate(&mut rng);
        // XEdDSA over the 33-byte serialized key (type byte included), as the client verifies.
        let signature = identity
            .private_key()
            .calculate_signature(&signed.public_key.serialize(), &mut rng)?;
        let signed_id = 1u32;
        self.signed_pre_keys.0.insert(
            signed_id,
            SignedPreKeyRecord::new(
                SignedPreKeyId::from(signed_id),
                Timestamp::from_epoch_millis(whatsapp_rust::wacore::time::now_secs_u64() * 1000),
                &signed,
                &signature,
            ),
        );
        let mut published = DeviceKeys {
            registration_id: self.identities.registration_id,
            identity: public32(identity.public_key().public_key_bytes())?,
            signed_prekey: SignedPreKey {
                id: signed_id,
                public: public32(signed.public_key.public_key_bytes())?,
                signature: signature.to_vec(),
            },
            one_time: Default::default(),
        };
        for id in 1..=one_time {
            let pair = KeyPair::generate(&mut rng);
            published
                .one_time
                .insert(id, public32(pair.public_key.public_key_bytes())?);
            self.pre_keys
                .0
                .insert(id, PreKeyRecord::new(PreKeyId::from(id), &pair));
        }
        Ok(published)
    }
}

fn public32(bytes: &[u8]) -> Result<[u8; 32]> {
    <[u8; 32]>::try_from(bytes)
        .map_err(|_| SignalProtocolError::InvalidArgument("public key is not 32 bytes".into()))
}

/// Private halves of the one-time prekeys a device published, by id.
#[derive(Default)]
pub(crate) struct PreKeys(HashMap<u32, PreKeyRecord>);

/// Private halves of the device's signed prekeys, by id.
#[derive(Default)]
pub(crate) struct SignedPreKeys(HashMap<u32, SignedPreKeyRecord>);

/// Group sender keys by (group, sender device).
#[derive(Default)]
pub(crate) struct SenderKeys(HashMap<(String, String), SenderKeyRecord>);

#[async_trait]
impl PreKeyStore for PreKeys {
    async fn get_pre_key(&self, prekey_id: PreKeyId) -> Result<PreKeyRecord> {
        self.0
            .get(&u32::from(prekey_id))
            .cloned()
            .ok_or(SignalProtocolError::InvalidPreKeyId)
    }

    async fn save_pre_key(&mut self, prekey_id: PreKeyId, record: &PreKeyRecord) -> Result<()> {
        self.0.insert(u32::from(prekey_id), record.clone());
        Ok(())
    }

    async fn remove_pre_key(&mut self, prekey_id: PreKeyId) -> Result<()> {
        self.0.remove(&u32::from(prekey_id));
        Ok(())
    }
}

#[async_trait]
impl SignedPreKeyStore for SignedPreKeys {
    async fn get_signed_pre_key(&self, id: SignedPreKeyId) -> Result<SignedPreKeyRecord> {
        self.0
            .get(&u32::from(id))
            .cloned()
            .ok_or(SignalProtocolError::InvalidSignedPreKeyId)
    }

    async fn save_signed_pre_key(
        &mut self,
        id: SignedPreKeyId,
        record: &SignedPreKeyRecord,
    ) -> Result<()> {
        self.0.insert(u32::from(id), record.clone());
        Ok(())
    }
}

#[async_trait]
impl SenderKeyStore for SenderKeys {
    async fn store_sender_key(
        &mut self,
        name: &SenderKeyName,
        record: SenderKeyRecord,
    ) -> Result<()> {
        let key = (name.group_id().to_owned(), name.sender_id().to_owned());
        self.0.insert(key, record);
        Ok(())
    }

    async fn load_sender_key(&self, name: &SenderKeyName) -> Result<Option<SenderKeyRecord>> {
        let key = (name.group_id().to_owned(), name.sender_id().to_owned());
        Ok(self.0.get(&key).cloned())
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
