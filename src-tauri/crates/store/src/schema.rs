//! The schema and its migrations, applied in order and recorded in `PRAGMA user_version`.

use rusqlite::Connection;

use crate::Result;

/// Each entry moves the schema from version `i` to `i + 1`. Never edit a shipped entry:
/// add a new one.
const MIGRATIONS: &[&str] = &[
    // 1: the message log, its outbox and its search index.
    r#"
    CREATE TABLE messages (
        seq            INTEGER PRIMARY KEY,
        id             TEXT NOT NULL UNIQUE,
        wa_id          TEXT NOT NULL UNIQUE,
        recipient      TEXT NOT NULL,
        kind           TEXT NOT NULL,
        content        TEXT NOT NULL,
        status         TEXT NOT NULL,
        attempts       INTEGER NOT NULL DEFAULT 0,
        error_code     TEXT,
        error_message  TEXT,
        idem_key       TEXT,
        idem_hash      TEXT,
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL,
        queued_at      INTEGER,
        sending_at     INTEGER,
        sent_at        INTEGER,
        delivered_at   INTEGER,
        read_at        INTEGER,
        played_at      INTEGER,
        failed_at      INTEGER,
        cancelled_at   INTEGER
    );
    CREATE UNIQUE INDEX messages_idem ON messages(idem_key) WHERE idem_key IS NOT NULL;
    CREATE INDEX messages_status ON messages(status, seq);
    CREATE INDEX messages_recipient ON messages(recipient, seq);
    CREATE INDEX messages_created ON messages(created_at);

    -- A row here means the message still has to be handed to WhatsApp. No index on due_at on
    -- purpose: the dispatcher walks the outbox in seq (rowid) order and stops at the first
    -- due row; an index on due_at tempts SQLite into sorting the whole backlog per claim.
    CREATE TABLE outbox (
        seq        INTEGER PRIMARY KEY REFERENCES messages(seq),
        due_at     INTEGER NOT NULL,
        in_flight  INTEGER NOT NULL DEFAULT 0
    );

    -- Contentless: the words live in `messages`; rowid = messages.seq. Prefix indexes up to
    -- 8 characters keep as-you-type searches (`fact` → factura) from merging whole doclists:
    -- 0.2 ms instead of 25 ms over a million messages (see search.rs).
    CREATE VIRTUAL TABLE messages_fts USING fts5(
        body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2',
        prefix='2 3 4 5 6 7 8'
    );
    "#,
    // 2: settings saved through the API.
    crate::saved_settings::MIGRATION,
    // 3: each change of a message counts up its revision, so a surface that holds a copy
    // (the UI's list) can tell an older update from a newer one without knowing the rules
    // of statuses.
    "ALTER TABLE messages ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;",
    // 4: messages sent later: when each is to go, when it was scheduled, when it expired.
    "ALTER TABLE messages ADD COLUMN send_at INTEGER;
     ALTER TABLE messages ADD COLUMN scheduled_at INTEGER;
     ALTER TABLE messages ADD COLUMN expired_at INTEGER;",
    // 5: batches (broadcasts), their items' link to them, and the outbox's indexes that let
    // single messages go before a broadcast's items.
    crate::batches::MIGRATION,
    // 6: a broadcast's recipients checked before its first send; those without WhatsApp
    // are skipped, and when.
    "ALTER TABLE messages ADD COLUMN skipped_at INTEGER;
     ALTER TABLE batches ADD COLUMN checked INTEGER NOT NULL DEFAULT 0;",
    // 7: webhooks, the events waiting for them (written by triggers with the change that
    // causes each), and the recent attempts to deliver them.
    crate::webhooks::MIGRATION,
    // 8: what customers write to the shop, and its webhook event.
    crate::received::MIGRATION,
    // 9: messages WhatsApp holds until the customer writes (the reach-out limit), and when.
    "ALTER TABLE messages ADD COLUMN waiting_at INTEGER;",
    // 10: claims — a message for whoever writes its code to the shop.
    crate::claims::MIGRATION,
    // 11: why a webhook attempt failed, as a code a screen can say in its language.
    "ALTER TABLE hook_deliveries ADD COLUMN problem TEXT;",
    // 12: the shop's contact book and its tags.
    crate::contacts::MIGRATION,
    // 13: profiles — several linked numbers; what each owns names it.
    crate::profiles::MIGRATION,
    // 14: named API keys (their hashes; the keys themselves live in the secret store).
    crate::api_keys::MIGRATION,
];

pub fn migrate(conn: &Connection) -> Result<()> {
    migrate_to(conn, MIGRATIONS.len())
}

/// Up to schema `version` (tests make the databases of earlier releases with it).
pub(crate) fn migrate_to(conn: &Connection, version: usize) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let done = usize::try_from(current).unwrap_or(0);
    for (i, sql) in (1_i64..).zip(&MIGRATIONS[..version]).skip(done) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i)?;
        tx.commit()?;
    }
    Ok(())
}
