//! Mostrador's app crate: the command line (`serve`, `api-key`) that wires the core, the
//! store, the secrets and the REST API together, and (feature `desktop`) the desktop app
//! around the same backend.

pub mod api_key;
pub mod backend;
pub mod cli;
#[cfg(feature = "demo")]
mod demo_clock;
#[cfg(feature = "demo")]
mod demo_phone;
#[cfg(feature = "desktop")]
pub mod desktop;
pub mod engines;
pub mod error;
pub mod instance;
mod listen;
pub mod logging;
pub mod paths;
pub mod serve;
pub mod serve_args;
mod shutdown;
pub mod ui_dir;
pub mod vault;

pub use error::Error;
