//! Opening the database, and the two ways in: one writer thread that batches concurrent
//! writes into a single durable commit, and a small pool of readers.
//!
//! Why a writer thread: SQLite allows one writer at a time, and a durable commit costs an
//! fsync. Queuing every write to one thread lets 32 concurrent POS requests share one fsync
//! (group commit) while each still gets its answer only after its data is on disk.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};

use rusqlite::{Connection, OpenFlags};
use tokio::sync::oneshot;

use crate::{Result, StoreError, schema};

/// How many queued writes one commit may carry.
const MAX_BATCH: usize = 256;

type Reply = Box<dyn FnOnce(Result<()>) + Send>;
/// Runs on the connection inside the batch's transaction — or, given `None`, does not run
/// because the batch was lost before its turn — and returns how to answer its caller.
type Job = Box<dyn FnOnce(Option<&Connection>) -> Reply + Send>;

/// A handle to the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    db: Arc<Database>,
}

/// The open database: its file, key, the one writer and the pool of readers.
struct Database {
    path: PathBuf,
    /// SQLCipher key (64 hex digits), when the file is encrypted.
    key: Option<String>,
    writer: Mutex<Option<mpsc::Sender<Job>>>,
    writer_thread: Mutex<Option<std::thread::JoinHandle<()>>>,
    readers: Mutex<Vec<Connection>>,
}

impl Store {
    /// Opens (creating if needed) an unencrypted database at `path` and brings its schema up
    /// to date. For tests and benchmarks; the app uses `open_encrypted`.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_with(path, None)
    }

    /// Opens (creating if needed) a database encrypted with SQLCipher under `key_hex`
    /// (32 random bytes as 64 hex digits, used as the raw key: no slow key derivation).
    pub fn open_encrypted(path: &Path, key_hex: &str) -> Result<Store> {
        if key_hex.len() != 64 || !key_hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::Database(
                "the database key must be 64 hex digits".into(),
            ));
        }
        Self::open_with(path, Some(key_hex.to_owned()))
    }

    fn open_with(path: &Path, key: Option<String>) -> Result<Store> {
        let conn = open_connection(path, key.as_deref(), false)?;
        schema::migrate(&conn)?;
        let (tx, rx) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("mostrador-db-writer".into())
            .spawn(move || writer_loop(&conn, &rx))
            .map_err(|e| StoreError::Database(format!("cannot start the writer thread: {e}")))?;
        Ok(Store {
            db: Arc::new(Database {
                path: path.to_owned(),
                key,
                writer: Mutex::new(Some(tx)),
                writer_thread: Mutex::new(Some(thread)),
                readers: Mutex::new(Vec::new()),
            }),
        })
    }

    /// A 256-bit key for `purpose`, derived from the database key (HMAC-SHA256), so other
    /// data at rest — attachments — is exactly as protected as the database. None when the
    /// database is not encrypted.
    pub fn derived_key(&self, purpose: &str) -> Option<[u8; 32]> {
        let key = self.db.key.as_deref()?;
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key.as_bytes());
        let tag = ring::hmac::sign(&key, purpose.as_bytes());
        let mut out = [0u8; 32];
        out.copy_from_slice(tag.as_ref());
        Some(out)
    }

    /// Stops accepting writes, waits for the writer thread to commit what is queued and close
    /// the file, and closes the pooled readers. Blocks briefly; call it at shutdown.
    pub fn close(&self) {
        if let Ok(mut w) = self.db.writer.lock() {
            w.take();
        }
        let thread = self.db.writer_thread.lock().ok().and_then(|mut t| t.take());
        if let Some(t) = thread {
            let _ = t.join();
        }
        if let Ok(mut pool) = self.db.readers.lock() {
            pool.clear();
        }
    }

    /// Runs `f` inside the next group commit and returns its result once that commit is
    /// durable. A failing `f` is rolled back alone (savepoint); the rest of the batch commits.
    pub(crate) async fn write<R, F>(&self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> Result<R> + Send + 'static,
    {
        self.submit(f)?.await.map_err(|_| StoreError::Closed)?
    }

    /// Queues `f` for the writer now; the answer arrives once its batch is committed (or
    /// known lost). Split from `write` so a test can queue several jobs into one batch.
    fn submit<R, F>(&self, f: F) -> Result<oneshot::Receiver<Result<R>>>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> Result<R> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        let job: Job = Box::new(move |conn| {
            let outcome = match conn {
                Some(conn) => in_savepoint(conn, f),
                None => Err(lost_transaction()),
            };
            Box::new(move |commit: Result<()>| {
                let _ = tx.send(commit.and(outcome));
            })
        });
        let sender = self
            .db
            .writer
            .lock()
            .map_err(|_| StoreError::Closed)?
            .clone()
            .ok_or(StoreError::Closed)?;
        sender.send(job).map_err(|_| StoreError::Closed)?;
        Ok(rx)
    }

    /// Runs `f` on a pooled read-only connection, off the async threads.
    pub(crate) async fn read<R, F>(&self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> Result<R> + Send + 'static,
    {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || {
            let pooled = db.readers.lock().ok().and_then(|mut p| p.pop());
            let conn = match pooled {
                Some(c) => c,
                None => open_connection(&db.path, db.key.as_deref(), true)?,
            };
            let out = f(&conn);
            if let Ok(mut pool) = db.readers.lock() {
                pool.push(conn);
            }
            out
        })
        .await
        .map_err(|e| StoreError::Database(format!("read task failed: {e}")))?
    }
}

fn open_connection(path: &Path, key: Option<&str>, read_only: bool) -> Result<Connection> {
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let conn = Connection::open_with_flags(path, flags)?;
    if let Some(key) = key {
        // Must come before anything else touches the file.
        conn.execute_batch(&format!("PRAGMA key = \"x'{key}'\";"))?;
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
            .map_err(|_| StoreError::Locked)?;
    }
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // 512 KiB of decrypted pages per connection instead of SQLite's 2 MiB: the shop PC's
    // memory matters more than re-reading a page (the OS caches the file; decrypting a page
    // costs microseconds).
    conn.pragma_update(None, "cache_size", -512)?;
    if !read_only {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: a message the API acknowledged survives a power cut, not only a crash.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
    }
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

fn in_savepoint<R>(conn: &Connection, f: impl FnOnce(&Connection) -> Result<R>) -> Result<R> {
    conn.execute_batch("SAVEPOINT job")?;
    match f(conn) {
        Ok(r) => {
            conn.execute_batch("RELEASE job")?;
            Ok(r)
        }
        Err(e) => {
            conn.execute_batch("ROLLBACK TO job; RELEASE job")?;
            Err(e)
        }
    }
}

fn writer_loop(conn: &Connection, rx: &mpsc::Receiver<Job>) {
    while let Ok(first) = rx.recv() {
        let mut jobs = vec![first];
        while jobs.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        if let Err(e) = conn.execute_batch("BEGIN IMMEDIATE") {
            tracing::error!(error = %e, "cannot begin a write transaction");
            let err = StoreError::from(e);
            for job in jobs {
                job(None)(Err(err.clone()));
            }
            continue;
        }
        let commit = run_batch(conn, jobs);
        if let Err(e) = commit {
            tracing::error!(error = %e, "a write batch was not stored");
        }
    }
}

/// Runs the jobs in the open transaction and commits once; every caller learns the truth.
///
/// Some errors (disk full, I/O error) make SQLite roll back the whole transaction by
/// itself, not only the failing job's savepoint. The jobs before it are then gone, and the
/// ones after it would each commit on their own in autocommit mode — stored, yet told
/// "failed" when the final COMMIT finds no transaction, so a POS would send them again.
/// So after every job the transaction is checked: once it is lost, the jobs not yet run
/// are not run, and every caller in the batch is told it was not stored.
fn run_batch(conn: &Connection, jobs: Vec<Job>) -> Result<()> {
    let mut replies: Vec<Reply> = Vec::with_capacity(jobs.len());
    let mut jobs = jobs.into_iter();
    let mut lost = false;
    for job in jobs.by_ref() {
        replies.push(job(Some(conn)));
        if conn.is_autocommit() {
            lost = true;
            break;
        }
    }
    replies.extend(jobs.map(|job| job(None)));
    let commit = if lost {
        Err(lost_transaction())
    } else {
        let commit = conn.execute_batch("COMMIT").map_err(StoreError::from);
        if commit.is_err() && !conn.is_autocommit() {
            let _ = conn.execute_batch("ROLLBACK");
        }
        commit
    };
    for reply in replies {
        reply(commit.clone());
    }
    commit
}

fn lost_transaction() -> StoreError {
    StoreError::Database(
        "the database rolled the write back (disk full or a disk error?); nothing of it was \
         stored"
            .into(),
    )
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc as std_mpsc;
    use std::time::Duration;

    use super::*;

    const DEADLINE: Duration = Duration::from_secs(10);

    fn insert(n: i64) -> impl FnOnce(&Connection) -> Result<()> + Send + 'static {
        move |c| {
            c.execute("INSERT INTO t VALUES (?1)", [n])?;
            Ok(())
        }
    }

    async fn rows(store: &Store) -> i64 {
        store
            .read(|c| Ok(c.query_row("SELECT count(*) FROM t", [], |r| r.get(0))?))
            .await
            .unwrap()
    }

    async fn answer<R>(rx: oneshot::Receiver<Result<R>>) -> Result<R> {
        tokio::time::timeout(DEADLINE, rx).await.unwrap().unwrap()
    }

    /// A job whose error makes SQLite roll back the whole transaction (as disk full or an
    /// I/O error may) must not leave the batch half stored and all of it reported failed.
    #[tokio::test]
    async fn a_transaction_lost_mid_batch_stores_nothing_and_tells_every_caller() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db")).unwrap();
        store
            .write(|c| Ok(c.execute_batch("CREATE TABLE t(x)")?))
            .await
            .unwrap();

        // Keep the writer busy so the next three jobs queue into one batch.
        let (started_tx, started_rx) = std_mpsc::channel::<()>();
        let (release_tx, release_rx) = std_mpsc::channel::<()>();
        let held = store
            .submit(move |_| {
                let _ = started_tx.send(());
                let _ = release_rx.recv_timeout(DEADLINE);
                Ok(())
            })
            .unwrap();
        started_rx.recv_timeout(DEADLINE).unwrap();
        let before = store.submit(insert(1)).unwrap();
        // What SQLite does by itself on such errors: the whole transaction is gone.
        let failing = store.submit(|c| Ok(c.execute_batch("ROLLBACK")?)).unwrap();
        let after = store.submit(insert(3)).unwrap();
        release_tx.send(()).unwrap();

        answer(held).await.unwrap();
        assert!(answer(before).await.is_err(), "its insert was rolled back");
        assert!(answer(failing).await.is_err());
        assert!(
            answer(after).await.is_err(),
            "it must not run outside the transaction"
        );
        assert_eq!(rows(&store).await, 0, "every caller was told: not stored");

        // The writer goes on with the next batch.
        store.write(insert(4)).await.unwrap();
        assert_eq!(rows(&store).await, 1);
    }
}
