//! Attachments on disk, stored once by the SHA-256 of their bytes under the data dir.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::{Code, Error, Result};

#[derive(Debug, Clone)]
pub struct Blobs {
    dir: PathBuf,
}

impl Blobs {
    pub fn new(dir: PathBuf) -> Self {
        Blobs { dir }
    }

    pub fn hash(bytes: &[u8]) -> String {
        let digest = Sha256::digest(bytes);
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Where the blob with this hash lives (`ab/abcdef…`).
    pub fn path(&self, sha256: &str) -> PathBuf {
        self.dir.join(sha256.get(..2).unwrap_or("__")).join(sha256)
    }

    /// Writes the bytes unless a blob with the same hash exists; returns the hash. The file
    /// appears whole or not at all (temp file, fsync, rename), so a crash leaves no torn blob.
    pub fn put(&self, bytes: &[u8]) -> Result<String> {
        let hash = Self::hash(bytes);
        self.put_as(&hash, bytes)?;
        Ok(hash)
    }

    /// As `put`, for a caller that already hashed the bytes.
    pub fn put_as(&self, hash: &str, bytes: &[u8]) -> Result<()> {
        let path = self.path(hash);
        if path.exists() {
            return Ok(());
        }
        write_atomically(&path, bytes).map_err(|e| {
            tracing::error!(error = %e, path = %path.display(), "cannot store attachment");
            Error::new(Code::Internal, "the attachment could not be saved to disk")
        })
    }

    pub fn get(&self, sha256: &str) -> std::io::Result<Vec<u8>> {
        std::fs::read(self.path(sha256))
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("blob")
    ));
    let mut file = std::fs::File::create(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_once_by_content() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = Blobs::new(dir.path().to_owned());
        let h = blobs.put(b"receipt").unwrap();
        assert_eq!(h, Blobs::hash(b"receipt"));
        assert_eq!(blobs.put(b"receipt").unwrap(), h);
        assert_eq!(blobs.get(&h).unwrap(), b"receipt");
        let files: Vec<_> = walk(dir.path());
        assert_eq!(files.len(), 1, "{files:?}");
    }

    fn walk(p: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(p).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                out.extend(walk(&path));
            } else {
                out.push(path);
            }
        }
        out
    }
}
