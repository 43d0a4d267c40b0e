//! The shop's contact book: one row per number (E.164, unique), its tags in their own table,
//! kept in name order for paging. Imports merge by number in one commit. What a contact may
//! be (number, name, tag rules) is the core's to judge; this stores what it was given.

use mostrador_types::{Contact, Page};
use rusqlite::{Connection, OptionalExtension, params};

use crate::{Result, Store};

pub const MIGRATION: &str = r#"
    CREATE TABLE contacts (
        seq         INTEGER PRIMARY KEY,
        id          TEXT NOT NULL UNIQUE,
        phone       TEXT NOT NULL UNIQUE,
        name        TEXT NOT NULL DEFAULT '',
        -- The name as it sorts and is searched: lower case.
        name_key    TEXT NOT NULL DEFAULT '',
        notes       TEXT NOT NULL DEFAULT '',
        opted_out   INTEGER NOT NULL DEFAULT 0,
        profile     TEXT NOT NULL DEFAULT '',
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
    );
    CREATE INDEX contacts_by_name ON contacts(name_key, seq);
    CREATE TABLE contact_tags (
        contact_seq INTEGER NOT NULL REFERENCES contacts(seq) ON DELETE CASCADE,
        tag         TEXT NOT NULL,
        PRIMARY KEY (contact_seq, tag)
    ) WITHOUT ROWID;
    CREATE INDEX contact_tags_by_tag ON contact_tags(tag, contact_seq);
"#;

/// A contact as the core made it valid: `phone` E.164 with `+`, tags in their stored form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRow {
    pub phone: String,
    pub name: String,
    pub tags: Vec<String>,
    pub notes: String,
    pub opted_out: bool,
}

/// Which contacts to list: by part of the name or digits of the number (either matching),
/// by tag; in name order, `limit` at a time after `cursor`.
#[derive(Debug, Clone, Default)]
pub struct ContactQuery {
    /// Part of the name, lower case.
    pub name: Option<String>,
    /// Digits anywhere in the number.
    pub digits: Option<String>,
    pub tag: Option<String>,
    pub cursor: Option<String>,
    pub limit: u32,
}

/// What saving a contact came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    Saved(Contact),
    /// Another contact has that number.
    NumberTaken(Contact),
    NotFound,
}

const COLUMNS: &str = "c.seq, c.id, c.phone, c.name, c.notes, c.opted_out, c.created_at, \
    c.updated_at, (SELECT group_concat(t.tag, char(31)) FROM contact_tags t \
    WHERE t.contact_seq = c.seq)";

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, Contact)> {
    let tags: Option<String> = r.get(8)?;
    let mut tags: Vec<String> = tags
        .map(|t| t.split('\u{1f}').map(str::to_owned).collect())
        .unwrap_or_default();
    tags.sort();
    Ok((
        r.get(0)?,
        Contact {
            id: r.get(1)?,
            phone: r.get(2)?,
            name: r.get(3)?,
            notes: r.get(4)?,
            opted_out: r.get(5)?,
            created_at: r.get(6)?,
            updated_at: r.get(7)?,
            tags,
        },
    ))
}

fn by_phone(conn: &Connection, phone: &str) -> Result<Option<(i64, Contact)>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM contacts c WHERE c.phone = ?1"
        ))?
        .query_row([phone], read_row)
        .optional()?)
}

fn by_id(conn: &Connection, id: &str) -> Result<Option<(i64, Contact)>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM contacts c WHERE c.id = ?1"))?
        .query_row([id], read_row)
        .optional()?)
}

fn set_tags(conn: &Connection, seq: i64, tags: &[String]) -> Result<()> {
    conn.prepare_cached("DELETE FROM contact_tags WHERE contact_seq = ?1")?
        .execute([seq])?;
    let mut add = conn
        .prepare_cached("INSERT OR IGNORE INTO contact_tags (contact_seq, tag) VALUES (?1, ?2)")?;
    for tag in tags {
        add.execute(params![seq, tag])?;
    }
    Ok(())
}

fn insert(conn: &Connection, id: &str, c: &ContactRow, now: i64) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO contacts (id, phone, name, name_key, notes, opted_out, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
    )?
    .execute(params![
        id,
        c.phone,
        c.name,
        c.name.to_lowercase(),
        c.notes,
        c.opted_out,
        now
    ])?;
    let seq = conn.last_insert_rowid();
    set_tags(conn, seq, &c.tags)?;
    Ok(seq)
}

fn update(conn: &Connection, seq: i64, c: &ContactRow, now: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE contacts SET phone = ?2, name = ?3, name_key = ?4, notes = ?5, opted_out = ?6,
             updated_at = ?7
         WHERE seq = ?1",
    )?
    .execute(params![
        seq,
        c.phone,
        c.name,
        c.name.to_lowercase(),
        c.notes,
        c.opted_out,
        now
    ])?;
    set_tags(conn, seq, &c.tags)
}

/// `ours` with `theirs` merged in: their words where they have some, tags together,
/// opted out if either is.
pub fn merged(ours: &ContactRow, theirs: &ContactRow) -> ContactRow {
    let pick = |a: &str, b: &str| if b.is_empty() { a } else { b }.to_owned();
    let mut tags = ours.tags.clone();
    for t in &theirs.tags {
        if !tags.contains(t) {
            tags.push(t.clone());
        }
    }
    ContactRow {
        phone: ours.phone.clone(),
        name: pick(&ours.name, &theirs.name),
        tags,
        notes: pick(&ours.notes, &theirs.notes),
        opted_out: ours.opted_out || theirs.opted_out,
    }
}

/// A stored contact as the row it was made from.
pub fn row_of(c: &Contact) -> ContactRow {
    ContactRow {
        phone: c.phone.clone(),
        name: c.name.clone(),
        tags: c.tags.clone(),
        notes: c.notes.clone(),
        opted_out: c.opted_out,
    }
}

impl Store {
    /// Adds a contact; a number already in the book answers `NumberTaken`.
    pub async fn insert_contact(&self, id: String, c: ContactRow, now: i64) -> Result<Saved> {
        self.write(move |conn| {
            if let Some((_, existing)) = by_phone(conn, &c.phone)? {
                return Ok(Saved::NumberTaken(existing));
            }
            insert(conn, &id, &c, now)?;
            Ok(by_id(conn, &id)?.map_or(Saved::NotFound, |(_, c)| Saved::Saved(c)))
        })
        .await
    }

    /// Replaces contact `id` with what `change` makes of it (given the contact as it is now,
    /// in the same commit).
    pub async fn change_contact(
        &self,
        id: String,
        change: impl FnOnce(&Contact) -> ContactRow + Send + 'static,
        now: i64,
    ) -> Result<Saved> {
        self.write(move |conn| {
            let Some((seq, current)) = by_id(conn, &id)? else {
                return Ok(Saved::NotFound);
            };
            let next = change(&current);
            if next.phone != current.phone
                && let Some((_, other)) = by_phone(conn, &next.phone)?
            {
                return Ok(Saved::NumberTaken(other));
            }
            update(conn, seq, &next, now)?;
            Ok(by_id(conn, &id)?.map_or(Saved::NotFound, |(_, c)| Saved::Saved(c)))
        })
        .await
    }

    pub async fn delete_contact(&self, id: &str) -> Result<bool> {
        let id = id.to_owned();
        self.write(move |conn| {
            Ok(conn
                .prepare_cached("DELETE FROM contacts WHERE id = ?1")?
                .execute([id])?
                == 1)
        })
        .await
    }

    pub async fn contact(&self, id: &str) -> Result<Option<Contact>> {
        let id = id.to_owned();
        self.read(move |conn| Ok(by_id(conn, &id)?.map(|(_, c)| c)))
            .await
    }

    /// The contact with this number (E.164 with `+`), if any.
    pub async fn contact_by_phone(&self, phone: &str) -> Result<Option<Contact>> {
        let phone = phone.to_owned();
        self.read(move |conn| Ok(by_phone(conn, &phone)?.map(|(_, c)| c)))
            .await
    }

    /// A page of contacts in name order.
    pub async fn contacts(&self, q: ContactQuery) -> Result<Page<Contact>> {
        self.read(move |conn| {
            let (after_key, after_seq) = q
                .cursor
                .as_deref()
                .and_then(|c| c.split_once('.'))
                .and_then(|(seq, key)| Some((key.to_owned(), seq.parse::<i64>().ok()?)))
                .unwrap_or_default();
            let name = q.name.map(|n| format!("%{}%", like_escape(&n)));
            let digits = q.digits.map(|d| format!("%{d}%"));
            let limit = i64::from(q.limit.max(1));
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {COLUMNS}, c.name_key FROM contacts c
                 WHERE ((?1 IS NULL AND ?2 IS NULL)
                        OR (?1 IS NOT NULL AND c.name_key LIKE ?1 ESCAPE '\\')
                        OR (?2 IS NOT NULL AND c.phone LIKE ?2))
                   AND (?3 IS NULL OR EXISTS (SELECT 1 FROM contact_tags t
                        WHERE t.contact_seq = c.seq AND t.tag = ?3))
                   AND (c.name_key, c.seq) > (?4, ?5)
                 ORDER BY c.name_key, c.seq
                 LIMIT ?6"
            ))?;
            let mut rows: Vec<(i64, Contact, String)> = stmt
                .query_map(
                    params![name, digits, q.tag, after_key, after_seq, limit + 1],
                    |r| {
                        let (seq, c) = read_row(r)?;
                        Ok((seq, c, r.get(9)?))
                    },
                )?
                .collect::<rusqlite::Result<_>>()?;
            let more = rows.len() as i64 > limit;
            rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
            let next_cursor = more
                .then(|| rows.last().map(|(seq, _, key)| format!("{seq}.{key}")))
                .flatten();
            Ok(Page {
                items: rows.into_iter().map(|(_, c, _)| c).collect(),
                next_cursor,
            })
        })
        .await
    }

    /// The whole book, in name order (an export).
    pub async fn all_contacts(&self) -> Result<Vec<Contact>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM contacts c ORDER BY c.name_key, c.seq"
            ))?;
            let rows = stmt.query_map([], |r| Ok(read_row(r)?.1))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    /// Every contact tagged `tag`, in name order (a broadcast to the tag).
    pub async fn contacts_tagged(&self, tag: &str) -> Result<Vec<Contact>> {
        let tag = tag.to_owned();
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM contacts c JOIN contact_tags t ON t.contact_seq = c.seq
                 WHERE t.tag = ?1 ORDER BY c.name_key, c.seq"
            ))?;
            let rows = stmt.query_map([tag], |r| Ok(read_row(r)?.1))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    /// Every tag in use and how many contacts have it, by name.
    pub async fn contact_tags(&self) -> Result<Vec<(String, u32)>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT tag, count(*) FROM contact_tags GROUP BY tag ORDER BY tag",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    /// Imports `rows` in one commit, each merged into the contact with its number (or an
    /// earlier row's); `make_id` names new ones. Returns (added, merged).
    pub async fn import_contacts(
        &self,
        rows: Vec<ContactRow>,
        now: i64,
        make_id: impl Fn() -> String + Send + 'static,
    ) -> Result<(u32, u32)> {
        self.write(move |conn| {
            let (mut added, mut merged_n) = (0, 0);
            for row in rows {
                match by_phone(conn, &row.phone)? {
                    Some((seq, existing)) => {
                        update(conn, seq, &merged(&row_of(&existing), &row), now)?;
                        merged_n += 1;
                    }
                    None => {
                        insert(conn, &make_id(), &row, now)?;
                        added += 1;
                    }
                }
            }
            Ok((added, merged_n))
        })
        .await
    }

    /// Of these numbers, the ones in the book (to preview an import).
    pub async fn known_phones(&self, phones: Vec<String>) -> Result<Vec<String>> {
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached("SELECT 1 FROM contacts WHERE phone = ?1")?;
            let mut out = Vec::new();
            for p in phones {
                if stmt.exists([&p])? {
                    out.push(p);
                }
            }
            Ok(out)
        })
        .await
    }
}

/// `%`, `_` and `\` as themselves in a LIKE pattern.
fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}
