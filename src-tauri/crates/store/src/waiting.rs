//! Messages WhatsApp holds back because the customer never wrote to the shop's number (the
//! reach-out limit, error 463): held as `waiting`, and queued again, same ids, the moment
//! that customer writes.

use mostrador_types::{ErrorInfo, Message};
use rusqlite::{OptionalExtension, params};

use crate::{Result, Store, row};

impl Store {
    /// Holds the message with this WhatsApp id for its customer's first word. `None` when
    /// there is no such message or it is past being held (the server took it after all).
    pub async fn hold_for_customer(
        &self,
        wa_id: &str,
        why: ErrorInfo,
        at: i64,
    ) -> Result<Option<Message>> {
        let wa_id = wa_id.to_owned();
        self.write(move |conn| {
            let seq: Option<i64> = conn
                .prepare_cached(
                    "SELECT seq FROM messages WHERE wa_id = ?1 AND status IN ('queued', 'sending')",
                )?
                .query_row([wa_id], |r| r.get(0))
                .optional()?;
            let Some(seq) = seq else {
                return Ok(None);
            };
            // Not handed over again until the customer writes (an attempt under way removes
            // its own row when it returns).
            conn.prepare_cached("DELETE FROM outbox WHERE seq = ?1 AND in_flight = 0")?
                .execute([seq])?;
            conn.prepare_cached(
                "UPDATE messages SET revision = revision + 1, status = 'waiting', waiting_at = ?2,
                     error_code = ?3, error_message = ?4, updated_at = ?2
                 WHERE seq = ?1",
            )?
            .execute(params![seq, at, why.code, why.message])?;
            crate::batches::settle_for_message(conn, seq, at)?;
            Ok(Some(row::load(conn, seq)?.message))
        })
        .await
    }

    /// The customer `recipient` (`+591…`) wrote to `profile`'s number: every message that
    /// number held for them is queued again (same ids, so each reaches them once), oldest
    /// first.
    pub async fn release_waiting(
        &self,
        profile: &str,
        recipient: &str,
        now: i64,
    ) -> Result<Vec<Message>> {
        let (profile, recipient) = (profile.to_owned(), recipient.to_owned());
        self.write(move |conn| {
            let seqs: Vec<i64> = conn
                .prepare_cached(
                    "SELECT seq FROM messages
                     WHERE recipient = ?1 AND status = 'waiting' AND profile = ?2
                     ORDER BY seq",
                )?
                .query_map([recipient, profile.clone()], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut released = Vec::with_capacity(seqs.len());
            for seq in seqs {
                conn.prepare_cached(
                    "UPDATE messages SET revision = revision + 1, status = 'queued', queued_at = ?2,
                         error_code = NULL, error_message = NULL, updated_at = ?2
                     WHERE seq = ?1",
                )?
                .execute(params![seq, now])?;
                // As a single message, not a broadcast's item: the customer is there now,
                // and the broadcast may have finished meanwhile.
                conn.prepare_cached(
                    "INSERT OR IGNORE INTO outbox (seq, due_at, profile) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![seq, now, profile])?;
                released.push(row::load(conn, seq)?.message);
            }
            Ok(released)
        })
        .await
    }

    /// Every message of `profile` held since `held_before` or earlier (its customer never
    /// wrote) ends `expired`, with `why`; oldest first. Returns them, to announce.
    pub async fn expire_waiting(
        &self,
        profile: &str,
        held_before: i64,
        why: ErrorInfo,
        now: i64,
    ) -> Result<Vec<Message>> {
        // Almost always there is none: a read (by the status index) says so without a turn
        // of the writer.
        if (self.oldest_waiting(profile).await?).is_none_or(|t| t > held_before) {
            return Ok(Vec::new());
        }
        let profile = profile.to_owned();
        self.write(move |conn| {
            let seqs: Vec<i64> = conn
                .prepare_cached(
                    "SELECT seq FROM messages
                     WHERE status = 'waiting' AND profile = ?2 AND waiting_at <= ?1
                     ORDER BY seq",
                )?
                .query_map(params![held_before, profile], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            seqs.into_iter()
                .map(|seq| {
                    conn.prepare_cached(
                        "UPDATE messages SET revision = revision + 1, status = 'expired',
                             expired_at = ?2, error_code = ?3, error_message = ?4,
                             updated_at = ?2
                         WHERE seq = ?1",
                    )?
                    .execute(params![seq, now, why.code, why.message])?;
                    crate::batches::settle_for_message(conn, seq, now)?;
                    Ok(row::load(conn, seq)?.message)
                })
                .collect()
        })
        .await
    }

    /// When `profile`'s message held longest was held (ms), if any is.
    pub async fn oldest_waiting(&self, profile: &str) -> Result<Option<i64>> {
        let profile = profile.to_owned();
        self.read(move |conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT MIN(waiting_at) FROM messages WHERE status = 'waiting' AND profile = ?1",
                )?
                .query_row([profile], |r| r.get(0))?)
        })
        .await
    }
}
