//! Which secret store the app uses: the OS keyring (default) or the opt-in file.

use std::fmt;
use std::str::FromStr;

/// Where secrets are kept. Chosen with `--secrets` / `MOSTRADOR_SECRETS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The OS keyring (Keychain, Credential Manager, Secret Service).
    Keyring,
    /// A 0600 JSON file in the data dir, for machines without a keyring.
    File,
}

impl Mode {
    /// The spelling accepted by [`FromStr`], for logs and help text.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Keyring => "keyring",
            Mode::File => "file",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Mode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Case-insensitive because env vars are often typed in capitals.
        let trimmed = s.trim();
        if trimmed.eq_ignore_ascii_case("keyring") {
            Ok(Mode::Keyring)
        } else if trimmed.eq_ignore_ascii_case("file") {
            Ok(Mode::File)
        } else {
            Err(format!(
                "unknown secrets mode {s:?}: use \"keyring\" (the OS keyring, the default) \
                 or \"file\" (a file readable only by this user in the data dir, for \
                 machines without a keyring)"
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_modes_case_insensitively() {
        assert_eq!("keyring".parse::<Mode>(), Ok(Mode::Keyring));
        assert_eq!("KeyRing".parse::<Mode>(), Ok(Mode::Keyring));
        assert_eq!("file".parse::<Mode>(), Ok(Mode::File));
        assert_eq!("FILE".parse::<Mode>(), Ok(Mode::File));
        assert_eq!(" file\n".parse::<Mode>(), Ok(Mode::File));
    }

    #[test]
    fn rejects_unknown_modes_with_the_valid_values() {
        let err = "vault".parse::<Mode>().unwrap_err();
        assert!(err.contains("\"vault\""), "{err}");
        assert!(err.contains("keyring") && err.contains("file"), "{err}");
        assert!("".parse::<Mode>().is_err());
    }

    #[test]
    fn as_str_round_trips() {
        for mode in [Mode::Keyring, Mode::File] {
            assert_eq!(mode.as_str().parse::<Mode>(), Ok(mode));
            assert_eq!(mode.to_string(), mode.as_str());
        }
    }
}
