//! What customers wrote to the shop: kept in the (encrypted) log beside what the shop sent,
//! each linked to the last message the shop had sent that customer, read or not yet.

use mostrador_types::{Page, Received};
use rusqlite::{Connection, OptionalExtension, params};

use crate::{Result, Store};

pub const MIGRATION: &str = r#"
    CREATE TABLE received (
        seq           INTEGER PRIMARY KEY,
        id            TEXT NOT NULL UNIQUE,
        wa_id         TEXT NOT NULL,
        sender        TEXT NOT NULL,
        group_jid     TEXT,
        push_name     TEXT,
        kind          TEXT NOT NULL,
        body          TEXT,
        what          TEXT,
        file_name     TEXT,
        mime_type     TEXT,
        size          INTEGER,
        handle        TEXT,
        sent_at       INTEGER NOT NULL,
        received_at   INTEGER NOT NULL,
        reply_to      INTEGER,
        read_at       INTEGER
    );
    -- The same message seen twice (WhatsApp redelivers after a lost receipt) is kept once.
    CREATE UNIQUE INDEX received_once ON received(sender, wa_id);
    CREATE INDEX received_sender ON received(sender, seq);
    CREATE INDEX received_reply ON received(reply_to) WHERE reply_to IS NOT NULL;
    CREATE INDEX received_unread ON received(seq) WHERE read_at IS NULL;
    ALTER TABLE hook_events ADD COLUMN received_seq INTEGER;
    CREATE TRIGGER hook_received_new AFTER INSERT ON received
    WHEN EXISTS (SELECT 1 FROM webhooks WHERE enabled = 1)
    BEGIN
        INSERT INTO hook_events (id, type, received_seq, at)
        VALUES ('evt_' || lower(hex(randomblob(12))), 'message.received', NEW.seq,
                NEW.received_at);
    END;
"#;

/// A message received, as the engine reported it, to keep.
#[derive(Debug, Clone)]
pub struct NewReceived {
    pub id: String,
    pub whatsapp_id: String,
    /// E.164 digits.
    pub sender: String,
    pub group: Option<String>,
    pub push_name: Option<String>,
    pub kind: String,
    pub body: Option<String>,
    pub what: Option<String>,
    pub file_name: Option<String>,
    pub mime_type: Option<String>,
    pub size: Option<u64>,
    /// The engine's handle to fetch the attachment later.
    pub handle: Option<String>,
    pub sent_at: i64,
    pub received_at: i64,
    /// The profile (linked number) it was written to.
    pub profile: String,
}

/// The newest messages first; filters optional.
#[derive(Debug, Clone, Default)]
pub struct ReceivedQuery {
    /// E.164 digits.
    pub sender: Option<String>,
    pub unread: bool,
    /// Only the replies to this message (its id).
    pub reply_to: Option<String>,
    /// Only those written to this profile (its id).
    pub profile: Option<String>,
    pub before: Option<i64>,
    pub limit: u32,
}

const COLUMNS: &str = "r.seq, r.id, r.wa_id, r.sender, r.group_jid, r.push_name, r.kind, r.body, \
    r.what, r.file_name, r.mime_type, r.size, r.sent_at, r.received_at, r.read_at, \
    (SELECT m.id FROM messages m WHERE m.seq = r.reply_to), r.profile";

impl Store {
    /// Keeps a received message (once: a repeat returns `None`), linked to the last message
    /// the same number (profile) sent to its sender.
    pub async fn insert_received(&self, new: NewReceived) -> Result<Option<Received>> {
        self.write(move |conn| {
            let reply_to: Option<i64> = conn
                .prepare_cached(
                    "SELECT seq FROM messages INDEXED BY messages_recipient
                     WHERE recipient = ?1 AND profile = ?2 ORDER BY seq DESC LIMIT 1",
                )?
                .query_row(params![format!("+{}", new.sender), new.profile], |r| r.get(0))
                .optional()?;
            let n = conn
                .prepare_cached(
                    "INSERT OR IGNORE INTO received (id, wa_id, sender, group_jid, push_name, kind,
                         body, what, file_name, mime_type, size, handle, sent_at, received_at,
                         reply_to, profile)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                )?
                .execute(params![
                    new.id,
                    new.whatsapp_id,
                    new.sender,
                    new.group,
                    new.push_name,
                    new.kind,
                    new.body,
                    new.what,
                    new.file_name,
                    new.mime_type,
                    new.size.map(|s| i64::try_from(s).unwrap_or(i64::MAX)),
                    new.handle,
                    new.sent_at,
                    new.received_at,
                    reply_to,
                    new.profile
                ])?;
            if n == 0 {
                return Ok(None);
            }
            find(conn, "r.id = ?1", &new.id)
        })
        .await
    }

    pub async fn received(&self, id: &str) -> Result<Option<Received>> {
        let id = id.to_owned();
        self.read(move |conn| find(conn, "r.id = ?1", &id)).await
    }

    /// The engine's handle for a received attachment, with its declared size.
    pub async fn received_media(&self, id: &str) -> Result<Option<(String, Option<u64>)>> {
        let id = id.to_owned();
        self.read(move |conn| {
            let row: Option<(Option<String>, Option<i64>)> = conn
                .prepare_cached("SELECT handle, size FROM received WHERE id = ?1")?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            Ok(row.and_then(|(h, size)| h.map(|h| (h, size.map(|s| s.max(0).unsigned_abs())))))
        })
        .await
    }

    pub async fn received_list(&self, q: ReceivedQuery) -> Result<Page<Received>> {
        self.read(move |conn| list(conn, &q)).await
    }

    /// Marks messages read up to and including `id` from the same sender (what the cashier
    /// saw when opening that conversation); returns how many changed.
    pub async fn mark_received_read(&self, id: &str, now: i64) -> Result<Option<usize>> {
        let id = id.to_owned();
        self.write(move |conn| {
            let row: Option<(i64, String)> = conn
                .prepare_cached("SELECT seq, sender FROM received WHERE id = ?1")?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let Some((seq, sender)) = row else {
                return Ok(None);
            };
            let n = conn
                .prepare_cached(
                    "UPDATE received SET read_at = ?3
                     WHERE sender = ?1 AND seq <= ?2 AND read_at IS NULL",
                )?
                .execute(params![sender, seq, now])?;
            Ok(Some(n))
        })
        .await
    }

    /// The name a customer (`sender`: digits) gave WhatsApp in their latest message that
    /// carried one.
    pub async fn last_push_name(&self, sender: &str) -> Result<Option<String>> {
        let sender = sender.to_owned();
        self.read(move |conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT push_name FROM received
                     WHERE sender = ?1 AND push_name IS NOT NULL AND push_name != ''
                     ORDER BY seq DESC LIMIT 1",
                )?
                .query_row([sender], |r| r.get(0))
                .optional()?)
        })
        .await
    }

    /// How many received messages nobody at the shop has seen yet.
    pub async fn unread_count(&self) -> Result<u64> {
        self.read(|conn| {
            let n: i64 = conn.query_row(
                "SELECT count(*) FROM received WHERE read_at IS NULL",
                [],
                |r| r.get(0),
            )?;
            Ok(n.max(0).unsigned_abs())
        })
        .await
    }
}

fn list(conn: &Connection, q: &ReceivedQuery) -> Result<Page<Received>> {
    let mut sql = format!("SELECT {COLUMNS} FROM received r WHERE 1 = 1");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(s) = &q.sender {
        args.push(s.clone().into());
        sql.push_str(&format!(" AND r.sender = ?{}", args.len()));
    }
    if let Some(p) = &q.profile {
        args.push(p.clone().into());
        sql.push_str(&format!(" AND r.profile = ?{}", args.len()));
    }
    if q.unread {
        sql.push_str(" AND r.read_at IS NULL");
    }
    if let Some(m) = &q.reply_to {
        args.push(m.clone().into());
        sql.push_str(&format!(
            " AND r.reply_to = (SELECT seq FROM messages WHERE id = ?{})",
            args.len()
        ));
    }
    if let Some(b) = q.before {
        args.push(b.into());
        sql.push_str(&format!(" AND r.seq < ?{}", args.len()));
    }
    let limit = q.limit.clamp(1, 200);
    sql.push_str(&format!(" ORDER BY r.seq DESC LIMIT {}", limit + 1));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), from_row)?;
    let mut items: Vec<(i64, Received)> = rows.collect::<rusqlite::Result<_>>()?;
    let more = items.len() > limit as usize;
    items.truncate(limit as usize);
    let next_cursor = more
        .then(|| items.last().map(|(seq, _)| seq.to_string()))
        .flatten();
    Ok(Page {
        items: items.into_iter().map(|(_, r)| r).collect(),
        next_cursor,
    })
}

fn find(conn: &Connection, cond: &str, arg: &str) -> Result<Option<Received>> {
    let sql = format!("SELECT {COLUMNS} FROM received r WHERE {cond}");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([arg], from_row)
        .optional()?
        .map(|(_, r)| r))
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, Received)> {
    let sender: String = r.get(3)?;
    let size: Option<i64> = r.get(11)?;
    let read_at: Option<i64> = r.get(14)?;
    Ok((
        r.get(0)?,
        Received {
            id: r.get(1)?,
            whatsapp_id: r.get(2)?,
            from: format!("+{sender}"),
            group: r.get(4)?,
            push_name: r.get(5)?,
            kind: r.get(6)?,
            text: r.get(7)?,
            what: r.get(8)?,
            file_name: r.get(9)?,
            mime_type: r.get(10)?,
            size: size.map(|s| s.max(0).unsigned_abs()),
            at: r.get(12)?,
            received_at: r.get(13)?,
            in_reply_to: r.get(15)?,
            profile: r.get(16)?,
            read: read_at.is_some(),
        },
    ))
}

/// For event payloads: the received message by row number, if still there.
pub(crate) fn load(conn: &Connection, seq: i64) -> Result<Option<Received>> {
    let sql = format!("SELECT {COLUMNS} FROM received r WHERE r.seq = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([seq], from_row)
        .optional()?
        .map(|(_, r)| r))
}
