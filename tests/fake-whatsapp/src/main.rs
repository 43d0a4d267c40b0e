//! `fake-whatsapp`: runs the fake WhatsApp network on loopback for demo mode and for tests in
//! other processes. Prints one JSON line with its URLs and account on stdout (logs go to
//! stderr, `RUST_LOG=fake_whatsapp=debug`), then serves until Ctrl-C or SIGTERM.

use std::process::ExitCode;

use fake_whatsapp::{FakeNetwork, NetworkConfig};
use serde_json::json;

const USAGE: &str = "usage: fake-whatsapp [--port N] [--admin-port N] [--phone NUMBER] \
[--business-name NAME] [--push-name NAME] [--contacts 59171234567,59172222222] \
[--group \"Name:59171234567,59172222222\"]...
  --business-name \"\"  a personal account (no business name at linking)
  --push-name \"\"      the phone never synced its app state (empty critical collections)";

#[derive(Default)]
struct Args {
    config: NetworkConfig,
    contacts: Vec<String>,
    groups: Vec<(String, Vec<String>)>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .try_init();
    let args = match parse(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("fake-whatsapp: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fake-whatsapp: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), fake_whatsapp::Error> {
    let net = FakeNetwork::start_with(args.config).await?;
    let mut contacts = Vec::new();
    for phone in &args.contacts {
        contacts.push(net.add_contact(phone)?.phone);
    }
    let mut groups = Vec::new();
    for (name, members) in &args.groups {
        let members: Vec<&str> = members.iter().map(String::as_str).collect();
        let jid = net.add_group(name, &members)?;
        groups.push(json!({ "name": name, "jid": jid.to_string() }));
    }
    // One line, so a parent process can read it and go.
    let ready = json!({
        "ws_url": net.ws_url(),
        "admin_url": net.admin_url(),
        // TODO: the media CDN's URL once `FakeNetwork` exposes it (media.rs keeps it private);
        // clients learn its host from the media_conn IQ meanwhile.
        "media_url": null,
        "phone": net.phone_number(),
        "jid": net.account_jid().to_string(),
        "lid": net.account_lid().to_string(),
        "contacts": contacts,
        "groups": groups,
    });
    // Handlers first: whoever reads the line may signal at once.
    let stop = stopped();
    println!("{ready}");
    stop.await;
    net.shutdown().await;
    Ok(())
}

/// Installs the handlers now (so a signal sent right after the ready line is caught) and
/// resolves on Ctrl-C or SIGTERM.
#[cfg(unix)]
fn stopped() -> impl std::future::Future<Output = ()> {
    use tokio::signal::unix::{SignalKind, signal};
    let term = signal(SignalKind::terminate());
    let int = signal(SignalKind::interrupt());
    async move {
        match (term, int) {
            (Ok(mut term), Ok(mut int)) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = int.recv() => {}
                }
            }
            _ => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
}

/// Resolves on Ctrl-C.
#[cfg(not(unix))]
fn stopped() -> impl std::future::Future<Output = ()> {
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// `Ok(None)` for `--help`.
fn parse(mut argv: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut args = Args::default();
    while let Some(flag) = argv.next() {
        let mut value = || argv.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--port" => args.config.ws_port = port(&value()?)?,
            "--admin-port" => args.config.admin_port = port(&value()?)?,
            "--phone" => args.config.phone_number = value()?.trim_start_matches('+').to_owned(),
            "--business-name" => args.config.business_name = value()?,
            "--push-name" => args.config.push_name = value()?,
            "--contacts" => args.contacts.extend(list(&value()?)),
            "--group" => {
                let spec = value()?;
                let (name, members) = spec
                    .split_once(':')
                    .ok_or_else(|| format!("--group {spec:?}: expected \"Name:phone,phone\""))?;
                if name.trim().is_empty() {
                    return Err(format!("--group {spec:?}: the group needs a name"));
                }
                args.groups.push((name.trim().to_owned(), list(members)));
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Some(args))
}

fn port(value: &str) -> Result<u16, String> {
    value
        .parse()
        .map_err(|_| format!("{value:?} is not a port"))
}

fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn argv(s: &[&str]) -> impl Iterator<Item = String> {
        s.iter()
            .map(|a| (*a).to_owned())
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn reads_ports_contacts_and_groups() {
        let args = parse(argv(&[
            "--port",
            "5000",
            "--admin-port",
            "5001",
            "--contacts",
            "59171234567, 59172222222",
            "--group",
            "Personal:59171234567,59172222222",
        ]))
        .unwrap()
        .unwrap();
        assert_eq!((args.config.ws_port, args.config.admin_port), (5000, 5001));
        assert_eq!(args.contacts, ["59171234567", "59172222222"]);
        assert_eq!(args.groups[0].0, "Personal");
        assert_eq!(args.groups[0].1, ["59171234567", "59172222222"]);
    }

    #[test]
    fn rejects_what_it_cannot_read() {
        assert!(parse(argv(&["--port"])).is_err());
        assert!(parse(argv(&["--port", "x"])).is_err());
        assert!(parse(argv(&["--group", "no-colon"])).is_err());
        assert!(parse(argv(&["--nope"])).is_err());
        assert!(parse(argv(&["--help"])).unwrap().is_none());
    }
}
