//! Adding messages to the log (with idempotency) and reading them back.

use mostrador_types::{Content, Message, MessageQuery, Page, Recipient};
use rusqlite::{Connection, OptionalExtension, params};

use crate::row::{self, COLUMNS};
use crate::{Result, Store, StoreError};

/// A validated message to queue. Ids are chosen by the caller (the core), so a resend after
/// a crash reuses the same WhatsApp id.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub id: String,
    pub whatsapp_id: String,
    pub to: Recipient,
    pub content: Content,
    /// Extra words to index besides the content's own (e.g. the number's local form).
    pub search_extra: String,
    pub idempotency: Option<Idempotency>,
    /// When to send it (ms), for a message sent later: it waits as `scheduled` till then.
    pub send_at: Option<i64>,
    /// The profile (linked number) that sends it.
    pub profile: String,
    pub now: i64,
}

/// An `Idempotency-Key` and a fingerprint of the request it came with.
#[derive(Debug, Clone)]
pub struct Idempotency {
    pub key: String,
    pub fingerprint: String,
    /// A key used before this time (ms) is forgotten and may be used again.
    pub not_before: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inserted {
    /// Queued now.
    New(Message),
    /// The key was seen with the same request: the original, nothing new queued.
    Existing(Message),
    /// The key was seen with a different request: the original, nothing queued.
    Conflict(Message),
}

impl Store {
    /// Commits the message and its outbox entry (due now) in one transaction.
    pub async fn insert(&self, new: NewMessage) -> Result<Inserted> {
        self.write(move |conn| insert(conn, &new)).await
    }

    pub async fn get(&self, id: &str) -> Result<Option<Message>> {
        let id = id.to_owned();
        self.read(move |conn| get_where(conn, "m.id = ?1", &id))
            .await
    }

    /// Newest first; `next_cursor` is set when another page may follow.
    pub async fn list(&self, query: MessageQuery) -> Result<Page<Message>> {
        self.read(move |conn| crate::log_query::list(conn, &query))
            .await
    }
}

fn get_where(conn: &Connection, cond: &str, arg: &str) -> Result<Option<Message>> {
    let sql = format!("SELECT {COLUMNS} FROM messages m WHERE {cond}");
    let found = conn
        .prepare_cached(&sql)?
        .query_row([arg], row::from_row)
        .optional()?;
    found.transpose().map(|s| s.map(|s| s.message))
}

fn insert(conn: &Connection, new: &NewMessage) -> Result<Inserted> {
    if let Some(idem) = &new.idempotency {
        let seen: Option<(i64, Option<String>, i64)> = conn
            .prepare_cached("SELECT seq, idem_hash, created_at FROM messages WHERE idem_key = ?1")?
            .query_row([&idem.key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        if let Some((seq, hash, created_at)) = seen {
            if created_at >= idem.not_before {
                let original = row::load(conn, seq)?.message;
                return Ok(if hash.as_deref() == Some(&idem.fingerprint) {
                    Inserted::Existing(original)
                } else {
                    Inserted::Conflict(original)
                });
            }
            conn.prepare_cached(
                "UPDATE messages SET idem_key = NULL, idem_hash = NULL WHERE seq = ?1",
            )?
            .execute([seq])?;
        }
    }
    let seq = insert_row(conn, new, None)?;
    Ok(Inserted::New(row::load(conn, seq)?.message))
}

/// The message row, its outbox entry (due now, or at its `send_at`) and its search entry; a
/// batch's items carry the batch's row number. Returns the message's row number.
pub(crate) fn insert_row(conn: &Connection, new: &NewMessage, batch: Option<i64>) -> Result<i64> {
    let content = serde_json::to_string(&new.content)
        .map_err(|e| StoreError::Corrupt(format!("cannot encode content: {e}")))?;
    let (idem_key, idem_hash) = match &new.idempotency {
        Some(i) => (Some(&i.key), Some(&i.fingerprint)),
        None => (None, None),
    };
    // A message for later waits in the outbox like any other, due at its time.
    let later = new.send_at.filter(|&t| t > new.now);
    let (status, queued_at, scheduled_at) = match later {
        Some(_) => ("scheduled", None, Some(new.now)),
        None => ("queued", Some(new.now), None),
    };
    conn.prepare_cached(
        "INSERT INTO messages (id, wa_id, recipient, kind, content, status, idem_key, idem_hash,
             created_at, updated_at, queued_at, scheduled_at, send_at, batch_id, profile)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        new.id,
        new.whatsapp_id,
        new.to.to_string(),
        new.content.kind().as_str(),
        content,
        status,
        idem_key,
        idem_hash,
        new.now,
        queued_at,
        scheduled_at,
        later,
        batch,
        new.profile
    ])?;
    let seq = conn.last_insert_rowid();
    conn.prepare_cached(
        "INSERT INTO outbox (seq, due_at, batch, profile) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![seq, later.unwrap_or(new.now), batch, new.profile])?;
    let body = row::search_body(&new.content, &new.to, &new.search_extra);
    conn.prepare_cached("INSERT INTO messages_fts (rowid, body) VALUES (?1, ?2)")?
        .execute(params![seq, body])?;
    Ok(seq)
}
