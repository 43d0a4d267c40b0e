//! Low-level I/O for the secrets file: owner-only permissions, atomic replace, parsing.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

use crate::SecretsError;

/// Secret name → value, sorted so the file diffs cleanly.
pub(crate) type SecretMap = BTreeMap<String, String>;

/// Reads the map; a missing file is an empty map (nothing stored yet).
pub(crate) fn read_map(path: &Path) -> Result<SecretMap, SecretsError> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(SecretMap::new()),
        Err(source) => return Err(file_io(path, source)),
    };
    serde_json::from_slice(&bytes).map_err(|err| SecretsError::FileCorrupt {
        path: path.to_owned(),
        detail: format!("expected a JSON object of names to text values: {err}"),
    })
}

/// Replaces the file with `map` so a crash leaves either the old or the new
/// contents, never a half-written file that would lose every key.
pub(crate) fn write_map(path: &Path, map: &SecretMap) -> Result<(), SecretsError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Per-process name: a second process never truncates our half-written temp.
    let tmp = dir.join(format!(".{file_name}.tmp-{}", std::process::id()));
    let json = serde_json::to_vec_pretty(map).map_err(|e| file_io(path, io::Error::other(e)))?;

    let written = (|| {
        let mut file = create_private(&tmp)?;
        file.write_all(&json)?;
        file.write_all(b"\n")?;
        file.sync_all()?;
        fs::rename(&tmp, path)?;
        sync_dir(dir)
    })();
    if written.is_err() {
        // Best effort: a stray temp file holds secrets too.
        let _ = fs::remove_file(&tmp);
    }
    written.map_err(|source| file_io(path, source))
}

/// Opens (creating if needed) a file only this user can read, for the
/// cross-process write lock.
pub(crate) fn open_lock_file(path: &Path) -> Result<File, SecretsError> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    owner_only(&mut options);
    options.open(path).map_err(|source| file_io(path, source))
}

/// Tightens an existing file to 0600. Returns true if it had to, so the
/// caller can warn that the secrets may have been exposed.
#[cfg(unix)]
pub(crate) fn make_owner_only(path: &Path) -> Result<bool, SecretsError> {
    use std::os::unix::fs::PermissionsExt;

    let mode = match fs::metadata(path) {
        Ok(meta) => meta.permissions().mode(),
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(source) => return Err(file_io(path, source)),
    };
    if mode & 0o077 == 0 {
        return Ok(false);
    }
    fs::set_permissions(path, fs::Permissions::from_mode(0o600))
        .map_err(|source| file_io(path, source))?;
    Ok(true)
}

/// Windows files in the per-user data dir already inherit an owner-only ACL.
#[cfg(not(unix))]
pub(crate) fn make_owner_only(_path: &Path) -> Result<bool, SecretsError> {
    Ok(false)
}

/// Creates a new file that is 0600 from the first byte (no chmod window).
fn create_private(path: &Path) -> io::Result<File> {
    // A temp left by a crashed run of this pid could have any mode.
    match fs::remove_file(path) {
        Ok(()) => {}
        Err(err) if err.kind() == io::ErrorKind::NotFound => {}
        Err(err) => return Err(err),
    }
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    owner_only(&mut options);
    options.open(path)
}

#[cfg(unix)]
fn owner_only(options: &mut OpenOptions) {
    use std::os::unix::fs::OpenOptionsExt;
    options.mode(0o600);
}

#[cfg(not(unix))]
fn owner_only(_options: &mut OpenOptions) {}

/// Makes the rename itself durable, not just the file contents.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

fn file_io(path: &Path, source: io::Error) -> SecretsError {
    SecretsError::FileIo {
        path: path.to_owned(),
        source,
    }
}
