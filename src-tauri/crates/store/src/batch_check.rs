//! A broadcast's recipients checked before its first send: which batch still needs it and
//! its numbers, and skipping the items to numbers without WhatsApp in one write.

use mostrador_types::{Batch, Message};
use rusqlite::{Connection, OptionalExtension, params};

use crate::batches::{load, settle};
use crate::row;
use crate::{Result, Store};

/// A running batch not yet checked, with the phone numbers (digits) of its waiting items.
#[derive(Debug, Clone)]
pub struct BatchToCheck {
    pub batch: i64,
    /// (item's row number, its number's digits), for the items still waiting in the outbox.
    pub phones: Vec<(i64, String)>,
}

impl Store {
    /// The profile's oldest running batch whose recipients have not been checked, if any.
    pub async fn batch_to_check(&self, profile: &str) -> Result<Option<BatchToCheck>> {
        let profile = profile.to_owned();
        self.read(move |conn| {
            let Some(batch) = conn
                .prepare_cached(
                    "SELECT seq FROM batches
                     WHERE status = 'running' AND checked = 0 AND profile = ?1
                     ORDER BY seq LIMIT 1",
                )?
                .query_row([&profile], |r| r.get::<_, i64>(0))
                .optional()?
            else {
                return Ok(None);
            };
            let phones = conn
                .prepare_cached(
                    "SELECT m.seq, m.recipient FROM outbox o JOIN messages m ON m.seq = o.seq
                     WHERE o.batch = ?1 AND o.in_flight = 0
                       AND m.status IN ('queued', 'scheduled') AND m.recipient LIKE '+%'",
                )?
                .query_map([batch], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
                })?
                .map(|row| row.map(|(seq, to)| (seq, to.trim_start_matches('+').to_owned())))
                .collect::<rusqlite::Result<_>>()?;
            Ok(Some(BatchToCheck { batch, phones }))
        })
        .await
    }

    /// Marks the batch checked and skips `items` (numbers without WhatsApp) that still wait:
    /// out of the outbox, status `skipped`. Returns them and the batch as it is now.
    pub async fn skip_unregistered(
        &self,
        batch: i64,
        items: Vec<i64>,
        now: i64,
    ) -> Result<(Vec<Message>, Batch)> {
        self.write(move |conn| skip(conn, batch, &items, now)).await
    }
}

fn skip(conn: &Connection, batch: i64, items: &[i64], now: i64) -> Result<(Vec<Message>, Batch)> {
    let mut skipped = Vec::new();
    for &seq in items {
        let taken = conn
            .prepare_cached("DELETE FROM outbox WHERE seq = ?1 AND in_flight = 0")?
            .execute([seq])?;
        if taken == 0 {
            continue;
        }
        conn.prepare_cached(
            "UPDATE messages SET revision = revision + 1, status = 'skipped', skipped_at = ?2,
                 updated_at = ?2, error_code = 'NOT_ON_WHATSAPP',
                 error_message = 'this number does not have WhatsApp'
             WHERE seq = ?1 AND status IN ('queued', 'scheduled')",
        )?
        .execute(params![seq, now])?;
        skipped.push(row::load(conn, seq)?.message);
    }
    conn.prepare_cached("UPDATE batches SET checked = 1, updated_at = ?2 WHERE seq = ?1")?
        .execute(params![batch, now])?;
    settle(conn, batch, now)?;
    Ok((skipped, load(conn, batch)?))
}
