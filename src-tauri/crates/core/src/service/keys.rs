//! Named API keys: made (the secret into the secret store, its hash into the database),
//! listed, revoked; who a presented key is; and what a caller may do — a key limited to one
//! number uses that number, and only it.

use mostrador_store::KeyRow;
use mostrador_types::{NamedKey, NamedKeyCreated, NewNamedKey};

use super::Service;
use crate::keys::{self, Caller};
use crate::{Code, Error, Result};

impl Service {
    pub fn named_keys(&self) -> Vec<NamedKey> {
        self.named
            .read()
            .map(|k| k.iter().map(|r| r.key.clone()).collect())
            .unwrap_or_default()
    }

    /// Makes a key; its secret is in the answer this once.
    pub async fn create_named_key(&self, new: NewNamedKey) -> Result<NamedKeyCreated> {
        let name = crate::profiles::rules::name(&new.name)
            .map_err(|_| Error::invalid("a key's name: 1 to 40 characters, on one line"))?;
        let profile = new
            .profile
            .as_deref()
            .filter(|p| !p.trim().is_empty())
            .map(|p| self.profile_id(Some(p)))
            .transpose()?;
        let secret = keys::new_secret(&*self.random);
        let key = NamedKey {
            id: keys::new_id(&*self.random),
            name,
            profile,
            created_at: self.clock.now_ms(),
        };
        let (vault, entry, value) = (
            self.vault.clone(),
            keys::vault_name(&key.id),
            secret.clone(),
        );
        tokio::task::spawn_blocking(move || vault.set(&entry, &value))
            .await
            .map_err(|e| Error::new(Code::Internal, format!("secret store task failed: {e}")))?
            .map_err(|e| {
                tracing::error!(error = %e, "cannot keep a new API key in the secret store");
                Error::new(
                    Code::Internal,
                    "the secret store refused the new key; see the app log",
                )
            })?;
        let row = KeyRow {
            key: key.clone(),
            hash: keys::hash(&secret),
        };
        self.store.add_named_key(row.clone()).await?;
        if let Ok(mut named) = self.named.write() {
            named.push(row);
        }
        tracing::info!(id = %key.id, profile = ?key.profile, "an API key was made");
        Ok(NamedKeyCreated { key, secret })
    }

    /// The key stops working at once; its secret leaves the secret store.
    pub async fn revoke_named_key(&self, id: &str) -> Result<()> {
        if !self.store.remove_named_key(id).await? {
            return Err(Error::new(Code::NotFound, format!("no API key {id:?}")));
        }
        if let Ok(mut named) = self.named.write() {
            named.retain(|r| r.key.id != id);
        }
        let (vault, entry) = (self.vault.clone(), keys::vault_name(id));
        let dropped = tokio::task::spawn_blocking(move || vault.delete(&entry)).await;
        if !matches!(dropped, Ok(Ok(()))) {
            tracing::warn!(%id, "a revoked key's secret could not be removed from the secret store");
        }
        tracing::info!(%id, "an API key was revoked");
        Ok(())
    }

    /// The named key `presented` is, if it is one.
    pub fn named_caller(&self, presented: &str) -> Option<Caller> {
        let hash = keys::hash(presented);
        let named = self.named.read().ok()?;
        let row = named.iter().find(|r| r.hash == hash)?;
        Some(Caller::Named {
            id: row.key.id.clone(),
            profile: row.key.profile.clone(),
        })
    }

    /// The profile a request of `caller` that names `wanted` (or none) is about: a key
    /// limited to one number gets that number when it names none, and `FORBIDDEN` when it
    /// names another.
    pub fn profile_for(&self, caller: &Caller, wanted: Option<&str>) -> Result<Option<String>> {
        let Some(own) = caller.profile() else {
            return Ok(wanted.map(str::to_owned));
        };
        let Some(wanted) = wanted else {
            return Ok(Some(own.to_owned()));
        };
        if self.profile_id(Some(wanted))? == own {
            return Ok(Some(own.to_owned()));
        }
        let name = self.profile(Some(own)).map(|p| p.name).unwrap_or_default();
        Err(Error::new(
            Code::Forbidden,
            format!("this API key may only use the number \"{name}\""),
        ))
    }

    /// Only the main key manages Mostrador (numbers, keys, settings, webhooks).
    pub fn may_manage(&self, caller: &Caller) -> Result<()> {
        match caller {
            Caller::Main => Ok(()),
            Caller::Named { .. } => Err(Error::new(
                Code::Forbidden,
                "this API key may send and read, not change how Mostrador is set up; use the main key",
            )),
        }
    }
}
