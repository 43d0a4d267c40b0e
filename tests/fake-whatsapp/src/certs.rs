//! The fake server's Noise identity: a static key pair and the certificate chain that vouches for it.
//!
//! The real client checks the chain's structure (intermediate issued by serial 0, leaf issued by the
//! intermediate, leaf key = the server static it just decrypted). The leaf is genuinely signed by our
//! own intermediate key; the intermediate cannot be signed by WhatsApp's root, so clients must be built
//! with whatsapp-rust's `danger-skip-cert-chain-verify` feature to accept it.

use whatsapp_rust::wacore::libsignal::protocol::KeyPair;
use whatsapp_rust::waproto::buffa::{self, Message as _};
use whatsapp_rust::waproto::whatsapp::{self as wa, cert_chain::noise_certificate};

use crate::Error;

/// Serial numbers as WhatsApp uses them: the root is 0, the intermediate names it as issuer.
const ROOT_SERIAL: u32 = 0;
const INTERMEDIATE_SERIAL: u32 = 1;
const LEAF_SERIAL: u32 = 2;

/// How long around "now" the certificates are valid. The client only resumes with Noise IK
/// while `now` lies inside both windows, so the window must cover the whole test run.
const VALID_BEFORE_SECS: u64 = 24 * 3600;
const VALID_AFTER_SECS: u64 = 365 * 24 * 3600;

/// The server's long-lived Noise identity. Stable for the network's lifetime so that clients
/// that cached the chain can reconnect with IK.
pub(crate) struct ServerIdentity {
    pub(crate) static_key: KeyPair,
    pub(crate) cert_chain: Vec<u8>,
}

impl ServerIdentity {
    pub(crate) fn generate(now_secs: u64) -> Result<Self, Error> {
        let mut rng = rand::rng();
        let static_key = KeyPair::generate(&mut rng);
        let root = KeyPair::generate(&mut rng);
        let intermediate = KeyPair::generate(&mut rng);
        let not_before = now_secs.saturating_sub(VALID_BEFORE_SECS);
        let not_after = now_secs.saturating_add(VALID_AFTER_SECS);

        let intermediate_cert = certificate(
            &root,
            noise_certificate::Details {
                serial: Some(INTERMEDIATE_SERIAL),
                issuer_serial: Some(ROOT_SERIAL),
                key: Some(intermediate.public_key.public_key_bytes().to_vec()),
                not_before: Some(not_before),
                not_after: Some(not_after),
            },
        )?;
        let leaf_cert = certificate(
            &intermediate,
            noise_certificate::Details {
                serial: Some(LEAF_SERIAL),
                issuer_serial: Some(INTERMEDIATE_SERIAL),
                key: Some(static_key.public_key.public_key_bytes().to_vec()),
                not_before: Some(not_before),
                not_after: Some(not_after),
            },
        )?;
        let chain = wa::CertChain {
            leaf: buffa::MessageField::some(leaf_cert),
            intermediate: buffa::MessageField::some(intermediate_cert),
        };
        Ok(Self {
            static_key,
            cert_chain: chain.encode_to_vec(),
        })
    }

    pub(crate) fn static_public(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        out.copy_from_slice(self.static_key.public_key.public_key_bytes());
        out
    }
}

fn certificate(
    issuer: &KeyPair,
    details: noise_certificate::Details,
) -> Result<wa::cert_chain::NoiseCertificate, Error> {
    let details = details.encode_to_vec();
    let signature = issuer
        .calculate_signature(&details, &mut rand::rng())
        .map_err(|e| Error::Crypto(e.to_string()))?;
    Ok(wa::cert_chain::NoiseCertificate {
        details: Some(details),
        signature: Some(signature.to_vec()),
    })
}
