//! Shared helpers for the tests that drive the built `mostrador` binary: run commands,
//! start `serve` (killed on drop), wait for its port file, and talk HTTP to it.

// Each test file uses a different subset of these helpers.
#![allow(dead_code)]

pub mod http;
#[cfg(feature = "demo")]
pub mod network;
pub mod sse;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::Duration;

pub const BIN: &str = env!("CARGO_BIN_EXE_mostrador");

/// Generous bounds: a debug build on a busy 2-core CI machine can be slow to start.
const START_TIMEOUT: Duration = Duration::from_secs(60);
const EXIT_TIMEOUT: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(20);

/// The binary with a clean environment: the caller's MOSTRADOR_* settings must not leak in.
pub fn mostrador() -> Command {
    let mut cmd = Command::new(BIN);
    for var in [
        "MOSTRADOR_DATA_DIR",
        "MOSTRADOR_PORT",
        "MOSTRADOR_SECRETS",
        "MOSTRADOR_COUNTRY",
        "MOSTRADOR_PACING_MS",
        "MOSTRADOR_JITTER_MS",
        "MOSTRADOR_MAX_ATTEMPTS",
        "MOSTRADOR_RATE_LIMIT",
        "MOSTRADOR_ENGINE",
        "MOSTRADOR_WA_URL",
        "MOSTRADOR_DEMO_PHONE",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("RUST_LOG", "info").stdin(Stdio::null());
    cmd
}

/// Runs a command to completion and returns what it printed.
pub fn run(args: &[&str]) -> Output {
    mostrador().args(args).output().unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `mostrador api-key` for a data dir; asserts it worked and returns the key.
pub fn api_key(data: &Path, secrets: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "api-key",
        "--secrets",
        secrets,
        "--data-dir",
        path_str(data),
    ];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert!(out.status.success(), "api-key failed: {}", stderr(&out));
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A running `mostrador serve`; killed (and reaped) on drop if the test did not stop it.
pub struct Server {
    child: Option<Child>,
    pub port: u16,
    pub data: PathBuf,
    log: PathBuf,
}

impl Server {
    /// Starts `serve` on any free port with file secrets and waits until it answers.
    pub fn start(data: &Path) -> Server {
        Server::start_with(data, &["--secrets", "file", "--port", "0"])
    }

    /// Starts `serve --data-dir <data> <args>` and waits for its port file.
    pub fn start_with(data: &Path, args: &[&str]) -> Server {
        let port_file = data.join("api.port");
        // A file left by an earlier, killed run would point at a dead port.
        let _ = fs::remove_file(&port_file);
        let (child, log) = spawn_serve(data, args);
        let mut server = Server {
            child: Some(child),
            port: 0,
            data: data.to_owned(),
            log,
        };
        server.port = server.wait_for_port(&port_file);
        server
    }

    fn wait_for_port(&mut self, port_file: &Path) -> u16 {
        let mut waited = Duration::ZERO;
        loop {
            if let Ok(text) = fs::read_to_string(port_file) {
                return text.trim().parse().unwrap_or_else(|e| {
                    panic!("api.port holds {text:?} ({e}); log:\n{}", self.log())
                });
            }
            if let Some(status) = self.child_mut().try_wait().unwrap() {
                panic!("serve exited early ({status}); log:\n{}", self.log());
            }
            assert!(
                waited < START_TIMEOUT,
                "no api.port after {waited:?}; log:\n{}",
                self.log()
            );
            std::thread::sleep(POLL);
            waited += POLL;
        }
    }

    /// Waits (bounded) until the server's log contains `needle`.
    pub fn wait_for_log(&self, needle: &str) {
        let mut waited = Duration::ZERO;
        while !self.log().contains(needle) {
            assert!(
                waited < START_TIMEOUT,
                "{needle:?} never appeared in the log:\n{}",
                self.log()
            );
            std::thread::sleep(POLL);
            waited += POLL;
        }
    }

    /// What the server has written to stderr so far.
    pub fn log(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Kills the server at once (SIGKILL): no shutdown code runs, as in a power cut.
    pub fn kill(mut self) {
        let mut child = self.child.take().unwrap();
        child.kill().unwrap();
        child.wait().unwrap();
    }

    /// Asks the server to stop (SIGTERM) and waits for it to exit.
    pub fn stop(mut self) -> ExitStatus {
        let mut child = self.child.take().unwrap();
        terminate(&child);
        wait_exit(&mut child).unwrap_or_else(|| {
            let _ = child.kill();
            let _ = child.wait();
            panic!("serve did not stop after SIGTERM; log:\n{}", self.log())
        })
    }

    fn child_mut(&mut self) -> &mut Child {
        self.child.as_mut().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Starts `serve` with its stderr going to a log file beside the data dir.
pub fn spawn_serve(data: &Path, args: &[&str]) -> (Child, PathBuf) {
    let parent = data.parent().unwrap_or(data);
    let log = (0..)
        .map(|i| parent.join(format!("serve-{i}.log")))
        .find(|p| !p.exists())
        .unwrap();
    // Never the real WhatsApp from a test: without an engine of its own choosing (the fake
    // network), a suite exercises the service and the API only.
    let engine: &[&str] = if args.contains(&"--engine") {
        &[]
    } else {
        &["--engine", "none"]
    };
    let child = mostrador()
        .args(["serve", "--data-dir", path_str(data)])
        .args(engine)
        .args(args)
        .stdout(Stdio::null())
        .stderr(fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    (child, log)
}

/// Waits (bounded) for a process to exit; None if it is still running.
pub fn wait_exit(child: &mut Child) -> Option<ExitStatus> {
    let mut waited = Duration::ZERO;
    while waited < EXIT_TIMEOUT {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(POLL);
        waited += POLL;
    }
    None
}

#[cfg(unix)]
pub fn terminate(child: &Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill -TERM failed");
}

#[cfg(not(unix))]
pub fn terminate(child: &Child) {
    // No SIGTERM: the tests that check a graceful exit are unix-only.
    let _ = child;
}

/// A temporary root holding the data dir (`<root>/data`) and the server logs.
pub fn temp_root() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    (root, data)
}
