//! Several linked numbers: each profile sends through its own engine at its own pace; one's
//! trouble never holds up another; removing one cancels what it had to send and wipes its
//! session; profiles and their lanes outlive a restart.
#![allow(clippy::unwrap_used)]

mod support;

use mostrador_core::Code;
use mostrador_core::types::{
    Event, MessageQuery, NewProfile, ProfilePatch, Recipient, SessionState, Status,
};
use support::{T0, no_pacing, start, start_in, text, until_event};

fn named(name: &str) -> NewProfile {
    NewProfile {
        name: name.into(),
        color: Some("#2E7D32".into()),
    }
}

#[tokio::test]
async fn each_number_sends_its_own_messages_and_one_stuck_never_holds_the_other() {
    let h = start(no_pacing()).await;
    h.engine.connect();
    let added = h.service.add_profile(named("Entregas")).await.unwrap();
    assert_eq!((added.id.as_str(), added.color.as_str()), ("p2", "#2e7d32"));
    assert!(!added.default);
    let deliveries = h.engines.engine("p2").await;
    deliveries.connect();

    // The main number's send hangs half-way (a slow upload); the other number still sends.
    let (started, release) = h.engine.hold_next_send();
    let stuck = h.queue("recibo 1").await;
    started.await.unwrap();
    let mut by_name = text("71234567", "su pedido está en camino");
    by_name.profile = Some("entregas".into());
    let other = h.service.send(by_name).await.unwrap().message;
    assert_eq!(other.profile, "p2");
    h.wait_status(&other.id, Status::Sent).await;
    assert_eq!(deliveries.sent().len(), 1);
    assert_eq!(deliveries.sent()[0].whatsapp_id, other.whatsapp_id);
    assert!(
        h.engine.sent().is_empty(),
        "the main number's send is still stuck"
    );
    drop(release);
    h.wait_status(&stuck.id, Status::Sent).await;
    assert_eq!(h.engine.sent().len(), 1);
    assert_eq!(h.engine.sent()[0].whatsapp_id, stuck.whatsapp_id);

    // The log filters by number, by id or by name.
    for wanted in ["p2", "Entregas"] {
        let page = h
            .service
            .messages(MessageQuery {
                profile: Some(wanted.into()),
                limit: 10,
                ..MessageQuery::default()
            })
            .await
            .unwrap();
        let ids: Vec<_> = page.items.iter().map(|m| m.id.clone()).collect();
        assert_eq!(ids, vec![other.id.clone()]);
    }

    // Unknown numbers are refused, never sent from the default one.
    let mut unknown = text("71234567", "x");
    unknown.profile = Some("sucursal norte".into());
    assert_eq!(
        h.service.send(unknown).await.unwrap_err().code,
        Code::NotFound
    );
}

#[tokio::test]
async fn a_number_logged_out_or_taken_offline_leaves_the_other_sending() {
    let h = start(no_pacing()).await;
    h.engine.connect();
    h.service.add_profile(named("Entregas")).await.unwrap();
    let deliveries = h.engines.engine("p2").await;
    deliveries.connect();
    let mut events = h.service.subscribe();

    h.service.logout(Some("p2")).await.unwrap();
    let e = until_event(
        &mut events,
        |e| matches!(e, Event::Session(s) if s.profile == "p2" && s.state == SessionState::LoggedOut),
    )
    .await;
    let Event::Session(s) = e else { unreachable!() };
    assert_eq!(s.reason.unwrap().code.as_str(), "unlinked_by_app");
    assert_eq!(
        h.service.session(None).unwrap().state,
        SessionState::Connected
    );
    assert_eq!(
        h.service.profile(Some("p2")).unwrap().session.state,
        SessionState::LoggedOut
    );
    let mut waits = text("71234567", "espera a que se vincule");
    waits.profile = Some("p2".into());
    let waits = h.service.send(waits).await.unwrap().message;
    let goes = h.queue("recibo").await;
    h.wait_status(&goes.id, Status::Sent).await;
    assert_eq!(
        h.service.message(&waits.id).await.unwrap().status,
        Status::Queued
    );

    // The main number offline on purpose: its messages wait, its session stays.
    h.service.disconnect(None).await.unwrap();
    let offline = |e: &Event| matches!(e, Event::Session(s) if s.profile == "default" && s.state == SessionState::Disconnected);
    let Event::Session(s) = until_event(&mut events, offline).await else {
        unreachable!()
    };
    assert_eq!(s.reason.unwrap().code.as_str(), "stopped_by_app");
    let held = h.queue("después").await;
    deliveries.connect();
    h.wait_status(&waits.id, Status::Sent).await;
    assert_eq!(
        h.service.message(&held.id).await.unwrap().status,
        Status::Queued
    );
    h.service.connect(None).await.unwrap();
    h.wait_status(&held.id, Status::Sent).await;
    assert_eq!(
        h.service.connect(None).await.unwrap_err().code,
        Code::InvalidState
    );
}

#[tokio::test]
async fn removing_a_number_cancels_its_queue_and_wipes_its_session() {
    let h = start(no_pacing()).await;
    let p2 = h.service.add_profile(named("Entregas")).await.unwrap();
    h.engines.engine("p2").await; // linking, never linked: nothing goes
    let mut queued = text("71234567", "no saldrá");
    queued.profile = Some(p2.id.clone());
    let queued = h.service.send(queued).await.unwrap().message;

    assert_eq!(
        h.service.remove_profile("default").await.unwrap_err().code,
        Code::InvalidState
    );
    let removed = h.service.remove_profile("Entregas").await.unwrap();
    assert_eq!((removed.id.as_str(), removed.cancelled), ("p2", 1));
    let m = h.service.message(&queued.id).await.unwrap();
    assert_eq!(m.status, Status::Cancelled);
    assert_eq!(m.error.unwrap().code, "PROFILE_DELETED");
    assert_eq!(h.engines.wiped(), vec!["p2".to_owned()]);
    assert_eq!(h.service.profiles().len(), 1);
    assert_eq!(
        h.service.session(Some("p2")).unwrap_err().code,
        Code::NotFound
    );
}

#[tokio::test]
async fn names_are_checked_and_profiles_outlive_a_restart() {
    let h = start(no_pacing()).await;
    for (bad, code) in [
        ("  ", Code::ValidationError),
        ("principal", Code::InvalidState),
    ] {
        assert_eq!(
            h.service.add_profile(named(bad)).await.unwrap_err().code,
            code
        );
    }
    let mut bad_colour = named("Entregas");
    bad_colour.color = Some("verde".into());
    assert_eq!(
        h.service.add_profile(bad_colour).await.unwrap_err().code,
        Code::ValidationError
    );
    h.service.add_profile(named("Entregas")).await.unwrap();
    let renamed = h
        .service
        .change_profile(
            "entregas",
            ProfilePatch {
                name: Some("Sucursal Norte".into()),
                color: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(renamed.name, "Sucursal Norte");
    let mut queued = text("71234567", "después del reinicio");
    queued.profile = Some("Sucursal Norte".into());
    let queued = h.service.send(queued).await.unwrap().message;
    h.service.shutdown().await;

    let again = start_in(h.dir.clone(), no_pacing(), h.clock.clone()).await;
    let names: Vec<_> = again
        .service
        .profiles()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(
        names,
        vec!["Principal".to_owned(), "Sucursal Norte".to_owned()]
    );
    let engine = again.engines.engine("p2").await;
    engine.connect();
    again.wait_status(&queued.id, Status::Sent).await;
    assert_eq!(engine.sent()[0].to, Recipient::Phone("59171234567".into()));
    assert!(again.engine.sent().is_empty());
    let _ = T0;
}
