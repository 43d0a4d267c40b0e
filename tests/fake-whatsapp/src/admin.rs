//! The admin HTTP API: JSON endpoints that act as the shop's phone and script faults, for demo
//! mode and for tests running in another process. Everything under `/admin/`; answers are JSON,
//! errors are `{"error": "…"}`. It listens on 127.0.0.1 only and only answers requests whose
//! `Host` (and `Origin`, if any) name localhost, so a web page cannot reach it through DNS
//! rebinding; bodies must be `application/json`, which a cross-site form cannot send.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::watch;
use whatsapp_rust::Jid;

use crate::{Error, FakeNetwork, admin_world, faults};

pub(crate) type Net = State<Arc<FakeNetwork>>;

/// Serves the API on `listener` until the network shuts down.
pub(crate) fn spawn(listener: TcpListener, net: FakeNetwork, mut shutdown: watch::Receiver<bool>) {
    let app = router(Arc::new(net));
    tokio::spawn(async move {
        let stop = async move {
            // A dropped sender means the network is gone too.
            let _ = shutdown.wait_for(|stopped| *stopped).await;
        };
        if let Err(e) = axum::serve(listener, app)
            .with_graceful_shutdown(stop)
            .await
        {
            tracing::warn!("fake-whatsapp: admin API stopped: {e}");
        }
    });
}

fn router(net: Arc<FakeNetwork>) -> Router {
    Router::new()
        .route("/admin/state", get(state))
        .route("/admin/scan", post(scan))
        .route("/admin/pair-code", post(pair_code))
        .route("/admin/faults/stream-error", post(stream_error))
        .route("/admin/faults/logout", post(logout))
        .route("/admin/faults/drop", post(drop_connections))
        .route("/admin/faults/replaced", post(replaced))
        .route("/admin/faults/ban", post(ban))
        .route("/admin/faults/outdated", post(outdated))
        .route("/admin/faults/refuse", post(refuse))
        .route("/admin/faults/clear", post(clear))
        .merge(admin_world::routes())
        .layer(middleware::from_fn(local_only))
        .with_state(net)
}

/// Refuses requests that do not address this machine by a loopback name.
async fn local_only(request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host_ok = header_str(headers, header::HOST).is_some_and(is_local_host);
    let origin_ok = match header_str(headers, header::ORIGIN) {
        None => true,
        Some(origin) => origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
            .is_some_and(is_local_host),
    };
    if !(host_ok && origin_ok) {
        return fail(StatusCode::FORBIDDEN, "only local requests are served").into_response();
    }
    next.run(request).await
}

fn header_str(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// `localhost` or `127.0.0.1`, with or without a port.
fn is_local_host(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    };
    name.eq_ignore_ascii_case("localhost") || name == "127.0.0.1"
}

/// An error answer: `{"error": "…"}` with a status.
pub(crate) struct ApiError {
    status: StatusCode,
    message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "error": self.message }))).into_response()
    }
}

/// Maps the network's errors to HTTP: bad input 400, nothing to act on 404, a refusal by the
/// other side 409, a client that went away or stayed silent 504.
impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        let status = match e {
            Error::InvalidQr(_)
            | Error::InvalidPairCode(_)
            | Error::InvalidContact(_)
            | Error::QrMismatch(_) => StatusCode::BAD_REQUEST,
            Error::UnknownQrRef(_)
            | Error::NoPairCodeRequest(_)
            | Error::UnknownDevice(_)
            | Error::UnknownGroup(_)
            | Error::UnknownMessage { .. } => StatusCode::NOT_FOUND,
            Error::WrongPairCode | Error::PairingRejected { .. } | Error::InvalidDeviceSign(_) => {
                StatusCode::CONFLICT
            }
            Error::ConnectionClosed | Error::Timeout(_) | Error::WaitTimedOut { .. } => {
                StatusCode::GATEWAY_TIMEOUT
            }
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        fail(status, &e.to_string())
    }
}

/// What every endpoint answers.
pub(crate) type Reply = Result<Json<Value>, ApiError>;

pub(crate) fn fail(status: StatusCode, message: &str) -> ApiError {
    ApiError {
        status,
        message: message.to_owned(),
    }
}

/// The JSON body, or a JSON error saying why it is not acceptable.
pub(crate) fn body<T: DeserializeOwned>(b: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    b.map(|Json(b)| b)
        .map_err(|rejection| fail(rejection.status(), &rejection.body_text()))
}

/// A body that may be left out entirely (no `Content-Type`, no bytes).
fn optional_body<T: DeserializeOwned + Default>(
    b: Result<Json<T>, JsonRejection>,
) -> Result<T, ApiError> {
    match b {
        Err(JsonRejection::MissingJsonContentType(_)) => Ok(T::default()),
        other => body(other),
    }
}

/// `{}`: done, nothing to report.
pub(crate) fn done() -> Reply {
    Ok(Json(json!({})))
}

/// `GET /admin/state`: the account, its linked devices, live connections and faults.
async fn state(State(net): Net) -> Reply {
    let shared = net.shared();
    let (devices, connections, faults) = {
        let state = shared.state();
        let devices: Vec<Value> = state
            .devices
            .values()
            .map(|d| {
                json!({
                    "jid": shared.device_jid(d.id).to_string(),
                    "lid": shared.device_lid(d.id).to_string(),
                    "key_index": d.key_index,
                    "online": state.connections.values().any(|c| c.device == Some(d.id)),
                })
            })
            .collect();
        let mut connections: Vec<(u64, Value)> = state
            .connections
            .iter()
            .map(|(id, c)| {
                let value = json!({
                    "id": id.0,
                    "device": c.device.map(|d| shared.device_jid(d).to_string()),
                    "pairing": c.device.is_none() && c.registration.is_some(),
                    "pair_code_requested": state.link_codes.contains_key(id),
                });
                (id.0, value)
            })
            .collect();
        connections.sort_by_key(|(id, _)| *id);
        let connections: Vec<Value> = connections.into_iter().map(|(_, v)| v).collect();
        (devices, connections, faults::summary(&state.faults))
    };
    // The world has its own lock; never hold both.
    let mut contacts: Vec<String> = net.contacts().into_iter().map(|c| c.phone).collect();
    contacts.sort();
    Ok(Json(json!({
        "phone": net.phone_number(),
        "jid": net.account_jid().to_string(),
        "lid": net.account_lid().to_string(),
        "ws_url": net.ws_url(),
        "admin_url": net.admin_url(),
        "devices": devices,
        "connections": connections,
        "contacts": contacts,
        "faults": faults,
    })))
}

#[derive(Deserialize)]
struct Scan {
    qr: String,
}

/// `POST /admin/scan {"qr"}`: the phone scans a companion's QR; answers once it is linked.
async fn scan(State(net): Net, b: Result<Json<Scan>, JsonRejection>) -> Reply {
    let jid = net.scan_qr(&body(b)?.qr).await?;
    Ok(Json(json!({ "jid": jid.to_string() })))
}

#[derive(Deserialize)]
struct PairCode {
    code: String,
}

/// `POST /admin/pair-code {"code"}`: the phone's user types a companion's pair code.
async fn pair_code(State(net): Net, b: Result<Json<PairCode>, JsonRejection>) -> Reply {
    let jid = net.enter_pair_code(&body(b)?.code).await?;
    Ok(Json(json!({ "jid": jid.to_string() })))
}

#[derive(Deserialize)]
struct StreamError {
    code: u16,
}

/// `POST /admin/faults/stream-error {"code"}`: `<stream:error code>` on every connection.
async fn stream_error(State(net): Net, b: Result<Json<StreamError>, JsonRejection>) -> Reply {
    let hit = net.stream_error(body(b)?.code);
    Ok(Json(json!({ "connections": hit })))
}

#[derive(Deserialize, Default)]
struct Logout {
    /// One companion; without it, all of them.
    jid: Option<String>,
}

/// `POST /admin/faults/logout {"jid"?}`: the phone unlinks one companion, or all of them.
async fn logout(State(net): Net, b: Result<Json<Logout>, JsonRejection>) -> Reply {
    let removed = match optional_body(b)?.jid {
        None => net.logout_from_phone(),
        Some(jid) => {
            let jid: Jid = jid
                .parse()
                .map_err(|_| fail(StatusCode::BAD_REQUEST, "jid is not a JID"))?;
            net.unlink_device(&jid)?;
            vec![jid]
        }
    };
    let removed: Vec<String> = removed.iter().map(ToString::to_string).collect();
    Ok(Json(json!({ "removed": removed })))
}

/// `POST /admin/faults/drop`: close every socket, as a network outage would.
async fn drop_connections(State(net): Net) -> Reply {
    net.drop_connections().await;
    done()
}

/// `POST /admin/faults/replaced`: another session took over (`StreamReplaced`).
async fn replaced(State(net): Net) -> Reply {
    Ok(Json(json!({ "connections": net.replace_session() })))
}

#[derive(Deserialize)]
struct Ban {
    expire_secs: u64,
}

/// `POST /admin/faults/ban {"expire_secs"}`: logins get `<failure reason="402">`.
async fn ban(State(net): Net, b: Result<Json<Ban>, JsonRejection>) -> Reply {
    net.temporary_ban(body(b)?.expire_secs);
    done()
}

/// `POST /admin/faults/outdated`: connections get `<failure reason="405">`.
async fn outdated(State(net): Net) -> Reply {
    net.client_outdated();
    done()
}

#[derive(Deserialize)]
struct Refuse {
    refuse: bool,
}

/// `POST /admin/faults/refuse {"refuse"}`: drop new sockets at once (or stop doing so).
async fn refuse(State(net): Net, b: Result<Json<Refuse>, JsonRejection>) -> Reply {
    net.set_refuse_connections(body(b)?.refuse);
    done()
}

/// `POST /admin/faults/clear`: lift the ban, the outdated refusal and refused sockets.
async fn clear(State(net): Net) -> Reply {
    net.clear_faults();
    done()
}

#[cfg(test)]
mod tests {
    use super::is_local_host;

    #[test]
    fn only_loopback_names_pass() {
        for good in ["localhost", "LOCALHOST:8080", "127.0.0.1", "127.0.0.1:1"] {
            assert!(is_local_host(good), "{good}");
        }
        for bad in [
            "evil.example",
            "localhost.evil.example",
            "127.0.0.1.nip.io:80",
            "0.0.0.0",
            "[::1]:80",
            "",
        ] {
            assert!(!is_local_host(bad), "{bad}");
        }
    }
}
