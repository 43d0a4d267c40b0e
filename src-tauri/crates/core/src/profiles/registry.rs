//! The registry: every profile's row and running lane, found by id or by name.

use std::sync::{Arc, RwLock};

use mostrador_store::ProfileRow;
use mostrador_types::DEFAULT_PROFILE;

use super::Lane;

/// A profile as the registry holds it.
#[derive(Clone)]
pub(crate) struct Entry {
    pub row: ProfileRow,
    pub lane: Arc<Lane>,
}

/// Few entries (a shop links a handful of numbers): a list read far more than written.
pub(crate) struct Registry {
    entries: RwLock<Vec<Entry>>,
}

impl Registry {
    pub fn new(entries: Vec<Entry>) -> Self {
        Registry {
            entries: RwLock::new(entries),
        }
    }

    /// The profile `wanted` names — its id, else its name (letter case and surrounding
    /// spaces aside) — or the default one when nothing is named.
    pub fn find(&self, wanted: Option<&str>) -> Option<Entry> {
        let wanted = wanted.map(str::trim).filter(|w| !w.is_empty());
        let entries = self.entries.read().ok()?;
        let id = wanted.unwrap_or(DEFAULT_PROFILE);
        if let Some(e) = entries.iter().find(|e| e.row.id == id) {
            return Some(e.clone());
        }
        let name = wanted?.to_lowercase();
        entries
            .iter()
            .find(|e| e.row.name.trim().to_lowercase() == name)
            .cloned()
    }

    /// Every profile, in the order they were added (the default first).
    pub fn all(&self) -> Vec<Entry> {
        self.entries.read().map(|e| e.clone()).unwrap_or_default()
    }

    pub fn add(&self, entry: Entry) {
        if let Ok(mut entries) = self.entries.write() {
            entries.push(entry);
        }
    }

    /// A profile was renamed or recoloured.
    pub fn update(&self, row: ProfileRow) {
        if let Ok(mut entries) = self.entries.write()
            && let Some(e) = entries.iter_mut().find(|e| e.row.id == row.id)
        {
            e.row = row;
        }
    }

    /// Takes a profile out: nothing finds it from now on.
    pub fn remove(&self, id: &str) -> Option<Entry> {
        let mut entries = self.entries.write().ok()?;
        let at = entries.iter().position(|e| e.row.id == id)?;
        Some(entries.remove(at))
    }

    /// Takes every profile out, for shutdown.
    pub fn drain(&self) -> Vec<Entry> {
        self.entries
            .write()
            .map(|mut e| e.drain(..).collect())
            .unwrap_or_default()
    }
}
