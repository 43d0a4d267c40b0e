//! Attachments on disk, stored once per content under the data dir — encrypted when the app
//! runs with an encrypted database (AES-256-GCM under a key derived from the database key).
//!
//! Why the file names are keyed too: a plain SHA-256 name would let anyone holding a copy of
//! the folder confirm that the shop sent a given (known) document. With a key, the name is
//! HMAC(key, content hash): still one file per content, but it says nothing without the key.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::hmac;
use sha2::{Digest, Sha256};

use crate::{Code, Error, Result};

/// First bytes of an encrypted attachment file (format version 1).
const MAGIC: &[u8; 8] = b"MSTRBLB1";

#[derive(Clone)]
pub struct Blobs {
    dir: PathBuf,
    keys: Option<Arc<Keys>>,
}

struct Keys {
    seal: LessSafeKey,
    names: hmac::Key,
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
        let keys = key.map(|k| {
            let sub = |label: &str| {
                let master = hmac::Key::new(hmac::HMAC_SHA256, &k);
                hmac::sign(&master, label.as_bytes())
            };
            let seal_key = sub("mostrador attachments: seal");
            let name_key = sub("mostrador attachments: names");
            Arc::new(Keys {
                // AES-256 takes any 32 bytes; an HMAC-SHA256 tag is exactly that.
                seal: LessSafeKey::new(
                    UnboundKey::new(&AES_256_GCM, seal_key.as_ref())
                        .unwrap_or_else(|_| unreachable!("32-byte AES-256 key")),
                ),
                names: hmac::Key::new(hmac::HMAC_SHA256, name_key.as_ref()),
            })
        });
        Blobs { dir, keys }
    }

    pub fn hash(bytes: &[u8]) -> String {
        hex(&Sha256::digest(bytes))
    }

    /// Where the blob with this content hash lives (`ab/abcdef…`).
    fn path(&self, sha256: &str) -> PathBuf {
        let name = match &self.keys {
            Some(k) => hex(hmac::sign(&k.names, sha256.as_bytes()).as_ref()),
            None => sha256.to_owned(),
        };
        self.dir.join(name.get(..2).unwrap_or("__")).join(&name)
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
        let stored = match &self.keys {
            Some(k) => seal(k, bytes)?,
            None => bytes.to_vec(),
        };
        write_atomically(&path, &stored).map_err(|e| {
            tracing::error!(error = %e, path = %path.display(), "cannot store attachment");
            Error::new(Code::Internal, "the attachment could not be saved to disk")
        })
    }

    /// The attachment's bytes (decrypted). Blocking: call from a blocking thread for big files.
    pub fn get(&self, sha256: &str) -> std::io::Result<Vec<u8>> {
        let stored = std::fs::read(self.path(sha256))?;
        let Some(k) = &self.keys else {
            return Ok(stored);
        };
        open(k, stored).ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "the attachment file is damaged or was not written by this app",
            )
        })
    }
}

/// `MAGIC | nonce | ciphertext | tag`. A random nonce per file: each content is written once.
fn seal(k: &Keys, bytes: &[u8]) -> Result<Vec<u8>> {
    let mut nonce = [0u8; NONCE_LEN];
    getrandom::fill(&mut nonce)
        .map_err(|e| Error::new(Code::Internal, format!("no randomness for encryption: {e}")))?;
    let mut out = Vec::with_capacity(MAGIC.len() + NONCE_LEN + bytes.len() + 16);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&nonce);
    let header = out.len();
    out.extend_from_slice(bytes);
    let tag = k
        .seal
        .seal_in_place_separate_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(MAGIC),
            &mut out[header..],
        )
        .map_err(|_| Error::new(Code::Internal, "the attachment could not be encrypted"))?;
    out.extend_from_slice(tag.as_ref());
    Ok(out)
}

fn open(k: &Keys, mut stored: Vec<u8>) -> Option<Vec<u8>> {
    let header = MAGIC.len() + NONCE_LEN;
    if stored.len() < header || &stored[..MAGIC.len()] != MAGIC {
        return None;
    }
    let nonce = Nonce::try_assume_unique_for_key(&stored[MAGIC.len()..header]).ok()?;
    let len = k
        .seal
        .open_in_place(nonce, Aad::from(MAGIC), &mut stored[header..])
        .ok()?
        .len();
    // Plaintext moves to the front; the buffer is reused rather than copied.
    stored.copy_within(header..header + len, 0);
    stored.truncate(len);
    Some(stored)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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

    const KEY: [u8; 32] = [7; 32];

    #[test]
    fn stored_once_by_content() {
        for key in [None, Some(KEY)] {
            let dir = tempfile::tempdir().unwrap();
            let blobs = Blobs::new(dir.path().to_owned(), key);
            let h = blobs.put(b"receipt").unwrap();
            assert_eq!(h, Blobs::hash(b"receipt"));
            assert_eq!(blobs.put(b"receipt").unwrap(), h);
            assert_eq!(blobs.get(&h).unwrap(), b"receipt");
            let files: Vec<_> = walk(dir.path());
            assert_eq!(files.len(), 1, "{files:?}");
        }
    }

    #[test]
    fn encrypted_files_reveal_neither_content_nor_its_hash() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = Blobs::new(dir.path().to_owned(), Some(KEY));
        let text = b"Factura 001 - Ana Quispe - total 150 Bs";
        let h = blobs.put(text).unwrap();
        let files = walk(dir.path());
        let stored = std::fs::read(&files[0]).unwrap();
        assert!(
            !stored.windows(7).any(|w| w == b"Factura"),
            "content in clear"
        );
        assert!(!files[0].to_string_lossy().contains(&h), "hash in the name");
        assert_eq!(blobs.get(&h).unwrap(), text);
    }

    #[test]
    fn a_wrong_key_or_a_damaged_file_is_an_error_not_garbage() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = Blobs::new(dir.path().to_owned(), Some(KEY));
        let h = blobs.put(b"receipt").unwrap();
        let file = walk(dir.path()).remove(0);
        let mut stored = std::fs::read(&file).unwrap();
        let last = stored.len() - 1;
        stored[last] ^= 1;
        std::fs::write(&file, &stored).unwrap();
        let err = blobs.get(&h).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
        // Another key names files differently: the attachment is simply not there for it.
        let other = Blobs::new(dir.path().to_owned(), Some([8; 32]));
        assert_eq!(
            other.get(&h).unwrap_err().kind(),
            std::io::ErrorKind::NotFound
        );
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
