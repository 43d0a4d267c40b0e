//! The desktop app's own settings (notifications, updates, start at login), kept as
//! `desktop.json` in the data directory. The service's settings stay with its flags.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

const FILE: &str = "desktop.json";

/// Each notification can be switched off on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Notices {
    /// The phone linked this app.
    pub linked: bool,
    /// The connection was lost for more than 30 s, and when it is back.
    pub connection: bool,
    /// A message failed (recipient and reason).
    pub failed: bool,
    /// The phone unlinked this app.
    pub logged_out: bool,
    /// A customer wrote to the shop's number.
    pub replies: bool,
}

impl Default for Notices {
    fn default() -> Self {
        Notices {
            linked: true,
            connection: true,
            failed: true,
            logged_out: true,
            replies: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub notices: Notices,
    /// Look for a new version when the app starts (it is only offered, never installed).
    pub check_updates_at_start: bool,
    pub start_at_login: bool,
    /// The UI's language, which notifications follow; `None` until the UI says (then the
    /// OS locale decides).
    pub language: Option<Language>,
}

/// The languages the app speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Es,
    En,
}

impl Language {
    /// The Spanish or the English of a piece of text, whichever this language is.
    pub fn say<'a>(self, es: &'a str, en: &'a str) -> &'a str {
        match self {
            Language::Es => es,
            Language::En => en,
        }
    }

    /// The OS locale's (`LANG`/`LC_ALL` on Linux): Spanish for `es*`, else English.
    pub fn of_os() -> Language {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
            .unwrap_or_default();
        if locale.to_ascii_lowercase().starts_with("es") {
            Language::Es
        } else {
            Language::En
        }
    }
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            notices: Notices::default(),
            check_updates_at_start: true,
            start_at_login: false,
            language: None,
        }
    }
}

pub fn path(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE)
}

impl Prefs {
    /// The saved settings; defaults when there are none, or when the file is unreadable
    /// (a broken settings file must not keep the shop from sending).
    pub fn load(path: &Path) -> Prefs {
        match fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                tracing::warn!(path = %path.display(), error = %e, "unreadable desktop settings; using the defaults");
                Prefs::default()
            }),
            Err(_) => Prefs::default(),
        }
    }

    /// Atomically (temp file + rename), so a crash leaves the old file or the new one.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let tmp = path.with_extension("json.tmp");
        let mut f = fs::File::create(&tmp)?;
        f.write_all(&serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_settings_come_back_and_missing_or_broken_files_give_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let file = path(dir.path());
        assert_eq!(Prefs::load(&file), Prefs::default());
        let mut prefs = Prefs::default();
        prefs.notices.failed = false;
        prefs.start_at_login = true;
        prefs.save(&file).unwrap();
        assert_eq!(Prefs::load(&file), prefs);
        fs::write(&file, b"{not json").unwrap();
        assert_eq!(Prefs::load(&file), Prefs::default());
        // Settings added in a later version take their defaults.
        fs::write(&file, br#"{"notices":{"failed":false}}"#).unwrap();
        let partial = Prefs::load(&file);
        assert!(!partial.notices.failed && partial.notices.linked);
        assert!(partial.check_updates_at_start);
    }
}
