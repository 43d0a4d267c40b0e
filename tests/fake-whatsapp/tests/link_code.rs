#![allow(clippy::unwrap_used)]
//! End to end with the real whatsapp-rust client: link by pair code instead of QR. The client
//! asks for a code for the account's number, the phone's user types it (first wrongly, which
//! only the phone notices), the companion is linked and logs in, and a restart needs no code.

mod common;

use common::{client_event, init_logs, net_event, start_client};
use fake_whatsapp::{Error, FakeNetwork, NetEvent};
use whatsapp_rust::pair_code::PairCodeOptions;
use whatsapp_rust::prelude::Event;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_by_pair_code_after_a_mistyped_one() {
    init_logs();
    let net = FakeNetwork::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("whatsapp.db");
    let mut net_events = net.subscribe();
    let (client, mut events) = start_client(&net, &db).await;
    // The QR shows once the pairing session is up; a code can be asked for from then on.
    client_event(&mut events, "QR code", |e| {
        matches!(e, Event::PairingQrCode(_))
    })
    .await;

    let code = client
        .client()
        .pair_with_code(PairCodeOptions {
            phone_number: format!("+{}", net.phone_number()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(code.len(), 8, "{code}");
    let (shown, _) = client_event(&mut events, "PairingCode", |e| {
        matches!(e, Event::PairingCode(_))
    })
    .await;
    let Event::PairingCode(shown) = &*shown else {
        unreachable!()
    };
    assert_eq!(shown.code, code);
    net_event(&mut net_events, "PairCodeRequested", |e| {
        matches!(e, NetEvent::PairCodeRequested { .. })
    })
    .await;

    // A valid-looking code that is not the one on screen: the key bundle does not open.
    let first = if code.starts_with('A') { "B" } else { "A" };
    let wrong = format!("{first}{}", &code[1..]);
    let err = net.enter_pair_code(&wrong).await.unwrap_err();
    assert!(matches!(err, Error::WrongPairCode), "{err:?}");

    // Typed as a phone shows it, with a dash, in lower case.
    let typed = format!("{}-{}", &code[..4], &code[4..]).to_lowercase();
    let device = net.enter_pair_code(&typed).await.unwrap();
    assert_eq!(device.user, net.phone_number());
    assert_ne!(device.device, 0);
    let (paired, before) = client_event(&mut events, "PairSuccess", |e| {
        matches!(e, Event::PairSuccess(_))
    })
    .await;
    let Event::PairSuccess(paired) = &*paired else {
        unreachable!()
    };
    assert_eq!(paired.id, device);
    assert!(
        !before.iter().any(|e| matches!(
            &**e,
            Event::PairError(_) | Event::PairingCodeError(_) | Event::LoggedOut(_)
        )),
        "the mistyped code must not break the flow: {before:#?}"
    );
    client_event(&mut events, "Connected after pairing", |e| {
        matches!(e, Event::Connected(_))
    })
    .await;
    net_event(
        &mut net_events,
        "LoggedIn",
        |e| matches!(e, NetEvent::LoggedIn { jid, .. } if *jid == device),
    )
    .await;

    // The link holds: a restart on the same store logs straight in.
    client.shutdown().await;
    let (client, mut events) = start_client(&net, &db).await;
    let (_, before) = client_event(&mut events, "Connected after restart", |e| {
        matches!(e, Event::Connected(_))
    })
    .await;
    assert!(
        !before
            .iter()
            .any(|e| matches!(&**e, Event::PairingQrCode(_) | Event::LoggedOut(_))),
        "{before:#?}"
    );

    // The companion is linked now; nobody is waiting for a code.
    let err = net.enter_pair_code(&code).await.unwrap_err();
    assert!(matches!(err, Error::NoPairCodeRequest(_)), "{err:?}");

    client.shutdown().await;
    net.shutdown().await;
}

#[tokio::test]
async fn refuses_malformed_codes_and_codes_nobody_asked_for() {
    let net = FakeNetwork::start().await.unwrap();
    for bad in ["", "ABCD", "ABCDEFGHJ", "ABCDEFG0", "ABCDEFGI"] {
        let err = net.enter_pair_code(bad).await.unwrap_err();
        assert!(matches!(err, Error::InvalidPairCode(_)), "{bad:?}: {err:?}");
    }
    let err = net.enter_pair_code("ABCD-EFGH").await.unwrap_err();
    assert!(matches!(err, Error::NoPairCodeRequest(_)), "{err:?}");
    net.shutdown().await;
}
