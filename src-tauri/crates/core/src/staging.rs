//! Attachments on their way in: a file arriving in a request (or picked on this computer) is
//! written to a private staging file as it comes, hashed and measured on the way, so a large
//! upload is never held whole in memory before it is checked and sealed into the store.

use std::fmt;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::media::human_size;
use crate::sealed::{hex, sha256_hex};
use crate::{Code, Error, Result};

/// How much of the start of a file its type is told from (every signature `infer` knows
/// sits well within it).
pub const HEAD: usize = 64 * 1024;
/// Bytes gathered before each write to the staging file: few trips to the blocking pool,
/// little memory per upload.
const FLUSH: usize = 1024 * 1024;

/// An attachment as it reaches validation: bytes in memory (JSON's base64), or a staged file.
#[derive(Clone)]
pub enum Attachment {
    Bytes(Vec<u8>),
    Staged(Staged),
}

impl Attachment {
    /// The first bytes, for telling the type.
    pub fn head(&self) -> &[u8] {
        match self {
            Attachment::Bytes(b) => &b[..b.len().min(HEAD)],
            Attachment::Staged(s) => &s.file.head,
        }
    }

    pub fn size(&self) -> u64 {
        match self {
            Attachment::Bytes(b) => b.len() as u64,
            Attachment::Staged(s) => s.file.size,
        }
    }

    /// SHA-256 of the content, hex.
    pub fn sha256(&self) -> String {
        match self {
            Attachment::Bytes(b) => sha256_hex(b),
            Attachment::Staged(s) => s.file.sha256.clone(),
        }
    }
}

impl From<Vec<u8>> for Attachment {
    fn from(bytes: Vec<u8>) -> Self {
        Attachment::Bytes(bytes)
    }
}

impl fmt::Debug for Attachment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let how = match self {
            Attachment::Bytes(_) => "in memory",
            Attachment::Staged(_) => "staged",
        };
        write!(f, "Attachment({how}, {} bytes)", self.size())
    }
}

/// A complete upload in a staging file, with its hash, size and first bytes. The file is
/// removed when the last clone is dropped (sent into the store or refused).
#[derive(Clone)]
pub struct Staged {
    file: Arc<StagedFile>,
}

struct StagedFile {
    path: PathBuf,
    sha256: String,
    size: u64,
    head: Vec<u8>,
}

impl Drop for StagedFile {
    fn drop(&mut self) {
        // Nothing to do if it is already gone; a leftover is swept at the next start.
        let _ = std::fs::remove_file(&self.path);
    }
}

impl fmt::Debug for Staged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Staged({} bytes, {})", self.file.size, self.file.sha256)
    }
}

impl Staged {
    pub fn sha256(&self) -> &str {
        &self.file.sha256
    }

    pub(crate) fn path(&self) -> &Path {
        &self.file.path
    }
}

/// A staging file being written: hashes, counts and keeps the head of what goes through.
/// Dropped before `finish`, it removes its file.
struct Sink {
    file: std::fs::File,
    path: PathBuf,
    hasher: Sha256,
    size: u64,
    head: Vec<u8>,
    done: bool,
}

impl Sink {
    fn create(dir: &Path) -> std::io::Result<Sink> {
        std::fs::create_dir_all(dir)?;
        let mut r = [0u8; 12];
        getrandom::fill(&mut r).map_err(|e| std::io::Error::other(e.to_string()))?;
        let path = dir.join(format!("{}.part", hex(&r)));
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        Ok(Sink {
            file,
            path,
            hasher: Sha256::new(),
            size: 0,
            head: Vec::new(),
            done: false,
        })
    }

    fn write(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        let room = HEAD.saturating_sub(self.head.len()).min(chunk.len());
        self.head.extend_from_slice(&chunk[..room]);
        self.hasher.update(chunk);
        self.size += chunk.len() as u64;
        self.file.write_all(chunk)
    }

    fn finish(mut self) -> std::io::Result<Staged> {
        // Not fsynced: a staging file is gone after a crash anyway; the sealed copy is what
        // is made durable.
        self.file.flush()?;
        self.done = true;
        let digest = std::mem::take(&mut self.hasher).finalize();
        Ok(Staged {
            file: Arc::new(StagedFile {
                path: std::mem::take(&mut self.path),
                sha256: hex(&digest),
                size: self.size,
                head: std::mem::take(&mut self.head),
            }),
        })
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// An upload being received: bytes arrive with `write`, `finish` makes it a `Staged` file.
/// More than `limit` bytes is refused as it happens (`MEDIA_TOO_LARGE`), not after.
pub struct Stager {
    sink: Option<Sink>,
    pending: Vec<u8>,
    received: u64,
    limit: u64,
}

impl Stager {
    pub(crate) async fn create(dir: PathBuf, limit: u64) -> Result<Stager> {
        let sink = blocking(move || Sink::create(&dir)).await?;
        Ok(Stager {
            sink: Some(sink),
            pending: Vec::new(),
            received: 0,
            limit,
        })
    }

    pub async fn write(&mut self, chunk: &[u8]) -> Result<()> {
        self.received += chunk.len() as u64;
        if self.received > self.limit {
            return Err(too_large(self.limit));
        }
        self.pending.extend_from_slice(chunk);
        if self.pending.len() >= FLUSH {
            self.flush().await?;
        }
        Ok(())
    }

    pub async fn finish(mut self) -> Result<Staged> {
        self.flush().await?;
        let sink = self.sink.take().ok_or_else(gone)?;
        blocking(move || sink.finish()).await
    }

    /// Writes what was gathered on a blocking thread (hashing included), off the async ones.
    async fn flush(&mut self) -> Result<()> {
        let mut sink = self.sink.take().ok_or_else(gone)?;
        let mut buf = std::mem::take(&mut self.pending);
        let (sink, buf) = blocking(move || {
            sink.write(&buf)?;
            buf.clear();
            Ok((sink, buf))
        })
        .await?;
        self.sink = Some(sink);
        self.pending = buf;
        Ok(())
    }
}

/// Copies a file on this computer into staging. Its size is checked from its metadata
/// before a byte is read, so a huge file is refused at once.
pub(crate) async fn stage_file(dir: PathBuf, source: PathBuf, limit: u64) -> Result<Staged> {
    let size = tokio::fs::metadata(&source)
        .await
        .map_err(|e| unreadable(&source, &e))?
        .len();
    if size > limit {
        return Err(too_large(limit));
    }
    tokio::task::spawn_blocking(move || {
        let mut from = std::fs::File::open(&source).map_err(|e| unreadable(&source, &e))?;
        let mut sink = Sink::create(&dir).map_err(io_error)?;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = from.read(&mut buf).map_err(|e| unreadable(&source, &e))?;
            if n == 0 {
                break;
            }
            sink.write(&buf[..n]).map_err(io_error)?;
            // The file may have grown since its size was read.
            if sink.size > limit {
                return Err(too_large(limit));
            }
        }
        sink.finish().map_err(io_error)
    })
    .await
    .map_err(|e| Error::new(Code::Internal, format!("staging task failed: {e}")))?
}

/// Removes staging files left by a crash. Run at start, before any upload can begin.
pub(crate) fn sweep(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        if e.path().extension().is_some_and(|x| x == "part") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> std::io::Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Error::new(Code::Internal, format!("staging task failed: {e}")))?
        .map_err(io_error)
}

fn io_error(e: std::io::Error) -> Error {
    tracing::error!(error = %e, "cannot stage an attachment");
    Error::new(
        Code::Internal,
        "the attachment could not be saved to disk while it arrived",
    )
}

fn gone() -> Error {
    Error::new(Code::Internal, "the upload's staging file is gone")
}

pub(crate) fn unreadable(path: &Path, e: &std::io::Error) -> Error {
    Error::new(
        Code::MediaMissing,
        format!("cannot read {}: {e}", path.display()),
    )
}

pub(crate) fn too_large(limit: u64) -> Error {
    Error::new(
        Code::MediaTooLarge,
        format!(
            "the file is larger than {}, the largest attachment allowed",
            human_size(limit)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_upload_is_hashed_measured_and_removed_when_done_with() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Stager::create(dir.path().to_owned(), 10 * FLUSH as u64)
            .await
            .unwrap();
        let content: Vec<u8> = (0..3 * FLUSH + 17).map(|i| (i % 251) as u8).collect();
        for chunk in content.chunks(70_000) {
            s.write(chunk).await.unwrap();
        }
        let staged = s.finish().await.unwrap();
        let a = Attachment::Staged(staged.clone());
        assert_eq!(a.size(), content.len() as u64);
        assert_eq!(a.sha256(), sha256_hex(&content));
        assert_eq!(a.head(), &content[..HEAD]);
        assert_eq!(std::fs::read(staged.path()).unwrap(), content);
        let path = staged.path().to_owned();
        drop((a, staged));
        assert!(!path.exists(), "the staging file outlived its upload");
    }

    #[tokio::test]
    async fn too_much_is_refused_as_it_arrives_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Stager::create(dir.path().to_owned(), 100).await.unwrap();
        s.write(&[1; 60]).await.unwrap();
        let e = s.write(&[1; 60]).await.unwrap_err();
        assert_eq!(e.code, Code::MediaTooLarge);
        drop(s);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[tokio::test]
    async fn a_picked_file_too_large_is_refused_by_its_size_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let staging = dir.path().join("incoming");
        // Sparse: 64 GiB on paper, nothing on disk. Reading it first would take minutes and
        // all the memory.
        let big = dir.path().join("huge.pdf");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(64 << 30)
            .unwrap();
        let e = stage_file(staging.clone(), big, 100 << 20)
            .await
            .unwrap_err();
        assert_eq!(e.code, Code::MediaTooLarge, "{}", e.message);
        assert!(!staging.exists(), "nothing was staged");
        let small = dir.path().join("ok.pdf");
        std::fs::write(&small, b"%PDF-1.4\n").unwrap();
        let s = stage_file(staging, small, 100 << 20).await.unwrap();
        assert_eq!(s.sha256(), sha256_hex(b"%PDF-1.4\n"));
    }
}
