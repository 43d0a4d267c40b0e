//! Changing a message that still waits for its time: when it goes, and its words.

use mostrador_store::{Rescheduled, ScheduleChange};
use mostrador_types::{Message, Recipient, Status};

use super::Service;
use crate::input::MessageEdit;
use crate::{Code, Error, Result, phone, schedule};

impl Service {
    /// Applies `edit` to a scheduled message. Once it is being sent (or gone) it is refused
    /// with `INVALID_STATE`; cancel works the same way (`cancel`).
    pub async fn reschedule(&self, id: &str, edit: MessageEdit) -> Result<Message> {
        let current = self.message(id).await?;
        let now = self.clock.now_ms();
        let not_waiting = |m: &Message| {
            Error::new(
                Code::InvalidState,
                format!(
                    "only a message waiting for its time can be changed; this one is {}",
                    m.status
                ),
            )
        };
        if current.status != Status::Scheduled {
            return Err(not_waiting(&current));
        }
        // A new time just past means "now": it goes at the next turn.
        let send_at = match edit.send_at()? {
            Some(t) => Some(schedule::send_time(Some(t), now)?.unwrap_or(now)),
            None => None,
        };
        let content = match edit.content(&current.content, &self.config.limits)? {
            Some(content) => Some((content, self.extra_words(&current.to))),
            None => None,
        };
        match self
            .store
            .reschedule(id, ScheduleChange { send_at, content }, now)
            .await?
        {
            Rescheduled::NotFound => Err(Error::not_found("message")),
            Rescheduled::NotScheduled(m) => Err(not_waiting(&m)),
            Rescheduled::Changed(m) => {
                // An earlier time may make it due before what the dispatcher waits for.
                self.wake(&m.profile);
                self.announcer.message(&m);
                Ok(m)
            }
        }
    }

    /// The local form of a number, which the log is also searched by.
    fn extra_words(&self, to: &Recipient) -> String {
        match to {
            Recipient::Phone(digits) => phone::normalise(&format!("+{digits}"), self.country())
                .map(|n| n.national)
                .unwrap_or_default(),
            Recipient::Group(_) => String::new(),
        }
    }
}
