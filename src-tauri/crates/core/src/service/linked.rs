//! The shop's linked numbers (profiles): listed with their sessions, added (each starts its
//! own engine and lane), renamed, taken offline and back, and removed — its queued messages
//! cancelled, its session wiped.

use mostrador_store::ProfileSaved;
use mostrador_types::{
    DEFAULT_PROFILE, Event, NewProfile, Profile, ProfilePatch, ProfileRemoved, ProfilesChanged,
    SessionState,
};

use super::Service;
use crate::profiles::{self, Entry, rules};
use crate::{Code, Error, Result};

impl Service {
    /// Every profile with its session now, the default first.
    pub fn profiles(&self) -> Vec<Profile> {
        self.profiles.all().iter().map(to_profile).collect()
    }

    /// The profile `wanted` names (id or name; none: the default one).
    pub fn profile(&self, wanted: Option<&str>) -> Result<Profile> {
        Ok(to_profile(&self.profile_entry(wanted)?))
    }

    /// The id of the profile `wanted` names: what a send, a query or a claim stores.
    pub fn profile_id(&self, wanted: Option<&str>) -> Result<String> {
        Ok(self.profile_entry(wanted)?.row.id)
    }

    /// Adds a number to link: its engine starts at once and offers QR codes.
    pub async fn add_profile(&self, new: NewProfile) -> Result<Profile> {
        let name = rules::name(&new.name)?;
        let color = rules::color(new.color.as_deref().unwrap_or_default())?;
        let _one = self.profile_change.lock().await;
        let row = match (self.store)
            .add_profile(name, color, self.clock.now_ms())
            .await?
        {
            ProfileSaved::Saved(row) => row,
            ProfileSaved::NameTaken => return Err(name_taken()),
            ProfileSaved::NotFound => return Err(Error::not_found("profile")),
        };
        let lane = profiles::open_lane(&self.lane_parts, self.engines.as_ref(), &row.id).await;
        let entry = Entry { row, lane };
        self.profiles.add(entry.clone());
        tracing::info!(profile = %entry.row.id, "a WhatsApp number was added");
        self.announce(&entry.row.id);
        Ok(to_profile(&entry))
    }

    pub async fn change_profile(&self, wanted: &str, patch: ProfilePatch) -> Result<Profile> {
        let name = patch.name.as_deref().map(rules::name).transpose()?;
        let color = patch.color.as_deref().map(rules::color).transpose()?;
        let _one = self.profile_change.lock().await;
        let id = self.profile_id(Some(wanted))?;
        let row = match self.store.change_profile(id, name, color).await? {
            ProfileSaved::Saved(row) => row,
            ProfileSaved::NameTaken => return Err(name_taken()),
            ProfileSaved::NotFound => return Err(Error::not_found("profile")),
        };
        self.profiles.update(row.clone());
        self.announce(&row.id);
        self.profile(Some(&row.id))
    }

    /// Removes a number: its lane stops, what it still had to send is cancelled (and
    /// announced), WhatsApp is told to unlink it when it can be, and its session is wiped.
    /// The default number cannot be removed (unlink it instead).
    pub async fn remove_profile(&self, wanted: &str) -> Result<ProfileRemoved> {
        let _one = self.profile_change.lock().await;
        let entry = self.profile_entry(Some(wanted))?;
        if entry.row.id == DEFAULT_PROFILE {
            return Err(Error::new(
                Code::InvalidState,
                "the main number cannot be removed; unlink it to link another phone",
            ));
        }
        let Some(entry) = self.profiles.remove(&entry.row.id) else {
            return Err(Error::not_found("profile"));
        };
        let id = entry.row.id.clone();
        if entry.lane.link.borrow().connected()
            && let Err(e) = entry.lane.messenger.logout().await
        {
            tracing::warn!(profile = %id, error = %e, "cannot unlink a removed number");
        }
        entry.lane.stop().await;
        let cancelled = (self.store)
            .remove_profile(id.clone(), self.clock.now_ms())
            .await?
            .unwrap_or_default();
        for m in &cancelled {
            self.announcer.message(m);
        }
        if let Some(engines) = &self.engines
            && let Err(e) = engines.wipe(&id).await
        {
            tracing::error!(profile = %id, error = %e, "cannot wipe a removed number's session");
        }
        tracing::info!(profile = %id, cancelled = cancelled.len(), "a WhatsApp number was removed");
        self.announce(&id);
        Ok(ProfileRemoved {
            id,
            cancelled: cancelled.len() as u64,
        })
    }

    /// Takes a number offline, keeping its link; its messages wait.
    pub async fn disconnect(&self, wanted: Option<&str>) -> Result<()> {
        let lane = self.lane(wanted)?;
        Ok(lane.messenger.go_offline().await?)
    }

    /// Brings a number back online after `disconnect`.
    pub async fn connect(&self, wanted: Option<&str>) -> Result<()> {
        let lane = self.lane(wanted)?;
        let state = lane.link.borrow().session.state;
        if state != SessionState::Disconnected {
            return Err(Error::new(
                Code::InvalidState,
                "this number is not offline; there is nothing to connect",
            ));
        }
        Ok(lane.messenger.go_online().await?)
    }

    fn announce(&self, id: &str) {
        self.announcer
            .emit(Event::Profiles(ProfilesChanged { id: id.to_owned() }));
    }
}

fn to_profile(e: &Entry) -> Profile {
    Profile {
        id: e.row.id.clone(),
        name: e.row.name.clone(),
        color: e.row.color.clone(),
        default: e.row.id == DEFAULT_PROFILE,
        created_at: e.row.created_at,
        session: e.lane.link.borrow().session.clone(),
    }
}

fn name_taken() -> Error {
    Error::new(
        Code::InvalidState,
        "another WhatsApp number already has this name",
    )
}
