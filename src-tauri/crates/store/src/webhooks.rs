//! Webhooks: the endpoints, the events waiting for them and the attempts to reach them.
//!
//! Events are written by triggers in the same transaction as the change that causes them
//! (a message's status, a batch's), so a crash can never keep a change and lose its event,
//! and no write path can forget one. Only while some webhook is enabled: with none, a send
//! pays nothing. Each webhook keeps a cursor (the last event it is done with); events are
//! read in order from there, so a webhook sees its events in the order they happened.

use mostrador_types::{Delivery, DeliveryProblem, Webhook, WebhookHealth};
use rusqlite::{Connection, OptionalExtension, params};

use crate::{Result, Store, StoreError};

pub const MIGRATION: &str = r#"
    CREATE TABLE webhooks (
        seq              INTEGER PRIMARY KEY,
        id               TEXT NOT NULL UNIQUE,
        profile          TEXT NOT NULL DEFAULT '',
        url              TEXT NOT NULL,
        events           TEXT NOT NULL,
        enabled          INTEGER NOT NULL,
        gone             INTEGER NOT NULL DEFAULT 0,
        cursor           INTEGER NOT NULL,
        failing_since    INTEGER,
        last_success_at  INTEGER,
        created_at       INTEGER NOT NULL,
        updated_at       INTEGER NOT NULL
    );
    CREATE TABLE hook_events (
        seq            INTEGER PRIMARY KEY,
        id             TEXT NOT NULL,
        type           TEXT NOT NULL,
        message_seq    INTEGER,
        batch_seq      INTEGER,
        status         TEXT,
        error_code     TEXT,
        error_message  TEXT,
        data           TEXT,
        at             INTEGER NOT NULL
    );
    CREATE TABLE hook_deliveries (
        seq          INTEGER PRIMARY KEY,
        webhook_seq  INTEGER NOT NULL,
        event_id     TEXT NOT NULL,
        event_type   TEXT NOT NULL,
        attempt      INTEGER NOT NULL,
        at           INTEGER NOT NULL,
        http_status  INTEGER,
        latency_ms   INTEGER NOT NULL,
        error        TEXT
    );
    CREATE INDEX hook_deliveries_by_webhook ON hook_deliveries(webhook_seq, seq);

    CREATE TRIGGER hook_message_new AFTER INSERT ON messages
    WHEN EXISTS (SELECT 1 FROM webhooks WHERE enabled = 1)
    BEGIN
        INSERT INTO hook_events (id, type, message_seq, batch_seq, status, at)
        VALUES ('evt_' || lower(hex(randomblob(12))), 'message.' || NEW.status, NEW.seq,
                NEW.batch_id, NEW.status, NEW.updated_at);
    END;
    CREATE TRIGGER hook_message_status AFTER UPDATE OF status ON messages
    WHEN NEW.status <> OLD.status AND EXISTS (SELECT 1 FROM webhooks WHERE enabled = 1)
    BEGIN
        INSERT INTO hook_events (id, type, message_seq, batch_seq, status, error_code,
                                 error_message, at)
        VALUES ('evt_' || lower(hex(randomblob(12))), 'message.' || NEW.status, NEW.seq,
                NEW.batch_id, NEW.status, NEW.error_code, NEW.error_message, NEW.updated_at);
        -- An item of a broadcast is done with: the broadcast moved on.
        INSERT INTO hook_events (id, type, batch_seq, at)
        SELECT 'evt_' || lower(hex(randomblob(12))), 'batch.progress', NEW.batch_id,
               NEW.updated_at
        WHERE NEW.batch_id IS NOT NULL
          AND OLD.status IN ('queued', 'sending', 'scheduled')
          AND NEW.status NOT IN ('queued', 'sending', 'scheduled');
    END;
    CREATE TRIGGER hook_batch_new AFTER INSERT ON batches
    WHEN EXISTS (SELECT 1 FROM webhooks WHERE enabled = 1)
    BEGIN
        INSERT INTO hook_events (id, type, batch_seq, status, at)
        VALUES ('evt_' || lower(hex(randomblob(12))), 'batch.created', NEW.seq, NEW.status,
                NEW.created_at);
    END;
    CREATE TRIGGER hook_batch_status AFTER UPDATE OF status ON batches
    WHEN NEW.status <> OLD.status AND EXISTS (SELECT 1 FROM webhooks WHERE enabled = 1)
    BEGIN
        INSERT INTO hook_events (id, type, batch_seq, status, at)
        VALUES ('evt_' || lower(hex(randomblob(12))),
                'batch.' || CASE NEW.status WHEN 'done' THEN 'completed'
                                            WHEN 'running' THEN 'resumed'
                                            ELSE NEW.status END,
                NEW.seq, NEW.status, NEW.updated_at);
    END;
"#;

/// The attempts kept per webhook (older ones are dropped as new ones come).
const KEPT_DELIVERIES: i64 = 200;

/// A webhook as stored: what the API shows, plus what its worker needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredWebhook {
    pub seq: i64,
    pub webhook: Webhook,
    pub cursor: i64,
}

/// What the user may change.
#[derive(Debug, Clone, Default)]
pub struct WebhookChange {
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    pub enabled: Option<bool>,
}

/// How far a webhook's worker got: the cursor to keep and the attempts to record.
#[derive(Debug, Clone, Default)]
pub struct HookProgress {
    pub cursor: i64,
    pub attempts: Vec<Delivery>,
    /// Set: all attempts failed since then; `None`: the last one succeeded.
    pub failing_since: Option<i64>,
    pub last_success_at: Option<i64>,
    /// The receiver answered 410 Gone: turn the webhook off.
    pub gone: bool,
}

const COLUMNS: &str = "seq, id, url, events, enabled, gone, cursor, failing_since, \
                       last_success_at, created_at, updated_at";

impl Store {
    /// Stores a webhook; it starts with the events after this moment.
    pub async fn insert_webhook(
        &self,
        id: String,
        url: String,
        events: Vec<String>,
        now: i64,
    ) -> Result<StoredWebhook> {
        self.write(move |conn| {
            let events = encode(&events)?;
            conn.prepare_cached(
                "INSERT INTO webhooks (id, url, events, enabled, cursor, created_at, updated_at)
                 VALUES (?1, ?2, ?3, 1, (SELECT coalesce(max(seq), 0) FROM hook_events), ?4, ?4)",
            )?
            .execute(params![id, url, events, now])?;
            find(conn, &id)?.ok_or_else(|| StoreError::Corrupt("webhook vanished".into()))
        })
        .await
    }

    pub async fn webhooks(&self) -> Result<Vec<StoredWebhook>> {
        self.read(|conn| {
            let sql = format!("SELECT {COLUMNS} FROM webhooks ORDER BY seq");
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows = stmt.query_map([], from_row)?;
            rows.map(|r| r?).collect()
        })
        .await
    }

    pub async fn webhook(&self, id: &str) -> Result<Option<StoredWebhook>> {
        let id = id.to_owned();
        self.read(move |conn| find(conn, &id)).await
    }

    /// Applies the change; `None` when there is no such webhook. Turned on again, a webhook
    /// starts from now: what happened while it was off is not sent.
    pub async fn change_webhook(
        &self,
        id: &str,
        change: WebhookChange,
        now: i64,
    ) -> Result<Option<StoredWebhook>> {
        let id = id.to_owned();
        self.write(move |conn| {
            let Some(current) = find(conn, &id)? else {
                return Ok(None);
            };
            let url = change.url.unwrap_or(current.webhook.url);
            let events = encode(&change.events.unwrap_or(current.webhook.events))?;
            let enabled = change.enabled.unwrap_or(current.webhook.enabled);
            let restart = enabled && !current.webhook.enabled;
            conn.prepare_cached(
                "UPDATE webhooks SET url = ?2, events = ?3, enabled = ?4, updated_at = ?5,
                     gone = CASE WHEN ?6 THEN 0 ELSE gone END,
                     failing_since = CASE WHEN ?6 THEN NULL ELSE failing_since END,
                     cursor = CASE WHEN ?6
                         THEN (SELECT coalesce(max(seq), 0) FROM hook_events) ELSE cursor END
                 WHERE seq = ?1",
            )?
            .execute(params![current.seq, url, events, enabled, now, restart])?;
            find(conn, &id)
        })
        .await
    }

    /// Removes the webhook and its attempts; false when there was none.
    pub async fn delete_webhook(&self, id: &str) -> Result<bool> {
        let id = id.to_owned();
        self.write(move |conn| {
            let Some(current) = find(conn, &id)? else {
                return Ok(false);
            };
            conn.execute(
                "DELETE FROM hook_deliveries WHERE webhook_seq = ?1",
                [current.seq],
            )?;
            conn.execute("DELETE FROM webhooks WHERE seq = ?1", [current.seq])?;
            Ok(true)
        })
        .await
    }

    /// Records how far a webhook's worker got, in one commit: its cursor, health and the
    /// attempts made (the oldest beyond the kept number are dropped).
    pub async fn record_hook_progress(&self, seq: i64, p: HookProgress, now: i64) -> Result<()> {
        self.write(move |conn| {
            conn.prepare_cached(
                "UPDATE webhooks SET cursor = max(cursor, ?2), failing_since = ?3,
                     last_success_at = coalesce(?4, last_success_at),
                     gone = CASE WHEN ?5 THEN 1 ELSE gone END,
                     enabled = CASE WHEN ?5 THEN 0 ELSE enabled END,
                     updated_at = CASE WHEN ?5 THEN ?6 ELSE updated_at END
                 WHERE seq = ?1",
            )?
            .execute(params![
                seq,
                p.cursor,
                p.failing_since,
                p.last_success_at,
                p.gone,
                now
            ])?;
            let mut insert = conn.prepare_cached(
                "INSERT INTO hook_deliveries (webhook_seq, event_id, event_type, attempt, at,
                     http_status, latency_ms, error, problem)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for a in &p.attempts {
                insert.execute(params![
                    seq,
                    a.event_id,
                    a.event_type,
                    a.attempt,
                    a.at,
                    a.http_status,
                    i64::try_from(a.latency_ms).unwrap_or(i64::MAX),
                    a.error,
                    a.problem.map(DeliveryProblem::as_str)
                ])?;
            }
            if !p.attempts.is_empty() {
                conn.prepare_cached(
                    "DELETE FROM hook_deliveries WHERE webhook_seq = ?1 AND seq <=
                         (SELECT seq FROM hook_deliveries WHERE webhook_seq = ?1
                          ORDER BY seq DESC LIMIT 1 OFFSET ?2)",
                )?
                .execute(params![seq, KEPT_DELIVERIES])?;
            }
            Ok(())
        })
        .await
    }

    /// The most recent attempts to reach a webhook, newest first.
    pub async fn deliveries(&self, seq: i64, limit: u32) -> Result<Vec<Delivery>> {
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT event_id, event_type, attempt, at, http_status, latency_ms, error, problem
                 FROM hook_deliveries WHERE webhook_seq = ?1 ORDER BY seq DESC LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![seq, limit], |r| {
                Ok(Delivery {
                    event_id: r.get(0)?,
                    event_type: r.get(1)?,
                    attempt: r.get(2)?,
                    at: r.get(3)?,
                    http_status: r.get(4)?,
                    latency_ms: r.get::<_, i64>(5)?.max(0).unsigned_abs(),
                    error: r.get(6)?,
                    // Attempts from before problems were kept have none.
                    problem: r
                        .get::<_, Option<String>>(7)?
                        .as_deref()
                        .and_then(DeliveryProblem::parse),
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }
}

fn encode(events: &[String]) -> Result<String> {
    serde_json::to_string(events)
        .map_err(|e| StoreError::Corrupt(format!("cannot encode event types: {e}")))
}

fn find(conn: &Connection, id: &str) -> Result<Option<StoredWebhook>> {
    let sql = format!("SELECT {COLUMNS} FROM webhooks WHERE id = ?1");
    let found = conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?;
    found.transpose()
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<StoredWebhook>> {
    let events: String = r.get(3)?;
    let enabled: bool = r.get(4)?;
    let gone: bool = r.get(5)?;
    let failing_since: Option<i64> = r.get(7)?;
    let health = if gone {
        WebhookHealth::Gone
    } else if failing_since.is_some() {
        WebhookHealth::Failing
    } else {
        WebhookHealth::Ok
    };
    let seq = r.get(0)?;
    let id = r.get(1)?;
    let url = r.get(2)?;
    let cursor = r.get(6)?;
    let last_success_at = r.get(8)?;
    let created_at = r.get(9)?;
    let updated_at = r.get(10)?;
    Ok(serde_json::from_str(&events)
        .map_err(|e| StoreError::Corrupt(format!("webhook events: {e}")))
        .map(|events| StoredWebhook {
            seq,
            cursor,
            webhook: Webhook {
                id,
                url,
                events,
                enabled,
                health,
                failing_since,
                last_success_at,
                created_at,
                updated_at,
            },
        }))
}
