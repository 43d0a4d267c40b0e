//! Messages sent later, in the store: expiring the ones found too late, and changing one that
//! still waits (its time, its words).

use mostrador_types::{Content, Message};
use rusqlite::{Connection, OptionalExtension, params};

use crate::row;
use crate::{Result, Store};

/// A profile's (`?2`) scheduled messages still waiting whose time is before `?1` (few: by the
/// status index).
const OVERDUE: &str = "SELECT m.seq FROM messages m JOIN outbox o ON o.seq = m.seq
     WHERE m.status = 'scheduled' AND m.profile = ?2 AND o.in_flight = 0 AND o.due_at < ?1";

/// What a change of a scheduled message did.
#[derive(Debug)]
pub enum Rescheduled {
    NotFound,
    /// It no longer waits (sending, sent, cancelled…): unchanged.
    NotScheduled(Message),
    Changed(Message),
}

/// A change to a scheduled message: a new time, new content (with the extra words to index
/// it by, as when it was queued).
#[derive(Debug, Clone)]
pub struct ScheduleChange {
    pub send_at: Option<i64>,
    pub content: Option<(Content, String)>,
}

impl Store {
    /// Every scheduled message of `profile` whose time passed before `late_before` leaves the
    /// outbox as `expired`. Returns them, to announce.
    pub async fn expire_scheduled(
        &self,
        profile: &str,
        late_before: i64,
        now: i64,
    ) -> Result<Vec<Message>> {
        let (profile, asked) = (profile.to_owned(), profile.to_owned());
        // Almost always there is none: a read says so without a turn of the writer.
        let any: bool = self
            .read(move |conn| {
                Ok(conn
                    .prepare_cached(OVERDUE)?
                    .query_row(params![late_before, asked], |_| Ok(()))
                    .optional()?
                    .is_some())
            })
            .await?;
        if !any {
            return Ok(Vec::new());
        }
        self.write(move |conn| {
            let seqs: Vec<i64> = conn
                .prepare_cached(OVERDUE)?
                .query_map(params![late_before, profile], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            seqs.into_iter()
                .map(|seq| {
                    conn.prepare_cached("DELETE FROM outbox WHERE seq = ?1")?
                        .execute([seq])?;
                    conn.prepare_cached(
                        "UPDATE messages SET revision = revision + 1, status = 'expired',
                             expired_at = ?2, updated_at = ?2
                         WHERE seq = ?1",
                    )?
                    .execute(params![seq, now])?;
                    crate::batches::settle_for_message(conn, seq, now)?;
                    Ok(row::load(conn, seq)?.message)
                })
                .collect()
        })
        .await
    }

    /// Changes a message that still waits for its time; one being handed over or gone is
    /// left as it is.
    pub async fn reschedule(
        &self,
        id: &str,
        change: ScheduleChange,
        now: i64,
    ) -> Result<Rescheduled> {
        let id = id.to_owned();
        self.write(move |conn| reschedule(conn, &id, &change, now))
            .await
    }
}

fn reschedule(
    conn: &Connection,
    id: &str,
    change: &ScheduleChange,
    now: i64,
) -> Result<Rescheduled> {
    let Some(stored) = row::find(conn, id)? else {
        return Ok(Rescheduled::NotFound);
    };
    let waiting = conn
        .prepare_cached("SELECT count(*) FROM outbox WHERE seq = ?1 AND in_flight = 0")?
        .query_row([stored.seq], |r| r.get::<_, i64>(0))?
        == 1;
    if !waiting || stored.message.status != mostrador_types::Status::Scheduled {
        return Ok(Rescheduled::NotScheduled(stored.message));
    }
    let seq = stored.seq;
    if let Some(t) = change.send_at {
        conn.prepare_cached("UPDATE outbox SET due_at = ?2 WHERE seq = ?1")?
            .execute(params![seq, t])?;
        conn.prepare_cached("UPDATE messages SET send_at = ?2 WHERE seq = ?1")?
            .execute(params![seq, t])?;
    }
    if let Some((content, extra)) = &change.content {
        let words = row::search_body(content, &stored.message.to, extra);
        let json = serde_json::to_string(content)
            .map_err(|e| crate::StoreError::Corrupt(format!("cannot encode content: {e}")))?;
        conn.prepare_cached("UPDATE messages SET content = ?2 WHERE seq = ?1")?
            .execute(params![seq, json])?;
        // The index is contentless: the old words go by rowid, the new ones are added.
        conn.prepare_cached("DELETE FROM messages_fts WHERE rowid = ?1")?
            .execute([seq])?;
        conn.prepare_cached("INSERT INTO messages_fts (rowid, body) VALUES (?1, ?2)")?
            .execute(params![seq, words])?;
    }
    conn.prepare_cached(
        "UPDATE messages SET revision = revision + 1, updated_at = ?2 WHERE seq = ?1",
    )?
    .execute(params![seq, now])?;
    Ok(Rescheduled::Changed(row::load(conn, seq)?.message))
}
