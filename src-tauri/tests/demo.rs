//! The demo build as people run it: `serve` against the built-in fake WhatsApp network, linked
//! by the demo phone; a SIGKILL while a queue drains loses nothing and shows nothing twice;
//! unlinking from the app wipes the session and its key; a message sent later goes at its time
//! even when the app was killed in between, and one found long overdue after the app was off
//! expires instead. Needs `--features mostrador/demo`.
#![cfg(feature = "demo")]
#![allow(clippy::unwrap_used)]

mod support;

use std::collections::HashSet;
use std::time::Duration;

use serde_json::json;
use support::http::{Auth, get, post_json};
use support::network::{CUSTOMER, Network, link_with_demo_phone, start, until_state};
use support::sse::Events;
use support::{Server, api_key, temp_root};

/// A safety net for the fake network's waits; arrivals end them at once.
const PATIENCE: Duration = Duration::from_secs(120);

/// What `CUSTOMER`'s phone has received (distinct messages), once there are `n`.
fn wait_received(network: &Network, n: usize) -> Vec<fake_whatsapp::Received> {
    network
        .rt
        .block_on(network.net().wait_received(CUSTOMER, n, PATIENCE))
        .unwrap()
}

fn send_text(server: &Server, key: &str, text: &str) -> serde_json::Value {
    let r = post_json(
        server.port,
        "/api/v1/messages",
        Auth::Header(key),
        &json!({ "to": format!("+{CUSTOMER}"), "type": "text", "text": text }),
    );
    assert_eq!(r.status, 202, "{}", r.body);
    r.json()["data"].clone()
}

/// Sends a first receipt and waits until the customer has it and the server acknowledged it
/// (so a kill after this does not send it again); returns its `created_at`: the app's clock,
/// as the app reports it (a test may not read the system clock).
fn first_receipt_acknowledged(server: &Server, key: &str, network: &Network) -> i64 {
    let mut events = Events::open(server.port, key);
    let first = send_text(server, key, "Gracias por su compra");
    wait_received(network, 1);
    events.until(|name, m| {
        name == "message"
            && m["id"] == first["id"]
            && m["status"] != "sending"
            && m["status"] != "queued"
    });
    first["created_at"].as_i64().unwrap()
}

#[test]
fn the_demo_phone_links_the_app_and_a_receipt_reaches_the_customer() {
    let network = Network::start(&[]);
    let (_root, data) = temp_root();
    let server = start(&data, &network.serve_args(0));
    let key = api_key(&data, "file", &[]);
    let health = get(server.port, "/api/v1/health", Auth::None).json();
    assert_eq!(health["data"]["demo"], true, "the demo build says so");
    server.wait_for_log("DEMO build");

    link_with_demo_phone(&server, &key);
    send_text(&server, &key, "Gracias por su compra");
    let got = wait_received(&network, 1);
    assert_eq!(got[0].text.as_deref(), Some("Gracias por su compra"));
    server.stop();
}

#[test]
fn a_kill_while_the_queue_drains_loses_nothing_and_shows_nothing_twice() {
    let network = Network::start(&[]);
    let (_root, data) = temp_root();
    // Paced, so the kill lands while most of the queue is still waiting.
    let args = network.serve_args(20);
    let server = start(&data, &args);
    let key = api_key(&data, "file", &[]);
    // Queued before the phone is linked: they all wait in the outbox.
    let texts: Vec<String> = (0..200).map(|n| format!("ticket {n:03}")).collect();
    for t in &texts {
        send_text(&server, &key, t);
    }
    link_with_demo_phone(&server, &key);
    let before = wait_received(&network, 30).len();
    server.kill();
    assert!(
        before < 200,
        "the kill must land mid-queue ({before} already out)"
    );

    let server = start(&data, &args);
    let got = wait_received(&network, 200);
    let distinct: HashSet<&str> = got.iter().filter_map(|r| r.text.as_deref()).collect();
    let wanted: HashSet<&str> = texts.iter().map(String::as_str).collect();
    assert_eq!(distinct, wanted, "every ticket arrived");
    assert_eq!(got.len(), 200, "each ticket once at the recipient's phone");
    // Only what was on the wire without a server ack at the kill goes again, with its id.
    let resent = network.net().deliveries(CUSTOMER) - 200;
    eprintln!("killed after {before} arrived; {resent} sent again after the restart");
    assert!(resent <= 5, "{resent} messages were sent again");
    server.stop();
}

#[test]
fn unlinking_from_the_app_wipes_the_session_and_its_key_and_asks_for_a_qr() {
    let network = Network::start(&[]);
    let (_root, data) = temp_root();
    let args = network.serve_args(0);
    let server = start(&data, &args);
    let key = api_key(&data, "file", &[]);
    link_with_demo_phone(&server, &key);
    let secrets = || std::fs::read_to_string(data.join("secrets.json")).unwrap();
    assert!(secrets().contains("session-db-key"));
    let session_dir = data.join("profiles/default");
    assert!(session_dir.join("whatsapp.db").exists());

    let mut events = Events::open(server.port, &key);
    let r = post_json(
        server.port,
        "/api/v1/session/logout",
        Auth::Header(&key),
        &json!({}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    until_state(&server, &mut events, &key, "logged_out");
    // Said to be this app's doing, so the desktop app shows no "unlinked by the phone"; and
    // linking again is what the service offers.
    let s = get(server.port, "/api/v1/session", Auth::Header(&key)).json();
    assert_eq!(s["data"]["reason"]["code"], "unlinked_by_app", "{s}");
    assert_eq!(s["data"]["actions"], json!(["relink"]), "{s}");
    let left: Vec<_> = std::fs::read_dir(&session_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("whatsapp.db"))
        .collect();
    assert!(left.is_empty(), "session files left: {left:?}");
    assert!(
        !secrets().contains("session-db-key"),
        "the session key is gone"
    );
    server.stop();

    // The next start has nothing to resume: it shows a QR code.
    let server = start(&data, &args);
    let mut events = Events::open(server.port, &key);
    if get(server.port, "/api/v1/session/qr", Auth::Header(&key)).status != 200 {
        events.until(|name, _| name == "qr");
    }
    server.stop();
}

#[test]
fn a_message_for_later_goes_at_its_time_after_the_app_was_killed() {
    let network = Network::start(&[]);
    let (_root, data) = temp_root();
    let args = network.serve_args(0);
    let server = start(&data, &args);
    let key = api_key(&data, "file", &[]);
    link_with_demo_phone(&server, &key);
    let now = first_receipt_acknowledged(&server, &key, &network);
    let send_at = now + 3_000;
    let r = post_json(
        server.port,
        "/api/v1/messages",
        Auth::Header(&key),
        &json!({ "to": format!("+{CUSTOMER}"), "text": "Su pedido está listo",
                 "send_at": mostrador_core::types::time::rfc3339(send_at) }),
    );
    assert_eq!(r.status, 202, "{}", r.body);
    let later = r.json()["data"].clone();
    assert_eq!(later["status"], "scheduled", "{later}");
    server.kill();

    let server = start(&data, &args);
    let got = wait_received(&network, 2);
    assert_eq!(got[1].text.as_deref(), Some("Su pedido está listo"));
    let id = later["id"].as_str().unwrap();
    let m = get(
        server.port,
        &format!("/api/v1/messages/{id}"),
        Auth::Header(&key),
    )
    .json();
    let went = m["data"]["status_times"]["sending"].as_i64().unwrap();
    assert!(went >= send_at, "went at {went}, due at {send_at}");
    assert_eq!(network.net().deliveries(CUSTOMER), 2, "each once");
    server.stop();
}

#[test]
fn after_a_night_off_an_overdue_message_expires_and_one_just_due_goes() {
    const HOUR: i64 = 3_600_000;
    let network = Network::start(&[]);
    let (_root, data) = temp_root();
    let args = network.serve_args(0);
    let server = start(&data, &args);
    let key = api_key(&data, "file", &[]);
    link_with_demo_phone(&server, &key);
    let now = first_receipt_acknowledged(&server, &key, &network);
    let later = |text: &str, send_at: i64| {
        let r = post_json(
            server.port,
            "/api/v1/messages",
            Auth::Header(&key),
            &json!({ "to": format!("+{CUSTOMER}"), "text": text,
                     "send_at": mostrador_core::types::time::rfc3339(send_at) }),
        );
        assert_eq!(r.status, 202, "{}", r.body);
        r.json()["data"]["id"].as_str().unwrap().to_owned()
    };
    let evening = later("Le esperamos a las 20:00", now + HOUR);
    let morning = later("Buenos días, su pedido está listo", now + 14 * HOUR);
    server.kill();

    // Back "the next morning": the evening message is 13 h late (the limit is 12 h), the
    // morning one a minute late.
    let mut next_day = args.clone();
    next_day.extend([
        "--demo-clock-ahead-ms".into(),
        (14 * HOUR + 60_000).to_string(),
    ]);
    let server = start(&data, &next_day);
    let got = wait_received(&network, 2);
    assert_eq!(
        got[1].text.as_deref(),
        Some("Buenos días, su pedido está listo")
    );
    let status = |id: &str| {
        get(
            server.port,
            &format!("/api/v1/messages/{id}"),
            Auth::Header(&key),
        )
        .json()["data"]
            .clone()
    };
    // Late ones are expired before anything due is sent, so this is settled by now.
    let expired = status(&evening);
    assert_eq!(expired["status"], "expired", "{expired}");
    let went = status(&morning);
    assert!(went["status_times"]["sending"].is_i64(), "{went}");
    assert_eq!(
        network.net().deliveries(CUSTOMER),
        2,
        "the evening one never went"
    );
    server.stop();
}
