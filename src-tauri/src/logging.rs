//! Log output: human-readable lines on stderr, filtered by `RUST_LOG`.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber. `default` applies when `RUST_LOG` is unset or invalid.
/// Nothing secret (the API key) or private (message bodies) is logged at `info`.
pub fn init(default: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    // Colour codes would litter a log file or a CI log.
    let ansi = std::io::stderr().is_terminal();
    // Err only if a subscriber is already set (tests calling twice): keep that one.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .try_init();
}
