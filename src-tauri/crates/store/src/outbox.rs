//! The outbox: what the dispatcher still has to hand to WhatsApp, and every status change.
//!
//! A row in `outbox` means "hand this to WhatsApp"; `in_flight` marks the one being handed
//! right now. Statuses only advance (see `Status::can_advance_to`); the one exception is a
//! user's explicit retry of a failed message.

use mostrador_types::{ErrorInfo, Message, Status};
use rusqlite::{Connection, OptionalExtension, params};

use crate::row::{self, time_column};
use crate::{Result, Store};

/// A message taken from the outbox for one send attempt.
#[derive(Debug, Clone)]
pub struct Claimed {
    /// Position in the log; pass it back to `handed`, `release`, `retry_later` or `fail`.
    pub seq: i64,
    pub message: Message,
    /// The batch it belongs to (its row number) and that batch's own pacing and jitter, ms.
    pub batch: Option<BatchPace>,
}

/// A batch item's batch, and the gap its items keep between them (None: the shop's pace).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchPace {
    pub batch: i64,
    pub pacing_ms: Option<u64>,
    pub jitter_ms: Option<u64>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CancelOutcome {
    Cancelled(Message),
    /// Too late (or never possible): the message as it is now.
    NotCancellable(Message),
    NotFound,
}

impl Store {
    /// Takes the next message to send, marks it `sending` and counts the attempt: the oldest
    /// due single message; if none, the oldest due item of a batch that is not paused and
    /// not in `held` (batches waiting out their own pacing gap).
    pub async fn claim_next(
        &self,
        profile: &str,
        now: i64,
        held: Vec<i64>,
    ) -> Result<Option<Claimed>> {
        let profile = profile.to_owned();
        self.write(move |conn| claim_next(conn, &profile, now, &held))
            .await
    }

    /// The earliest time (ms) a message of `profile` waiting in the outbox becomes due,
    /// leaving out the items of paused batches and of the batches in `held`.
    pub async fn next_due(&self, profile: &str, held: Vec<i64>) -> Result<Option<i64>> {
        let profile = profile.to_owned();
        self.read(move |conn| {
            let mut earliest: Option<i64> = conn
                .prepare_cached(
                    "SELECT min(due_at) FROM outbox INDEXED BY outbox_singles
                     WHERE profile = ?1 AND in_flight = 0 AND batch IS NULL",
                )?
                .query_row([&profile], |r| r.get(0))?;
            for batch in claimable_batches(conn, &profile, &held)? {
                let due: Option<i64> = conn
                    .prepare_cached(
                        "SELECT min(due_at) FROM outbox WHERE batch = ?1 AND in_flight = 0",
                    )?
                    .query_row([batch], |r| r.get(0))?;
                earliest = match (earliest, due) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
            Ok(earliest)
        })
        .await
    }

    /// WhatsApp has the message (the server's ack will confirm it): out of the outbox.
    pub async fn handed(&self, seq: i64, now: i64) -> Result<Message> {
        self.write(move |conn| {
            conn.prepare_cached("DELETE FROM outbox WHERE seq = ?1")?
                .execute([seq])?;
            // An earlier attempt's transient error is over; a nack that already arrived
            // (the server can answer before this is recorded) is not, and keeps its reason
            // (also a message held for the customer's first word).
            conn.prepare_cached(
                "UPDATE messages SET revision = revision + 1, error_code = NULL, error_message = NULL, updated_at = ?2
                 WHERE seq = ?1 AND status NOT IN ('failed', 'waiting')",
            )?
            .execute(params![seq, now])?;
            Ok(row::load(conn, seq)?.message)
        })
        .await
    }

    /// The attempt never started (e.g. the connection dropped): put it back, uncounted.
    pub async fn release(&self, seq: i64) -> Result<()> {
        self.write(move |conn| {
            let n = conn
                .prepare_cached("UPDATE outbox SET in_flight = 0 WHERE seq = ?1")?
                .execute([seq])?;
            if n == 1 {
                conn.prepare_cached(
                    "UPDATE messages SET revision = revision + 1, attempts = max(attempts - 1, 0) WHERE seq = ?1",
                )?
                .execute([seq])?;
            }
            Ok(())
        })
        .await
    }

    /// A transient failure: try again at `due_at`, remembering why this attempt failed.
    pub async fn retry_later(
        &self,
        seq: i64,
        error: ErrorInfo,
        due_at: i64,
        now: i64,
    ) -> Result<Message> {
        self.write(move |conn| {
            conn.prepare_cached("UPDATE outbox SET in_flight = 0, due_at = ?2 WHERE seq = ?1")?
                .execute(params![seq, due_at])?;
            conn.prepare_cached(
                "UPDATE messages SET revision = revision + 1, error_code = ?2, error_message = ?3, updated_at = ?4
                 WHERE seq = ?1",
            )?
            .execute(params![seq, error.code, error.message, now])?;
            Ok(row::load(conn, seq)?.message)
        })
        .await
    }

    /// A permanent failure (or retries used up): out of the outbox, status `failed`.
    pub async fn fail(&self, seq: i64, error: ErrorInfo, now: i64) -> Result<Message> {
        self.write(move |conn| {
            conn.prepare_cached("DELETE FROM outbox WHERE seq = ?1")?
                .execute([seq])?;
            let current = row::load(conn, seq)?.message;
            if current.status.can_advance_to(Status::Failed) {
                conn.prepare_cached(
                    "UPDATE messages SET revision = revision + 1, status = 'failed', failed_at = ?2, updated_at = ?2,
                         error_code = ?3, error_message = ?4
                     WHERE seq = ?1",
                )?
                .execute(params![seq, now, error.code, error.message])?;
            }
            Ok(row::load(conn, seq)?.message)
        })
        .await
    }

    /// Applies a status reported by WhatsApp (ack, receipt, nack) to the message with that
    /// WhatsApp id. Returns the message when it changed; None when unknown or not forward.
    pub async fn apply_status(
        &self,
        wa_id: &str,
        status: Status,
        error: Option<ErrorInfo>,
        at: i64,
    ) -> Result<Option<Message>> {
        let wa_id = wa_id.to_owned();
        self.write(move |conn| apply_status(conn, &wa_id, status, error.as_ref(), at))
            .await
    }

    /// Cancels a message that has not been handed to WhatsApp (or that WhatsApp held back
    /// for its customer's first word).
    pub async fn cancel(&self, id: &str, now: i64) -> Result<CancelOutcome> {
        let id = id.to_owned();
        self.write(move |conn| {
            let Some(seq) = seq_of(conn, &id)? else {
                return Ok(CancelOutcome::NotFound);
            };
            let current = row::load(conn, seq)?.message;
            // Only while it waits in the outbox and is not being handed over right now.
            let taken = conn
                .prepare_cached("DELETE FROM outbox WHERE seq = ?1 AND in_flight = 0")?
                .execute([seq])?;
            // A message held for its customer has no outbox row to take.
            let waits = taken == 1 || current.status == Status::Waiting;
            if !waits || !current.status.can_advance_to(Status::Cancelled) {
                return Ok(CancelOutcome::NotCancellable(current));
            }
            conn.prepare_cached(
                "UPDATE messages SET revision = revision + 1, status = 'cancelled', cancelled_at = ?2, updated_at = ?2
                 WHERE seq = ?1",
            )?
            .execute(params![seq, now])?;
            crate::batches::settle_for_message(conn, seq, now)?;
            Ok(CancelOutcome::Cancelled(row::load(conn, seq)?.message))
        })
        .await
    }

    /// A user's retry of a failed message: queued again with the same ids, attempts from zero.
    /// Returns None when there is no such message; the message unchanged when it is not failed.
    pub async fn requeue_failed(&self, id: &str, now: i64) -> Result<Option<(bool, Message)>> {
        let id = id.to_owned();
        self.write(move |conn| {
            let Some(seq) = seq_of(conn, &id)? else {
                return Ok(None);
            };
            let n = conn
                .prepare_cached(
                    "UPDATE messages SET revision = revision + 1, status = 'queued', attempts = 0, error_code = NULL,
                         error_message = NULL, failed_at = NULL, sending_at = NULL,
                         queued_at = ?2, updated_at = ?2
                     WHERE seq = ?1 AND status = 'failed'",
                )?
                .execute(params![seq, now])?;
            if n == 1 {
                conn.prepare_cached(
                    "INSERT INTO outbox (seq, due_at, profile)
                     SELECT seq, ?2, profile FROM messages WHERE seq = ?1",
                )?
                .execute(params![seq, now])?;
            }
            Ok(Some((n == 1, row::load(conn, seq)?.message)))
        })
        .await
    }

    /// After a restart or a reconnect: anything that was being handed over, or handed over
    /// without an ack from the server, goes back in the outbox — with its original WhatsApp id,
    /// so the recipient sees it once. Returns how many messages will be sent again. `profile`:
    /// only that number's (its reconnect must not touch another lane's send in progress);
    /// `None`: all (at start, before any lane runs).
    pub async fn resume_unacknowledged(&self, profile: Option<&str>, now: i64) -> Result<usize> {
        let profile = profile.map(str::to_owned);
        self.write(move |conn| {
            // A receipt can overtake the server's ack: a message already delivered while its
            // hand-over was in flight (and the app stopped before it finished) is done with.
            conn.execute(
                "DELETE FROM outbox WHERE (?1 IS NULL OR profile = ?1) AND seq IN (
                     SELECT seq FROM messages
                     WHERE status IN ('sent', 'delivered', 'read', 'played', 'failed'))",
                [&profile],
            )?;
            conn.execute(
                "UPDATE outbox SET in_flight = 0
                 WHERE in_flight = 1 AND (?1 IS NULL OR profile = ?1)",
                [&profile],
            )?;
            let n = conn.execute(
                "INSERT INTO outbox (seq, due_at, batch, profile)
                 SELECT seq, ?1, batch_id, profile FROM messages
                 WHERE status = 'sending' AND (?2 IS NULL OR profile = ?2)
                   AND seq NOT IN (SELECT seq FROM outbox)",
                rusqlite::params![now, profile],
            )?;
            Ok(n)
        })
        .await
    }
}

fn seq_of(conn: &Connection, id: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT seq FROM messages WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// The oldest due single message, found by walking the outbox's single rows in order (never
/// by sorting them).
const NEXT_DUE: &str = "SELECT seq FROM outbox INDEXED BY outbox_singles
     WHERE profile = ?2 AND batch IS NULL AND in_flight = 0 AND due_at <= ?1
     ORDER BY seq LIMIT 1";

/// The oldest due item of one batch, by the batch's own index.
const NEXT_DUE_IN_BATCH: &str = "SELECT seq FROM outbox INDEXED BY outbox_batch
     WHERE batch = ?1 AND in_flight = 0 AND due_at <= ?2 ORDER BY seq LIMIT 1";

/// The profile's batches with rows in the outbox that may send now: not paused, not held.
/// (A cancelled batch has none left but those put back after a restart: already handed over
/// once, so sent again with the same id.)
fn claimable_batches(conn: &Connection, profile: &str, held: &[i64]) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.seq FROM batches b
         WHERE b.profile = ?1 AND b.status <> 'paused'
           AND EXISTS (SELECT 1 FROM outbox o WHERE o.batch = b.seq)
         ORDER BY b.seq",
    )?;
    let all = stmt.query_map([profile], |r| r.get::<_, i64>(0))?;
    let mut out = Vec::new();
    for b in all {
        let b = b?;
        if !held.contains(&b) {
            out.push(b);
        }
    }
    Ok(out)
}

fn claim_next(conn: &Connection, profile: &str, now: i64, held: &[i64]) -> Result<Option<Claimed>> {
    let mut seq: Option<i64> = conn
        .prepare_cached(NEXT_DUE)?
        .query_row(params![now, profile], |r| r.get(0))
        .optional()?;
    let mut batch = None;
    if seq.is_none() {
        // Batches take turns by age: the oldest batch's oldest due item first.
        for b in claimable_batches(conn, profile, held)? {
            let found: Option<i64> = conn
                .prepare_cached(NEXT_DUE_IN_BATCH)?
                .query_row(params![b, now], |r| r.get(0))
                .optional()?;
            if found.is_some() {
                seq = found;
                batch = Some(b);
                break;
            }
        }
    }
    let Some(seq) = seq else { return Ok(None) };
    conn.prepare_cached("UPDATE outbox SET in_flight = 1 WHERE seq = ?1")?
        .execute([seq])?;
    conn.prepare_cached(
        "UPDATE messages SET revision = revision + 1, attempts = attempts + 1, updated_at = ?2,
             status = CASE WHEN status IN ('queued', 'scheduled') THEN 'sending' ELSE status END,
             sending_at = coalesce(sending_at, ?2)
         WHERE seq = ?1",
    )?
    .execute(params![seq, now])?;
    let batch = match batch {
        Some(b) => Some(start_batch(conn, b, now)?),
        None => None,
    };
    let message = row::load(conn, seq)?.message;
    Ok(Some(Claimed {
        seq,
        message,
        batch,
    }))
}

/// A batch's item is being sent: the batch has started (if it had not), and its pace.
fn start_batch(conn: &Connection, batch: i64, now: i64) -> Result<BatchPace> {
    conn.prepare_cached("UPDATE batches SET started_at = coalesce(started_at, ?2) WHERE seq = ?1")?
        .execute(params![batch, now])?;
    let (pacing, jitter): (Option<i64>, Option<i64>) = conn
        .prepare_cached("SELECT pacing_ms, jitter_ms FROM batches WHERE seq = ?1")?
        .query_row([batch], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(BatchPace {
        batch,
        pacing_ms: pacing.and_then(|v| u64::try_from(v).ok()),
        jitter_ms: jitter.and_then(|v| u64::try_from(v).ok()),
    })
}

fn apply_status(
    conn: &Connection,
    wa_id: &str,
    status: Status,
    error: Option<&ErrorInfo>,
    at: i64,
) -> Result<Option<Message>> {
    let found: Option<(i64, String)> = conn
        .prepare_cached("SELECT seq, status FROM messages WHERE wa_id = ?1")?
        .query_row([wa_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((seq, current)) = found else {
        return Ok(None);
    };
    let current = Status::parse(&current).unwrap_or(Status::Queued);
    if !current.can_advance_to(status) {
        return Ok(None);
    }
    // Reaching `read` implies `sent` and `delivered` happened by then, even when their own
    // events were lost or arrive later (and are then ignored): fill the gaps with this time.
    let mut sets = vec![format!("{} = coalesce({0}, ?2)", time_column(status))];
    if status.reached_server() {
        for earlier in [
            Status::Sending,
            Status::Sent,
            Status::Delivered,
            Status::Read,
        ] {
            if earlier.can_advance_to(status) {
                sets.push(format!("{} = coalesce({0}, ?2)", time_column(earlier)));
            }
        }
    }
    if status.reached_server() || status == Status::Failed {
        // The server has it, or refused it: never hand it over again.
        conn.prepare_cached("DELETE FROM outbox WHERE seq = ?1 AND in_flight = 0")?
            .execute([seq])?;
    }
    let (code, message) = match error {
        Some(e) => (Some(e.code.as_str()), Some(e.message.as_str())),
        None => (None, None),
    };
    let sql = format!(
        "UPDATE messages SET revision = revision + 1, status = ?3, updated_at = ?2, {},
             error_code = coalesce(?4, CASE WHEN ?3 = 'failed' THEN error_code END),
             error_message = coalesce(?5, CASE WHEN ?3 = 'failed' THEN error_message END)
         WHERE seq = ?1",
        sets.join(", ")
    );
    conn.prepare_cached(&sql)?
        .execute(params![seq, at, status.as_str(), code, message])?;
    Ok(Some(row::load(conn, seq)?.message))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A backlog of thousands must not make each claim sort the whole outbox.
    #[test]
    fn claiming_walks_the_outbox_in_order_without_sorting() {
        let conn = Connection::open_in_memory().unwrap();
        crate::schema::migrate(&conn).unwrap();
        let plan: Vec<String> = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {NEXT_DUE}"))
            .unwrap()
            .query_map(params![0, "default"], |r| r.get::<_, String>(3))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert!(
            plan.iter().all(|step| !step.contains("TEMP B-TREE")),
            "{plan:?}"
        );
    }
}
