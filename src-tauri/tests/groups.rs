//! Group administration through the real binary and the fake WhatsApp network: a POS creates
//! a group over REST, renames it, removes a customer who then no longer receives the group's
//! messages (checked on the network's side), is refused once it is no longer an admin, and
//! leaves. Needs `--features mostrador/demo`.
#![cfg(feature = "demo")]
#![allow(clippy::unwrap_used)]

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use support::http::{Auth, get, post_json, request};
use support::network::{CUSTOMER, Network, link_with_demo_phone, start};
use support::{api_key, temp_root};

/// A safety net for the waits; arrivals end them at once.
const PATIENCE: Duration = Duration::from_secs(120);
const OTHER: &str = "59172222222";

fn data(r: &support::http::Response, status: u16) -> Value {
    assert_eq!(r.status, status, "{}", r.body);
    r.json()["data"].clone()
}

#[test]
fn a_pos_runs_a_group_and_a_removed_customer_hears_no_more() {
    let network = Network::start(&[OTHER.to_owned()]);
    let (_root, data_dir) = temp_root();
    let server = start(&data_dir, &network.serve_args(0));
    let key = api_key(&data_dir, "file", &[]);
    link_with_demo_phone(&server, &key);
    let auth = || Auth::Header(&key);
    let port = server.port;

    let body = json!({"subject": "Clientes VIP", "participants": [format!("+{CUSTOMER}"), format!("+{OTHER}")]});
    let created = data(&post_json(port, "/api/v1/groups", auth(), &body), 201);
    let results: Vec<&str> = created["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["result"].as_str().unwrap())
        .collect();
    assert_eq!(results, ["done", "done"]);
    let jid = created["group"]["jid"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/groups/{}", jid.replace('@', "%40"));

    let patch = json!({"subject": "VIP 2026", "locked": true});
    let changed = data(
        &request(port, "PATCH", &path, auth(), Some(&patch.to_string())),
        200,
    );
    assert_eq!(changed["subject"], "VIP 2026");
    assert_eq!(network.net().group(&jid).unwrap().subject, "VIP 2026");

    let remove = json!({"numbers": [format!("+{OTHER}")]});
    let removed = data(
        &post_json(
            port,
            &format!("{path}/participants/remove"),
            auth(),
            &remove,
        ),
        200,
    );
    assert_eq!(removed[0]["result"], "done");
    let send = json!({"to": jid, "text": "Solo para VIP"});
    let sent = data(&post_json(port, "/api/v1/messages", auth(), &send), 202);
    let id = sent["id"].as_str().unwrap().to_owned();
    let got = network
        .rt
        .block_on(network.net().wait_received(CUSTOMER, 1, PATIENCE))
        .unwrap();
    let whatsapp_id = got
        .iter()
        .find(|r| r.text.as_deref() == Some("Solo para VIP"))
        .map(|r| r.id.clone())
        .unwrap();
    // The network opens a group message for every member at once.
    assert!(
        !network
            .net()
            .received(OTHER)
            .iter()
            .any(|r| r.id == whatsapp_id)
    );
    data(&get(port, &format!("/api/v1/messages/{id}"), auth()), 200);

    // No longer an admin: a clear 403, never a 500.
    network
        .net()
        .set_group_admin(&jid, network.net().phone_number(), false)
        .unwrap();
    let add = json!({"numbers": [format!("+{OTHER}")]});
    let r = post_json(port, &format!("{path}/participants/add"), auth(), &add);
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "FORBIDDEN");
    let r = get(port, &format!("{path}/invite-link"), auth());
    assert_eq!(r.status, 403, "{}", r.body);

    let left = post_json(port, &format!("{path}/leave"), auth(), &json!({}));
    assert_eq!(left.status, 200, "{}", left.body);
    assert!(!network.net().group(&jid).unwrap().shop_in);
    let r = get(port, &path, auth());
    assert_eq!(r.status, 404, "{}", r.body);
    server.stop();
}
