//! The Settings screen's two service features, as a running `serve` sees them: the API key
//! rotated over HTTP (the old one refused at once, the new one kept across a restart), and
//! settings changed over HTTP that outlive a restart unless a flag fixes them.

#![allow(clippy::unwrap_used)]

mod support;

use serde_json::json;
use support::http::{self, Auth};
use support::{Server, api_key, temp_root};

fn patch(port: u16, key: &str, body: &serde_json::Value) -> http::Response {
    http::request(
        port,
        "PATCH",
        "/api/v1/settings",
        Auth::Header(key),
        Some(&body.to_string()),
    )
}

#[test]
fn a_key_rotated_over_http_replaces_the_old_one_at_once_and_for_good() {
    let (_root, data) = temp_root();
    let server = Server::start(&data);
    let old = api_key(&data, "file", &[]);

    let rotated = http::post_json(
        server.port,
        "/api/v1/api-key/rotate",
        Auth::Header(&old),
        &json!(null),
    );
    assert_eq!(rotated.status, 200, "{}", rotated.body);
    let new = rotated.json()["data"]["key"].as_str().unwrap().to_owned();
    assert_eq!(new.len(), 64, "{new}");
    assert!(new.bytes().all(|b| b.is_ascii_hexdigit()), "{new}");
    assert_ne!(new, old);

    let refused = http::get(server.port, "/api/v1/session", Auth::Header(&old));
    assert_eq!(refused.status, 401, "{}", refused.body);
    let accepted = http::get(server.port, "/api/v1/session", Auth::Bearer(&new));
    assert_eq!(accepted.status, 200, "{}", accepted.body);
    // The secret store has it: the command line prints the same key.
    assert_eq!(api_key(&data, "file", &[]), new);
    assert!(!server.log().contains(&new), "the key must never be logged");
    drop(server);

    let server = Server::start(&data);
    let refused = http::get(server.port, "/api/v1/session", Auth::Header(&old));
    assert_eq!(refused.status, 401, "{}", refused.body);
    let accepted = http::get(server.port, "/api/v1/session", Auth::Header(&new));
    assert_eq!(accepted.status, 200, "{}", accepted.body);
}

#[test]
fn settings_changed_over_http_outlive_a_restart_unless_a_flag_fixes_them() {
    let (_root, data) = temp_root();
    let server = Server::start(&data);
    let key = api_key(&data, "file", &[]);

    let defaults = http::get(server.port, "/api/v1/settings", Auth::Header(&key));
    assert_eq!(defaults.status, 200, "{}", defaults.body);
    assert_eq!(
        defaults.json()["data"],
        json!({"default_country": "BO", "pacing_ms": 1000, "jitter_ms": 500,
               "max_attempts": 5, "expire_after_ms": 43200000, "webhooks_lan": false, "customer_wait_ms": 86400000,
               "locked": []})
    );
    let changed = patch(
        server.port,
        &key,
        &json!({"default_country": "MX", "pacing_ms": 2500, "jitter_ms": 0, "max_attempts": 7}),
    );
    assert_eq!(changed.status, 200, "{}", changed.body);
    let saved = json!({"default_country": "MX", "pacing_ms": 2500, "jitter_ms": 0,
                       "max_attempts": 7, "expire_after_ms": 43200000, "webhooks_lan": false, "customer_wait_ms": 86400000, "locked": []});
    assert_eq!(changed.json()["data"], saved);
    let refused = patch(server.port, &key, &json!({"max_attempts": 0}));
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_eq!(refused.json()["error"]["code"], "VALIDATION_ERROR");
    drop(server);

    let server = Server::start(&data);
    let after = http::get(server.port, "/api/v1/settings", Auth::Header(&key));
    assert_eq!(after.json()["data"], saved, "{}", after.body);
    // The startup line reports the settings in effect, not the defaults.
    server.wait_for_log("pacing_ms=2500");
    drop(server);

    // A flag wins over the saved value and fixes it; the other saved settings stay.
    let server = Server::start_with(
        &data,
        &["--secrets", "file", "--port", "0", "--pacing-ms", "300"],
    );
    let fixed = http::get(server.port, "/api/v1/settings", Auth::Header(&key));
    assert_eq!(
        fixed.json()["data"],
        json!({"default_country": "MX", "pacing_ms": 300, "jitter_ms": 0,
               "max_attempts": 7, "expire_after_ms": 43200000, "webhooks_lan": false, "customer_wait_ms": 86400000,
               "locked": ["pacing_ms"]}),
        "{}",
        fixed.body
    );
    let refused = patch(server.port, &key, &json!({"pacing_ms": 1000}));
    assert_eq!(refused.status, 400, "{}", refused.body);
    let message = refused.json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.contains("--pacing-ms"), "{message}");
}
