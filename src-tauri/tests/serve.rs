//! `mostrador serve` as a POS sees it: health, key checks, durable queueing across
//! restarts, graceful stop, and a clear error when the port is taken.

#![allow(clippy::unwrap_used)]

mod support;

use serde_json::json;
use support::http::{self, Auth};
use support::{Server, api_key, run, stderr, temp_root, wait_exit};

#[test]
fn health_is_open_and_everything_else_needs_the_key() {
    let (_root, data) = temp_root();
    let server = Server::start(&data);
    let key = api_key(&data, "file", &[]);

    let health = http::get(server.port, "/api/v1/health", Auth::None);
    assert_eq!(health.status, 200, "{}", health.body);
    assert_eq!(health.json()["success"], true);

    let denied = http::get(server.port, "/api/v1/session", Auth::None);
    assert_eq!(denied.status, 401, "{}", denied.body);
    assert_eq!(denied.json()["success"], false);
    let wrong = http::get(server.port, "/api/v1/session", Auth::Header("not-the-key"));
    assert_eq!(wrong.status, 401, "{}", wrong.body);

    for auth in [Auth::Header(&key), Auth::Bearer(&key)] {
        let session = http::get(server.port, "/api/v1/session", auth);
        assert_eq!(session.status, 200, "{}", session.body);
        assert_eq!(session.json()["success"], true);
    }

    let log = server.log();
    assert!(
        !log.contains(&key),
        "the API key must never be logged:\n{log}"
    );
    assert!(
        log.contains(&server.port.to_string()),
        "the port is logged:\n{log}"
    );
}

#[cfg(unix)]
#[test]
fn sigterm_finishes_open_requests_then_exits_cleanly() {
    use std::io::Read;

    let (_root, data) = temp_root();
    let server = Server::start(&data);
    let port = server.port;
    let port_text = std::fs::read_to_string(data.join("api.port")).unwrap();
    assert_eq!(port_text, format!("{port}\n"));
    let key = api_key(&data, "file", &[]);

    // A live event stream: it must not hold the shutdown open.
    let (status, mut events) = http::open_stream(port, "/api/v1/events", Auth::Header(&key));
    assert_eq!(status, 200);
    // A slow request (no engine, so `wait=sent` waits out its timeout): it must finish.
    let slow = std::thread::spawn({
        let key = key.clone();
        move || {
            http::post_json(
                port,
                "/api/v1/messages?wait=sent&timeout_ms=3000",
                Auth::Header(&key),
                &json!({"to": "71234567", "text": "hola"}),
            )
        }
    });
    server.wait_for_log("queued");

    let status = server.stop();
    assert!(status.success(), "exit status {status}");
    let answer = slow.join().unwrap();
    assert_eq!(answer.status, 202, "{}", answer.body);
    assert_eq!(answer.json()["data"]["status"], "queued");
    let mut rest = Vec::new();
    events.read_to_end(&mut rest).unwrap();
    assert!(
        !data.join("api.port").exists(),
        "a stopped server must not advertise its port"
    );
}

#[test]
fn a_queued_message_survives_a_restart() {
    let (_root, data) = temp_root();
    let server = Server::start(&data);
    let key = api_key(&data, "file", &[]);

    let sent = http::post_json(
        server.port,
        "/api/v1/messages",
        Auth::Header(&key),
        &json!({"to": "+59171234567", "type": "text", "text": "hola"}),
    );
    assert_eq!(sent.status, 202, "{}", sent.body);
    let body = sent.json();
    let id = body["data"]["id"].as_str().unwrap().to_owned();
    assert!(
        !server.log().contains("hola"),
        "message bodies stay out of the log"
    );
    drop(server);

    let server = Server::start(&data);
    let got = http::get(
        server.port,
        &format!("/api/v1/messages/{id}"),
        Auth::Bearer(&key),
    );
    assert_eq!(got.status, 200, "{}", got.body);
    let message = got.json();
    assert_eq!(message["data"]["id"], id.as_str());
    // No WhatsApp engine yet: the message waits in the outbox.
    assert_eq!(message["data"]["status"], "queued", "{message}");
}

#[test]
fn a_second_server_on_the_same_port_fails_with_a_clear_error() {
    let (_root, data) = temp_root();
    let first = Server::start(&data);
    let port = first.port.to_string();

    // Its own data dir: on the same one it would stop earlier, at the data dir's lock.
    let (_other_root, other) = temp_root();
    let (mut second, log) = support::spawn_serve(&other, &["--secrets", "file", "--port", &port]);
    let status = wait_exit(&mut second).expect("the second server must give up");
    let err = std::fs::read_to_string(log).unwrap();
    assert!(!status.success());
    assert!(err.contains(&format!("port {port}")), "{err}");
    assert!(err.contains("--port"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let last = err.lines().last().unwrap_or_default();
    assert!(last.starts_with("error: "), "{err}");

    // The first one is untouched.
    let port_file = std::fs::read_to_string(data.join("api.port")).unwrap();
    assert_eq!(port_file.trim(), port);
    let health = http::get(first.port, "/api/v1/health", Auth::None);
    assert_eq!(health.status, 200);
}

#[test]
fn a_second_server_on_the_same_data_dir_is_refused() {
    let (_root, data) = temp_root();
    let first = Server::start(&data);

    let (mut second, log) = support::spawn_serve(&data, &["--secrets", "file", "--port", "0"]);
    let status = wait_exit(&mut second).expect("the second server must give up");
    let err = std::fs::read_to_string(log).unwrap();
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(err.contains("already running"), "{err}");
    assert!(err.contains("--data-dir"), "{err}");

    // The first keeps its port file and keeps answering.
    let port_file = std::fs::read_to_string(data.join("api.port")).unwrap();
    assert_eq!(port_file.trim(), first.port.to_string());
    assert_eq!(
        http::get(first.port, "/api/v1/health", Auth::None).status,
        200
    );
}

#[test]
fn bad_settings_are_one_line_errors() {
    let (_root, data) = temp_root();
    let data = data.to_str().unwrap();
    let out = run(&[
        "serve",
        "--secrets",
        "file",
        "--data-dir",
        data,
        "--port",
        "0",
        "--country",
        "Narnia",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.starts_with("error: "), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("--country"), "{err}");

    let out = run(&["serve", "--secrets", "vault", "--data-dir", data]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("keyring"), "{}", stderr(&out));
}

/// A POS that resolves `localhost` to ::1 first (Node 17+) reaches the same server.
#[test]
fn the_api_answers_on_the_ipv6_loopback_too() {
    use std::io::{Read, Write};
    if std::net::TcpListener::bind("[::1]:0").is_err() {
        eprintln!("skipped: this computer has no IPv6 loopback");
        return;
    }
    let (_root, data) = temp_root();
    let server = Server::start(&data);
    let port = server.port;
    let mut stream = std::net::TcpStream::connect(("::1", port)).unwrap();
    write!(
        stream,
        "GET /api/v1/health HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}
