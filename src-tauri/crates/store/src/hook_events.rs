//! The events waiting for webhooks: read in order after a webhook's cursor with what they
//! are about, recorded by code for changes that are not rows (the session), and dropped
//! once every enabled webhook is past them.

use mostrador_types::{Batch, ErrorInfo, Message, Received, Status};
use rusqlite::{Connection, OptionalExtension, params};

use crate::{Result, Store, StoreError};

/// One event, with its subject as it is now and, for a message, the status it announced.
#[derive(Debug, Clone, PartialEq)]
pub struct HookEvent {
    pub seq: i64,
    /// Stable across retries (`webhook-id`).
    pub id: String,
    pub kind: String,
    pub at: i64,
    pub subject: HookSubject,
}

#[derive(Debug, Clone, PartialEq)]
pub enum HookSubject {
    Message {
        message: Box<Message>,
        /// The status and error the event announces (the message may have moved on).
        status: Status,
        error: Option<ErrorInfo>,
        batch_id: Option<String>,
    },
    Batch(Box<Batch>),
    Received(Box<Received>),
    /// Recorded by code with its own data (session changes).
    Data(serde_json::Value),
    /// What it was about is gone from the log.
    Gone,
}

impl Store {
    /// Up to `limit` events after `cursor`, oldest first.
    pub async fn hook_events(&self, cursor: i64, limit: u32) -> Result<Vec<HookEvent>> {
        self.read(move |conn| events_after(conn, cursor, limit))
            .await
    }

    /// The newest event's number (0 when none).
    pub async fn last_hook_event(&self) -> Result<i64> {
        self.read(|conn| {
            Ok(
                conn.query_row("SELECT coalesce(max(seq), 0) FROM hook_events", [], |r| {
                    r.get(0)
                })?,
            )
        })
        .await
    }

    /// Records an event that is not a row's change (e.g. `session.disconnected`), if some
    /// webhook is enabled to hear it. Returns whether it was recorded.
    pub async fn record_hook_event(
        &self,
        kind: String,
        data: serde_json::Value,
        at: i64,
    ) -> Result<bool> {
        self.write(move |conn| {
            let n = conn
                .prepare_cached(
                    "INSERT INTO hook_events (id, type, data, at)
                     SELECT 'evt_' || lower(hex(randomblob(12))), ?1, ?2, ?3
                     WHERE EXISTS (SELECT 1 FROM webhooks WHERE enabled = 1)",
                )?
                .execute(params![kind, data.to_string(), at])?;
            Ok(n > 0)
        })
        .await
    }

    /// Drops the events every enabled webhook is past (all of them when none is enabled).
    pub async fn prune_hook_events(&self) -> Result<usize> {
        self.write(|conn| {
            Ok(conn.execute(
                "DELETE FROM hook_events WHERE seq <= coalesce(
                     (SELECT min(cursor) FROM webhooks WHERE enabled = 1),
                     (SELECT max(seq) FROM hook_events))",
                [],
            )?)
        })
        .await
    }
}

type Row = (
    i64,
    String,
    String,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    Option<i64>,
);

fn events_after(conn: &Connection, cursor: i64, limit: u32) -> Result<Vec<HookEvent>> {
    let rows: Vec<Row> = conn
        .prepare_cached(
            "SELECT seq, id, type, message_seq, batch_seq, status, error_code, error_message,
                    data, at, received_seq
             FROM hook_events WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?
        .query_map(params![cursor, limit], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(
            |(seq, id, kind, message, batch, status, code, text, data, at, received)| {
                let subject = match (received, message, batch, data) {
                    (Some(r), ..) => crate::received::load(conn, r)?
                        .map_or(HookSubject::Gone, |r| HookSubject::Received(Box::new(r))),
                    (None, Some(m), batch, _) => {
                        message_subject(conn, m, batch, status, code, text)?
                    }
                    (None, None, Some(b), _) => batch_subject(conn, b)?,
                    (None, None, None, Some(d)) => HookSubject::Data(
                        serde_json::from_str(&d)
                            .map_err(|e| StoreError::Corrupt(format!("event data: {e}")))?,
                    ),
                    (None, None, None, None) => HookSubject::Gone,
                };
                Ok(HookEvent {
                    seq,
                    id,
                    kind,
                    at,
                    subject,
                })
            },
        )
        .collect()
}

fn message_subject(
    conn: &Connection,
    seq: i64,
    batch: Option<i64>,
    status: Option<String>,
    code: Option<String>,
    text: Option<String>,
) -> Result<HookSubject> {
    let sql = format!(
        "SELECT {} FROM messages m WHERE m.seq = ?1",
        crate::row::COLUMNS
    );
    let found = conn
        .prepare_cached(&sql)?
        .query_row([seq], crate::row::from_row)
        .optional()?
        .transpose()?;
    let Some(stored) = found else {
        return Ok(HookSubject::Gone);
    };
    let status = status
        .as_deref()
        .and_then(Status::parse)
        .unwrap_or(stored.message.status);
    let batch_id = match batch {
        Some(b) => conn
            .prepare_cached("SELECT id FROM batches WHERE seq = ?1")?
            .query_row([b], |r| r.get(0))
            .optional()?,
        None => None,
    };
    Ok(HookSubject::Message {
        message: Box::new(stored.message),
        status,
        error: code.map(|code| ErrorInfo {
            code,
            message: text.unwrap_or_default(),
        }),
        batch_id,
    })
}

fn batch_subject(conn: &Connection, seq: i64) -> Result<HookSubject> {
    let exists: Option<i64> = conn
        .prepare_cached("SELECT seq FROM batches WHERE seq = ?1")?
        .query_row([seq], |r| r.get(0))
        .optional()?;
    Ok(match exists {
        Some(_) => HookSubject::Batch(Box::new(crate::batches::load(conn, seq)?)),
        None => HookSubject::Gone,
    })
}
