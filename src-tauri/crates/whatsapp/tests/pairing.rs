//! Linking the shop's number end to end: the real engine shows QR codes, the fake phone
//! scans one, the session survives a restart without a new QR.
#![allow(clippy::unwrap_used)]

mod support;

use fake_whatsapp::FakeNetwork;
use fake_whatsapp::NetEvent;
use mostrador_core::types::SessionState;
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pair_by_qr_then_restart_reconnects_without_a_qr() {
    let net = FakeNetwork::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();

    let mut app = start_app(dir.path(), &net.ws_url()).await;
    let qr = app.qr().await;
    assert!(
        qr.code.split(',').count() >= 4,
        "a WhatsApp QR payload: {}",
        qr.code
    );
    assert_eq!(
        app.service.qr(None).unwrap().code,
        qr.code,
        "the API shows the same QR"
    );
    net.scan_qr(&qr.code).await.unwrap();
    app.until_state(SessionState::Connected).await;
    let session = app.service.session(None).unwrap();
    assert_eq!(
        session.phone.as_deref(),
        Some(format!("+{}", net.phone_number()).as_str())
    );
    app.stop().await;

    // Same data dir: the saved session logs straight in; the server never starts a pairing.
    let mut seen = net.subscribe();
    let mut again = start_app(dir.path(), &net.ws_url()).await;
    again.until_state(SessionState::Connected).await;
    while let Ok(e) = seen.try_recv() {
        assert!(
            !matches!(e, NetEvent::PairingStarted { .. }),
            "a restart must not ask for a new QR"
        );
    }
    again.stop().await;
    net.shutdown().await;
}
