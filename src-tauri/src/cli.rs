//! The command line: parses flags (and their environment variables), runs the command, and
//! turns any error into one line on stderr and an exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use mostrador_secrets::{Mode, Secrets};

use crate::paths::DataDir;
use crate::serve_args::ServeArgs;
use crate::{Error, api_key, logging, serve};

#[derive(Debug, Parser)]
#[command(
    name = "mostrador",
    version,
    about = "Send receipts, invoices and notices from the shop's own WhatsApp number.",
    long_about = "Send receipts, invoices and notices from the shop's own WhatsApp number.\n\n\
        With no command, opens the desktop app (the same service and REST API as `serve`, \
        with a window and a tray icon); its options are those of `serve`.",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// The desktop app's options (no command given).
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    app: ServeArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the message service and the REST API for the POS, without a window.
    Serve {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        serve: ServeArgs,
    },
    /// Print the API key the POS must send (created if there is none).
    ApiKey {
        #[command(flatten)]
        common: Common,
        /// Replace the key with a new one and print it.
        #[arg(long, conflicts_with = "forget")]
        rotate: bool,
        /// Delete the key from the secret store (tests, uninstalling).
        #[arg(long, hide = true)]
        forget: bool,
    },
}

/// What every command needs to find this instance's data and secrets.
#[derive(Debug, Args)]
struct Common {
    /// Where the database, attachments and api.port live [default: the OS per-user data
    /// directory + /mostrador].
    #[arg(long, env = "MOSTRADOR_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,

    /// Where secrets (the API key) are kept: "keyring" (the OS keyring) or "file" (a file
    /// only this user can read, in the data directory; for machines without a keyring).
    #[arg(
        long,
        env = "MOSTRADOR_SECRETS",
        default_value = "keyring",
        value_name = "MODE"
    )]
    secrets: Mode,
}

/// Entry point of the `mostrador` executable.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Prints help/version (exit 0) or the usage error (exit 2).
        Err(e) => e.exit(),
    };
    let result = match cli.command {
        Some(command) => execute(command),
        None => {
            logging::init("info");
            desktop(cli.common, &cli.app)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn execute(command: Command) -> Result<(), Error> {
    match command {
        Command::Serve { common, serve } => {
            logging::init("info");
            let dir = DataDir::open(common.data_dir)?;
            serve::run(&dir, common.secrets, &serve)
        }
        Command::ApiKey {
            common,
            rotate,
            forget,
        } => {
            // Only warnings: stdout carries the key, stderr stays quiet when all is well.
            logging::init("warn");
            let dir = DataDir::open(common.data_dir)?;
            let secrets = Secrets::open(common.secrets, dir.path())?;
            if forget {
                api_key::forget(&secrets)?;
                eprintln!("The API key was deleted; a new one is made at the next start.");
            } else if rotate {
                println!("{}", api_key::rotate(&secrets)?);
                eprintln!(
                    "The API key was replaced. A running `mostrador serve` keeps accepting \
                     the old key until it is restarted (Settings → Replace key, or POST \
                     /api/v1/api-key/rotate, rotates it at once instead); give the POS the \
                     new one."
                );
            } else {
                println!("{}", api_key::load_or_create_beside(&dir, &secrets)?);
            }
            Ok(())
        }
    }
}

#[cfg(feature = "desktop")]
fn desktop(common: Common, app: &ServeArgs) -> Result<(), Error> {
    crate::desktop::run(common.data_dir, common.secrets, app)
}

#[cfg(not(feature = "desktop"))]
fn desktop(_: Common, _: &ServeArgs) -> Result<(), Error> {
    Err(Error::Setting(
        "this build has no desktop window (built without the `desktop` feature); \
         run `mostrador serve`"
            .into(),
    ))
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
