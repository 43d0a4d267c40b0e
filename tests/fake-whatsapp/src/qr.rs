//! Reads the pairing QR a companion shows: `ref,noise_pub,identity_pub,adv_secret[,platform]`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::Error;

/// Phones also accept the code behind this deep-link prefix.
const DEEP_LINK_PREFIX: &str = "https://wa.me/settings/linked_devices#";

/// What the phone learns by scanning a companion's QR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScannedQr {
    /// The ref the server issued to the companion's connection; routes the scan back to it.
    pub(crate) pairing_ref: String,
    pub(crate) noise_public: [u8; 32],
    pub(crate) identity_public: [u8; 32],
    /// Shared secret that keys the HMAC over the signed device identity.
    pub(crate) adv_secret: [u8; 32],
}

pub(crate) fn parse(code: &str) -> Result<ScannedQr, Error> {
    let body = code.strip_prefix(DEEP_LINK_PREFIX).unwrap_or(code).trim();
    let fields: Vec<&str> = body.split(',').collect();
    let [pairing_ref, noise, identity, adv, ..] = fields.as_slice() else {
        return Err(Error::InvalidQr(format!(
            "expected at least 4 comma-separated fields, got {}",
            fields.len()
        )));
    };
    if pairing_ref.is_empty() {
        return Err(Error::InvalidQr("empty ref".into()));
    }
    Ok(ScannedQr {
        pairing_ref: (*pairing_ref).to_owned(),
        noise_public: key32(noise, "noise key")?,
        identity_public: key32(identity, "identity key")?,
        adv_secret: key32(adv, "adv secret")?,
    })
}

fn key32(b64: &str, what: &str) -> Result<[u8; 32], Error> {
    let bytes = STANDARD
        .decode(b64)
        .map_err(|e| Error::InvalidQr(format!("{what}: {e}")))?;
    <[u8; 32]>::try_from(bytes.as_slice())
        .map_err(|_| Error::InvalidQr(format!("{what} is {} bytes, not 32", bytes.len())))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn parses_the_five_field_form_and_the_deep_link() {
        let k = STANDARD.encode([7u8; 32]);
        let code = format!("2@abc,{k},{k},{k},1");
        let scanned = parse(&code).unwrap();
        assert_eq!(scanned.pairing_ref, "2@abc");
        assert_eq!(scanned.adv_secret, [7u8; 32]);
        assert_eq!(
            parse(&format!("{DEEP_LINK_PREFIX}{code}")).unwrap(),
            scanned
        );
    }

    #[test]
    fn rejects_short_codes_and_bad_keys() {
        assert!(matches!(parse("a,b"), Err(Error::InvalidQr(_))));
        let k = STANDARD.encode([7u8; 31]);
        assert!(matches!(
            parse(&format!("r,{k},{k},{k}")),
            Err(Error::InvalidQr(_))
        ));
    }
}
