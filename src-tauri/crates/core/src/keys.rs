//! Who is calling: the main key, or a named key (a branch's POS) that may be limited to one
//! linked number — and what each may do. Named keys are random, so a plain SHA-256 is enough
//! to keep only their hash.

use sha2::{Digest, Sha256};

use crate::clock::Random;

/// The caller a surface authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// The main key, or the desktop window: everything.
    Main,
    /// A named key: sends and reads, on its number when it has one; manages nothing.
    Named {
        id: String,
        /// The only profile (id) it may use.
        profile: Option<String>,
    },
}

impl Caller {
    /// The profile this caller is limited to, if any.
    pub fn profile(&self) -> Option<&str> {
        match self {
            Caller::Main => None,
            Caller::Named { profile, .. } => profile.as_deref(),
        }
    }
}

/// A new key's secret: `mk_` and 40 hex digits (160 random bits).
pub fn new_secret(random: &dyn Random) -> String {
    let mut bytes = [0u8; 20];
    random.fill(&mut bytes);
    format!("mk_{}", hex(&bytes))
}

/// A new key's id: `key_` and 8 hex digits.
pub fn new_id(random: &dyn Random) -> String {
    let mut bytes = [0u8; 4];
    random.fill(&mut bytes);
    format!("key_{}", hex(&bytes))
}

/// What is kept of a key: its SHA-256, hex.
pub fn hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// The secret store's entry for key `id`.
pub fn vault_name(id: &str) -> String {
    format!("api-key:{id}")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::SeqRandom;

    #[test]
    fn secrets_are_long_and_only_their_hash_identifies_them() {
        let r = SeqRandom::new(1);
        let (a, b) = (new_secret(&r), new_secret(&r));
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(hash(&a), hash(&a.clone()));
        assert_ne!(hash(&a), hash(&b));
        assert!(!hash(&a).contains(&a[3..]));
        assert_eq!(Caller::Main.profile(), None);
    }
}
