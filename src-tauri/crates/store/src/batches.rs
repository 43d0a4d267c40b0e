//! Batches (broadcasts): the batch row and all its items stored in one commit, read back
//! with their counts, and the user's pause, resume and cancel.
//!
//! A batch's items are ordinary messages (`messages.batch_id` = the batch's row number) with
//! ordinary outbox rows (`outbox.batch` the same), so sending, retries, receipts and the
//! log treat them like any other; only the dispatcher's choice of what goes next differs
//! (see `outbox.rs`).

use std::collections::BTreeMap;

use mostrador_types::{Batch, BatchStatus, Content, ErrorInfo, Page, Status};
use rusqlite::{Connection, OptionalExtension, params};

use crate::messages::{Idempotency, NewMessage, insert_row};
use crate::{Result, Store, StoreError};

/// The table, and the columns that tie messages and outbox rows to it.
pub const MIGRATION: &str = r#"
    CREATE TABLE batches (
        seq          INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        name         TEXT NOT NULL,
        profile      TEXT NOT NULL DEFAULT '',
        template     TEXT NOT NULL,
        status       TEXT NOT NULL,
        total        INTEGER NOT NULL,
        pacing_ms    INTEGER,
        jitter_ms    INTEGER,
        send_at      INTEGER,
        idem_key     TEXT,
        idem_hash    TEXT,
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL,
        started_at   INTEGER,
        finished_at  INTEGER
    );
    CREATE UNIQUE INDEX batches_idem ON batches(idem_key) WHERE idem_key IS NOT NULL;
    -- batches.seq; no REFERENCES clause, so a later migration may drop the column.
    ALTER TABLE messages ADD COLUMN batch_id INTEGER;
    CREATE INDEX messages_batch ON messages(batch_id, status) WHERE batch_id IS NOT NULL;
    ALTER TABLE outbox ADD COLUMN batch INTEGER;
    -- Single messages go first: the dispatcher walks these in order without passing over a
    -- broadcast's thousands of rows, and each batch's own rows by this index.
    CREATE INDEX outbox_singles ON outbox(seq) WHERE batch IS NULL;
    CREATE INDEX outbox_batch ON outbox(batch, seq) WHERE batch IS NOT NULL;
"#;

/// A validated batch to store: its row and every item.
#[derive(Debug, Clone)]
pub struct NewBatch {
    pub id: String,
    pub name: String,
    pub profile: String,
    pub template: Content,
    pub pacing_ms: Option<u64>,
    pub jitter_ms: Option<u64>,
    /// No item before this time (ms); each item carries it too.
    pub send_at: Option<i64>,
    pub idempotency: Option<Idempotency>,
    pub now: i64,
    /// The items, each an ordinary message (their own idempotency is ignored).
    pub items: Vec<NewMessage>,
    /// Why an item to a contact who wants no broadcasts is `skipped`, in the same commit.
    pub opted_out: ErrorInfo,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BatchInserted {
    New(Batch),
    /// The key was seen with the same request: the original, nothing new stored.
    Existing(Batch),
    /// The key was seen with a different request: the original, nothing stored.
    Conflict(Batch),
}

/// What a pause, resume or cancel did.
#[derive(Debug, Clone, PartialEq)]
pub enum BatchChange {
    Changed(Batch),
    /// The batch's status does not allow it: the batch as it is.
    NotAllowed(Batch),
    NotFound,
}

impl Store {
    /// The batch row and all its items, outbox rows and search entries, in one commit.
    pub async fn insert_batch(&self, new: NewBatch) -> Result<BatchInserted> {
        self.write(move |conn| insert_batch(conn, &new)).await
    }

    pub async fn batch(&self, id: &str) -> Result<Option<Batch>> {
        let id = id.to_owned();
        self.read(move |conn| match seq_of(conn, &id)? {
            Some(seq) => load(conn, seq).map(Some),
            None => Ok(None),
        })
        .await
    }

    /// Newest first; `cursor` is a `next_cursor` from a previous page.
    pub async fn batches(&self, cursor: Option<i64>, limit: u32) -> Result<Page<Batch>> {
        self.read(move |conn| {
            let seqs: Vec<i64> = conn
                .prepare_cached(
                    "SELECT seq FROM batches WHERE seq < ?1 ORDER BY seq DESC LIMIT ?2",
                )?
                .query_map(params![cursor.unwrap_or(i64::MAX), limit + 1], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let more = seqs.len() > limit as usize;
            let seqs = &seqs[..seqs.len().min(limit as usize)];
            let items = seqs
                .iter()
                .map(|&seq| load(conn, seq))
                .collect::<Result<Vec<_>>>()?;
            let next_cursor = more.then(|| seqs.last().map(|s| s.to_string())).flatten();
            Ok(Page { items, next_cursor })
        })
        .await
    }

    /// Moves the batch to `to` if its status allows it (`BatchStatus::can_become`). A cancel
    /// also cancels every item still waiting in the outbox, in the same commit, so nothing
    /// more of it is sent — the one being handed over right now, if any, finishes.
    pub async fn change_batch(&self, id: &str, to: BatchStatus, now: i64) -> Result<BatchChange> {
        let id = id.to_owned();
        self.write(move |conn| {
            let Some(seq) = seq_of(conn, &id)? else {
                return Ok(BatchChange::NotFound);
            };
            let current = load(conn, seq)?;
            if !current.status.can_become(to) {
                return Ok(BatchChange::NotAllowed(current));
            }
            if to == BatchStatus::Cancelled {
                conn.prepare_cached(
                    "UPDATE messages SET revision = revision + 1, status = 'cancelled',
                         cancelled_at = ?2, updated_at = ?2
                     WHERE seq IN (SELECT seq FROM outbox WHERE batch = ?1 AND in_flight = 0)
                       AND status IN ('queued', 'scheduled')",
                )?
                .execute(params![seq, now])?;
                conn.prepare_cached(
                    "DELETE FROM outbox WHERE batch = ?1 AND in_flight = 0
                       AND seq IN (SELECT seq FROM messages WHERE batch_id = ?1 AND status = 'cancelled')",
                )?
                .execute([seq])?;
            }
            let finished = (to == BatchStatus::Cancelled).then_some(now);
            conn.prepare_cached(
                "UPDATE batches SET status = ?2, updated_at = ?3, finished_at = coalesce(finished_at, ?4)
                 WHERE seq = ?1",
            )?
            .execute(params![seq, to.as_str(), now, finished])?;
            Ok(BatchChange::Changed(load(conn, seq)?))
        })
        .await
    }

    /// After one of the batch's items was handed over or failed: a running batch with
    /// nothing left in the outbox is `done`. Returns the batch as it is now.
    pub async fn settle_batch(&self, seq: i64, now: i64) -> Result<Batch> {
        self.write(move |conn| {
            settle(conn, seq, now)?;
            load(conn, seq)
        })
        .await
    }
}

pub(crate) fn settle(conn: &Connection, batch: i64, now: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE batches SET status = 'done', finished_at = ?2, updated_at = ?2
         WHERE seq = ?1 AND status = 'running'
           AND NOT EXISTS (SELECT 1 FROM outbox WHERE batch = ?1)",
    )?
    .execute(params![batch, now])?;
    Ok(())
}

/// A message left the outbox without being sent (cancelled or expired on its own): its
/// batch, if any, may have nothing left to send.
pub(crate) fn settle_for_message(conn: &Connection, message: i64, now: i64) -> Result<()> {
    let batch: Option<i64> = conn
        .prepare_cached("SELECT batch_id FROM messages WHERE seq = ?1")?
        .query_row([message], |r| r.get(0))?;
    match batch {
        Some(b) => settle(conn, b, now),
        None => Ok(()),
    }
}

fn seq_of(conn: &Connection, id: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT seq FROM batches WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

fn insert_batch(conn: &Connection, new: &NewBatch) -> Result<BatchInserted> {
    if let Some(idem) = &new.idempotency {
        let seen: Option<(i64, Option<String>, i64)> = conn
            .prepare_cached("SELECT seq, idem_hash, created_at FROM batches WHERE idem_key = ?1")?
            .query_row([&idem.key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        if let Some((seq, hash, created_at)) = seen {
            if created_at >= idem.not_before {
                let original = load(conn, seq)?;
                return Ok(if hash.as_deref() == Some(&idem.fingerprint) {
                    BatchInserted::Existing(original)
                } else {
                    BatchInserted::Conflict(original)
                });
            }
            conn.prepare_cached(
                "UPDATE batches SET idem_key = NULL, idem_hash = NULL WHERE seq = ?1",
            )?
            .execute([seq])?;
        }
    }
    let template = serde_json::to_string(&new.template)
        .map_err(|e| StoreError::Corrupt(format!("cannot encode the template: {e}")))?;
    let (idem_key, idem_hash) = match &new.idempotency {
        Some(i) => (Some(&i.key), Some(&i.fingerprint)),
        None => (None, None),
    };
    conn.prepare_cached(
        "INSERT INTO batches (id, name, profile, template, status, total, pacing_ms, jitter_ms,
             send_at, idem_key, idem_hash, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'running', ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
    )?
    .execute(params![
        new.id,
        new.name,
        new.profile,
        template,
        new.items.len() as i64,
        new.pacing_ms.map(|v| v as i64),
        new.jitter_ms.map(|v| v as i64),
        new.send_at,
        idem_key,
        idem_hash,
        new.now
    ])?;
    let seq = conn.last_insert_rowid();
    // Items for later carry their `send_at` and wait as `scheduled`, like any message.
    for item in &new.items {
        insert_row(conn, item, Some(seq))?;
    }
    skip_opted_out(conn, seq, &new.opted_out, new.now)?;
    Ok(BatchInserted::New(load(conn, seq)?))
}

/// The batch's items to contacts who want no broadcasts leave the outbox as `skipped`.
fn skip_opted_out(conn: &Connection, batch: i64, why: &ErrorInfo, now: i64) -> Result<()> {
    let skipped = conn
        .prepare_cached(
            "UPDATE messages SET revision = revision + 1, status = 'skipped', skipped_at = ?2,
                 updated_at = ?2, error_code = ?3, error_message = ?4
             WHERE batch_id = ?1 AND status IN ('queued', 'scheduled')
               AND recipient IN (SELECT phone FROM contacts WHERE opted_out = 1)",
        )?
        .execute(params![batch, now, why.code, why.message])?;
    if skipped > 0 {
        conn.prepare_cached(
            "DELETE FROM outbox WHERE batch = ?1 AND seq IN
                 (SELECT seq FROM messages WHERE batch_id = ?1 AND status = 'skipped')",
        )?
        .execute([batch])?;
        settle(conn, batch, now)?;
    }
    Ok(())
}

/// One batch with its counts per status.
pub(crate) fn load(conn: &Connection, seq: i64) -> Result<Batch> {
    let mut counts = BTreeMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT status, count(*) FROM messages WHERE batch_id = ?1 GROUP BY status",
    )?;
    for row in stmt.query_map([seq], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))? {
        let (status, n) = row?;
        let status = Status::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("status {status:?}")))?;
        counts.insert(status, n);
    }
    let waiting: u32 = conn
        .prepare_cached("SELECT count(*) FROM outbox WHERE batch = ?1")?
        .query_row([seq], |r| r.get(0))?;
    let batch = conn
        .prepare_cached(
            "SELECT id, name, profile, status, template, total, pacing_ms, jitter_ms, send_at,
                 idem_key, created_at, started_at, finished_at
             FROM batches WHERE seq = ?1",
        )?
        .query_row([seq], |r| {
            Ok((
                (
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ),
                (
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, u32>(5)?,
                ),
                (
                    r.get::<_, Option<i64>>(6)?,
                    r.get::<_, Option<i64>>(7)?,
                    r.get::<_, Option<i64>>(8)?,
                ),
                (r.get::<_, Option<String>>(9)?, r.get::<_, i64>(10)?),
                (r.get::<_, Option<i64>>(11)?, r.get::<_, Option<i64>>(12)?),
            ))
        })?;
    let (
        (id, name, profile),
        (status, template, total),
        (pacing, jitter, send_at),
        (key, created_at),
        (started_at, finished_at),
    ) = batch;
    let status = BatchStatus::parse(&status)
        .ok_or_else(|| StoreError::Corrupt(format!("batch status {status:?}")))?;
    let template = serde_json::from_str(&template)
        .map_err(|e| StoreError::Corrupt(format!("template of batch {id}: {e}")))?;
    Ok(Batch {
        id,
        name,
        profile,
        status,
        template,
        total,
        counts,
        finished: total.saturating_sub(waiting),
        pacing_ms: pacing.and_then(|v| u64::try_from(v).ok()),
        jitter_ms: jitter.and_then(|v| u64::try_from(v).ok()),
        send_at,
        idempotency_key: key,
        created_at,
        started_at,
        finished_at,
        estimated_ms_left: None,
    })
}
