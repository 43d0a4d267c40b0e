//! Announces what happens (message updates, session changes, QR codes) to every surface that
//! listens: the REST API's event stream, the desktop window and its notifications.

use mostrador_types::{Batch, BatchUpdate, Event, Message, MessageUpdate};
use tokio::sync::broadcast;

/// A cheap handle to the one event channel; each part that announces holds a clone.
#[derive(Clone)]
pub(crate) struct Announcer(broadcast::Sender<Event>);

impl Announcer {
    /// Room for this many events per listener before a slow one lags (and re-reads).
    const BACKLOG: usize = 1024;

    pub fn new() -> Self {
        Announcer(broadcast::channel(Self::BACKLOG).0)
    }

    pub fn emit(&self, event: Event) {
        // No subscribers is fine: nobody is watching right now.
        let _ = self.0.send(event);
    }

    /// A message's status, attempts or error changed.
    pub fn message(&self, m: &Message) {
        self.emit(Event::Message(MessageUpdate {
            id: m.id.clone(),
            whatsapp_id: m.whatsapp_id.clone(),
            status: m.status,
            error: m.error.clone(),
            attempts: m.attempts,
            at: m.updated_at,
            revision: m.revision,
            profile: m.profile.clone(),
        }));
    }

    /// A batch's status or progress changed.
    pub fn batch(&self, b: &Batch, at: i64) {
        self.emit(Event::Batch(BatchUpdate {
            id: b.id.clone(),
            status: b.status,
            total: b.total,
            finished: b.finished,
            at,
        }));
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.0.subscribe()
    }
}
