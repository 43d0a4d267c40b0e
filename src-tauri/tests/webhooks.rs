//! Webhooks through the real binary and the fake WhatsApp network, received by a receiver
//! that checks every signature with the Standard Webhooks reference library (Python, not our
//! code): the receiver down for part of the run and the app SIGKILLed while events waited —
//! every event still arrives, in order per message. Needs `--features mostrador/demo` and
//! `scripts/setup.sh` (which installs the library into target/py-tests).
#![cfg(feature = "demo")]
#![allow(clippy::unwrap_used)]

mod support;

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};
use support::http::{Auth, post_json};
use support::network::{CUSTOMER, Network, link_with_demo_phone, start};
use support::sse::Events;
use support::{Server, api_key, temp_root};

/// A safety net for the waits; arrivals end them at once.
const PATIENCE: Duration = Duration::from_secs(120);

/// The Python receiver (`tests/webhooks/receiver.py`), killed on drop.
struct Receiver {
    child: Child,
    stdin: ChildStdin,
    lines: mpsc::Receiver<Value>,
    port: u16,
}

fn python() -> PathBuf {
    let path = std::env::var_os("MOSTRADOR_TEST_PYTHON").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/py-tests/bin/python"),
        PathBuf::from,
    );
    assert!(
        path.exists(),
        "{} is missing: run `bash scripts/setup.sh` (npm test does), which installs the \
         Standard Webhooks library these tests check signatures with",
        path.display()
    );
    path
}

impl Receiver {
    /// Listening on `port` (0: any) and checking signatures under `secret`.
    fn start(port: u16, secret: &str) -> Receiver {
        let script =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/webhooks/receiver.py");
        let mut child = Command::new(python())
            .arg(script)
            .arg(port.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let out = BufReader::new(child.stdout.take().unwrap());
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in out.lines() {
                let Ok(line) = line else { break };
                if tx.send(serde_json::from_str(&line).unwrap()).is_err() {
                    break;
                }
            }
        });
        let first: Value = lines
            .recv_timeout(PATIENCE)
            .expect("the receiver did not start");
        writeln!(stdin, "{secret}").unwrap();
        Receiver {
            child,
            stdin,
            port: u16::try_from(first["port"].as_u64().unwrap()).unwrap(),
            lines,
        }
    }

    /// Reads deliveries into `seen` until `done` holds; an invalid signature fails the test.
    fn until(&self, seen: &mut Vec<Value>, done: impl Fn(&[Value]) -> bool) {
        while !done(seen) {
            let d = self
                .lines
                .recv_timeout(PATIENCE)
                .unwrap_or_else(|_| panic!("deliveries stopped; seen: {seen:?}"));
            assert!(
                d.get("invalid").is_none(),
                "a signature did not verify: {d}"
            );
            seen.push(d);
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.stdin.flush();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The event types seen for one message, each event once, in the order they came.
fn types_of(seen: &[Value], message: &str) -> Vec<String> {
    let mut ids: Vec<&str> = Vec::new();
    let mut types = Vec::new();
    for d in seen.iter().filter(|d| d["data"]["id"] == message) {
        let id = d["id"].as_str().unwrap();
        if !ids.contains(&id) {
            ids.push(id);
            types.push(d["type"].as_str().unwrap().to_owned());
        }
    }
    types
}

/// Taken by WhatsApp: the server's ack (`sent`), or a receipt that overtook it (the status
/// only moves forward, so a message delivered before its ack was read never says `sent`).
const WENT: [&str; 3] = ["sent", "delivered", "read"];

fn went(seen: &[Value], message: &str) -> bool {
    types_of(seen, message)
        .iter()
        .any(|t| WENT.iter().any(|w| t.strip_prefix("message.") == Some(w)))
}

fn send_text(server: &Server, key: &str, text: &str) -> String {
    let r = post_json(
        server.port,
        "/api/v1/messages",
        Auth::Header(key),
        &json!({ "to": format!("+{CUSTOMER}"), "text": text }),
    );
    assert_eq!(r.status, 202, "{}", r.body);
    r.json()["data"]["id"].as_str().unwrap().to_owned()
}

#[test]
fn every_event_reaches_a_receiver_that_was_down_across_an_app_killed_meanwhile() {
    let network = Network::start(&[]);
    let (_root, data) = temp_root();
    let args = network.serve_args(0);
    let server = start(&data, &args);
    let key = api_key(&data, "file", &[]);
    link_with_demo_phone(&server, &key);

    // The receiver's port first (its URL is the webhook's), then the secret it checks with.
    let probe = Receiver::start(0, "whsec_AAAA");
    let port = probe.port;
    drop(probe);
    let r = post_json(
        server.port,
        "/api/v1/webhooks",
        Auth::Header(&key),
        &json!({ "url": format!("http://127.0.0.1:{port}/hook"), "events": ["message.*"] }),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let secret = r.json()["data"]["secret"].as_str().unwrap().to_owned();

    let receiver = Receiver::start(port, &secret);
    let mut seen = Vec::new();
    let first = send_text(&server, &key, "Gracias por su compra");
    receiver.until(&mut seen, |s| went(s, &first));

    // The receiver goes down; receipts go out meanwhile and their events wait.
    drop(receiver);
    let mut events = Events::open(server.port, &key);
    let later: Vec<String> = (1..=3)
        .map(|i| send_text(&server, &key, &format!("Recibo {i}")))
        .collect();
    let mut acked = Vec::new();
    while acked.len() < later.len() {
        let (name, m) = events.next();
        let id = m["id"].as_str().unwrap_or_default().to_owned();
        let status = m["status"].as_str().unwrap_or_default();
        if name == "message"
            && WENT.contains(&status)
            && later.contains(&id)
            && !acked.contains(&id)
        {
            acked.push(id);
        }
    }
    // Killed with those events undelivered: nothing of it may be lost.
    server.kill();
    let server = start(&data, &args);
    let receiver = Receiver::start(port, &secret);
    receiver.until(&mut seen, |s| later.iter().all(|m| went(s, m)));

    for m in std::iter::once(&first).chain(&later) {
        let types = types_of(&seen, m);
        assert_eq!(
            types[..2],
            ["message.queued", "message.sending"],
            "{m}: {types:?}"
        );
        assert!(went(&seen, m), "{m}: {types:?}");
    }
    assert_eq!(network.net().deliveries(CUSTOMER), 4, "each receipt once");
    server.stop();
}
