//! Large sends through the API: admitted under the core's in-flight budget (beyond it a clear
//! `503 BUSY` with `Retry-After`, while small sends still pass), and multipart files
//! streamed to a staging file on disk as they arrive, which is gone once the send is done.
#![allow(clippy::unwrap_used)]

mod support;

use std::path::PathBuf;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, StatusCode};
use base64::Engine;
use bytes::Bytes;
use mostrador_api::ApiOptions;
use serde_json::json;
use support::*;
use tokio_stream::wrappers::ReceiverStream;
use tower::ServiceExt;

const MB: usize = 1024 * 1024;

fn staging(api: &Api) -> Vec<PathBuf> {
    match std::fs::read_dir(api.dir.path().join("media").join("incoming")) {
        Ok(dir) => dir.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

/// Waits (at most 10 s) until `done` holds; it looks at files the server writes.
async fn until(mut done: impl FnMut() -> bool) {
    tokio::time::timeout(Duration::from_secs(10), async {
        while !done() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("the server got there in time");
}

fn document(bytes: &[u8]) -> serde_json::Value {
    json!({
        "to": "71234567",
        "type": "document",
        "file_name": "flyer.pdf",
        "media": base64::engine::general_purpose::STANDARD.encode(bytes),
    })
}

#[tokio::test]
async fn over_the_budget_a_large_send_gets_503_busy_with_retry_after_and_texts_still_pass() {
    let mut config = quick_config();
    config.limits.in_flight_bytes = 3 * MB as u64;
    let options = ApiOptions {
        rate_limit: None,
        ui_dir: None,
        demo_phone: None,
    };
    let api = api_with(config, options).await;
    let flyer = [PDF, &vec![b' '; 2 * MB]].concat();
    let (ct, body) = multipart(
        &[("to", "71234567")],
        Some(("flyer.pdf", "application/pdf", &flyer)),
    );
    // The first upload arrives three quarters of the way, then stalls: it holds its share.
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(2);
    let cut = body.len() * 3 / 4;
    tx.send(Ok(Bytes::copy_from_slice(&body[..cut])))
        .await
        .unwrap();
    let first = request(Method::POST, "/api/v1/messages")
        .header("content-type", &ct)
        .header("content-length", body.len())
        .body(Body::from_stream(ReceiverStream::new(rx)))
        .unwrap();
    let router = api.router.clone();
    let first = tokio::spawn(async move { router.oneshot(first).await.unwrap() });
    // It streams to disk as it arrives: more than a megabyte is there before the body ends.
    until(|| {
        staging(&api)
            .iter()
            .any(|f| std::fs::metadata(f).is_ok_and(|m| m.len() >= MB as u64))
    })
    .await;

    let refused = api.post_json("/api/v1/messages", document(&flyer)).await;
    refused.assert_error(503, "BUSY");
    assert_eq!(refused.headers["retry-after"], "3");
    let text = json!({"to": "71234567", "text": "Gracias por su compra"});
    let receipt = api.post_json("/api/v1/messages", text).await;
    assert_eq!(receipt.status, 202, "{}", receipt.json);

    tx.send(Ok(Bytes::copy_from_slice(&body[cut..])))
        .await
        .unwrap();
    drop(tx);
    let first = tokio::time::timeout(Duration::from_secs(10), first)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.status(), StatusCode::ACCEPTED);
    assert!(
        staging(&api).is_empty(),
        "the staging file outlived the send"
    );
    // Its share given back, the refused send goes through.
    let again = api.post_json("/api/v1/messages", document(&flyer)).await;
    assert_eq!(again.status, 202, "{}", again.json);
    let id = again.data()["id"].as_str().unwrap().to_owned();
    let media = api.get(&format!("/api/v1/messages/{id}/media")).await;
    assert!(media.bytes == flyer, "the stored flyer differs");
}

#[tokio::test]
async fn a_refused_or_broken_upload_leaves_no_staging_file() {
    let api = api().await;
    // Refused after it arrived: a PNG sent as a PDF.
    let (ct, body) = multipart(
        &[("to", "71234567"), ("type", "document")],
        Some(("f.pdf", "application/pdf", PNG)),
    );
    api.post_raw("/api/v1/messages", &ct, body)
        .await
        .assert_error(422, "MIME_MISMATCH");
    // Cut off in the middle of the file.
    let (ct, body) = multipart(
        &[("to", "71234567")],
        Some(("f.pdf", "application/pdf", &[PDF, &[b' '; 4096]].concat())),
    );
    let cut = body[..body.len() - 1000].to_vec();
    api.post_raw("/api/v1/messages", &ct, cut)
        .await
        .assert_error(400, "VALIDATION_ERROR");
    // Two files in one message.
    let (ct, mut body) = multipart(&[], Some(("a.pdf", "application/pdf", PDF)));
    let (_, second) = multipart(
        &[("to", "71234567")],
        Some(("b.pdf", "application/pdf", PDF)),
    );
    body.truncate(body.len() - "--mostrador-test-boundary--\r\n".len());
    body.extend(second);
    api.post_raw("/api/v1/messages", &ct, body)
        .await
        .assert_error(400, "VALIDATION_ERROR");
    assert!(staging(&api).is_empty(), "{:?}", staging(&api));
    let page = api.get("/api/v1/messages").await;
    assert_eq!(page.data()["items"], json!([]), "nothing was stored");
}
