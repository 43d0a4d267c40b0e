//! The message log as the surfaces see it: one message, a page of them, waiting for the
//! server to have one, and the user's retry and cancel.

use std::time::Duration;

use mostrador_store::CancelOutcome;
use mostrador_types::{Event, Message, MessageQuery, Page, Status};
use tokio::sync::broadcast;

use super::Service;
use crate::{Code, Error, Result};

impl Service {
    pub async fn message(&self, id: &str) -> Result<Message> {
        self.store
            .get(id)
            .await?
            .ok_or_else(|| Error::not_found("message"))
    }

    /// The log; `query.profile` may name a profile by id or name.
    pub async fn messages(&self, mut query: MessageQuery) -> Result<Page<Message>> {
        query.profile = query
            .profile
            .map(|p| self.profile_id(Some(&p)))
            .transpose()?;
        Ok(self.store.list(query).await?)
    }

    /// Waits (at most `timeout`, capped by the config) until the server has the message or it
    /// failed, and returns it as it is then.
    pub async fn wait_for_server(&self, id: &str, timeout: Duration) -> Result<Message> {
        let mut rx = self.subscribe();
        let settled =
            |s: Status| s.reached_server() || matches!(s, Status::Failed | Status::Cancelled);
        let current = self.message(id).await?;
        if settled(current.status) {
            return Ok(current);
        }
        let deadline = self.clock.sleep(timeout.min(self.config.max_wait));
        tokio::pin!(deadline);
        loop {
            tokio::select! {
                ev = rx.recv() => match ev {
                    Ok(Event::Message(u)) if u.id == id && settled(u.status) => break,
                    Ok(_) => {}
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        if settled(self.message(id).await?.status) { break; }
                    }
                    Err(broadcast::error::RecvError::Closed) => break,
                },
                () = &mut deadline => break,
            }
        }
        self.message(id).await
    }

    /// A user's retry of a failed message: queued again with the same WhatsApp id.
    pub async fn retry(&self, id: &str) -> Result<Message> {
        match self.store.requeue_failed(id, self.clock.now_ms()).await? {
            None => Err(Error::not_found("message")),
            Some((false, m)) => Err(Error::new(
                Code::InvalidState,
                format!(
                    "only a failed message can be retried; this one is {}",
                    m.status
                ),
            )),
            Some((true, m)) => {
                self.wake(&m.profile);
                self.announcer.message(&m);
                Ok(m)
            }
        }
    }

    pub async fn cancel(&self, id: &str) -> Result<Message> {
        match self.store.cancel(id, self.clock.now_ms()).await? {
            CancelOutcome::NotFound => Err(Error::not_found("message")),
            CancelOutcome::NotCancellable(m) => Err(Error::new(
                Code::InvalidState,
                format!(
                    "the message can no longer be cancelled: it is {}{}",
                    m.status,
                    if m.status == Status::Sending {
                        " (already handed to WhatsApp)"
                    } else {
                        ""
                    }
                ),
            )),
            CancelOutcome::Cancelled(m) => {
                self.announcer.message(&m);
                Ok(m)
            }
        }
    }
}
