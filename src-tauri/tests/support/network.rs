//! The fake WhatsApp network for the tests that run the demo build against it: the network on
//! its own runtime while the test thread drives the processes, `serve` flags wired to it, and
//! linking the app with the network's demo phone.

use std::path::Path;

use fake_whatsapp::FakeNetwork;
use serde_json::json;

use super::Server;
use super::http::{Auth, get, post_json};
use super::sse::Events;

/// The customer who buys in person.
pub const CUSTOMER: &str = "59171234567";

pub struct Network {
    pub rt: tokio::runtime::Runtime,
    net: Option<FakeNetwork>,
}

impl Network {
    /// The network with `CUSTOMER` and `others` on WhatsApp.
    pub fn start(others: &[String]) -> Network {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let net = rt.block_on(FakeNetwork::start()).unwrap();
        net.add_contact(CUSTOMER).unwrap();
        for phone in others {
            net.add_contact(phone).unwrap();
        }
        Network { rt, net: Some(net) }
    }

    pub fn net(&self) -> &FakeNetwork {
        self.net.as_ref().unwrap()
    }

    /// `serve` flags for a demo build wired to this network, with the real engine.
    pub fn serve_args(&self, pacing_ms: u32) -> Vec<String> {
        self.args("whatsapp", pacing_ms)
    }

    /// The same with another `--engine` (`none`: queue only), and no jitter.
    pub fn args(&self, engine: &str, pacing_ms: u32) -> Vec<String> {
        [
            "--secrets",
            "file",
            "--port",
            "0",
            "--engine",
            engine,
            "--wa-url",
            &self.net().ws_url(),
            "--demo-phone",
            &self.net().admin_url(),
            "--pacing-ms",
            &pacing_ms.to_string(),
            "--jitter-ms",
            "0",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }
}

impl Drop for Network {
    fn drop(&mut self) {
        if let Some(net) = self.net.take() {
            self.rt.block_on(net.shutdown());
        }
    }
}

pub fn start(data: &Path, args: &[String]) -> Server {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    Server::start_with(data, &args)
}

pub fn session_state(server: &Server, key: &str) -> String {
    let s = get(server.port, "/api/v1/session", Auth::Header(key)).json();
    s["data"]["state"].as_str().unwrap().to_owned()
}

/// Waits (on the app's events) until the session is in `state`.
pub fn until_state(server: &Server, events: &mut Events, key: &str, state: &str) {
    if session_state(server, key) == state {
        return;
    }
    events.until(|name, data| name == "session" && data["state"] == state);
}

/// The demo phone scans the QR the app shows; returns once the app is connected.
pub fn link_with_demo_phone(server: &Server, key: &str) {
    let mut events = Events::open(server.port, key);
    if get(server.port, "/api/v1/session/qr", Auth::Header(key)).status != 200 {
        events.until(|name, _| name == "qr");
    }
    let scanned = post_json(
        server.port,
        "/api/v1/demo/scan",
        Auth::Header(key),
        &json!({}),
    );
    assert_eq!(scanned.status, 200, "{}", scanned.body);
    until_state(server, &mut events, key, "connected");
}
