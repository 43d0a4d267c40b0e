//! Where an instance keeps its files: the data directory and what lives in it.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::Error;

/// Name of the folder under the OS per-user data dir when no `--data-dir` is given.
const APP_DIR: &str = "mostrador";
/// Holds the port `serve` listens on, so a POS started with `--port 0` can find it.
pub const PORT_FILE: &str = "api.port";

/// An existing, canonical data directory.
#[derive(Debug, Clone)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// `--data-dir` (or `MOSTRADOR_DATA_DIR`, which clap folds into it), else the OS
    /// per-user data dir. Created if missing, readable by this user only.
    pub fn open(flag: Option<PathBuf>) -> Result<DataDir, Error> {
        let wanted = match flag.filter(|p| !p.as_os_str().is_empty()) {
            Some(dir) => dir,
            None => dirs::data_dir().ok_or(Error::NoDataDir)?.join(APP_DIR),
        };
        create_private_dir(&wanted).map_err(|source| Error::DataDir {
            path: wanted.clone(),
            source,
        })?;
        // Canonical so logs show the real place and the keyring entries match across runs.
        let root = fs::canonicalize(&wanted).map_err(|source| Error::DataDir {
            path: wanted.clone(),
            source,
        })?;
        match make_private(&root) {
            Ok(true) => tracing::warn!(
                path = %root.display(),
                "the data directory was readable by other users of this computer; it is now \
                 private to this user (files copied out of it meanwhile are not)"
            ),
            Ok(false) => {}
            Err(source) => return Err(Error::DataDir { path: root, source }),
        }
        Ok(DataDir { root })
    }

    pub fn path(&self) -> &Path {
        &self.root
    }

    pub fn database(&self) -> PathBuf {
        self.root.join("mostrador.db")
    }

    pub fn media(&self) -> PathBuf {
        self.root.join("media")
    }

    /// Where profile `id` (a linked number) keeps its WhatsApp session.
    pub fn profile(&self, id: &str) -> PathBuf {
        self.root.join("profiles").join(id)
    }

    /// Profile `id`'s WhatsApp session database, its folder made (owner only) if missing.
    pub fn session_db(&self, id: &str) -> Result<PathBuf, Error> {
        let dir = self.profile(id);
        create_private_dir(&dir).map_err(|source| Error::DataDir {
            path: dir.clone(),
            source,
        })?;
        Ok(dir.join("whatsapp.db"))
    }

    pub fn port_file(&self) -> PathBuf {
        self.root.join(PORT_FILE)
    }

    /// Publishes the port atomically: a reader sees the old file, no file, or the whole number.
    pub fn write_port(&self, port: u16) -> Result<(), Error> {
        let path = self.port_file();
        let tmp = self.root.join(format!("{PORT_FILE}.tmp"));
        let written = (|| {
            let mut f = fs::File::create(&tmp)?;
            writeln!(f, "{port}")?;
            f.sync_all()?;
            fs::rename(&tmp, &path)
        })();
        written.map_err(|source| {
            let _ = fs::remove_file(&tmp);
            Error::PortFile { path, source }
        })
    }

    /// Removes the port file at shutdown, unless another instance has replaced it since.
    pub fn clear_port(&self, port: u16) {
        let path = self.port_file();
        match fs::read_to_string(&path) {
            Ok(s) if s.trim() == port.to_string() => {
                if let Err(e) = fs::remove_file(&path) {
                    tracing::warn!(path = %path.display(), error = %e, "can't remove the port file");
                }
            }
            _ => {}
        }
    }
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    // The database, attachments and maybe the secrets file live here: owner only.
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

/// Owner only, also for a folder that already existed (made by hand, restored from a backup,
/// an older version): creating does not change the mode of what is there. True when it had
/// to be narrowed.
#[cfg(unix)]
fn make_private(dir: &Path) -> io::Result<bool> {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(dir)?.permissions().mode();
    if mode & 0o077 == 0 {
        return Ok(false);
    }
    fs::set_permissions(dir, fs::Permissions::from_mode(mode & 0o700 | 0o700))?;
    Ok(true)
}

#[cfg(not(unix))]
fn make_private(_: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Folders in the per-user profile already get an owner-only ACL on Windows.
#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_the_dir_owner_only_and_names_its_files() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::open(Some(tmp.path().join("a/b"))).unwrap();
        assert!(dir.path().is_dir());
        assert_eq!(dir.database().file_name().unwrap(), "mostrador.db");
        assert_eq!(dir.media().file_name().unwrap(), "media");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700);
        }
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_dir_readable_by_others_is_made_private() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("shared");
        fs::create_dir(&data).unwrap();
        fs::set_permissions(&data, fs::Permissions::from_mode(0o755)).unwrap();
        let dir = DataDir::open(Some(data)).unwrap();
        let mode = fs::metadata(dir.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
    }

    #[test]
    fn port_file_round_trip_and_only_clears_its_own_port() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::open(Some(tmp.path().to_owned())).unwrap();
        dir.write_port(4321).unwrap();
        assert_eq!(fs::read_to_string(dir.port_file()).unwrap(), "4321\n");
        dir.clear_port(1234);
        assert!(
            dir.port_file().exists(),
            "another instance's port must stay"
        );
        dir.clear_port(4321);
        assert!(!dir.port_file().exists());
    }
}
