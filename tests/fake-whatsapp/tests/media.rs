#![allow(clippy::unwrap_used)]
//! End to end with the real client: media is encrypted and uploaded to the fake CDN, and the
//! recipient downloads it by direct path and decrypts it with the key in the message, getting
//! back exactly the bytes that were sent.

mod chat;
mod common;

use chat::{linked_client, sha256_hex};
use common::{PATIENCE, init_logs};
use fake_whatsapp::{FakeNetwork, MessageKind};
use whatsapp_rust::UploadOptions;
use whatsapp_rust::media::{
    AudioOptions, DocumentOptions, ImageOptions, VideoOptions, audio_message, document_message,
    image_message, video_message,
};
use whatsapp_rust::wacore::download::MediaType;

/// Deterministic, incompressible-looking bytes of a given length.
fn bytes(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed) ^ (i >> 8) as u8)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_contact_decrypts_exactly_the_media_that_was_sent() {
    init_logs();
    let net = FakeNetwork::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (handle, _events) = linked_client(&net, &dir.path().join("wa.db")).await;
    let client = handle.client();
    let carla = net.add_contact("59173333333").unwrap();

    let photo = bytes(48_000, 1);
    let up = client
        .upload(photo.clone(), MediaType::Image, UploadOptions::new())
        .await
        .unwrap();
    assert!(up.url.starts_with("https://127.0.0.1:"), "{}", up.url);
    let image = image_message(
        up,
        ImageOptions {
            caption: Some("Modelo azul, talla M".into()),
            ..Default::default()
        },
    );
    let image = client.send_message(carla.jid.clone(), image).await.unwrap();

    let pdf = bytes(20_000, 2);
    let up = client
        .upload(pdf.clone(), MediaType::Document, UploadOptions::new())
        .await
        .unwrap();
    let doc = document_message(
        up,
        DocumentOptions {
            mimetype: Some("application/pdf".into()),
            file_name: Some("factura-0042.pdf".into()),
            caption: Some("Tu factura".into()),
            ..Default::default()
        },
    );
    let doc = client.send_message(carla.jid.clone(), doc).await.unwrap();

    let clip = bytes(70_000, 3);
    let up = client
        .upload(clip.clone(), MediaType::Video, UploadOptions::new())
        .await
        .unwrap();
    let video = video_message(
        up,
        VideoOptions {
            caption: Some("Así queda puesto".into()),
            duration_seconds: Some(3),
            ..Default::default()
        },
    );
    let video = client.send_message(carla.jid.clone(), video).await.unwrap();

    let voice = bytes(9_000, 4);
    let up = client
        .upload(voice.clone(), MediaType::Audio, UploadOptions::new())
        .await
        .unwrap();
    let note = audio_message(
        up,
        AudioOptions {
            ptt: Some(true),
            duration_seconds: Some(2),
            ..Default::default()
        },
    );
    let note = client.send_message(carla.jid.clone(), note).await.unwrap();

    // Over 5 MiB of ciphertext the client first asks whether the upload already exists.
    let catalogue = bytes(5 * 1024 * 1024 + 100, 5);
    let key = [7u8; 32];
    let up = client
        .upload(
            catalogue.clone(),
            MediaType::Document,
            UploadOptions::new().with_media_key(key),
        )
        .await
        .unwrap();
    let first_path = up.direct_path.clone();
    let big = document_message(
        up,
        DocumentOptions {
            file_name: Some("catalogo.zip".into()),
            mimetype: Some("application/zip".into()),
            ..Default::default()
        },
    );
    let big = client.send_message(carla.jid.clone(), big).await.unwrap();

    let got = net.wait_received(&carla.phone, 5, PATIENCE).await.unwrap();
    let by_id = |id: &str| got.iter().find(|r| r.id == id).unwrap();

    let r = by_id(&image.message_id);
    assert_eq!(r.kind, MessageKind::Image);
    assert_eq!(r.caption.as_deref(), Some("Modelo azul, talla M"));
    assert_eq!(r.mime_type.as_deref(), Some("image/jpeg"));
    assert_eq!(r.media_error, None);
    assert_eq!(r.media_sha256.as_deref(), Some(sha256_hex(&photo).as_str()));
    assert_eq!(r.media_len, Some(photo.len() as u64));

    // The CDN serves downloads too: the shop's client fetches the photo back by its direct
    // path and decrypts it itself.
    let sent = r.message.image_message.as_option().unwrap().clone();
    assert_eq!(client.download(&sent).await.unwrap(), photo);

    let r = by_id(&doc.message_id);
    assert_eq!(r.kind, MessageKind::Document);
    assert_eq!(r.file_name.as_deref(), Some("factura-0042.pdf"));
    assert_eq!(r.caption.as_deref(), Some("Tu factura"));
    assert_eq!(r.mime_type.as_deref(), Some("application/pdf"));
    assert_eq!(r.media_sha256.as_deref(), Some(sha256_hex(&pdf).as_str()));

    let r = by_id(&video.message_id);
    assert_eq!(r.kind, MessageKind::Video);
    assert_eq!(r.caption.as_deref(), Some("Así queda puesto"));
    assert_eq!(r.media_sha256.as_deref(), Some(sha256_hex(&clip).as_str()));

    let r = by_id(&note.message_id);
    assert_eq!(r.kind, MessageKind::Voice);
    assert_eq!(r.mime_type.as_deref(), Some("audio/ogg; codecs=opus"));
    assert_eq!(r.media_sha256.as_deref(), Some(sha256_hex(&voice).as_str()));
    assert_eq!(r.media_len, Some(voice.len() as u64));

    let r = by_id(&big.message_id);
    assert_eq!(r.file_name.as_deref(), Some("catalogo.zip"));
    assert_eq!(r.media_error, None);
    assert_eq!(
        r.media_sha256.as_deref(),
        Some(sha256_hex(&catalogue).as_str())
    );
    assert_eq!(r.media_len, Some(catalogue.len() as u64));

    // The same big file with the same key encrypts to the same blob: the resume check finds
    // it complete, and the client reuses it instead of uploading again (a fresh upload would
    // get a new direct path).
    let again = client
        .upload(
            catalogue.clone(),
            MediaType::Document,
            UploadOptions::new().with_media_key(key),
        )
        .await
        .unwrap();
    assert_eq!(again.direct_path, first_path);

    handle.shutdown().await;
    net.shutdown().await;
}
