//! Standard Webhooks signatures: a secret `whsec_<base64 key>`, and for each attempt
//! `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ring::hmac;

use crate::clock::Random;

const PREFIX: &str = "whsec_";
/// 24 random bytes: the length the specification's own tools make.
const KEY_BYTES: usize = 24;

/// A new secret, as it is shown once and kept in the secret store.
pub fn new_secret(random: &dyn Random) -> String {
    let mut key = [0u8; KEY_BYTES];
    random.fill(&mut key);
    format!("{PREFIX}{}", STANDARD.encode(key))
}

/// The HMAC key of a stored secret; `None` if it is not one of ours.
pub fn key(secret: &str) -> Option<hmac::Key> {
    let bytes = STANDARD.decode(secret.strip_prefix(PREFIX)?).ok()?;
    (!bytes.is_empty()).then(|| hmac::Key::new(hmac::HMAC_SHA256, &bytes))
}

/// The `webhook-signature` header's value for one attempt.
pub fn sign(key: &hmac::Key, id: &str, timestamp: i64, body: &[u8]) -> String {
    let mut ctx = hmac::Context::with_key(key);
    ctx.update(id.as_bytes());
    ctx.update(b".");
    ctx.update(timestamp.to_string().as_bytes());
    ctx.update(b".");
    ctx.update(body);
    format!("v1,{}", STANDARD.encode(ctx.sign().as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_specifications_published_example() {
        // The example in the Standard Webhooks specification (and its libraries' tests).
        let key = key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let body = br#"{"test": 2432232314}"#;
        assert_eq!(
            sign(&key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn only_our_secrets_are_keys() {
        assert!(key("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").is_none());
        assert!(key("whsec_").is_none());
        assert!(key("whsec_!!").is_none());
    }
}
