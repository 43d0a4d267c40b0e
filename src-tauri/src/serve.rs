//! `mostrador serve`: the backend with no window, for the POS, SSH and CI. Never touches
//! GTK, so it runs on machines without a display.

use std::time::Duration;

use mostrador_secrets::Mode;

use crate::backend::{Backend, Plan};
use crate::paths::DataDir;
use crate::serve_args::ServeArgs;
use crate::{Error, shutdown};

/// Runs until Ctrl-C or SIGTERM, then stops gracefully (a second signal cuts open requests).
pub fn run(dir: &DataDir, mode: Mode, args: &ServeArgs) -> Result<(), Error> {
    let plan = Plan::new(dir, mode, args)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(Error::Runtime)?;
    let result = runtime.block_on(async {
        let backend = Backend::start(dir, plan).await?;
        let stopper = backend.stopper();
        let finished = backend.finish();
        tokio::pin!(finished);
        loop {
            tokio::select! {
                res = &mut finished => return res,
                () = shutdown::requested() => stopper.stop(),
            }
        }
    });
    // Leftover blocking work (a slow disk read) must not keep a stopped app alive.
    runtime.shutdown_timeout(Duration::from_secs(5));
    result
}
