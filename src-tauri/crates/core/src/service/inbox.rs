//! The service's side of what customers write: read, fetch an attachment when someone opens
//! it, mark seen. Each surface's route or command is a line over these.

use mostrador_store::ReceivedQuery;
use mostrador_types::{Page, Received};

use super::Service;
use crate::{Code, Error, Result};

/// A received attachment's bytes and how to serve them.
#[derive(Debug, Clone)]
pub struct ReceivedMedia {
    pub bytes: Vec<u8>,
    pub mime_type: String,
    pub file_name: Option<String>,
}

impl Service {
    /// What customers wrote; `query.profile` may name a profile by id or name.
    pub async fn received_list(&self, mut query: ReceivedQuery) -> Result<Page<Received>> {
        query.profile = query
            .profile
            .map(|p| self.profile_id(Some(&p)))
            .transpose()?;
        Ok(self.store.received_list(query).await?)
    }

    pub async fn received(&self, id: &str) -> Result<Received> {
        self.store
            .received(id)
            .await?
            .ok_or_else(|| Error::new(Code::NotFound, format!("no received message {id:?}")))
    }

    /// Fetches the attachment from WhatsApp now (it stays there until someone opens it),
    /// refusing more than what the shop may send of its kind.
    pub async fn received_media(&self, id: &str) -> Result<ReceivedMedia> {
        let r = self.received(id).await?;
        let Some((handle, _)) = self.store.received_media(id).await? else {
            return Err(Error::new(
                Code::NotFound,
                format!("the received message {id:?} has no attachment"),
            ));
        };
        let max = crate::inbox::max_bytes(&r.kind, &self.config.limits);
        // Fetched by the number it was written to: only that account can decrypt it.
        let lane = self.lane(Some(&r.profile))?;
        let bytes = lane.messenger.download(&handle, max).await?;
        Ok(ReceivedMedia {
            bytes,
            mime_type: r
                .mime_type
                .unwrap_or_else(|| "application/octet-stream".into()),
            file_name: r.file_name,
        })
    }

    /// Marks this message and the sender's earlier ones as seen; answers it as it is now.
    pub async fn mark_received_read(&self, id: &str) -> Result<Received> {
        if self
            .store
            .mark_received_read(id, self.clock.now_ms())
            .await?
            .is_none()
        {
            return Err(Error::new(
                Code::NotFound,
                format!("no received message {id:?}"),
            ));
        }
        let r = self.received(id).await?;
        self.announcer
            .emit(mostrador_types::Event::Received(r.clone()));
        Ok(r)
    }

    /// How many received messages nobody at the shop has seen yet.
    pub async fn unread_count(&self) -> Result<u64> {
        Ok(self.store.unread_count().await?)
    }
}
