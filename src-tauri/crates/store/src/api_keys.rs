//! Named API keys as the database keeps them: name, scope and a hash — never the key.

use mostrador_types::NamedKey;
use rusqlite::params;

use crate::{Result, Store};

pub const MIGRATION: &str = r#"
    CREATE TABLE api_keys (
        seq         INTEGER PRIMARY KEY,
        id          TEXT NOT NULL UNIQUE,
        name        TEXT NOT NULL,
        profile     TEXT,
        hash        TEXT NOT NULL UNIQUE,
        created_at  INTEGER NOT NULL
    );
"#;

/// A key's row: what is listed, and the hash a presented key is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRow {
    pub key: NamedKey,
    /// SHA-256 of the key, hex.
    pub hash: String,
}

impl Store {
    pub async fn named_keys(&self) -> Result<Vec<KeyRow>> {
        self.read(|conn| {
            conn.prepare_cached(
                "SELECT id, name, profile, created_at, hash FROM api_keys ORDER BY seq",
            )?
            .query_map([], |r| {
                Ok(KeyRow {
                    key: NamedKey {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        profile: r.get(2)?,
                        created_at: r.get(3)?,
                    },
                    hash: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()
            .map_err(Into::into)
        })
        .await
    }

    pub async fn add_named_key(&self, row: KeyRow) -> Result<()> {
        self.write(move |conn| {
            conn.prepare_cached(
                "INSERT INTO api_keys (id, name, profile, hash, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                row.key.id,
                row.key.name,
                row.key.profile,
                row.hash,
                row.key.created_at
            ])?;
            Ok(())
        })
        .await
    }

    /// Whether a key was there to remove.
    pub async fn remove_named_key(&self, id: &str) -> Result<bool> {
        let id = id.to_owned();
        self.write(move |conn| {
            Ok(conn
                .prepare_cached("DELETE FROM api_keys WHERE id = ?1")?
                .execute([id])?
                > 0)
        })
        .await
    }
}
