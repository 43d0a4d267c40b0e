//! Desktop notifications from the core's events: the phone linked this app, the connection
//! was lost for more than 30 s (and came back), a message failed, the phone unlinked this
//! app, a webhook failing for long or turned off. Each can be switched off. `watch` decides (pure), `texts` words them in the UI's
//! language, `runner` follows the service and shows them.

mod hooks;
mod runner;
mod texts;
mod watch;

pub use runner::{run, show};
pub use watch::{LOSS_GRACE_MS, Notice, Watch};
