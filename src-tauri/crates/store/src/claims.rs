//! Claims: a message stored for "whoever sends this code", waiting until a customer writes
//! the code to the shop's number; then it becomes an ordinary message to that customer, in the
//! same commit that marks the claim used (so it can be claimed once only).

use mostrador_types::{Content, Message};
use rusqlite::{Connection, OptionalExtension, params};

use crate::messages::{NewMessage, insert_row};
use crate::{Result, Store, StoreError, row};

pub const MIGRATION: &str = r#"
    CREATE TABLE claims (
        seq           INTEGER PRIMARY KEY,
        code          TEXT NOT NULL,
        code_key      TEXT NOT NULL,
        profile       TEXT NOT NULL DEFAULT '',
        content       TEXT NOT NULL,
        created_at    INTEGER NOT NULL,
        expires_at    INTEGER NOT NULL,
        claimed_at    INTEGER,
        claimed_by    TEXT,
        message_seq   INTEGER,
        cancelled_at  INTEGER
    );
    -- One open claim per code; a used, expired or cancelled code may be given out again.
    CREATE UNIQUE INDEX claims_open ON claims(code_key)
        WHERE claimed_at IS NULL AND cancelled_at IS NULL;
    CREATE INDEX claims_by_code ON claims(code_key, seq);
"#;

/// A claim as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredClaim {
    pub code: String,
    pub content: Content,
    pub created_at: i64,
    pub expires_at: i64,
    pub claimed_at: Option<i64>,
    /// The customer's number, E.164 digits.
    pub claimed_by: Option<String>,
    pub message_id: Option<String>,
    pub cancelled_at: Option<i64>,
    /// The profile (linked number) the customer writes to, and that sends the message.
    pub profile: String,
}

/// The code is held by another open claim.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeTaken(pub StoredClaim);

const COLUMNS: &str = "c.code, c.content, c.created_at, c.expires_at, c.claimed_at, \
    c.claimed_by, (SELECT m.id FROM messages m WHERE m.seq = c.message_seq), c.cancelled_at, \
    c.profile";

impl Store {
    /// Stores an open claim for `code` (`key`: its form for matching). An open claim of the
    /// same code that has expired is closed first; one still open answers `CodeTaken`.
    pub async fn insert_claim(
        &self,
        profile: String,
        code: String,
        key: String,
        content: Content,
        now: i64,
        expires_at: i64,
    ) -> Result<std::result::Result<StoredClaim, CodeTaken>> {
        self.write(move |conn| {
            conn.prepare_cached(
                "UPDATE claims SET cancelled_at = expires_at
                 WHERE code_key = ?1 AND claimed_at IS NULL AND cancelled_at IS NULL
                   AND expires_at <= ?2",
            )?
            .execute(params![key, now])?;
            if let Some(open) = open_claim(conn, &key)? {
                return Ok(Err(CodeTaken(open)));
            }
            let content = serde_json::to_string(&content)
                .map_err(|e| StoreError::Corrupt(format!("cannot encode a claim: {e}")))?;
            conn.prepare_cached(
                "INSERT INTO claims (code, code_key, content, created_at, expires_at, profile)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![code, key, content, now, expires_at, profile])?;
            let seq = conn.last_insert_rowid();
            Ok(Ok(load(conn, seq)?))
        })
        .await
    }

    /// The newest claim of this code (open or not).
    pub async fn claim_by_code(&self, key: &str) -> Result<Option<StoredClaim>> {
        let key = key.to_owned();
        self.read(move |conn| {
            let seq: Option<i64> = conn
                .prepare_cached("SELECT max(seq) FROM claims WHERE code_key = ?1")?
                .query_row([key], |r| r.get(0))?;
            seq.map(|s| load(conn, s)).transpose()
        })
        .await
    }

    /// The customer wrote one of `keys` to `profile`'s number: the first open, unexpired
    /// claim of that profile among them becomes `message` (built by `make` for that claim's
    /// content) in this commit. `None` when no such claim is open — already claimed,
    /// expired, cancelled, never given, or given for another number.
    pub async fn redeem_claim(
        &self,
        profile: String,
        keys: Vec<String>,
        sender: String,
        now: i64,
        make: impl FnOnce(&StoredClaim) -> NewMessage + Send + 'static,
    ) -> Result<Option<(StoredClaim, Message)>> {
        self.write(move |conn| {
            let mut found = None;
            for key in &keys {
                if let Some(c) = open_claim(conn, key)?.filter(|c| c.profile == profile) {
                    found = Some((key.clone(), c));
                    break;
                }
            }
            let Some((key, claim)) = found else {
                return Ok(None);
            };
            if claim.expires_at <= now {
                return Ok(None);
            }
            let new = make(&claim);
            let message_seq = insert_row(conn, &new, None)?;
            conn.prepare_cached(
                "UPDATE claims SET claimed_at = ?2, claimed_by = ?3, message_seq = ?4
                 WHERE code_key = ?1 AND claimed_at IS NULL AND cancelled_at IS NULL",
            )?
            .execute(params![key, now, sender, message_seq])?;
            let claimed = claim_of_message(conn, message_seq)?;
            Ok(Some((claimed, row::load(conn, message_seq)?.message)))
        })
        .await
    }

    /// Closes an open claim (the sale was voided); false when none was open.
    pub async fn cancel_claim(&self, key: &str, now: i64) -> Result<bool> {
        let key = key.to_owned();
        self.write(move |conn| {
            let n = conn
                .prepare_cached(
                    "UPDATE claims SET cancelled_at = ?2
                     WHERE code_key = ?1 AND claimed_at IS NULL AND cancelled_at IS NULL",
                )?
                .execute(params![key, now])?;
            Ok(n > 0)
        })
        .await
    }
}

fn open_claim(conn: &Connection, key: &str) -> Result<Option<StoredClaim>> {
    let seq: Option<i64> = conn
        .prepare_cached(
            "SELECT seq FROM claims
             WHERE code_key = ?1 AND claimed_at IS NULL AND cancelled_at IS NULL",
        )?
        .query_row([key], |r| r.get(0))
        .optional()?;
    seq.map(|s| load(conn, s)).transpose()
}

fn claim_of_message(conn: &Connection, message_seq: i64) -> Result<StoredClaim> {
    let seq: i64 = conn
        .prepare_cached("SELECT seq FROM claims WHERE message_seq = ?1")?
        .query_row([message_seq], |r| r.get(0))?;
    load(conn, seq)
}

fn load(conn: &Connection, seq: i64) -> Result<StoredClaim> {
    let sql = format!("SELECT {COLUMNS} FROM claims c WHERE c.seq = ?1");
    let row = conn.prepare_cached(&sql)?.query_row([seq], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
        ))
    })?;
    let (
        code,
        content,
        created_at,
        expires_at,
        claimed_at,
        claimed_by,
        message_id,
        cancelled_at,
        profile,
    ) = row;
    Ok(StoredClaim {
        code,
        content: serde_json::from_str(&content)
            .map_err(|e| StoreError::Corrupt(format!("claim content: {e}")))?,
        created_at,
        expires_at,
        claimed_at,
        claimed_by,
        message_id,
        cancelled_at,
        profile,
    })
}
