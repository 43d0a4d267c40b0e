//! Attachments on disk, stored once per content under the data dir — encrypted when the app
//! runs with an encrypted database (AES-256-GCM under a key derived from the database key;
//! the format is in `sealed`).
//!
//! Why the file names are keyed too: a plain SHA-256 name would let anyone holding a copy of
//! the folder confirm that the shop sent a given (known) document. With a key, the name is
//! HMAC(key, content hash): still one file per content, but it says nothing without the key.
//!
//! Why writers never share a temp file: the same content is often stored twice at once (a
//! POS retrying after a timeout, one flyer sent to many customers in parallel). Each writer
//! seals into its own temp file and renames it into place whole, so whichever rename lands
//! last leaves a complete, valid file, and a reader sees one whole file or the other. A file
//! that is there but fails its check (damaged, or from an older bug) is replaced by the next
//! send of that content rather than reused forever.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::sealed::{self, Keys};
use crate::staging::{self, Attachment, Staged};
use crate::{Code, Error, Result};

/// Where uploads are staged before they are sealed into the store (under the media dir;
/// blob folders have two-character names, so it never collides).
const STAGING: &str = "incoming";

#[derive(Clone)]
pub struct Blobs {
    dir: PathBuf,
    keys: Option<Arc<Keys>>,
}

impl std::fmt::Debug for Blobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Blobs")
            .field("dir", &self.dir)
            .field("encrypted", &self.keys.is_some())
            .finish()
    }
}

impl Blobs {
    /// Attachments under `dir`, encrypted when `key` is given.
    pub fn new(dir: PathBuf, key: Option<[u8; 32]>) -> Self {
        Blobs {
            dir,
            keys: key.map(|k| Arc::new(Keys::derive(&k))),
        }
    }

    pub fn hash(bytes: &[u8]) -> String {
        sealed::sha256_hex(bytes)
    }

    /// Where uploads wait, as files, until they are checked and stored.
    pub fn staging_dir(&self) -> PathBuf {
        self.dir.join(STAGING)
    }

    /// Removes what a crash left half-written (staging and temp files). Call at start,
    /// before anything is stored: a temp file being written would be removed too.
    pub fn sweep(&self) {
        staging::sweep(&self.staging_dir());
        let Ok(folders) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for folder in folders.flatten().filter(|f| f.path().is_dir()) {
            let Ok(files) = std::fs::read_dir(folder.path()) else {
                continue;
            };
            for f in files.flatten() {
                let name = f.file_name();
                let name = name.to_string_lossy();
                if name.starts_with('.') && name.ends_with(".tmp") {
                    let _ = std::fs::remove_file(f.path());
                }
            }
        }
    }

    /// Where the blob with this content hash lives (`ab/abcdef…`).
    fn path(&self, sha256: &str) -> PathBuf {
        let name = match &self.keys {
            Some(k) => k.name(sha256),
            None => sha256.to_owned(),
        };
        self.dir.join(name.get(..2).unwrap_or("__")).join(&name)
    }

    /// Stores the bytes unless a sound file with the same content exists; returns the hash.
    pub fn put(&self, bytes: Vec<u8>) -> Result<String> {
        let hash = Self::hash(&bytes);
        self.put_as(&hash, bytes)?;
        Ok(hash)
    }

    /// As `put`, for a caller that already hashed the bytes. They are encrypted in place.
    pub fn put_as(&self, hash: &str, bytes: Vec<u8>) -> Result<()> {
        let path = self.path(hash);
        if self.is_sound(&path, hash) {
            return Ok(());
        }
        self.write(&path, hash, bytes)
    }

    /// Stores an attachment as validation left it (bytes, or a staged upload).
    pub fn store(&self, hash: &str, attachment: Attachment) -> Result<()> {
        match attachment {
            Attachment::Bytes(bytes) => self.put_as(hash, bytes),
            Attachment::Staged(staged) => self.put_staged(hash, &staged),
        }
    }

    /// A staged upload into the store: read once, sealed in place, written.
    fn put_staged(&self, hash: &str, staged: &Staged) -> Result<()> {
        let path = self.path(hash);
        if self.is_sound(&path, hash) {
            return Ok(());
        }
        let bytes = std::fs::read(staged.path()).map_err(|e| saving_failed(&e, &path))?;
        // Hashed as it arrived; checked again so nothing is ever stored under a hash that is
        // not its own (the file sat on disk in between).
        if Self::hash(&bytes) != hash {
            return Err(Error::new(
                Code::Internal,
                "the attachment changed on disk while it was being saved",
            ));
        }
        self.write(&path, hash, bytes)
    }

    /// The attachment's bytes (decrypted), checked against the content hash they were stored
    /// under. Blocking: call from a blocking thread for big files.
    pub fn get(&self, sha256: &str) -> std::io::Result<Vec<u8>> {
        let stored = std::fs::read(self.path(sha256))?;
        self.decode(stored, sha256).ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "the attachment file is damaged or was not written by this app",
            )
        })
    }

    fn decode(&self, stored: Vec<u8>, sha256: &str) -> Option<Vec<u8>> {
        match &self.keys {
            Some(k) => sealed::open(k, stored, sha256),
            None => (Self::hash(&stored) == sha256).then_some(stored),
        }
    }

    /// Whether the file at `path` is there and holds the content `sha256`. A file that is
    /// not is logged, to be replaced.
    fn is_sound(&self, path: &Path, sha256: &str) -> bool {
        match std::fs::read(path) {
            Ok(stored) => {
                let sound = self.decode(stored, sha256).is_some();
                if !sound {
                    tracing::warn!(path = %path.display(), "replacing a damaged attachment file");
                }
                sound
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => {
                tracing::warn!(error = %e, path = %path.display(), "rewriting an unreadable attachment file");
                false
            }
        }
    }

    fn write(&self, path: &Path, hash: &str, mut bytes: Vec<u8>) -> Result<()> {
        let written = match &self.keys {
            Some(k) => {
                let (header, tag) = sealed::seal_in_place(k, hash, &mut bytes)?;
                write_atomically(path, &[&header, &bytes, &tag])
            }
            None => write_atomically(path, &[&bytes]),
        };
        written.map_err(|e| saving_failed(&e, path))
    }
}

fn saving_failed(e: &std::io::Error, path: &Path) -> Error {
    tracing::error!(error = %e, path = %path.display(), "cannot store attachment");
    Error::new(Code::Internal, "the attachment could not be saved to disk")
}

/// The file appears whole or not at all: a temp file of this writer's own, fsync, rename,
/// then the directory fsynced so the rename itself survives a power cut (the database row
/// that points to the file is durable once committed; the file must be too).
fn write_atomically(path: &Path, parts: &[&[u8]]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let new_dir = !dir.exists();
    std::fs::create_dir_all(dir)?;
    let mut r = [0u8; 8];
    getrandom::fill(&mut r).map_err(|e| std::io::Error::other(e.to_string()))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("blob"),
        sealed::hex(&r)
    ));
    let written = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        for part in parts {
            file.write_all(part)?;
        }
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written?;
    sync_dir(dir)?;
    if new_dir {
        // The new folder's own entry in the media dir.
        sync_dir(dir.parent().unwrap_or(Path::new(".")))?;
    }
    Ok(())
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

/// Windows has no directory handles to fsync; NTFS journals the rename.
#[cfg(not(unix))]
fn sync_dir(_: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
#[path = "blobs_tests.rs"]
mod tests;
