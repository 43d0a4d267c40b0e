//! Profiles (the shop's linked numbers): their rows, and what belongs to each — every message,
//! outbox row, batch, claim and received message names its profile.

use mostrador_types::{DEFAULT_PROFILE, Message};
use rusqlite::{Connection, OptionalExtension, params};

use crate::{Result, Store, row};

/// The table, the default profile as its first row, and the profile column on what each
/// profile owns. What was stored before profiles existed belongs to the default one.
pub const MIGRATION: &str = r#"
    CREATE TABLE profiles (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        id          TEXT NOT NULL UNIQUE,
        name        TEXT NOT NULL,
        name_key    TEXT NOT NULL UNIQUE,
        color       TEXT NOT NULL DEFAULT '',
        created_at  INTEGER NOT NULL
    );
    INSERT INTO profiles (id, name, name_key, created_at)
    VALUES ('default', 'Principal', 'principal',
            coalesce((SELECT min(created_at) FROM messages), 0));
    ALTER TABLE messages ADD COLUMN profile TEXT NOT NULL DEFAULT 'default';
    CREATE INDEX messages_profile ON messages(profile, seq);
    ALTER TABLE outbox ADD COLUMN profile TEXT NOT NULL DEFAULT 'default';
    -- Each profile's lane walks its own single messages in order.
    DROP INDEX outbox_singles;
    CREATE INDEX outbox_singles ON outbox(profile, seq) WHERE batch IS NULL;
    UPDATE batches SET profile = 'default' WHERE profile = '';
    UPDATE claims SET profile = 'default' WHERE profile = '';
    ALTER TABLE received ADD COLUMN profile TEXT NOT NULL DEFAULT 'default';
    -- Kept once per number: WhatsApp gives a message to every device of the account, so one
    -- account linked as two profiles keeps a copy in each.
    DROP INDEX received_once;
    CREATE UNIQUE INDEX received_once ON received(profile, sender, wa_id);
"#;

/// A profile as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileRow {
    pub id: String,
    pub name: String,
    pub color: String,
    pub created_at: i64,
}

/// Why a profile could not be added or renamed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileSaved {
    Saved(ProfileRow),
    /// Another profile has this name (letter case aside).
    NameTaken,
    NotFound,
}

impl Store {
    /// Every profile, the default first, then in the order they were added.
    pub async fn profiles(&self) -> Result<Vec<ProfileRow>> {
        self.read(|conn| {
            conn.prepare_cached("SELECT id, name, color, created_at FROM profiles ORDER BY seq")?
                .query_map([], from_row)?
                .collect::<rusqlite::Result<_>>()
                .map_err(Into::into)
        })
        .await
    }

    /// Adds a profile; its id is `p` + its row number (never reused).
    pub async fn add_profile(&self, name: String, color: String, now: i64) -> Result<ProfileSaved> {
        self.write(move |conn| {
            if name_taken(conn, &name, "")? {
                return Ok(ProfileSaved::NameTaken);
            }
            let next: i64 = conn
                .prepare_cached("SELECT coalesce(max(seq), 0) + 1 FROM profiles")?
                .query_row([], |r| r.get(0))?;
            // AUTOINCREMENT: a deleted profile's row number (and so its id) never returns.
            let seen: Option<i64> = conn
                .prepare_cached("SELECT seq FROM sqlite_sequence WHERE name = 'profiles'")?
                .query_row([], |r| r.get(0))
                .optional()?;
            let seq = next.max(seen.unwrap_or(0) + 1);
            let id = format!("p{seq}");
            conn.prepare_cached(
                "INSERT INTO profiles (seq, id, name, name_key, color, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![seq, id, name, key(&name), color, now])?;
            Ok(ProfileSaved::Saved(load(conn, &id)?.ok_or_else(|| {
                crate::StoreError::Corrupt("profile just added is missing".into())
            })?))
        })
        .await
    }

    /// Renames or recolours a profile (absent: unchanged).
    pub async fn change_profile(
        &self,
        id: String,
        name: Option<String>,
        color: Option<String>,
    ) -> Result<ProfileSaved> {
        self.write(move |conn| {
            if load(conn, &id)?.is_none() {
                return Ok(ProfileSaved::NotFound);
            }
            if let Some(name) = &name {
                if name_taken(conn, name, &id)? {
                    return Ok(ProfileSaved::NameTaken);
                }
                conn.prepare_cached("UPDATE profiles SET name = ?2, name_key = ?3 WHERE id = ?1")?
                    .execute(params![id, name, key(name)])?;
            }
            if let Some(color) = &color {
                conn.prepare_cached("UPDATE profiles SET color = ?2 WHERE id = ?1")?
                    .execute(params![id, color])?;
            }
            Ok(load(conn, &id)?.map_or(ProfileSaved::NotFound, ProfileSaved::Saved))
        })
        .await
    }

    /// Removes a profile (never the default). In the same commit, everything it still had
    /// to send is cancelled — its messages, its broadcasts, its open claims; the log keeps
    /// them. Returns the cancelled messages (to announce), or `None` when there is no such
    /// profile.
    pub async fn remove_profile(&self, id: String, now: i64) -> Result<Option<Vec<Message>>> {
        self.write(move |conn| {
            if id == DEFAULT_PROFILE || load(conn, &id)?.is_none() {
                return Ok(None);
            }
            let seqs: Vec<i64> = conn
                .prepare_cached(
                    "SELECT m.seq FROM messages m
                     WHERE m.profile = ?1 AND m.status IN ('scheduled', 'queued', 'sending', 'waiting')
                     ORDER BY m.seq",
                )?
                .query_map([&id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut cancelled = Vec::with_capacity(seqs.len());
            for seq in seqs {
                conn.prepare_cached("DELETE FROM outbox WHERE seq = ?1")?
                    .execute([seq])?;
                conn.prepare_cached(
                    "UPDATE messages SET revision = revision + 1, status = 'cancelled',
                         cancelled_at = ?2, updated_at = ?2,
                         error_code = 'PROFILE_DELETED',
                         error_message = 'its WhatsApp number was removed from Mostrador'
                     WHERE seq = ?1",
                )?
                .execute(params![seq, now])?;
                cancelled.push(row::load(conn, seq)?.message);
            }
            conn.prepare_cached(
                "UPDATE batches SET status = 'cancelled', updated_at = ?2,
                     finished_at = coalesce(finished_at, ?2)
                 WHERE profile = ?1 AND status IN ('running', 'paused')",
            )?
            .execute(params![id, now])?;
            conn.prepare_cached(
                "UPDATE claims SET cancelled_at = ?2
                 WHERE profile = ?1 AND claimed_at IS NULL AND cancelled_at IS NULL",
            )?
            .execute(params![id, now])?;
            conn.prepare_cached("DELETE FROM profiles WHERE id = ?1")?
                .execute([&id])?;
            Ok(Some(cancelled))
        })
        .await
    }
}

/// Names compare without letter case or surrounding spaces.
fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

fn name_taken(conn: &Connection, name: &str, except: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM profiles WHERE name_key = ?1 AND id <> ?2")?
        .query_row(params![key(name), except], |_| Ok(()))
        .optional()?
        .is_some())
}

fn load(conn: &Connection, id: &str) -> Result<Option<ProfileRow>> {
    Ok(conn
        .prepare_cached("SELECT id, name, color, created_at FROM profiles WHERE id = ?1")?
        .query_row([id], from_row)
        .optional()?)
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ProfileRow> {
    Ok(ProfileRow {
        id: r.get(0)?,
        name: r.get(1)?,
        color: r.get(2)?,
        created_at: r.get(3)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database of the release before profiles: what it holds becomes the main number's.
    #[tokio::test]
    async fn a_database_from_before_profiles_gives_everything_to_the_main_number() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.db");
        {
            let conn = Connection::open(&path).unwrap();
            crate::schema::migrate_to(&conn, 12).unwrap();
            conn.execute_batch(
                "INSERT INTO messages (id, wa_id, recipient, kind, content, status, created_at,
                     updated_at, queued_at)
                 VALUES ('m1', 'WA1', '+59171234567', 'text', '{\"type\":\"text\",\"text\":\"hola\"}',
                         'queued', 5, 5, 5);
                 INSERT INTO outbox (seq, due_at) VALUES (1, 5);
                 INSERT INTO batches (id, name, template, status, total, created_at, updated_at)
                 VALUES ('b1', 'promo', '{\"type\":\"text\",\"text\":\"x\"}', 'done', 0, 5, 5);",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let profiles = store.profiles().await.unwrap();
        assert_eq!(profiles.len(), 1);
        assert_eq!(
            (profiles[0].id.as_str(), profiles[0].created_at),
            ("default", 5)
        );
        let m = store.get("m1").await.unwrap().unwrap();
        assert_eq!(m.profile, "default");
        let claimed = store
            .claim_next("default", 10, vec![])
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            claimed.message.id, "m1",
            "its queue is the main number's lane's"
        );
        let batch = store.batch("b1").await.unwrap().unwrap();
        assert_eq!(batch.profile, "default");
    }
}
