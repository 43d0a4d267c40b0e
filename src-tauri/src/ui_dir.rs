//! Where `serve` finds the built web UI it serves at `/`: `--ui-dir`, else `ui/` beside the
//! executable (an installed copy). Debug builds — a developer's checkout — also look at
//! `ui/dist` in the current directory and `../../ui/dist` from the executable
//! (`target/debug`). A release build never does: whoever can write to the folder a shop's
//! `serve` was started from could otherwise plant the page the manager types the key into.
//! No UI found is fine: the API works without it.

use std::path::{Path, PathBuf};

use crate::Error;

/// The folder to serve, checked to hold an `index.html`.
pub fn resolve(given: Option<&Path>) -> Result<Option<PathBuf>, Error> {
    if let Some(dir) = given {
        return if is_ui(dir) {
            Ok(Some(dir.to_path_buf()))
        } else {
            Err(Error::Setting(format!(
                "--ui-dir: {} has no index.html (build the UI with `npm run build --prefix ui`)",
                dir.display()
            )))
        };
    }
    let exe_dir = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf));
    Ok(first_ui(&candidates(exe_dir.as_deref())))
}

fn candidates(exe_dir: Option<&Path>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(exe) = exe_dir {
        out.push(exe.join("ui"));
    }
    if cfg!(debug_assertions) {
        out.push(PathBuf::from("ui").join("dist"));
        if let Some(exe) = exe_dir {
            out.push(exe.join("..").join("..").join("ui").join("dist"));
        }
    }
    out
}

fn first_ui(dirs: &[PathBuf]) -> Option<PathBuf> {
    dirs.iter()
        .find(|d| is_ui(d))
        .map(|d| d.canonicalize().unwrap_or_else(|_| d.clone()))
}

fn is_ui(dir: &Path) -> bool {
    dir.join("index.html").is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ui_in(dir: &Path) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("index.html"), "<!doctype html>").unwrap();
    }

    #[test]
    fn a_given_folder_must_hold_the_ui() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(matches!(resolve(Some(tmp.path())), Err(Error::Setting(_))));
        ui_in(tmp.path());
        assert_eq!(resolve(Some(tmp.path())).unwrap(), Some(tmp.path().into()));
    }

    #[test]
    fn the_installed_copy_wins_over_a_checkout_which_only_debug_builds_read() {
        let tmp = tempfile::tempdir().unwrap();
        let exe = tmp.path().join("target").join("release");
        std::fs::create_dir_all(&exe).unwrap();
        let dirs = candidates(Some(&exe));
        assert_eq!(first_ui(&dirs), None);
        ui_in(&tmp.path().join("ui").join("dist"));
        let checkout = tmp.path().join("ui").join("dist").canonicalize().unwrap();
        let found = first_ui(&dirs);
        if cfg!(debug_assertions) {
            assert_eq!(found, Some(checkout));
        } else {
            assert_eq!(found, None, "a release build only reads the installed copy");
            assert!(!dirs.contains(&PathBuf::from("ui").join("dist")));
        }
        ui_in(&exe.join("ui"));
        assert_eq!(
            first_ui(&dirs),
            Some(exe.join("ui").canonicalize().unwrap())
        );
    }
}
