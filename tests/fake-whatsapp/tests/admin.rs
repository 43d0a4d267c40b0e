#![allow(clippy::unwrap_used)]
//! The admin HTTP API, spoken to with a tiny raw-TCP HTTP/1.1 client: it answers only local
//! requests, maps errors to statuses, scripts faults, and drives real clients through linking
//! (QR and pair code), unlinking and messaging the way a test in another process would; sets
//! what a contact's account shows, its picture served by the fake CDN.

mod common;

use common::admin_http::{fetch, get, http, post};
use common::{PATIENCE, client_event, init_logs, pair_and_connect, start_client};
use fake_whatsapp::FakeNetwork;
use serde_json::{Value, json};
use whatsapp_rust::pair_code::PairCodeOptions;
use whatsapp_rust::prelude::{Event, wa};
use whatsapp_rust::types::presence::ReceiptType;

#[tokio::test]
async fn answers_only_local_json_requests_and_scripts_faults() {
    let net = FakeNetwork::start().await.unwrap();
    let base = net.admin_url();

    let (status, state) = get(&base, "/admin/state").await;
    assert_eq!(status, 200, "{state}");
    assert_eq!(state["phone"], net.phone_number());
    assert_eq!(state["ws_url"], net.ws_url());
    assert_eq!(state["admin_url"], base);
    assert_eq!(state["devices"], json!([]));
    assert_eq!(state["connections"], json!([]));

    // DNS rebinding and cross-site requests are refused; loopback names pass.
    let port = base.rsplit(':').next().unwrap();
    let evil_host = [("Host", "evil.example")];
    assert_eq!(
        http(&base, "GET", "/admin/state", None, &evil_host).await.0,
        403
    );
    let evil_origin = [("Origin", "http://evil.example")];
    assert_eq!(
        http(&base, "GET", "/admin/state", None, &evil_origin)
            .await
            .0,
        403
    );
    let localhost = format!("localhost:{port}");
    let local = [("Host", localhost.as_str())];
    assert_eq!(
        http(&base, "GET", "/admin/state", None, &local).await.0,
        200
    );
    // A form post (no JSON content type) never acts.
    let form = [("Content-Type", "text/plain")];
    let (status, _) = http(&base, "POST", "/admin/scan", Some(r#"{"qr":"x"}"#), &form).await;
    assert_eq!(status, 415);

    // Errors map to statuses with a JSON reason.
    let (status, body) = post(&base, "/admin/scan", json!({"qr": "nonsense"})).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["error"].as_str().unwrap().contains("QR"), "{body}");
    assert_eq!(post(&base, "/admin/scan", json!({})).await.0, 422);
    assert_eq!(
        post(&base, "/admin/pair-code", json!({"code": "ABC"}))
            .await
            .0,
        400
    );
    assert_eq!(
        post(&base, "/admin/pair-code", json!({"code": "ABCD-EFGH"}))
            .await
            .0,
        404
    );
    let stranger = format!("{}:7@s.whatsapp.net", net.phone_number());
    assert_eq!(
        post(&base, "/admin/faults/logout", json!({ "jid": stranger }))
            .await
            .0,
        404
    );
    assert_eq!(get(&base, "/admin/nothing-here").await.0, 404);

    // Faults show up in the state and clear again.
    let (status, body) = post(&base, "/admin/faults/stream-error", json!({"code": 503})).await;
    assert_eq!((status, &body["connections"]), (200, &json!(0)));
    post(&base, "/admin/faults/ban", json!({"expire_secs": 600})).await;
    post(&base, "/admin/faults/outdated", json!({})).await;
    post(&base, "/admin/faults/refuse", json!({"refuse": true})).await;
    let faults = get(&base, "/admin/state").await.1["faults"].clone();
    assert_eq!(faults["client_outdated"], true);
    assert_eq!(faults["refuse_connections"], true);
    assert!((590..=600).contains(&faults["banned_for_secs"].as_u64().unwrap()));
    assert_eq!(post(&base, "/admin/faults/clear", json!({})).await.0, 200);
    let faults = get(&base, "/admin/state").await.1["faults"].clone();
    assert_eq!(
        faults,
        json!({"client_outdated": false, "refuse_connections": false, "banned_for_secs": null})
    );

    // The world: contacts, groups, mailboxes, receipts and ack scripting.
    let (status, ana) = post(&base, "/admin/contacts", json!({"phone": "+59171234567"})).await;
    assert_eq!(status, 200, "{ana}");
    assert_eq!(ana["jid"], "59171234567@s.whatsapp.net");
    let (_, all) = get(&base, "/admin/contacts").await;
    assert_eq!(all["contacts"][0]["phone"], "59171234567");
    let group = json!({"name": "Personal", "members": ["59171234567", "59172222222"]});
    let (status, body) = post(&base, "/admin/groups", group).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["jid"].as_str().unwrap().ends_with("@g.us"), "{body}");
    assert_eq!(
        get(&base, "/admin/state").await.1["contacts"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let (status, inbox) = get(&base, "/admin/received?phone=59171234567").await;
    assert_eq!((status, &inbox["messages"]), (200, &json!([])));
    assert_eq!(get(&base, "/admin/received").await.0, 400);
    let receipt = json!({"phone": "59171234567", "id": "NOPE", "kind": "read"});
    assert_eq!(post(&base, "/admin/receipts", receipt).await.0, 404);
    let receipt = json!({"phone": "59171234567", "id": "NOPE", "kind": "seen"});
    assert_eq!(post(&base, "/admin/receipts", receipt).await.0, 400);
    let auto = json!({"delivered": true, "read": false});
    assert_eq!(post(&base, "/admin/auto-receipts", auto).await.0, 200);
    let nack = json!({"policy": "nack", "code": 479});
    assert_eq!(post(&base, "/admin/ack-next", nack).await.0, 200);
    let vague = json!({"policy": "nack"});
    assert_eq!(post(&base, "/admin/ack-next", vague).await.0, 400);

    net.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_restarts_and_unlinks_real_clients_over_http() {
    init_logs();
    let net = FakeNetwork::start().await.unwrap();
    let base = net.admin_url();
    let dir = tempfile::tempdir().unwrap();

    // Client A links by QR through /admin/scan.
    let (a, mut a_events) = start_client(&net, &dir.path().join("a.db")).await;
    let (qr, _) = client_event(&mut a_events, "QR", |e| {
        matches!(e, Event::PairingQrCode(_))
    })
    .await;
    let Event::PairingQrCode(qr) = &*qr else {
        unreachable!()
    };
    let (status, body) = post(&base, "/admin/scan", json!({ "qr": qr.code })).await;
    assert_eq!(status, 200, "{body}");
    let a_jid = body["jid"].as_str().unwrap().to_owned();
    client_event(&mut a_events, "A connected", |e| {
        matches!(e, Event::Connected(_))
    })
    .await;

    // Client B links by pair code through /admin/pair-code.
    let (b, mut b_events) = start_client(&net, &dir.path().join("b.db")).await;
    client_event(&mut b_events, "QR", |e| {
        matches!(e, Event::PairingQrCode(_))
    })
    .await;
    let options = PairCodeOptions {
        phone_number: net.phone_number().to_owned(),
        ..Default::default()
    };
    let code = b.client().pair_with_code(options).await.unwrap();
    let (status, body) = post(&base, "/admin/pair-code", json!({ "code": code })).await;
    assert_eq!(status, 200, "{body}");
    let b_jid = body["jid"].as_str().unwrap().to_owned();
    client_event(&mut b_events, "B connected", |e| {
        matches!(e, Event::Connected(_))
    })
    .await;
    let devices = get(&base, "/admin/state").await.1["devices"].clone();
    let jids: Vec<&str> = devices
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["jid"].as_str().unwrap())
        .collect();
    assert_eq!(jids, [a_jid.as_str(), b_jid.as_str()]);

    // A server restart (515) reaches both; both come back.
    let (_, body) = post(&base, "/admin/faults/stream-error", json!({"code": 515})).await;
    assert!(body["connections"].as_u64().unwrap() >= 2, "{body}");
    for (events, who) in [(&mut a_events, "A"), (&mut b_events, "B")] {
        client_event(events, who, |e| matches!(e, Event::Connected(_))).await;
    }

    // The phone unlinks A, then every remaining companion.
    let (status, body) = post(&base, "/admin/faults/logout", json!({ "jid": a_jid })).await;
    assert_eq!((status, &body["removed"]), (200, &json!([a_jid])));
    client_event(&mut a_events, "A logged out", |e| {
        matches!(e, Event::LoggedOut(_))
    })
    .await;
    // No body at all means "everyone".
    let (status, body) = http(&base, "POST", "/admin/faults/logout", None, &[]).await;
    assert_eq!((status, &body["removed"]), (200, &json!([b_jid])));
    client_event(&mut b_events, "B logged out", |e| {
        matches!(e, Event::LoggedOut(_))
    })
    .await;
    assert_eq!(get(&base, "/admin/state").await.1["devices"], json!([]));

    a.shutdown().await;
    b.shutdown().await;
    net.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shows_what_contacts_received_and_sends_their_receipts() {
    init_logs();
    let net = FakeNetwork::start().await.unwrap();
    let base = net.admin_url();
    let dir = tempfile::tempdir().unwrap();
    let (client, mut events, _) = pair_and_connect(&net, &dir.path().join("wa.db")).await;
    let (_, ana) = post(&base, "/admin/contacts", json!({"phone": "59171234567"})).await;

    let text = wa::Message {
        conversation: Some("Su pedido está listo".into()),
        ..Default::default()
    };
    let to: whatsapp_rust::Jid = ana["jid"].as_str().unwrap().parse().unwrap();
    let sent = client.client().send_message(to, text).await.unwrap();
    net.wait_received("59171234567", 1, PATIENCE).await.unwrap();
    let (_, inbox) = get(&base, "/admin/received?phone=59171234567").await;
    let message = &inbox["messages"][0];
    assert_eq!(message["id"], sent.message_id);
    assert_eq!(message["kind"], "text");
    assert_eq!(message["text"], "Su pedido está listo");

    let read = json!({"phone": "59171234567", "id": sent.message_id, "kind": "read"});
    assert_eq!(post(&base, "/admin/receipts", read).await.0, 200);
    client_event(&mut events, "read receipt", |e| {
        matches!(e, Event::Receipt(r)
            if r.r#type == ReceiptType::Read && r.message_ids.contains(&sent.message_id))
    })
    .await;

    client.shutdown().await;
    net.shutdown().await;
}

#[tokio::test]
async fn sets_what_a_contacts_account_shows_and_serves_its_picture() {
    let net = FakeNetwork::start().await.unwrap();
    let base = net.admin_url();
    let profile = json!({"about": "Disponible", "business_name": "Farmacia Central",
        "picture_base64": "UElDVFVSRQ=="});
    // Only a number on WhatsApp has an account to show.
    let (status, body) = post(
        &base,
        "/admin/contacts/59171234567/profile",
        profile.clone(),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    post(&base, "/admin/contacts", json!({"phone": "59171234567"})).await;
    let bad = json!({"picture_base64": "not base64!"});
    let (status, _) = post(&base, "/admin/contacts/59171234567/profile", bad).await;
    assert_eq!(status, 400);

    let (status, body) = post(&base, "/admin/contacts/+59171234567/profile", profile).await;
    assert_eq!(status, 200, "{body}");
    let url = body["picture_url"].as_str().unwrap();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert_eq!(fetch(url).await, (200, b"PICTURE".to_vec()));
    // Setting it again replaces it: no picture now.
    let (_, body) = post(&base, "/admin/contacts/59171234567/profile", json!({})).await;
    assert_eq!(body["picture_url"], Value::Null);
    net.shutdown().await;
}

/// Kills the binary if the test fails before stopping it.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_binary_prints_its_urls_seeds_contacts_and_stops_on_sigterm() {
    use std::io::BufRead as _;
    use std::process::{Command, Stdio};

    let mut child = Child(
        Command::new(env!("CARGO_BIN_EXE_fake-whatsapp"))
            .args(["--contacts", "59171234567,59172222222"])
            .args(["--group", "Personal:59171234567,59173333333"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let stdout = child.0.stdout.take().unwrap();
    // The first line arrives once the network is up; reading it blocks, so off the runtime.
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .unwrap();
        line
    });
    let line = tokio::time::timeout(PATIENCE, line).await.unwrap().unwrap();
    let ready: Value = serde_json::from_str(&line).unwrap();
    assert!(
        ready["ws_url"]
            .as_str()
            .unwrap()
            .starts_with("ws://127.0.0.1:")
    );
    assert_eq!(ready["contacts"], json!(["59171234567", "59172222222"]));
    assert_eq!(ready["groups"][0]["name"], "Personal");
    assert!(
        ready["groups"][0]["jid"]
            .as_str()
            .unwrap()
            .ends_with("@g.us")
    );

    let base = ready["admin_url"].as_str().unwrap();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    let (status, state) = get(base, "/admin/state").await;
    assert_eq!(status, 200);
    assert_eq!(state["phone"], ready["phone"]);
    assert_eq!(state["ws_url"], ready["ws_url"]);
    assert_eq!(
        state["contacts"],
        json!(["59171234567", "59172222222", "59173333333"])
    );

    #[cfg(unix)]
    {
        // SIGTERM stops it cleanly: a zero exit, not a kill.
        let pid = child.0.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(sent.success());
        let mut process = child;
        let status = tokio::task::spawn_blocking(move || {
            let status = process.0.wait();
            (status, process)
        });
        let (status, _process) = tokio::time::timeout(PATIENCE, status)
            .await
            .unwrap()
            .unwrap();
        assert!(status.unwrap().success());
    }
}
