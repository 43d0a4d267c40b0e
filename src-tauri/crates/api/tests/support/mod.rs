//! The API over a real service (temp database, manual clock, in-memory engine), called
//! in-process; and a real loopback listener for what needs a socket.
#![allow(clippy::unwrap_used, dead_code)]

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use mostrador_api::{ApiKey, ApiOptions};
use mostrador_core::testing::{FakeEngines, FakeMessenger, ManualClock, SeqRandom};
use mostrador_core::{Config, Deps, Service, engine};
use mostrador_store::Store;
use serde_json::Value;
use tower::ServiceExt;

pub const KEY: &str = "test-key-0123456789abcdef";
pub const HOST: &str = "127.0.0.1:3107";
pub const T0: i64 = 1_763_769_600_000;

pub struct Api {
    pub router: Router,
    pub service: Arc<Service>,
    pub engine: Arc<FakeMessenger>,
    /// The engines of the profiles a test adds.
    pub engines: Arc<FakeEngines>,
    pub clock: Arc<ManualClock>,
    pub dir: tempfile::TempDir,
}

pub fn quick_config() -> Config {
    let mut c = Config::default();
    c.pacing.min_gap = Duration::ZERO;
    c.pacing.jitter = Duration::ZERO;
    c
}

pub async fn api() -> Api {
    api_with(
        quick_config(),
        ApiOptions {
            rate_limit: None,
            ui_dir: None,
            demo_phone: None,
        },
    )
    .await
}

pub async fn api_with(config: Config, options: ApiOptions) -> Api {
    api_keyed(config, options, ApiKey::new(KEY.into())).await
}

/// With a key of the test's making (e.g. one backed by a key store).
pub async fn api_keyed(config: Config, options: ApiOptions, key: ApiKey) -> Api {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(T0));
    let (sink, events) = engine::channel();
    let engine = FakeMessenger::new(sink, clock.clone());
    let engines = FakeEngines::new(clock.clone());
    let service = Service::start(Deps {
        store: Store::open(&dir.path().join("app.db")).unwrap(),
        messenger: engine.clone(),
        engine_events: events,
        engines: Some(engines.clone()),
        clock: clock.clone(),
        random: Arc::new(SeqRandom::new(1)),
        config,
        media_dir: dir.path().join("media"),
        vault: std::sync::Arc::new(mostrador_core::testing::MemoryVault::default()),
    })
    .await
    .unwrap();
    let router = mostrador_api::router(service.clone(), key, options);
    Api {
        router,
        service,
        engine,
        engines,
        clock,
        dir,
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub json: Value,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn data(&self) -> &Value {
        assert_eq!(self.json["success"], true, "{}", self.json);
        &self.json["data"]
    }

    /// Asserts the error envelope, its status and its code.
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status.as_u16(), status, "{}", self.json);
        assert_eq!(self.json["success"], false, "{}", self.json);
        assert_eq!(self.json["error"]["code"], code, "{}", self.json);
        assert!(
            self.json["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
    }
}

pub fn request(method: Method, path: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(method)
        .uri(path)
        .header("host", HOST)
        .header("x-api-key", KEY)
}

impl Api {
    pub async fn call(&self, req: Request<Body>) -> Reply {
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            json,
            bytes,
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.call(request(Method::GET, path).body(Body::empty()).unwrap())
            .await
    }

    pub async fn post_json(&self, path: &str, body: Value) -> Reply {
        self.call(
            request(Method::POST, path)
                .header("content-type", "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
    }

    pub async fn patch_json(&self, path: &str, body: Value) -> Reply {
        self.call(
            request(Method::PATCH, path)
                .header("content-type", "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.call(request(Method::DELETE, path).body(Body::empty()).unwrap())
            .await
    }

    pub async fn post_raw(&self, path: &str, content_type: &str, body: impl Into<Body>) -> Reply {
        self.call(
            request(Method::POST, path)
                .header("content-type", content_type)
                .body(body.into())
                .unwrap(),
        )
        .await
    }
}

/// A multipart/form-data body from text fields and one file.
pub fn multipart(fields: &[(&str, &str)], file: Option<(&str, &str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "mostrador-test-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some((file_name, content_type, bytes)) = file {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n")
                .as_bytes(),
        );
        body.extend(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n";
