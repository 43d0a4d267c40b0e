//! The `settings` table: the values a manager saved through the API (pacing, country…), one
//! row per setting, so they outlive a restart. Settings never saved have no row.

use mostrador_types::{SettingName, SettingsPatch};
use rusqlite::{Connection, params};

use crate::{Result, Store, StoreError};

/// The table's migration (see `schema.rs`). Values are JSON (`"BO"`, `1000`), so a setting
/// of any type fits and a later version can add settings without a new migration.
pub(crate) const MIGRATION: &str = r#"
    CREATE TABLE settings (
        name        TEXT PRIMARY KEY,
        value       TEXT NOT NULL,
        updated_at  INTEGER NOT NULL
    ) WITHOUT ROWID;
"#;

impl Store {
    /// The saved settings; those never saved are `None`. Rows this version does not know
    /// (written by a newer one) are ignored.
    pub async fn saved_settings(&self) -> Result<SettingsPatch> {
        self.read(load).await
    }

    /// Saves every setting that is `Some` (replacing its saved value; the others keep theirs)
    /// in one durable commit, and returns all saved settings.
    pub async fn save_settings(&self, changes: SettingsPatch, now: i64) -> Result<SettingsPatch> {
        self.write(move |conn| {
            for (name, value) in values(&changes) {
                conn.prepare_cached(
                    "INSERT INTO settings (name, value, updated_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT(name) DO UPDATE SET value = excluded.value,
                                                     updated_at = excluded.updated_at",
                )?
                .execute(params![name.as_str(), value.to_string(), now])?;
            }
            load(conn)
        })
        .await
    }
}

/// The `Some` settings of a patch as JSON values.
fn values(p: &SettingsPatch) -> Vec<(SettingName, serde_json::Value)> {
    use serde_json::Value;
    [
        (
            SettingName::DefaultCountry,
            p.default_country.clone().map(Value::from),
        ),
        (SettingName::PacingMs, p.pacing_ms.map(Value::from)),
        (SettingName::JitterMs, p.jitter_ms.map(Value::from)),
        (SettingName::MaxAttempts, p.max_attempts.map(Value::from)),
        (
            SettingName::ExpireAfterMs,
            p.expire_after_ms.map(Value::from),
        ),
        (SettingName::WebhooksLan, p.webhooks_lan.map(Value::from)),
        (
            SettingName::CustomerWaitMs,
            p.customer_wait_ms.map(Value::from),
        ),
    ]
    .into_iter()
    .filter_map(|(n, v)| v.map(|v| (n, v)))
    .collect()
}

fn load(conn: &Connection) -> Result<SettingsPatch> {
    let mut stmt = conn.prepare_cached("SELECT name, value FROM settings")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut saved = SettingsPatch::default();
    for row in rows {
        let (name, value) = row?;
        let Some(setting) = SettingName::parse(&name) else {
            continue;
        };
        let corrupt = |e: serde_json::Error| {
            StoreError::Corrupt(format!("the saved setting {name} ({value:?}): {e}"))
        };
        match setting {
            SettingName::DefaultCountry => {
                saved.default_country = Some(serde_json::from_str(&value).map_err(corrupt)?);
            }
            SettingName::PacingMs => {
                saved.pacing_ms = Some(serde_json::from_str(&value).map_err(corrupt)?);
            }
            SettingName::JitterMs => {
                saved.jitter_ms = Some(serde_json::from_str(&value).map_err(corrupt)?);
            }
            SettingName::MaxAttempts => {
                saved.max_attempts = Some(serde_json::from_str(&value).map_err(corrupt)?);
            }
            SettingName::ExpireAfterMs => {
                saved.expire_after_ms = Some(serde_json::from_str(&value).map_err(corrupt)?);
            }
            SettingName::WebhooksLan => {
                saved.webhooks_lan = Some(serde_json::from_str(&value).map_err(corrupt)?);
            }
            SettingName::CustomerWaitMs => {
                saved.customer_wait_ms = Some(serde_json::from_str(&value).map_err(corrupt)?);
            }
        }
    }
    Ok(saved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("app.db")).unwrap();
        (dir, store)
    }

    #[tokio::test]
    async fn nothing_is_saved_at_first() {
        let (_d, store) = open();
        assert!(store.saved_settings().await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn saved_settings_merge_and_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.db");
        {
            let store = Store::open(&path).unwrap();
            let first = SettingsPatch {
                pacing_ms: Some(2000),
                default_country: Some("MX".into()),
                ..SettingsPatch::default()
            };
            assert_eq!(store.save_settings(first.clone(), 1).await.unwrap(), first);
            let second = SettingsPatch {
                pacing_ms: Some(0),
                jitter_ms: Some(0),
                max_attempts: Some(1000),
                ..SettingsPatch::default()
            };
            let all = store.save_settings(second, 2).await.unwrap();
            assert_eq!(
                all,
                SettingsPatch {
                    default_country: Some("MX".into()),
                    pacing_ms: Some(0),
                    jitter_ms: Some(0),
                    max_attempts: Some(1000),
                    expire_after_ms: None,
                    webhooks_lan: None,
                    customer_wait_ms: None,
                }
            );
            // Nothing to change: a no-op that still answers with what is saved.
            assert_eq!(
                store
                    .save_settings(SettingsPatch::default(), 3)
                    .await
                    .unwrap(),
                all
            );
            store.close();
        }
        let store = Store::open(&path).unwrap();
        let saved = store.saved_settings().await.unwrap();
        assert_eq!(saved.default_country.as_deref(), Some("MX"));
        assert_eq!((saved.pacing_ms, saved.jitter_ms), (Some(0), Some(0)));
        assert_eq!(saved.max_attempts, Some(1000));
    }

    #[tokio::test]
    async fn a_database_from_before_settings_gets_the_table() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.db");
        {
            // What the first release left: schema version 1, no settings table.
            let conn = Connection::open(&path).unwrap();
            crate::schema::migrate(&conn).unwrap();
            conn.execute_batch(
                "DROP TABLE api_keys; DROP TABLE profiles; DROP INDEX messages_profile;
                 ALTER TABLE messages DROP COLUMN profile;
                 DROP TABLE contact_tags; DROP TABLE contacts; DROP TABLE claims;
                 ALTER TABLE messages DROP COLUMN waiting_at;
                 DROP TRIGGER hook_received_new; DROP TABLE received;
                 DROP TRIGGER hook_message_new; DROP TRIGGER hook_message_status;
                 DROP TRIGGER hook_batch_new; DROP TRIGGER hook_batch_status;
                 DROP TABLE webhooks; DROP TABLE hook_events; DROP TABLE hook_deliveries;
                 DROP INDEX messages_batch; ALTER TABLE messages DROP COLUMN batch_id;
                 DROP INDEX outbox_singles; DROP INDEX outbox_batch;
                 ALTER TABLE outbox DROP COLUMN profile;
                 ALTER TABLE outbox DROP COLUMN batch; DROP TABLE batches;
                 ALTER TABLE messages DROP COLUMN revision; ALTER TABLE messages DROP COLUMN send_at;
                 ALTER TABLE messages DROP COLUMN scheduled_at;
                 ALTER TABLE messages DROP COLUMN expired_at;
                 ALTER TABLE messages DROP COLUMN skipped_at; DROP TABLE settings;
                 PRAGMA user_version = 1;",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let saved = SettingsPatch {
            max_attempts: Some(3),
            ..SettingsPatch::default()
        };
        assert_eq!(store.save_settings(saved.clone(), 1).await.unwrap(), saved);
    }

    #[tokio::test]
    async fn unknown_rows_are_ignored_and_unreadable_values_are_reported() {
        let (_d, store) = open();
        let raw = |name: &'static str, value: &'static str| {
            store.write(move |conn| {
                conn.execute(
                    "INSERT OR REPLACE INTO settings VALUES (?1, ?2, 0)",
                    params![name, value],
                )?;
                Ok(())
            })
        };
        raw("from_a_newer_version", "true").await.unwrap();
        raw("jitter_ms", "250").await.unwrap();
        let saved = store.saved_settings().await.unwrap();
        assert_eq!(
            saved,
            SettingsPatch {
                jitter_ms: Some(250),
                ..SettingsPatch::default()
            }
        );
        raw("max_attempts", "\"many\"").await.unwrap();
        let err = store.saved_settings().await.unwrap_err();
        assert!(
            matches!(err, StoreError::Corrupt(ref m) if m.contains("max_attempts")),
            "{err}"
        );
    }
}
