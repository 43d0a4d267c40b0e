//! The service's settings: what it was started with, and the settings a manager changes
//! while it runs (country, pacing, retry limit) — checked, saved, applied at once.

use mostrador_types::{Event, Settings, SettingsPatch};

use super::Service;
use crate::live_settings;
use crate::{Config, Result};

impl Service {
    /// What the service was started with. The country, pacing and retry limit in effect
    /// may differ: see `settings`.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The settings in effect now, and which of them were fixed at startup.
    pub fn settings(&self) -> Settings {
        self.live.borrow().settings.clone()
    }

    /// The country in effect for numbers written without a country code.
    pub fn country(&self) -> phonenumber::country::Id {
        self.live.borrow().country
    }

    /// Checks and applies a change of settings, saves it (it outlives a restart) and returns
    /// the settings in effect. It applies at once: new numbers use the new country, and the
    /// dispatcher the new pace (also the gap it is waiting out) and retry limit.
    pub async fn update_settings(&self, patch: SettingsPatch) -> Result<Settings> {
        let _one_at_a_time = self.settings_change.lock().await;
        let current = self.live.borrow().clone();
        let (next, save) = live_settings::apply(&current, &patch)?;
        if !save.is_empty() {
            self.store
                .save_settings(save.clone(), self.clock.now_ms())
                .await?;
            tracing::info!(changed = ?save, "settings changed");
            self.live.send_replace(next);
            self.announcer.emit(Event::Settings(self.settings()));
        }
        Ok(self.settings())
    }
}
