//! Sending: a draft validated, its attachment stored, the message durably queued; the
//! admission of large sends under the in-flight budget, and staging of uploads; reading an
//! attachment back.

use std::path::Path;

use mostrador_store::{Idempotency, Inserted, NewMessage};
use mostrador_types::{MediaRef, Recipient};
use sha2::{Digest, Sha256};

use super::{Sent, Service};
use crate::budget::Admission;
use crate::draft::{self, Draft};
use crate::staging::{self, Attachment, Stager};
use crate::{Code, Error, Result, ids, schedule};

impl Service {
    /// Validates and durably queues a message. Nothing is stored unless every check passes.
    pub async fn send(&self, draft: Draft) -> Result<Sent> {
        let profile = self.profile_id(draft.profile.as_deref())?;
        let (country, limits, blobs) = (self.country(), self.config.limits, self.blobs.clone());
        let asked_at = draft.send_at;
        let send_at = schedule::send_time(asked_at, self.clock.now_ms())?;
        let key = draft.idempotency_key.clone();
        let has_media = draft_has_media(&draft);
        let prepare = move || -> Result<_> {
            let mut v = draft::validate(draft, country, &limits)?;
            if let (Some(attachment), Some(media)) = (v.media.take(), v.content.media()) {
                blobs.store(&media.sha256, attachment)?;
            }
            Ok(v)
        };
        // Hashing and writing a 100 MB attachment must not stall the async threads.
        let v = if has_media {
            tokio::task::spawn_blocking(prepare)
                .await
                .map_err(|e| Error::new(Code::Internal, format!("validation task failed: {e}")))??
        } else {
            prepare()?
        };
        let now = self.clock.now_ms();
        let idempotency = key.clone().map(|key| Idempotency {
            key,
            fingerprint: fingerprint(&v.to.recipient, &v.content, asked_at, &profile),
            not_before: now - self.config.idempotency_window.as_millis() as i64,
        });
        let new = NewMessage {
            id: ids::message_id(&*self.clock, &*self.random),
            whatsapp_id: ids::whatsapp_id(&*self.random),
            to: v.to.recipient,
            content: v.content,
            search_extra: v.to.national,
            idempotency,
            send_at,
            profile,
            now,
        };
        match self.store.insert(new).await? {
            Inserted::New(message) => {
                tracing::info!(id = %message.id, kind = message.content.kind().as_str(), "queued");
                self.wake(&message.profile);
                self.announcer.message(&message);
                Ok(Sent {
                    message,
                    created: true,
                })
            }
            Inserted::Existing(message) => Ok(Sent {
                message,
                created: false,
            }),
            Inserted::Conflict(original) => Err(Error::new(
                Code::IdempotencyConflict,
                format!(
                    "the idempotency key {:?} was already used for message {} with a different request",
                    key.unwrap_or_default(),
                    original.id
                ),
            )),
        }
    }

    /// Admits a send that may hold about `bytes` of attachment in memory (a request body's
    /// length, a picked file's size), or refuses it with `BUSY` when too many large ones are
    /// in progress. Hold the admission until `send` returns.
    pub fn admit(&self, bytes: u64) -> Result<Admission> {
        self.budget.admit(bytes)
    }

    /// A staging file for an upload that arrives in pieces (a multipart `file` part). More
    /// than the largest attachment allowed is refused as it arrives.
    pub async fn stager(&self) -> Result<Stager> {
        Stager::create(self.blobs.staging_dir(), self.config.limits.largest_media()).await
    }

    /// A file on this computer (picked by the user), ready to send: its size is checked from
    /// its metadata before anything is read, the send is admitted under the budget, then the
    /// file is copied into staging as it is hashed — never read whole into memory here.
    pub async fn take_file(&self, path: &Path) -> Result<(Attachment, Admission)> {
        let limit = self.config.limits.largest_media();
        let size = tokio::fs::metadata(path)
            .await
            .map_err(|e| staging::unreadable(path, &e))?
            .len();
        if size > limit {
            return Err(staging::too_large(limit));
        }
        let admission = self.admit(size)?;
        let staged = staging::stage_file(self.blobs.staging_dir(), path.to_owned(), limit).await?;
        Ok((Attachment::Staged(staged), admission))
    }

    /// A media message's attachment, decrypted: what it is, and its bytes.
    pub async fn attachment(&self, id: &str) -> Result<(MediaRef, Vec<u8>)> {
        let message = self.message(id).await?;
        let media = message
            .content
            .media()
            .cloned()
            .ok_or_else(|| Error::new(Code::NotFound, "this message has no attachment"))?;
        let (blobs, sha256) = (self.blobs.clone(), media.sha256.clone());
        let bytes = tokio::task::spawn_blocking(move || blobs.get(&sha256))
            .await
            .map_err(|e| Error::new(Code::Internal, format!("reading task failed: {e}")))?
            .map_err(|e| {
                tracing::error!(error = %e, %id, "cannot read an attachment");
                if e.kind() == std::io::ErrorKind::NotFound {
                    Error::new(Code::NotFound, "the attachment's file is no longer on disk")
                } else {
                    Error::new(Code::Internal, "the attachment's file cannot be read")
                }
            })?;
        Ok((media, bytes))
    }
}

fn draft_has_media(d: &Draft) -> bool {
    use crate::DraftBody::*;
    matches!(
        d.body,
        Image { .. } | Document { .. } | Video { .. } | Audio { .. }
    )
}

/// The same recipient, content and asked time always give the same fingerprint (media by
/// their hash). The time as asked, not as resolved: a retry after it passed is the same request.
fn fingerprint(
    to: &Recipient,
    content: &mostrador_types::Content,
    send_at: Option<i64>,
    profile: &str,
) -> String {
    let mut h = Sha256::new();
    // The main number's as before profiles, so a retried request still matches.
    if profile != mostrador_types::DEFAULT_PROFILE {
        h.update(b"profile\0");
        h.update(profile.as_bytes());
    }
    h.update(to.to_string().as_bytes());
    h.update([0]);
    h.update(serde_json::to_vec(content).unwrap_or_default());
    if let Some(t) = send_at {
        h.update(b"\0send_at");
        h.update(t.to_le_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
