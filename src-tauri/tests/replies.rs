//! Customers' replies and the reach-out limit through the real binary and the fake WhatsApp
//! network: a customer's reply (text and a photo) reaches the log, the event stream and a
//! webhook, linked to the receipt it answers; a first message to someone who never wrote is
//! held (463) and goes, once, the moment they write; a claim code sent from a customer's
//! phone delivers the receipt waiting for it, once. Needs `--features mostrador/demo`.
#![cfg(feature = "demo")]
#![allow(clippy::unwrap_used)]

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::time::Duration;

use fake_whatsapp::{FakeMediaKind, FakeMessage};
use serde_json::{Value, json};
use support::http::{Auth, get, post_json};
use support::network::{CUSTOMER, Network, link_with_demo_phone, start};
use support::sse::Events;
use support::{Server, api_key, temp_root};

/// A safety net for the waits; arrivals end them at once.
const PATIENCE: Duration = Duration::from_secs(120);
/// Someone who never wrote to the shop.
const STRANGER: &str = "59176543210";

/// A receiver on 127.0.0.1:0 answering 204 to every post and handing over each body.
fn receiver() -> (u16, mpsc::Receiver<Value>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let tx = tx.clone();
            std::thread::spawn(move || {
                let mut r = BufReader::new(stream);
                loop {
                    let mut length = 0usize;
                    loop {
                        let mut line = String::new();
                        if r.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        if line == "\r\n" {
                            break;
                        }
                        if let Some((k, v)) = line.split_once(':')
                            && k.eq_ignore_ascii_case("content-length")
                        {
                            length = v.trim().parse().unwrap_or(0);
                        }
                    }
                    let mut body = vec![0u8; length];
                    r.read_exact(&mut body).unwrap();
                    let _ = tx.send(serde_json::from_slice(&body).unwrap());
                    let _ = r
                        .get_mut()
                        .write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n");
                }
            });
        }
    });
    (port, rx)
}

fn send_text(server: &Server, key: &str, to: &str, text: &str) -> String {
    let r = post_json(
        server.port,
        "/api/v1/messages",
        Auth::Header(key),
        &json!({ "to": format!("+{to}"), "text": text }),
    );
    assert_eq!(r.status, 202, "{}", r.body);
    r.json()["data"]["id"].as_str().unwrap().to_owned()
}

fn writes(network: &Network, from: &str, message: FakeMessage) {
    network
        .rt
        .block_on(network.net().contact_writes(from, message))
        .unwrap();
}

#[test]
fn a_reply_reaches_the_log_the_event_stream_and_a_webhook() {
    let network = Network::start(&[]);
    let (_root, data) = temp_root();
    let server = start(&data, &network.serve_args(0));
    let key = api_key(&data, "file", &[]);
    link_with_demo_phone(&server, &key);
    let receipt = send_text(&server, &key, CUSTOMER, "Su recibo: Bs 50");
    network
        .rt
        .block_on(network.net().wait_received(CUSTOMER, 1, PATIENCE))
        .unwrap();
    let (port, hooks) = receiver();
    let r = post_json(
        server.port,
        "/api/v1/webhooks",
        Auth::Header(&key),
        &json!({ "url": format!("http://127.0.0.1:{port}/"), "events": ["message.received"] }),
    );
    assert_eq!(r.status, 201, "{}", r.body);

    let mut events = Events::open(server.port, &key);
    writes(
        &network,
        CUSTOMER,
        FakeMessage::text("¿A qué hora abren?").from_name("Ana"),
    );
    let seen = events.until(|name, d| name == "received" && d["kind"] == "text");
    let id = seen["id"].as_str().unwrap();
    let kept = get(
        server.port,
        &format!("/api/v1/received/{id}"),
        Auth::Header(&key),
    )
    .json();
    let kept = &kept["data"];
    assert_eq!(kept["from"], format!("+{CUSTOMER}"));
    assert_eq!(kept["push_name"], "Ana");
    assert_eq!(kept["text"], "¿A qué hora abren?");
    assert_eq!(kept["in_reply_to"], receipt.as_str());
    let told = hooks.recv_timeout(PATIENCE).unwrap();
    assert_eq!(told["type"], "message.received");
    assert_eq!(told["data"]["id"], id);

    // A photo: described in the log, its bytes fetched from WhatsApp when asked.
    // ASCII, so the test client's text body compares as is.
    let photo = b"a photo's bytes, sealed on the CDN and opened by the app".to_vec();
    writes(
        &network,
        CUSTOMER,
        FakeMessage::media(FakeMediaKind::Image, "image/jpeg", photo.clone()).caption("mi pedido"),
    );
    let seen = events.until(|name, d| name == "received" && d["kind"] == "image");
    assert_eq!(seen["text"], "mi pedido");
    let media = get(
        server.port,
        &format!("/api/v1/received/{}/media", seen["id"].as_str().unwrap()),
        Auth::Header(&key),
    );
    assert_eq!(media.status, 200, "{}", media.body);
    assert_eq!(media.body.as_bytes(), &photo[..]);
    let replies = get(
        server.port,
        &format!("/api/v1/messages/{receipt}/replies"),
        Auth::Header(&key),
    )
    .json();
    assert_eq!(replies["data"]["items"].as_array().unwrap().len(), 2);
    server.stop();
}

#[test]
fn a_first_message_to_a_stranger_waits_and_goes_once_when_they_write() {
    let network = Network::start(&[STRANGER.to_owned()]);
    network.net().set_reach_out_limit(true);
    let (_root, data) = temp_root();
    let server = start(&data, &network.serve_args(0));
    let key = api_key(&data, "file", &[]);
    link_with_demo_phone(&server, &key);
    let mut events = Events::open(server.port, &key);
    let id = send_text(&server, &key, STRANGER, "Su pedido está listo");
    let held =
        events.until(|name, m| name == "message" && m["id"] == id && m["status"] == "waiting");
    assert_eq!(held["error"]["code"], "REACH_OUT_LIMIT");
    assert!(
        network.net().received(STRANGER).is_empty(),
        "WhatsApp delivered nothing"
    );

    writes(&network, STRANGER, FakeMessage::text("Hola, ¿ya está?"));
    let got = network
        .rt
        .block_on(network.net().wait_received(STRANGER, 1, PATIENCE))
        .unwrap();
    assert_eq!(got[0].text.as_deref(), Some("Su pedido está listo"));
    events.until(|name, m| {
        name == "message"
            && m["id"] == id
            && ["sent", "delivered", "read"].contains(&m["status"].as_str().unwrap_or(""))
    });
    assert_eq!(network.net().deliveries(STRANGER), 1, "once");
    server.stop();
}

#[test]
fn a_claim_code_sent_from_a_customers_phone_delivers_the_waiting_receipt_once() {
    let network = Network::start(&[STRANGER.to_owned()]);
    // First contacts are refused: a claim must not need one.
    network.net().set_reach_out_limit(true);
    let (_root, data) = temp_root();
    let server = start(&data, &network.serve_args(0));
    let key = api_key(&data, "file", &[]);
    link_with_demo_phone(&server, &key);
    let r = post_json(
        server.port,
        "/api/v1/claims",
        Auth::Header(&key),
        &json!({ "claim": "V-1042", "text": "Su recibo: Bs 50" }),
    );
    assert_eq!(r.status, 202, "{}", r.body);
    let claim = r.json()["data"].clone();
    assert_eq!(
        claim["link"],
        format!(
            "https://wa.me/{}?text=Ticket%20V-1042",
            network.net().phone_number().trim_start_matches('+')
        )
    );

    // The customer scans the QR and sends the prefilled text.
    writes(
        &network,
        CUSTOMER,
        FakeMessage::text(claim["text"].as_str().unwrap()),
    );
    let got = network
        .rt
        .block_on(network.net().wait_received(CUSTOMER, 1, PATIENCE))
        .unwrap();
    assert_eq!(got[0].text.as_deref(), Some("Su recibo: Bs 50"));
    let mut events = Events::open(server.port, &key);
    let now = get(server.port, "/api/v1/claims/V-1042", Auth::Header(&key)).json();
    assert_eq!(now["data"]["status"], "claimed", "{now}");
    assert_eq!(now["data"]["claimed_by"], format!("+{CUSTOMER}"));

    // A second claim of the same code sends nothing.
    writes(&network, STRANGER, FakeMessage::text("Ticket V-1042"));
    events.until(|name, d| name == "received" && d["from"] == format!("+{STRANGER}"));
    let again = get(server.port, "/api/v1/claims/V-1042", Auth::Header(&key)).json();
    assert_eq!(again["data"]["claimed_by"], format!("+{CUSTOMER}"));
    assert!(network.net().received(STRANGER).is_empty());
    assert_eq!(network.net().deliveries(CUSTOMER), 1);
    server.stop();
}
