//! The API key the POS sends: created on first use, kept in the secret store, rotatable.

use mostrador_api::KeyStore;
use mostrador_secrets::Secrets;

use crate::Error;
use crate::instance::InstanceLock;
use crate::paths::DataDir;

/// The key's name in the secret store.
pub const SECRET_NAME: &str = "api-key";
/// 256 random bits: far past guessing, and short enough to paste into a POS config.
const KEY_BYTES: usize = 32;
/// Anything shorter was not made by us (a hand-edited secrets file) and is too weak.
const MIN_LEN: usize = 32;

/// The stored key, or a new one stored now.
pub fn load_or_create(secrets: &Secrets) -> Result<String, Error> {
    // Made up front because the store's callback can't fail.
    let candidate = generate()?;
    let key = secrets.get_or_create(SECRET_NAME, || candidate)?;
    if key.trim().len() < MIN_LEN {
        return Err(Error::WeakApiKey);
    }
    Ok(key)
}

/// The key for `mostrador api-key`, which may run beside a running instance: an existing
/// key is read as is; a missing one is made only under the data dir's lock, as a first
/// start makes it, so the two can never store different keys.
pub fn load_or_create_beside(dir: &DataDir, secrets: &Secrets) -> Result<String, Error> {
    let _lock = match secrets.get(SECRET_NAME)? {
        Some(_) => None,
        None => Some(InstanceLock::acquire(dir)?),
    };
    load_or_create(secrets)
}

/// Another random secret of the same strength, by name (e.g. the engine's secret).
pub fn load_or_create_named(secrets: &Secrets, name: &str) -> Result<String, Error> {
    let candidate = generate()?;
    Ok(secrets.get_or_create(name, || candidate)?)
}

/// Replaces the key with a new one and returns it.
pub fn rotate(secrets: &Secrets) -> Result<String, Error> {
    let key = generate()?;
    secrets.set(SECRET_NAME, &key)?;
    Ok(key)
}

/// Rotation through the running API (`POST /api/v1/api-key/rotate`): the new key goes to
/// the same secret store the CLI uses, so it outlives a restart.
pub struct SecretsKeyStore(pub Secrets);

impl KeyStore for SecretsKeyStore {
    fn replace(&self) -> Result<String, String> {
        rotate(&self.0).map_err(|e| e.to_string())
    }
}

/// Removes the key (the next start makes a new one); for uninstalling and tests.
pub fn forget(secrets: &Secrets) -> Result<(), Error> {
    Ok(secrets.delete(SECRET_NAME)?)
}

/// 64 lowercase hex characters from the OS random source.
pub fn generate() -> Result<String, Error> {
    let mut bytes = [0u8; KEY_BYTES];
    getrandom::fill(&mut bytes).map_err(|e| Error::Random(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use mostrador_secrets::Mode;

    use super::*;

    #[test]
    fn keys_are_64_hex_chars_and_differ() {
        let a = generate().unwrap();
        let b = generate().unwrap();
        assert_eq!(a.len(), 64);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_ne!(a, b);
    }

    #[test]
    fn created_once_then_kept_until_rotated() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = Secrets::open(Mode::File, dir.path()).unwrap();
        let first = load_or_create(&secrets).unwrap();
        assert_eq!(load_or_create(&secrets).unwrap(), first);
        let rotated = rotate(&secrets).unwrap();
        assert_ne!(rotated, first);
        assert_eq!(load_or_create(&secrets).unwrap(), rotated);
        forget(&secrets).unwrap();
        assert_ne!(load_or_create(&secrets).unwrap(), rotated);
    }

    #[test]
    fn the_api_rotates_into_the_same_store() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = Secrets::open(Mode::File, dir.path()).unwrap();
        let first = load_or_create(&secrets).unwrap();
        let new = SecretsKeyStore(secrets.clone()).replace().unwrap();
        assert_ne!(new, first);
        assert_eq!(new.len(), 64);
        assert_eq!(load_or_create(&secrets).unwrap(), new);
    }

    #[test]
    fn a_weak_stored_key_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = Secrets::open(Mode::File, dir.path()).unwrap();
        secrets.set(SECRET_NAME, "1234").unwrap();
        assert!(matches!(load_or_create(&secrets), Err(Error::WeakApiKey)));
    }
}
