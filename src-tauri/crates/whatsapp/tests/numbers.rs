//! The bulk number check through the real engine: 500 numbers answered in one user-sync
//! query with each one's JID, and asked again only when the answers are no longer fresh; and
//! one number's info: what its account shows (about, business name, picture), or hides.
#![allow(clippy::unwrap_used)]

mod support;

use fake_whatsapp::{FakeNetwork, FakeProfile, NetEvent};
use mostrador_core::types::ContactInfo;
use support::*;

const ON_WHATSAPP: [&str; 3] = ["59171234567", "59171234568", "59171234569"];

/// The `contact` (is-on-WhatsApp) queries the fake server has seen so far, and their sizes.
fn contact_queries(events: &mut tokio::sync::broadcast::Receiver<NetEvent>) -> Vec<usize> {
    let mut sizes = Vec::new();
    while let Ok(e) = events.try_recv() {
        if let NetEvent::UsyncQuery { protocols, users } = e
            && protocols.iter().any(|p| p == "contact")
        {
            sizes.push(users);
        }
    }
    sizes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_numbers_are_checked_in_one_query_and_remembered() {
    let net = FakeNetwork::start().await.unwrap();
    for n in ON_WHATSAPP {
        net.add_contact(n).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &net.ws_url()).await;
    app.pair(&net).await;
    let mut seen = net.subscribe();

    // 497 Bolivian mobiles nobody has, the three customers among them, and a bad input.
    let mut inputs: Vec<String> = (0..497).map(|n| format!("+591 6{n:07}")).collect();
    inputs.insert(10, "7123 4567".into());
    inputs.insert(200, "+591 71234568".into());
    inputs.insert(400, "59171234569".into());
    inputs[499] = "hola".into();
    assert_eq!(inputs.len(), 500);
    let checks = app
        .service
        .check_contacts(None, inputs.clone())
        .await
        .unwrap();
    assert_eq!(checks.len(), 500);
    for (i, c) in checks.iter().enumerate() {
        assert_eq!(c.input, inputs[i], "answers keep the order");
        match i {
            10 | 200 | 400 => {
                assert!(c.registered, "{c:?}");
                let digits = c.phone.as_deref().unwrap().trim_start_matches('+');
                assert_eq!(
                    c.jid.as_deref(),
                    Some(format!("{digits}@s.whatsapp.net").as_str())
                );
            }
            499 => assert!(c.error.is_some() && !c.registered, "{c:?}"),
            _ => assert!(!c.registered && c.jid.is_none(), "{c:?}"),
        }
    }
    assert_eq!(
        contact_queries(&mut seen),
        [499],
        "one query for every valid number"
    );

    // Asked again at once: every answer is remembered, WhatsApp is not asked.
    let again = app
        .service
        .check_contacts(None, inputs[..20].to_vec())
        .await
        .unwrap();
    assert!(again[10].registered && !again[0].registered);
    // A first send to a checked customer needs no new question either.
    app.service
        .send(mostrador_core::Draft {
            to: "+59171234567".into(),
            body: mostrador_core::DraftBody::Text {
                text: "hola".into(),
            },
            idempotency_key: None,
            send_at: None,
            profile: None,
        })
        .await
        .unwrap();
    net.wait_received("59171234567", 1, PATIENCE).await.unwrap();
    assert_eq!(contact_queries(&mut seen), Vec::<usize>::new());
    app.stop().await;
    net.shutdown().await;
}

/// The service's answer for `phone`, within the tests' patience.
async fn info(app: &App, phone: &str) -> ContactInfo {
    tokio::time::timeout(PATIENCE, app.service.contact_info(None, phone))
        .await
        .expect("the info took too long")
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_numbers_info_shows_what_its_account_shows_and_nothing_it_hides() {
    let net = FakeNetwork::start().await.unwrap();
    for n in ON_WHATSAPP {
        net.add_contact(n).unwrap();
    }
    let shop = net
        .set_profile(
            ON_WHATSAPP[0],
            FakeProfile {
                about: Some("Abierto de 8 a 20".into()),
                business_name: Some("Farmacia Central".into()),
                picture: Some(b"a picture".to_vec()),
                hidden: false,
            },
        )
        .unwrap()
        .expect("a picture is served");
    // A private person: about and picture shown to nobody.
    net.set_profile(
        ON_WHATSAPP[1],
        FakeProfile {
            about: Some("Ocupada".into()),
            picture: Some(b"another picture".to_vec()),
            hidden: true,
            ..FakeProfile::default()
        },
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &net.ws_url()).await;
    app.pair(&net).await;

    let business = info(&app, "+591 71234567").await;
    assert!(business.on_whatsapp, "{business:?}");
    assert_eq!(business.about.as_deref(), Some("Abierto de 8 a 20"));
    assert_eq!(business.business_name.as_deref(), Some("Farmacia Central"));
    assert_eq!(business.picture_url.as_deref(), Some(shop.as_str()));

    let private = info(&app, "71234568").await;
    assert!(private.on_whatsapp, "{private:?}");
    assert_eq!(
        (private.about, private.business_name, private.picture_url),
        (None, None, None)
    );

    // On WhatsApp with nothing set: an empty about, no picture, not a business.
    let plain = info(&app, "59171234569").await;
    assert!(plain.on_whatsapp, "{plain:?}");
    assert_eq!(
        (plain.about, plain.business_name, plain.picture_url),
        (None, None, None)
    );

    let nobody = info(&app, "59160000000").await;
    assert!(!nobody.on_whatsapp && nobody.about.is_none() && nobody.picture_url.is_none());
    app.stop().await;
    net.shutdown().await;
}
