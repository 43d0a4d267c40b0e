//! Reading a `messages` row into a `Message`.

use mostrador_types::{ErrorInfo, Message, Recipient, Status, StatusTimes};
use rusqlite::Row;

use crate::{Result, StoreError};

/// The columns `from_row` expects, in order; every query that returns messages selects these.
pub const COLUMNS: &str = "m.seq, m.id, m.wa_id, m.recipient, m.content, m.status, m.attempts, \
    m.error_code, m.error_message, m.idem_key, m.created_at, m.updated_at, m.queued_at, \
    m.sending_at, m.sent_at, m.delivered_at, m.read_at, m.played_at, m.failed_at, m.cancelled_at, \
    m.revision, m.send_at, m.scheduled_at, m.expired_at, m.skipped_at, m.waiting_at, \
    (SELECT c.name FROM contacts c WHERE c.phone = m.recipient AND c.name != ''), m.profile";

/// A message and its position in the log (the cursor for paging).
pub struct Stored {
    pub seq: i64,
    pub message: Message,
}

pub fn from_row(row: &Row<'_>) -> rusqlite::Result<Result<Stored>> {
    let recipient: String = row.get(3)?;
    let content: String = row.get(4)?;
    let status: String = row.get(5)?;
    let error_code: Option<String> = row.get(7)?;
    let error_message: Option<String> = row.get(8)?;
    let times = StatusTimes {
        scheduled: row.get(22)?,
        queued: row.get(12)?,
        sending: row.get(13)?,
        sent: row.get(14)?,
        delivered: row.get(15)?,
        read: row.get(16)?,
        played: row.get(17)?,
        failed: row.get(18)?,
        cancelled: row.get(19)?,
        expired: row.get(23)?,
        skipped: row.get(24)?,
        waiting: row.get(25)?,
    };
    let send_at: Option<i64> = row.get(21)?;
    let contact_name: Option<String> = row.get(26)?;
    let profile: String = row.get(27)?;
    let seq: i64 = row.get(0)?;
    let revision: u32 = row.get(20)?;
    let (id, whatsapp_id, attempts, idempotency_key, created_at, updated_at) = (
        row.get(1)?,
        row.get(2)?,
        row.get(6)?,
        row.get(9)?,
        row.get(10)?,
        row.get(11)?,
    );
    Ok((|| {
        let to = Recipient::from_canonical(&recipient)
            .ok_or_else(|| StoreError::Corrupt(format!("recipient {recipient:?}")))?;
        let content = serde_json::from_str(&content)
            .map_err(|e| StoreError::Corrupt(format!("content of message {seq}: {e}")))?;
        let status = Status::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("status {status:?}")))?;
        let error = error_code.map(|code| ErrorInfo {
            code,
            message: error_message.unwrap_or_default(),
        });
        Ok(Stored {
            seq,
            message: Message {
                id,
                whatsapp_id,
                to,
                content,
                status,
                error,
                attempts,
                idempotency_key,
                created_at,
                updated_at,
                send_at,
                revision,
                status_times: times,
                contact_name,
                profile,
            },
        })
    })())
}

/// The column that records when `status` was reached.
pub fn time_column(status: Status) -> &'static str {
    match status {
        Status::Scheduled => "scheduled_at",
        Status::Queued => "queued_at",
        Status::Sending => "sending_at",
        Status::Sent => "sent_at",
        Status::Delivered => "delivered_at",
        Status::Read => "read_at",
        Status::Played => "played_at",
        Status::Failed => "failed_at",
        Status::Cancelled => "cancelled_at",
        Status::Expired => "expired_at",
        Status::Skipped => "skipped_at",
        Status::Waiting => "waiting_at",
    }
}

/// One message by its app id, with its row number.
pub fn find(conn: &rusqlite::Connection, id: &str) -> Result<Option<Stored>> {
    use rusqlite::OptionalExtension;
    let sql = format!("SELECT {COLUMNS} FROM messages m WHERE m.id = ?1");
    conn.prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?
        .transpose()
}

/// The words a message is found by: its content's, its number, and the extra forms of it
/// (the local number).
pub fn search_body(content: &mostrador_types::Content, to: &Recipient, extra: &str) -> String {
    format!("{} {} {}", content.searchable_text(), to, extra)
}

/// Loads one message by its row number.
pub fn load(conn: &rusqlite::Connection, seq: i64) -> Result<Stored> {
    let sql = format!("SELECT {COLUMNS} FROM messages m WHERE m.seq = ?1");
    conn.prepare_cached(&sql)?.query_row([seq], from_row)?
}
