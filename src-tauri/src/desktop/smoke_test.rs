//! The app's setup on Tauri's mock runtime (no window system): the backend starts, the
//! commands answer like the API does, core events reach the webview, and the POS's REST
//! port answers — the same service behind both.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::Duration;

use clap::Parser;
use mostrador_secrets::Mode;
use serde_json::{Value, json};
use tauri::Listener;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

use super::{CORE_EVENT, MAIN_WINDOW, Shell, configure};
use crate::backend::Plan;
use crate::paths::DataDir;
use crate::serve_args::ServeArgs;

#[derive(Parser)]
struct Flags {
    #[command(flatten)]
    serve: ServeArgs,
}

fn invoke(webview: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

fn http_get(port: u16, path: &str, key: &str) -> Value {
    http(port, "GET", path, key, None)
}

fn http_post(port: u16, path: &str, key: &str, body: &Value) -> Value {
    http(port, "POST", path, key, Some(body))
}

fn http(port: u16, method: &str, path: &str, key: &str, body: Option<&Value>) -> Value {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let body = body.map(Value::to_string).unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-API-Key: {key}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let body = answer.split("\r\n\r\n").nth(1).unwrap();
    serde_json::from_str(body).unwrap()
}

#[test]
fn setup_starts_the_backend_and_commands_and_rest_share_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::open(Some(tmp.path().to_owned())).unwrap();
    let flags = Flags::parse_from(["mostrador", "--port", "0", "--engine", "none"]);
    let plan = Plan::new(&dir, Mode::File, &flags.serve).unwrap();
    let mut app = configure(mock_builder(), |_| {})
        .build(mock_context(noop_assets()))
        .unwrap();
    app.manage(Shell::start(dir, plan).unwrap());
    let webview = WebviewWindowBuilder::new(&app, MAIN_WINDOW, Default::default())
        .build()
        .unwrap();
    let (events_tx, events) = mpsc::channel();
    app.listen(CORE_EVENT, move |e| {
        let _ = events_tx.send(e.payload().to_owned());
    });
    // The event loop's first turn runs `setup` (events start flowing to the webview).
    #[allow(deprecated)]
    app.run_iteration(|_, _| {});

    // No engine: never connected, so the message waits in the queue.
    let session = invoke(&webview, "session", json!({})).unwrap();
    assert_eq!(session["state"], "disconnected", "{session}");

    let sent = invoke(
        &webview,
        "send",
        json!({"request": {"to": "+591 7123-4567", "text": "Gracias por su compra"}}),
    )
    .unwrap();
    assert_eq!(sent["status"], "queued", "{sent}");
    assert_eq!(sent["to"], "+59171234567");
    let event: Value =
        serde_json::from_str(&events.recv_timeout(Duration::from_secs(10)).unwrap()).unwrap();
    assert_eq!(event["type"], "message", "{event}");
    assert_eq!(event["id"], sent["id"]);

    // Errors carry the API's code.
    let refused = invoke(
        &webview,
        "send",
        json!({"request": {"to": "12", "text": "x"}}),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "INVALID_RECIPIENT", "{refused}");
    let not_picked = invoke(
        &webview,
        "send",
        json!({"request": {"to": "+59171234567"}, "path": "/etc/passwd"}),
    )
    .unwrap_err();
    assert_eq!(not_picked["code"], "FORBIDDEN", "{not_picked}");

    // The POS sees the same message over REST, with the key the app shows.
    let port = app.state::<Shell>().port;
    let key = invoke(&webview, "api_key", json!({})).unwrap();
    let listed = http_get(port, "/api/v1/messages", key.as_str().unwrap());
    assert_eq!(listed["data"]["items"][0]["id"], sent["id"], "{listed}");
    let page = invoke(&webview, "messages", json!({"query": {"status": "queued"}})).unwrap();
    assert_eq!(page["items"][0]["id"], sent["id"], "{page}");

    // Rotating the key takes effect on the running API at once.
    let rotated = invoke(&webview, "rotate_api_key", json!({})).unwrap();
    assert_ne!(rotated, key);
    let old = http_get(port, "/api/v1/session", key.as_str().unwrap());
    assert_eq!(old["error"]["code"], "UNAUTHORIZED", "{old}");
    let new = http_get(port, "/api/v1/session", rotated.as_str().unwrap());
    assert_eq!(new["success"], true, "{new}");

    // The service's settings are the API's.
    let changed = invoke(
        &webview,
        "save_settings",
        json!({"changes": {"pacing_ms": 4000}}),
    )
    .unwrap();
    assert_eq!(changed["pacing_ms"], 4000, "{changed}");
    let over_rest = http_get(port, "/api/v1/settings", rotated.as_str().unwrap());
    assert_eq!(over_rest["data"]["pacing_ms"], 4000, "{over_rest}");
    let refused = invoke(
        &webview,
        "save_settings",
        json!({"changes": {"default_country": "XX"}}),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "VALIDATION_ERROR", "{refused}");

    // Numbers and limits are the service's, as over REST.
    let parsed = invoke(&webview, "parse_numbers", json!({"numbers": ["7123 4567"]})).unwrap();
    let over_rest = http_post(
        port,
        "/api/v1/numbers/parse",
        rotated.as_str().unwrap(),
        &json!({"numbers": ["7123 4567"]}),
    );
    assert_eq!(parsed, over_rest["data"], "{over_rest}");
    assert_eq!(parsed[0]["recipient"], "+59171234567");
    let limits = invoke(&webview, "limits", json!({})).unwrap();
    let over_rest = http_get(port, "/api/v1/limits", rotated.as_str().unwrap());
    assert_eq!(limits, over_rest["data"]);
    let countries = invoke(&webview, "countries", json!({})).unwrap();
    assert!(
        countries
            .as_array()
            .unwrap()
            .contains(&json!({"iso": "BO", "dial": 591}))
    );

    // This computer's settings are kept in the data dir.
    let mut prefs = invoke(&webview, "desktop_prefs", json!({})).unwrap();
    assert_eq!(prefs["notices"]["failed"], true);
    prefs["notices"]["failed"] = json!(false);
    prefs["language"] = json!("es");
    let saved = invoke(&webview, "save_desktop_prefs", json!({ "prefs": prefs })).unwrap();
    assert_eq!(saved["notices"]["failed"], false);
    assert!(!app.state::<Shell>().prefs().notices.failed);
    assert_eq!(
        app.state::<Shell>().prefs().language,
        Some(super::prefs::Language::Es)
    );

    // Not a demo build's flags: no demo phone.
    let no_phone = invoke(&webview, "demo_scan", json!({})).unwrap_err();
    assert_eq!(no_phone["code"], "NOT_FOUND", "{no_phone}");

    let about = invoke(&webview, "about", json!({})).unwrap();
    assert_eq!(about["port"], port);

    // A picked file is staged from its path; one too large is refused by its size, unread
    // (a sparse 64 GiB file: reading it first would take minutes and all the memory).
    let pdf = tmp.path().join("factura.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%%EOF\n").unwrap();
    let huge = tmp.path().join("enorme.pdf");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(64 << 30)
        .unwrap();
    app.state::<Shell>().chosen(pdf.clone());
    app.state::<Shell>().chosen(huge.clone());
    let to = json!({"to": "+59171234567"});
    let doc = invoke(&webview, "send", json!({"request": to, "path": pdf})).unwrap();
    assert_eq!(doc["content"]["file_name"], "factura.pdf", "{doc}");
    let too_big = invoke(&webview, "send", json!({"request": to, "path": huge})).unwrap_err();
    assert_eq!(too_big["code"], "MEDIA_TOO_LARGE", "{too_big}");

    app.state::<Shell>().stop();
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_err(),
        "the port is closed after stop"
    );
}

#[test]
fn broadcasts_from_the_window_are_the_services_and_reach_the_pos() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::open(Some(tmp.path().to_owned())).unwrap();
    let flags = Flags::parse_from(["mostrador", "--port", "0", "--engine", "none"]);
    let plan = Plan::new(&dir, Mode::File, &flags.serve).unwrap();
    let mut app = configure(mock_builder(), |_| {})
        .build(mock_context(noop_assets()))
        .unwrap();
    app.manage(Shell::start(dir, plan).unwrap());
    let webview = WebviewWindowBuilder::new(&app, MAIN_WINDOW, Default::default())
        .build()
        .unwrap();
    #[allow(deprecated)]
    app.run_iteration(|_, _| {});

    // A CSV as the window reads it from a file: `;`, a BOM, a bad row reported by index.
    let request = json!({"name": "Promo", "template": {"text": "Hola {Nombre}"}});
    let csv = "\u{feff}Nombre;Celular\nAna;71234567\nLuis;12\n";
    let refused = invoke(
        &webview,
        "create_batch",
        json!({"request": request, "csv": csv, "numberColumn": "Celular"}),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "INVALID_ROWS", "{refused}");
    assert_eq!(refused["rows"][0]["index"], 1, "{refused}");
    let mut skip = request.clone();
    skip["skip_invalid"] = json!(true);
    let accepted = invoke(
        &webview,
        "create_batch",
        json!({"request": skip, "csv": csv, "numberColumn": "Celular"}),
    )
    .unwrap();
    let id = accepted["batch"]["id"].as_str().unwrap().to_owned();
    assert_eq!(accepted["batch"]["total"], 1, "{accepted}");
    let paused = invoke(&webview, "pause_batch", json!({"id": id})).unwrap();
    assert_eq!(paused["status"], "paused");
    let items = invoke(
        &webview,
        "batch_items",
        json!({"id": id, "query": {"status": "queued"}}),
    )
    .unwrap();
    assert_eq!(items["items"][0]["content"]["text"], "Hola Ana", "{items}");

    // The POS sees the same batch, paused.
    let port = app.state::<Shell>().port;
    let key = invoke(&webview, "api_key", json!({})).unwrap();
    let seen = http_get(
        port,
        &format!("/api/v1/batches/{id}"),
        key.as_str().unwrap(),
    );
    assert_eq!(seen["data"]["status"], "paused", "{seen}");
    let cancelled = http_post(
        port,
        &format!("/api/v1/batches/{id}/cancel"),
        key.as_str().unwrap(),
        &json!({}),
    );
    assert_eq!(cancelled["data"]["status"], "cancelled", "{cancelled}");
    let listed = invoke(&webview, "batches", json!({})).unwrap();
    assert_eq!(listed["items"][0]["status"], "cancelled", "{listed}");
}
