//! Reading the log: filters, full-text search and paging, planned so that a million messages
//! answer in about a millisecond (figures in the search benchmark).

use mostrador_types::{Message, MessageQuery, Page};
use rusqlite::{Connection, params, params_from_iter, types::Value};

use crate::row::{self, COLUMNS};
use crate::{Result, search};

enum Bounds {
    /// No row passes the filters.
    Empty,
    /// Every row that passes lies within these `seq` values (inclusive).
    Within(i64, i64),
    /// Not worth computing (no filter, or a date range too wide to scan).
    Unknown,
}

/// The smallest and largest `seq` the non-text filters allow, read from their indexes: an
/// index seek per status or recipient, a bounded scan for a date range. Exact, so it only
/// ever skips rows no filter would keep.
fn seq_bounds(conn: &Connection, q: &MessageQuery) -> Result<Bounds> {
    const MAX_DATE_SCAN: i64 = 200_000;
    let mut lo = i64::MIN;
    let mut hi = i64::MAX;
    let mut known = false;
    let mut narrow = |range: (Option<i64>, Option<i64>)| match range {
        (Some(a), Some(b)) => {
            lo = lo.max(a);
            hi = hi.min(b);
            known = true;
            true
        }
        _ => false,
    };
    if !q.statuses.is_empty() {
        let (mut a, mut b) = (i64::MAX, i64::MIN);
        for s in &q.statuses {
            if let (Some(x), Some(y)) = index_min_max(conn, "status", s.as_str())? {
                a = a.min(x);
                b = b.max(y);
            }
        }
        if a > b || !narrow((Some(a), Some(b))) {
            return Ok(Bounds::Empty);
        }
    }
    if let Some(to) = &q.to
        && !narrow(index_min_max(conn, "recipient", &to.to_string())?)
    {
        return Ok(Bounds::Empty);
    }
    if q.since.is_some() || q.until.is_some() {
        let (a, b, n): (Option<i64>, Option<i64>, i64) = conn
            .prepare_cached(
                "SELECT min(seq), max(seq), count(*) FROM (SELECT seq FROM messages
                 WHERE created_at >= ?1 AND created_at < ?2 LIMIT ?3)",
            )?
            .query_row(
                params![
                    q.since.unwrap_or(i64::MIN),
                    q.until.unwrap_or(i64::MAX),
                    MAX_DATE_SCAN
                ],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
        if n == 0 {
            return Ok(Bounds::Empty);
        }
        if n < MAX_DATE_SCAN {
            narrow((a, b));
        }
    }
    Ok(match (known, lo <= hi) {
        (false, _) => Bounds::Unknown,
        (true, true) => Bounds::Within(lo, hi),
        (true, false) => Bounds::Empty,
    })
}

/// The first and last `seq` with `column = value`: two index seeks. (One query asking for
/// both would scan every matching row: SQLite's min/max shortcut takes one aggregate only.)
fn index_min_max(
    conn: &Connection,
    column: &str,
    value: &str,
) -> Result<(Option<i64>, Option<i64>)> {
    let one = |agg: &str| -> Result<Option<i64>> {
        let sql = format!("SELECT {agg}(seq) FROM messages WHERE {column} = ?1");
        Ok(conn
            .prepare_cached(&sql)?
            .query_row([value], |r| r.get(0))?)
    };
    Ok((one("min")?, one("max")?))
}

fn is_selective(conn: &Connection, f: &Filters) -> Result<bool> {
    let sql = format!(
        "SELECT count(*) FROM (SELECT 1 FROM messages m WHERE {} LIMIT {SELECTIVE})",
        f.sql()
    );
    let n: i64 = conn
        .prepare_cached(&sql)?
        .query_row(params_from_iter(f.args.iter()), |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0) < SELECTIVE)
}

/// Filters that are not full-text, as SQL conditions on `m` with their arguments.
#[derive(Default)]
struct Filters {
    conds: Vec<String>,
    args: Vec<Value>,
}

impl Filters {
    fn push(&mut self, cond: &str, v: Value) {
        self.conds.push(cond.to_owned());
        self.args.push(v);
    }

    fn sql(&self) -> String {
        self.conds.join(" AND ")
    }
}

/// Below this many rows, the other filters drive a text search (each row checked against
/// the index); above, the index drives and the filters check. The bounded count that
/// decides costs at most this many index steps (< 1 ms).
const SELECTIVE: usize = 5_000;

pub fn list(conn: &Connection, q: &MessageQuery) -> Result<Page<Message>> {
    let mut f = Filters::default();
    if !q.statuses.is_empty() {
        let marks = vec!["?"; q.statuses.len()].join(",");
        f.conds.push(format!("m.status IN ({marks})"));
        f.args.extend(
            q.statuses
                .iter()
                .map(|s| Value::Text(s.as_str().to_owned())),
        );
    }
    if let Some(to) = &q.to {
        f.push("m.recipient = ?", Value::Text(to.to_string()));
    }
    if let Some(batch) = &q.batch {
        f.push(
            "m.batch_id = (SELECT seq FROM batches WHERE id = ?)",
            Value::Text(batch.clone()),
        );
    }
    if let Some(profile) = &q.profile {
        f.push("m.profile = ?", Value::Text(profile.clone()));
    }
    if let Some(since) = q.since {
        f.push("m.created_at >= ?", Value::Integer(since));
    }
    if let Some(until) = q.until {
        f.push("m.created_at < ?", Value::Integer(until));
    }
    if let Some(cursor) = q.cursor {
        f.push("m.seq < ?", Value::Integer(cursor));
    }
    let limit = q.limit.clamp(1, 500);
    let fetch = limit + 1;
    // Narrow the scans to the stretch of the log where the filtered rows lie. (Kept out of
    // the selectivity count: extra range terms there steer SQLite to a worse index.)
    let bounds = match seq_bounds(conn, q)? {
        Bounds::Empty => {
            return Ok(Page {
                items: Vec::new(),
                next_cursor: None,
            });
        }
        Bounds::Within(lo, hi) => Some((lo, hi)),
        Bounds::Unknown => None,
    };
    let text = q.text.as_deref().and_then(search::fts_query);
    let selective = text.is_some() && !f.conds.is_empty() && is_selective(conn, &f)?;
    if let (Some((lo, hi)), false) = (bounds, selective) {
        f.push("m.seq >= ?", Value::Integer(lo));
        f.push("m.seq <= ?", Value::Integer(hi));
    }
    let (sql, args) = match text {
        None => {
            let filter = if f.conds.is_empty() {
                String::new()
            } else {
                format!("WHERE {}", f.sql())
            };
            (
                format!(
                    "SELECT {COLUMNS} FROM messages m {filter} ORDER BY m.seq DESC LIMIT {fetch}"
                ),
                f.args,
            )
        }
        Some(expr) if selective => {
            // Few candidates (say, the failed ones): walk them newest first, checking each
            // against the text index by rowid.
            let sql = format!(
                "SELECT {COLUMNS} FROM messages m WHERE {} AND EXISTS (SELECT 1 FROM messages_fts \
                 WHERE messages_fts MATCH ? AND rowid = m.seq) ORDER BY m.seq DESC LIMIT {fetch}",
                f.sql()
            );
            let mut args = f.args;
            args.push(Value::Text(expr));
            (sql, args)
        }
        Some(expr) => {
            // The text index walks its matches newest first; LIMIT stops it early. CROSS JOIN
            // keeps SQLite from turning the loops around.
            // `m.seq` bounds become `f.rowid` bounds, which FTS5 seeks to directly.
            let filter = if f.conds.is_empty() {
                String::new()
            } else {
                format!("AND {}", f.sql().replace("m.seq ", "f.rowid "))
            };
            let sql = format!(
                "SELECT {COLUMNS} FROM messages_fts f CROSS JOIN messages m ON m.seq = f.rowid \
                 WHERE messages_fts MATCH ? {filter} ORDER BY f.rowid DESC LIMIT {fetch}"
            );
            let mut args = vec![Value::Text(expr)];
            args.extend(f.args);
            (sql, args)
        }
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(args), row::from_row)?;
    let mut items = Vec::with_capacity(limit as usize);
    let mut next_cursor = None;
    for r in rows {
        let stored = r??;
        if items.len() == limit as usize {
            next_cursor = items.last().map(|(seq, _)| format!("{seq}"));
            break;
        }
        items.push((stored.seq, stored.message));
    }
    Ok(Page {
        items: items.into_iter().map(|(_, m)| m).collect(),
        next_cursor,
    })
}
