//! The shop's account as its primary phone sees it: number, LID, identity key, and the ADV
//! signatures a phone produces when it links a companion device.

use whatsapp_rust::Jid;
use whatsapp_rust::wacore::libsignal::crypto::hmac_sha256;
use whatsapp_rust::wacore::libsignal::protocol::{KeyPair, PublicKey};
use whatsapp_rust::waproto::buffa::Message as _;
use whatsapp_rust::waproto::whatsapp::{self as wa, ADVEncryptionType};

use crate::Error;

/// ADV signature prefixes (account signs a device, device countersigns, account signs its
/// key-index list).
const ACCOUNT_SIGNATURE_PREFIX: [u8; 2] = [6, 0];
const DEVICE_SIGNATURE_PREFIX: [u8; 2] = [6, 1];
const KEY_INDEX_LIST_PREFIX: [u8; 2] = [6, 2];

/// Default phone number of the fake shop account (Bolivian mobile format, like the shop's).
pub const DEFAULT_PHONE_NUMBER: &str = "59170000001";
/// Default LID of the fake shop account.
pub const DEFAULT_LID: &str = "100000000000001";

/// The account that owns the companion devices: device 0 of the phone number.
pub(crate) struct Phone {
    pub(crate) number: String,
    pub(crate) lid: String,
    pub(crate) identity: KeyPair,
    /// ADV account id; ties device identities and key-index lists to this account.
    pub(crate) raw_id: u32,
}

/// What the phone hands the server for `<pair-success>`.
pub(crate) struct DeviceGrant {
    /// `ADVSignedDeviceIdentityHMAC` bytes for the `<device-identity>` child.
    pub(crate) hmac_container: Vec<u8>,
    /// The inner `ADVDeviceIdentity` details, to check the client's countersignature against.
    pub(crate) details: Vec<u8>,
}

impl Phone {
    pub(crate) fn new(number: &str, lid: &str) -> Self {
        Self {
            number: number.to_owned(),
            lid: lid.to_owned(),
            identity: KeyPair::generate(&mut rand::rng()),
            raw_id: rand::random::<u32>() >> 1,
        }
    }

    pub(crate) fn pn_jid(&self) -> Jid {
        Jid::pn(self.number.as_str())
    }

    pub(crate) fn lid_jid(&self) -> Jid {
        Jid::lid(self.lid.as_str())
    }

    pub(crate) fn identity_public(&self) -> &[u8] {
        self.identity.public_key.public_key_bytes()
    }

    /// Signs a companion's identity key the way the phone does after scanning its QR.
    pub(crate) fn grant_device(
        &self,
        companion_identity: &[u8; 32],
        adv_secret: &[u8; 32],
        key_index: u32,
        now_secs: u64,
    ) -> Result<DeviceGrant, Error> {
        let details = wa::ADVDeviceIdentity {
            raw_id: Some(self.raw_id),
            timestamp: Some(now_secs),
            key_index: Some(key_index),
            account_type: Some(ADVEncryptionType::E2EE),
            device_type: Some(ADVEncryptionType::E2EE),
        }
        .encode_to_vec();
        let account_signature =
            self.sign(&[&ACCOUNT_SIGNATURE_PREFIX, &details, companion_identity])?;
        let signed = wa::ADVSignedDeviceIdentity {
            details: Some(details.clone()),
            account_signature_key: Some(self.identity_public().to_vec()),
            account_signature: Some(account_signature.to_vec()),
            device_signature: None,
        }
        .encode_to_vec();
        let hmac = hmac_sha256(adv_secret, &signed);
        let hmac_container = wa::ADVSignedDeviceIdentityHMAC {
            details: Some(signed),
            hmac: Some(hmac.to_vec()),
            account_type: Some(ADVEncryptionType::E2EE),
        }
        .encode_to_vec();
        Ok(DeviceGrant {
            hmac_container,
            details,
        })
    }

    /// Checks the identity a companion returns in `<pair-device-sign>`: same details and account
    /// signature as granted, plus a valid device countersignature by the companion's identity key.
    pub(crate) fn verify_device_sign(
        &self,
        grant: &DeviceGrant,
        companion_identity: &[u8; 32],
        signed_identity: &[u8],
    ) -> Result<(), Error> {
        let bad = |why: &str| Error::InvalidDeviceSign(why.to_owned());
        let signed = wa::ADVSignedDeviceIdentity::decode_from_slice(signed_identity)
            .map_err(|e| bad(&e.to_string()))?;
        if signed.details.as_deref() != Some(grant.details.as_slice()) {
            return Err(bad("details differ from the granted identity"));
        }
        if signed.account_signature_key.as_deref() != Some(self.identity_public()) {
            return Err(bad("account signature key is not this account's"));
        }
        let device_signature = signed
            .device_signature
            .as_deref()
            .ok_or_else(|| bad("no device signature"))?;
        let companion = PublicKey::from_djb_public_key_bytes(companion_identity)
            .map_err(|e| bad(&e.to_string()))?;
        let message = [
            &DEVICE_SIGNATURE_PREFIX[..],
            &grant.details,
            companion_identity,
            self.identity_public(),
        ]
        .concat();
        if !companion.verify_signature(&message, device_signature) {
            return Err(bad("device signature does not verify"));
        }
        Ok(())
    }

    /// The signed list of key indexes the account currently accepts (served in usync device
    /// lists so clients keep the companions whose index is listed).
    pub(crate) fn key_index_list(
        &self,
        current_index: u32,
        valid_indexes: Vec<u32>,
        now_secs: u64,
    ) -> Result<Vec<u8>, Error> {
        let details = wa::ADVKeyIndexList {
            raw_id: Some(self.raw_id),
            timestamp: Some(now_secs),
            current_index: Some(current_index),
            valid_indexes,
            account_type: Some(ADVEncryptionType::E2EE),
        }
        .encode_to_vec();
        let signature = self.sign(&[&KEY_INDEX_LIST_PREFIX, &details])?;
        Ok(wa::ADVSignedKeyIndexList {
            details: Some(details),
            account_signature: Some(signature.to_vec()),
            account_signature_key: Some(self.identity_public().to_vec()),
        }
        .encode_to_vec())
    }

    fn sign(&self, parts: &[&[u8]]) -> Result<[u8; 64], Error> {
        self.identity
            .calculate_signature(&parts.concat(), &mut rand::rng())
            .map_err(|e| Error::Crypto(e.to_string()))
    }
}
