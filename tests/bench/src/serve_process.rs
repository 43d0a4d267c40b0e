//! A real `mostrador serve` process for the engine benchmarks: started on its own data dir
//! against a WhatsApp URL, found through `api.port`, and killed when the handle is dropped —
//! also when a benchmark fails half-way — so no run leaves a server behind.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::Result;

/// How often `api.port` is looked for: short, so it adds little to a measured start.
const PORT_POLL: Duration = Duration::from_millis(1);

/// A running `mostrador serve` (demo build, file secrets, pacing off, rate limit off).
pub struct ServeProcess {
    // In a mutex so a shared handle can still ask whether the process is alive.
    child: Mutex<Child>,
    dir: PathBuf,
}

/// Creates the data dir's API key with `mostrador api-key` and returns it. Done before
/// `serve` starts, so reading the key is not part of any measured start.
pub fn api_key(bin: &Path, data_dir: &Path) -> Result<String> {
    let out = Command::new(bin)
        .args(["api-key", "--secrets", "file", "--data-dir"])
        .arg(data_dir)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
    if !out.status.success() {
        return Err(format!(
            "{} api-key failed: {}",
            bin.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        )
        .into());
    }
    Ok(String::from_utf8(out.stdout)?.trim().to_owned())
}

impl ServeProcess {
    /// Starts `serve` on `data_dir` (port 0) talking to the WhatsApp server at `wa_url`.
    /// Its log goes to `serve.log` in the data dir, so a failure can show why.
    pub fn spawn(bin: &Path, data_dir: &Path, wa_url: &str) -> Result<ServeProcess> {
        Self::spawn_paced(bin, data_dir, wa_url, 0)
    }

    /// The same, sending with a gap of `pacing_ms` between messages (no jitter).
    pub fn spawn_paced(
        bin: &Path,
        data_dir: &Path,
        wa_url: &str,
        pacing_ms: u64,
    ) -> Result<ServeProcess> {
        let log = File::create(data_dir.join("serve.log"))?;
        let child = Command::new(bin)
            .args(["serve", "--secrets", "file", "--port", "0", "--engine"])
            .args(["whatsapp", "--wa-url", wa_url, "--pacing-ms"])
            .arg(pacing_ms.to_string())
            .args(["--jitter-ms", "0", "--rate-limit", "0", "--data-dir"])
            .arg(data_dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| {
                format!(
                    "cannot start {}: {e} (build it with cargo build --release -p mostrador \
                     --features mostrador/demo)",
                    bin.display()
                )
            })?;
        Ok(ServeProcess {
            child: Mutex::new(child),
            dir: data_dir.to_owned(),
        })
    }

    pub fn pid(&self) -> u32 {
        self.child().id()
    }

    fn child(&self) -> std::sync::MutexGuard<'_, Child> {
        self.child.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// If `serve` has exited: how, and the last lines it logged.
    pub fn exit_report(&self) -> Option<String> {
        let status = self.child().try_wait().ok().flatten()?;
        Some(format!(
            "serve exited ({status}); its log ends:\n{}",
            self.log_tail()
        ))
    }

    /// `e`, followed by how `serve` ended if it did (a failed request is often why).
    pub fn explain(&self, e: crate::BoxError) -> crate::BoxError {
        match self.exit_report() {
            Some(report) => format!("{e}\n{report}").into(),
            None => e,
        }
    }

    /// The API port, once `serve` has published it (it writes `api.port` atomically after
    /// binding and opening everything). Fails if the process exits or `patience` runs out.
    pub async fn wait_port(&self, patience: Duration) -> Result<u16> {
        let file = self.dir.join("api.port");
        let deadline = Instant::now() + patience;
        loop {
            if let Some(port) = std::fs::read_to_string(&file)
                .ok()
                .and_then(|s| s.trim().parse().ok())
            {
                return Ok(port);
            }
            if let Some(report) = self.exit_report() {
                return Err(report.into());
            }
            if Instant::now() > deadline {
                return Err(format!("serve published no port in {patience:?}").into());
            }
            tokio::time::sleep(PORT_POLL).await;
        }
    }

    /// Stops `serve` and waits until it has exited: SIGTERM (a graceful stop, as systemd or a
    /// logout does) when `graceful`, else SIGKILL (a crash or a power cut).
    pub fn stop(&self, graceful: bool) -> Result<()> {
        let mut child = self.child();
        if graceful {
            let sent = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status()?;
            if !sent.success() {
                return Err(format!("kill -TERM {} failed", child.id()).into());
            }
        } else {
            child.kill()?;
        }
        child.wait()?;
        Ok(())
    }

    /// The last lines `serve` logged, to explain a failure.
    pub fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(self.dir.join("serve.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(10)..].join("\n")
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        // SIGKILL: the data dir is thrown away, so nothing needs a graceful stop.
        let child = self.child.get_mut().unwrap_or_else(PoisonError::into_inner);
        let _ = child.kill();
        let _ = child.wait();
    }
}
