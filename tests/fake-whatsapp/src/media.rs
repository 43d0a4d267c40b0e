//! The media CDN: `media_conn` tells clients where to upload, an HTTP server on loopback takes
//! encrypted uploads (`POST /mms/{type}/{token}`) and serves them back by direct path, and
//! recipients open blobs with the media key the message carried.

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use tokio::net::TcpListener;
use tokio::sync::watch;
use whatsapp_rust::NodeBuilder;
use whatsapp_rust::wacore::download::{DownloadUtils, MediaType};
use whatsapp_rust::wacore_binary::Node;

use crate::Error;
use crate::nodes::iq_result;
use crate::state::Shared;

/// Generous: videos and documents may be large, and the client uploads in one request.
const MAX_UPLOAD: usize = 256 * 1024 * 1024;
/// How long a client may cache the route before asking again.
const MEDIA_CONN_TTL_SECS: u64 = 300;

/// Uploaded blobs (ciphertext ‖ 10-byte MAC, exactly as sent) by direct path.
pub(crate) struct MediaStore {
    blobs: Mutex<HashMap<String, Arc<Vec<u8>>>>,
    /// Upload token (base64url of the ciphertext hash) → direct path, for resume checks.
    tokens: Mutex<HashMap<String, String>>,
    /// `127.0.0.1:port` once the server is listening.
    host: OnceLock<String>,
    /// The media auth token handed out in `media_conn`; uploads must present it.
    auth: String,
}

impl MediaStore {
    pub(crate) fn new() -> Self {
        Self {
            blobs: Mutex::default(),
            tokens: Mutex::default(),
            host: OnceLock::new(),
            auth: format!("{:032x}", rand::random::<u128>()),
        }
    }

    fn blobs(&self) -> MutexGuard<'_, HashMap<String, Arc<Vec<u8>>>> {
        self.blobs.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn tokens(&self) -> MutexGuard<'_, HashMap<String, String>> {
        self.tokens.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The blob at `direct_path`, as a recipient downloads it.
    pub(crate) fn fetch(&self, direct_path: &str) -> Option<Arc<Vec<u8>>> {
        let path = direct_path.split('?').next().unwrap_or(direct_path);
        self.blobs().get(path).cloned()
    }

    /// Downloads and decrypts an attachment: the ciphertext must hash to `file_enc_sha256`
    /// and its MAC must verify under the keys derived from `media_key`.
    pub(crate) fn open(
        &self,
        direct_path: &str,
        media_key: &[u8],
        file_enc_sha256: &[u8],
        media_type: MediaType,
    ) -> Result<Vec<u8>, String> {
        let blob = self
            .fetch(direct_path)
            .ok_or_else(|| format!("no media at {direct_path}"))?;
        if Sha256::digest(blob.as_slice()).as_slice() != file_enc_sha256 {
            return Err("blob does not match file_enc_sha256".to_owned());
        }
        DownloadUtils::verify_and_decrypt(&blob, media_key, media_type).map_err(|e| e.to_string())
    }

    /// Encrypts `plain` as a sender's phone does before uploading it (a fresh media key, AES-CBC
    /// and HMAC under keys expanded from it) and keeps the blob, as if it had been uploaded.
    pub(crate) fn upload(&self, plain: &[u8], media_type: MediaType) -> Result<Uploaded, Error> {
        let encrypted = whatsapp_rust::wacore::upload::encrypt_media(plain, media_type)
            .map_err(|e| Error::Crypto(e.to_string()))?;
        let token = URL_SAFE_NO_PAD.encode(encrypted.file_enc_sha256);
        let direct_path = self.store(kind_segment(media_type), &token, encrypted.data_to_upload);
        Ok(Uploaded {
            url: self.url(&direct_path),
            direct_path,
            media_key: encrypted.media_key.to_vec(),
            file_sha256: encrypted.file_sha256.to_vec(),
            file_enc_sha256: encrypted.file_enc_sha256.to_vec(),
            file_length: plain.len() as u64,
        })
    }

    /// Keeps a public file (a profile picture: WhatsApp serves those unencrypted) under a new
    /// direct path, and returns it.
    pub(crate) fn publish(&self, kind: &str, bytes: Vec<u8>) -> String {
        let direct_path = format!("/v/{kind}/{:032x}", rand::random::<u128>());
        self.blobs().insert(direct_path.clone(), Arc::new(bytes));
        direct_path
    }

    /// Where a public file is fetched. Plain HTTP, as this CDN speaks it, so whoever is handed
    /// the address (a page's `<img>`) can open it; clients rewrite only their own media URLs.
    pub(crate) fn public_url(&self, direct_path: &str) -> String {
        format!(
            "http://{}{direct_path}",
            self.host.get().map_or("127.0.0.1", String::as_str)
        )
    }

    fn url(&self, direct_path: &str) -> String {
        format!(
            "https://{}{direct_path}",
            self.host.get().map_or("127.0.0.1", String::as_str)
        )
    }

    fn store(&self, kind: &str, token: &str, body: Vec<u8>) -> String {
        let direct_path = format!("/v/{kind}/{:032x}.enc", rand::random::<u128>());
        self.blobs().insert(direct_path.clone(), Arc::new(body));
        self.tokens().insert(token.to_owned(), direct_path.clone());
        direct_path
    }
}

/// What a message carries about an uploaded attachment.
pub(crate) struct Uploaded {
    pub(crate) url: String,
    pub(crate) direct_path: String,
    pub(crate) media_key: Vec<u8>,
    pub(crate) file_sha256: Vec<u8>,
    pub(crate) file_enc_sha256: Vec<u8>,
    pub(crate) file_length: u64,
}

/// The path segment uploads of a media type go under (`/mms/{segment}/…`).
fn kind_segment(media_type: MediaType) -> &'static str {
    match media_type {
        MediaType::Image => "image",
        MediaType::Video => "video",
        MediaType::Audio => "audio",
        MediaType::Sticker => "sticker",
        _ => "document",
    }
}

/// Lowercase hex SHA-256.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    crate::received::hex(&Sha256::digest(bytes))
}

/// Answers `<iq xmlns="w:m"><media_conn/></iq>` with the auth token and the loopback host.
pub(crate) fn media_conn(shared: &Shared, iq: &Node) -> Node {
    let media = &shared.world.media;
    let host = media
        .host
        .get()
        .cloned()
        .unwrap_or_else(|| "127.0.0.1".to_owned());
    let conn = NodeBuilder::new("media_conn")
        .attr("auth", media.auth.clone())
        .attr("ttl", MEDIA_CONN_TTL_SECS.to_string())
        .attr("auth_ttl", MEDIA_CONN_TTL_SECS.to_string())
        .attr("max_buckets", "12")
        .children([NodeBuilder::new("host")
            .attr("hostname", host)
            .attr("type", "primary")
            .build()])
        .build();
    iq_result(iq, vec![conn])
}

/// Binds the CDN on `127.0.0.1:0` and serves until `shutdown` flips.
pub(crate) async fn start(
    shared: &Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
) -> Result<SocketAddr, Error> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
    let addr = listener.local_addr()?;
    let _ = shared.world.media.host.set(addr.to_string());
    let app = Router::new()
        .route("/mms/{kind}/{token}", post(upload))
        .route("/v/{*rest}", get(download))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD))
        .with_state(shared.clone());
    tokio::spawn(async move {
        let stop = async move {
            let _ = shutdown.wait_for(|stop| *stop).await;
        };
        if let Err(e) = axum::serve(listener, app)
            .with_graceful_shutdown(stop)
            .await
        {
            tracing::warn!("fake-whatsapp: media server failed: {e}");
        }
    });
    tracing::debug!(%addr, "fake-whatsapp media server listening");
    Ok(addr)
}

fn json(status: StatusCode, value: serde_json::Value) -> Response {
    (status, axum::Json(value)).into_response()
}

/// `POST /mms/{type}/{token}?auth=…&token=…[&resume=1]`, body = ciphertext ‖ MAC.
async fn upload(
    State(shared): State<Arc<Shared>>,
    Path((kind, token)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    let media = &shared.world.media;
    if query.get("auth") != Some(&media.auth) {
        return json(
            StatusCode::UNAUTHORIZED,
            serde_json::json!({"error": "auth"}),
        );
    }
    if query.get("resume").map(String::as_str) == Some("1") {
        // Only whole uploads are kept, so a blob is either complete or unknown.
        let known = media.tokens().get(&token).cloned();
        return match known {
            Some(direct_path) => json(
                StatusCode::OK,
                serde_json::json!({
                    "resume": "complete",
                    "url": media.url(&direct_path),
                    "direct_path": direct_path,
                }),
            ),
            None => json(StatusCode::NOT_FOUND, serde_json::json!({"resume": "0"})),
        };
    }
    if query.contains_key("file_offset") {
        // Never offered (resume checks answer "complete" or "not found").
        return json(
            StatusCode::BAD_REQUEST,
            serde_json::json!({"error": "partial uploads are not supported"}),
        );
    }
    // The token names the content: base64url(SHA-256(ciphertext ‖ MAC)).
    if URL_SAFE_NO_PAD.encode(Sha256::digest(&body)) != token {
        return json(
            StatusCode::BAD_REQUEST,
            serde_json::json!({"error": "body does not match token"}),
        );
    }
    let direct_path = media.store(&kind, &token, body.to_vec());
    tracing::debug!(
        kind,
        direct_path,
        bytes = body.len(),
        "fake-whatsapp: media stored"
    );
    json(
        StatusCode::OK,
        serde_json::json!({"url": media.url(&direct_path), "direct_path": direct_path}),
    )
}

/// `GET /v/…`: the stored blob, as a CDN serves a download.
async fn download(State(shared): State<Arc<Shared>>, Path(rest): Path<String>) -> Response {
    match shared.world.media.fetch(&format!("/v/{rest}")) {
        Some(blob) => (StatusCode::OK, blob.as_ref().clone()).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
