//! Mostrador's SQLite store: the durable outbox, the message log (with full-text search),
//! the saved settings, and the plumbing that lets many requests share one durable commit.

mod api_keys;
mod batch_check;
mod batches;
mod claims;
mod contacts;
mod db;
mod error;
mod hook_events;
mod log_query;
mod messages;
mod outbox;
mod profiles;
mod received;
mod row;
mod saved_settings;
mod schedule;
mod schema;
mod search;
mod waiting;
mod webhooks;

pub use api_keys::KeyRow;
pub use batch_check::BatchToCheck;
pub use batches::{BatchChange, BatchInserted, NewBatch};
pub use claims::{CodeTaken, StoredClaim};
pub use contacts::{ContactQuery, ContactRow, Saved, merged, row_of};
pub use db::Store;
pub use error::StoreError;
pub use hook_events::{HookEvent, HookSubject};
pub use messages::{Idempotency, Inserted, NewMessage};
pub use outbox::{BatchPace, CancelOutcome, Claimed};
pub use profiles::{ProfileRow, ProfileSaved};
pub use received::{NewReceived, ReceivedQuery};
pub use schedule::{Rescheduled, ScheduleChange};
pub use webhooks::{HookProgress, StoredWebhook, WebhookChange};

pub type Result<T> = std::result::Result<T, StoreError>;
