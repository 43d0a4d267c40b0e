//! Batches (broadcasts): accepting one (every row checked, then the batch and all its items
//! in one durable commit), reading them with their progress, and pause, resume and cancel.

use mostrador_store::{BatchChange, BatchInserted, Idempotency, NewBatch, NewMessage};
use mostrador_types::{Batch, BatchStatus, Message, MessageQuery, Page};
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use super::Service;
use crate::batches::{self, BatchRequest, Checked};
use crate::error::RowError;
use crate::input::FilePart;
use crate::{Code, Error, Result, ids, schedule};

/// The answer to accepting a batch.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BatchAccepted {
    pub batch: Batch,
    /// The rows left out (only with `skip_invalid: true`).
    pub rejected: Vec<RowError>,
    /// False when an idempotent repeat returned the original.
    #[serde(skip)]
    pub created: bool,
}

impl Service {
    /// Checks every row, stores the attachment once, then the batch and all its items in one
    /// commit: after this returns, every item is on disk. Nothing is stored if a check fails.
    pub async fn create_batch(
        &self,
        mut req: BatchRequest,
        file: Option<FilePart>,
        header_key: Option<String>,
    ) -> Result<BatchAccepted> {
        if req.template.profile.is_some() {
            return Err(Error::invalid(
                "give `profile` beside the template, not inside it: a broadcast goes from one number",
            ));
        }
        let profile = self.profile_id(req.profile.as_deref())?;
        if let Some(tag) = req.tag.take() {
            req.recipients = self.tag_recipients(&tag, &req.recipients).await?;
        }
        let (country, limits, blobs) = (self.country(), self.config.limits, self.blobs.clone());
        // Ten thousand numbers to parse, maybe a large attachment: off the async threads.
        let checked = tokio::task::spawn_blocking(move || -> Result<Checked> {
            let mut c = batches::check(req, file, header_key, country, &limits)?;
            if let (Some(attachment), Some(media)) = (c.media.take(), c.template.media()) {
                blobs.store(&media.sha256, attachment)?;
            }
            Ok(c)
        })
        .await
        .map_err(|e| Error::new(Code::Internal, format!("validation task failed: {e}")))??;
        let now = self.clock.now_ms();
        let mut checked = checked;
        checked.send_at = schedule::send_time(checked.send_at, now)?;
        let key = checked.idempotency_key.clone();
        let idempotency = key.clone().map(|key| Idempotency {
            key,
            fingerprint: fingerprint(&checked, &profile),
            not_before: now - self.config.idempotency_window.as_millis() as i64,
        });
        let items = checked
            .items
            .into_iter()
            .map(|item| NewMessage {
                id: ids::message_id(&*self.clock, &*self.random),
                whatsapp_id: ids::whatsapp_id(&*self.random),
                to: item.to.recipient,
                content: item.content,
                search_extra: item.to.national,
                idempotency: None,
                send_at: checked.send_at,
                profile: profile.clone(),
                now,
            })
            .collect();
        let new = NewBatch {
            id: ids::message_id(&*self.clock, &*self.random),
            name: checked.name,
            profile,
            template: checked.template,
            pacing_ms: checked.pacing_ms,
            jitter_ms: checked.jitter_ms,
            send_at: checked.send_at,
            idempotency,
            now,
            items,
            opted_out: crate::contacts::opted_out(),
        };
        match self.store.insert_batch(new).await? {
            BatchInserted::New(batch) => {
                tracing::info!(id = %batch.id, items = batch.total, "batch accepted");
                self.wake(&batch.profile);
                self.announcer.batch(&batch, now);
                Ok(BatchAccepted {
                    batch: self.with_estimate(batch),
                    rejected: checked.rejected,
                    created: true,
                })
            }
            BatchInserted::Existing(batch) => Ok(BatchAccepted {
                batch: self.with_estimate(batch),
                rejected: checked.rejected,
                created: false,
            }),
            BatchInserted::Conflict(original) => Err(Error::new(
                Code::IdempotencyConflict,
                format!(
                    "the idempotency key {:?} was already used for batch {} with a different request",
                    key.unwrap_or_default(),
                    original.id
                ),
            )),
        }
    }

    /// One batch with its counts, progress and estimated time left.
    pub async fn batch(&self, id: &str) -> Result<Batch> {
        let batch = self
            .store
            .batch(id)
            .await?
            .ok_or_else(|| Error::not_found("batch"))?;
        Ok(self.with_estimate(batch))
    }

    /// Batches, newest first.
    pub async fn batches(&self, cursor: Option<String>, limit: Option<u32>) -> Result<Page<Batch>> {
        let cursor = cursor
            .filter(|c| !c.is_empty())
            .map(|c| {
                c.parse::<i64>().map_err(|_| {
                    Error::invalid(format!("cursor {c:?} is not one this API gave out"))
                })
            })
            .transpose()?;
        let limit = limit.unwrap_or(20);
        if !(1..=100).contains(&limit) {
            return Err(Error::invalid("limit must be between 1 and 100"));
        }
        let page = self.store.batches(cursor, limit).await?;
        Ok(Page {
            items: page
                .items
                .into_iter()
                .map(|b| self.with_estimate(b))
                .collect(),
            next_cursor: page.next_cursor,
        })
    }

    /// A batch's items (ordinary messages), newest first, with the log's filters.
    pub async fn batch_items(&self, id: &str, mut query: MessageQuery) -> Result<Page<Message>> {
        self.batch(id).await?;
        query.batch = Some(id.to_owned());
        self.messages(query).await
    }

    /// No more of its items are sent until it is resumed (the one being handed over right
    /// now, if any, finishes). Stored, so it holds across a restart.
    pub async fn pause_batch(&self, id: &str) -> Result<Batch> {
        self.change_batch(id, BatchStatus::Paused).await
    }

    pub async fn resume_batch(&self, id: &str) -> Result<Batch> {
        self.change_batch(id, BatchStatus::Running).await
    }

    /// Its items still waiting become `cancelled`; none of them is sent.
    pub async fn cancel_batch(&self, id: &str) -> Result<Batch> {
        self.change_batch(id, BatchStatus::Cancelled).await
    }

    async fn change_batch(&self, id: &str, to: BatchStatus) -> Result<Batch> {
        let now = self.clock.now_ms();
        match self.store.change_batch(id, to, now).await? {
            BatchChange::Changed(batch) => {
                tracing::info!(id = %batch.id, status = %batch.status, "batch changed");
                self.wake(&batch.profile);
                self.announcer.batch(&batch, now);
                Ok(self.with_estimate(batch))
            }
            BatchChange::NotAllowed(batch) => Err(Error::new(
                Code::InvalidState,
                format!("the batch is {}: it cannot become {to}", batch.status),
            )),
            BatchChange::NotFound => Err(Error::not_found("batch")),
        }
    }

    /// The time left at the pace measured since its first send (before that, the pace set).
    fn with_estimate(&self, mut batch: Batch) -> Batch {
        let left = i64::from(batch.total.saturating_sub(batch.finished));
        if left == 0 || batch.status != BatchStatus::Running {
            return batch;
        }
        let now = self.clock.now_ms();
        let set_pace = batch
            .pacing_ms
            .map(|p| p as i64)
            .unwrap_or_else(|| self.live.borrow().pacing().min_gap.as_millis() as i64);
        let pace = match batch.started_at {
            Some(start) if batch.finished > 0 => (now - start).max(0) / i64::from(batch.finished),
            _ => set_pace,
        };
        let wait = batch.send_at.map_or(0, |t| (t - now).max(0));
        batch.estimated_ms_left = Some(wait + left * pace);
        batch
    }
}

/// The same batch always gives the same fingerprint: its name, template, pace, time and
/// every item as it will be sent.
fn fingerprint(c: &Checked, profile: &str) -> String {
    let mut h = Sha256::new();
    // The main number's as before profiles, so a retried request still matches.
    if profile != mostrador_types::DEFAULT_PROFILE {
        h.update(b"profile\0");
        h.update(profile.as_bytes());
    }
    h.update(c.name.as_bytes());
    h.update([0]);
    h.update(serde_json::to_vec(&c.template).unwrap_or_default());
    h.update(format!("{:?} {:?} {:?}", c.pacing_ms, c.jitter_ms, c.send_at).as_bytes());
    for item in &c.items {
        h.update(item.to.recipient.to_string().as_bytes());
        h.update([0]);
        h.update(serde_json::to_vec(&item.content).unwrap_or_default());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
