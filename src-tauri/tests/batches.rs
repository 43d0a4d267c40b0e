//! Broadcasts through the real binary and the fake WhatsApp network: a 500-recipient batch
//! killed (SIGKILL) at random moments and restarted reaches every recipient exactly once;
//! pause and cancel hold across a restart; a hand-sent receipt overtakes a running
//! broadcast. Needs `--features mostrador/demo`.
#![cfg(feature = "demo")]
#![allow(clippy::unwrap_used)]

mod support;

use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use serde_json::json;
use support::http::{Auth, get, post_json};
use support::network::{CUSTOMER, Network, link_with_demo_phone, start};
use support::sse::Events;
use support::{Server, api_key, temp_root};

/// A safety net for the fake network's waits; arrivals end them at once.
const PATIENCE: Duration = Duration::from_secs(180);

fn customer(i: usize) -> String {
    format!("5917{:07}", 1_000_000 + i)
}

/// The fake network with `n` customers of a broadcast (and the one who buys in person).
fn network(n: usize) -> Network {
    Network::start(&(0..n).map(customer).collect::<Vec<_>>())
}

/// Batch items that reached their recipients so far (distinct messages).
fn arrived(network: &Network, customers: usize) -> usize {
    (0..customers)
        .map(|i| network.net().received(&customer(i)).len())
        .sum()
}

fn create_batch(
    server: &Server,
    key: &str,
    name: &str,
    customers: std::ops::Range<usize>,
) -> String {
    let recipients: Vec<_> = customers
        .map(|i| json!({"to": format!("+{}", customer(i)), "variables": {"n": i}}))
        .collect();
    let body = json!({
        "name": name,
        "template": {"type": "text", "text": "Hola cliente {n}, {{promo}}"},
        "recipients": recipients,
    });
    let r = post_json(server.port, "/api/v1/batches", Auth::Header(key), &body);
    assert_eq!(r.status, 202, "{}", r.body);
    r.json()["data"]["batch"]["id"].as_str().unwrap().to_owned()
}

fn batch(server: &Server, key: &str, id: &str) -> serde_json::Value {
    get(
        server.port,
        &format!("/api/v1/batches/{id}"),
        Auth::Header(key),
    )
    .json()["data"]
        .clone()
}

fn post(server: &Server, key: &str, path: &str) -> serde_json::Value {
    let r = post_json(server.port, path, Auth::Header(key), &json!({}));
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()["data"].clone()
}

/// Waits (on the app's `batch` events) until the batch has `finished` items or more.
fn until_finished(server: &Server, key: &str, id: &str, at_least: u64) {
    let mut events = Events::open(server.port, key);
    if batch(server, key, id)["finished"].as_u64().unwrap() >= at_least {
        return;
    }
    events.until(|name, d| {
        name == "batch" && d["id"] == id && d["finished"].as_u64().unwrap() >= at_least
    });
}

fn random_below(n: u64) -> u64 {
    std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish()
        % n
}

#[test]
fn a_broadcast_killed_at_random_moments_reaches_every_recipient_exactly_once() {
    const N: usize = 500;
    let network = network(N);
    let (_root, data) = temp_root();
    let args = network.serve_args(5);
    let mut server = start(&data, &args);
    let key = api_key(&data, "file", &[]);
    let id = create_batch(&server, &key, "Promo", 0..N);
    link_with_demo_phone(&server, &key);
    let mut kills = Vec::new();
    for round in 0..4u64 {
        let finished = batch(&server, &key, &id)["finished"].as_u64().unwrap();
        let target = (finished + 20 + random_below(90)).min(N as u64 - 10);
        until_finished(&server, &key, &id, target);
        server.kill();
        kills.push((round, target, arrived(&network, N)));
        server = start(&data, &args);
    }
    until_finished(&server, &key, &id, N as u64);
    let b = batch(&server, &key, &id);
    assert_eq!(b["status"], "done", "{b}");
    for i in 0..N {
        let got = network
            .rt
            .block_on(network.net().wait_received(&customer(i), 1, PATIENCE))
            .unwrap();
        assert_eq!(got.len(), 1, "customer {i} got {got:?}");
        assert_eq!(
            got[0].text.as_deref(),
            Some(format!("Hola cliente {i}, {{promo}}").as_str())
        );
    }
    let resent: usize = (0..N)
        .map(|i| network.net().deliveries(&customer(i)))
        .sum::<usize>()
        - N;
    eprintln!(
        "kills (round, at finished, arrived): {kills:?}; {resent} sent again with the same id"
    );
    server.stop();
}

#[test]
fn pause_and_cancel_survive_a_restart() {
    let network = network(20);
    let (_root, data) = temp_root();
    let args = network.serve_args(0);
    // Accepted and held while the app sends nothing (no engine), then killed.
    let server = start(&data, &network.args("none", 0));
    let key = api_key(&data, "file", &[]);
    let paused = create_batch(&server, &key, "Pausada", 0..10);
    let cancelled = create_batch(&server, &key, "Cancelada", 10..20);
    assert_eq!(
        post(&server, &key, &format!("/api/v1/batches/{paused}/pause"))["status"],
        "paused"
    );
    let c = post(
        &server,
        &key,
        &format!("/api/v1/batches/{cancelled}/cancel"),
    );
    assert_eq!(c["counts"]["cancelled"], 10, "{c}");
    server.kill();

    let server = start(&data, &args);
    link_with_demo_phone(&server, &key);
    let r = post_json(
        server.port,
        "/api/v1/messages",
        Auth::Header(&key),
        &json!({"to": format!("+{CUSTOMER}"), "text": "probe"}),
    );
    assert_eq!(r.status, 202, "{}", r.body);
    network
        .rt
        .block_on(network.net().wait_received(CUSTOMER, 1, PATIENCE))
        .unwrap();
    // The probe went after the restart; the held batches sent nothing before or since.
    assert_eq!(arrived(&network, 20), 0);
    assert_eq!(batch(&server, &key, &paused)["status"], "paused");
    assert_eq!(batch(&server, &key, &cancelled)["status"], "cancelled");
    post(&server, &key, &format!("/api/v1/batches/{paused}/resume"));
    until_finished(&server, &key, &paused, 10);
    for i in 0..10 {
        network
            .rt
            .block_on(network.net().wait_received(&customer(i), 1, PATIENCE))
            .unwrap();
    }
    let after: usize = (10..20)
        .map(|i| network.net().received(&customer(i)).len())
        .sum();
    assert_eq!(after, 0, "nothing of the cancelled batch was sent");
    server.stop();
}

#[test]
fn a_hand_sent_receipt_overtakes_a_running_broadcast() {
    const N: usize = 60;
    let network = network(N);
    let (_root, data) = temp_root();
    let args = network.serve_args(300);
    let server = start(&data, &args);
    let key = api_key(&data, "file", &[]);
    let id = create_batch(&server, &key, "Lenta", 0..N);
    link_with_demo_phone(&server, &key);
    until_finished(&server, &key, &id, 3);
    let before = arrived(&network, N);
    let r = post_json(
        server.port,
        "/api/v1/messages",
        Auth::Header(&key),
        &json!({"to": format!("+{CUSTOMER}"), "text": "Su recibo"}),
    );
    assert_eq!(r.status, 202, "{}", r.body);
    network
        .rt
        .block_on(network.net().wait_received(CUSTOMER, 1, PATIENCE))
        .unwrap();
    let after = arrived(&network, N);
    // At most the item already on its way when the receipt was accepted went before it.
    assert!(
        after <= before + 1,
        "{} broadcast items went first",
        after - before
    );
    assert!(after < N, "the broadcast was still running");
    server.stop();
}

#[test]
fn numbers_without_whatsapp_are_skipped_before_the_first_send() {
    // Two of the three recipients are on the fake network; the third has no WhatsApp.
    let network = network(2);
    let (_root, data) = temp_root();
    let args = network.serve_args(0);
    let server = start(&data, &args);
    let key = api_key(&data, "file", &[]);
    let id = create_batch(&server, &key, "Con uno sin WhatsApp", 0..3);
    link_with_demo_phone(&server, &key);
    until_finished(&server, &key, &id, 3);
    let done = batch(&server, &key, &id);
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(done["counts"]["skipped"], 1, "{done}");
    let items = get(
        server.port,
        &format!("/api/v1/batches/{id}/items?status=skipped"),
        Auth::Header(&key),
    )
    .json();
    let skipped = &items["data"]["items"];
    assert_eq!(skipped.as_array().unwrap().len(), 1, "{items}");
    assert_eq!(skipped[0]["to"], format!("+{}", customer(2)));
    assert_eq!(skipped[0]["attempts"], 0, "never tried");
    assert_eq!(skipped[0]["error"]["code"], "NOT_ON_WHATSAPP");
    assert_eq!(arrived(&network, 2), 2, "the others got theirs");
    assert_eq!(
        network.net().deliveries(&customer(2)),
        0,
        "nothing went to it"
    );
    server.stop();
}
