//! Group administration through the real core and engine against the fake WhatsApp network:
//! the network's groups really change (checked on its side), a removed customer no longer
//! receives what the group is sent, a non-admin shop is refused, invite links are revoked.
#![allow(clippy::unwrap_used)]

mod support;

use fake_whatsapp::FakeNetwork;
use mostrador_core::types::{GroupPatch, NewGroup, ParticipantAction, ParticipantOutcome, Status};
use mostrador_core::{Code, Draft, DraftBody};
use support::*;

const ANA: &str = "59171234567";
const BETO: &str = "59172222222";
const CARLA: &str = "59173333333";
const NOBODY: &str = "59179999999";

fn text(to: &str, text: &str) -> Draft {
    Draft {
        to: to.into(),
        body: DraftBody::Text { text: text.into() },
        idempotency_key: None,
        send_at: None,
        profile: None,
    }
}

fn plus(phone: &str) -> String {
    format!("+{phone}")
}

fn outcomes(results: &[mostrador_core::types::ParticipantResult]) -> Vec<ParticipantOutcome> {
    results.iter().map(|r| r.result).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_is_made_changed_and_its_removed_member_hears_no_more() {
    let net = FakeNetwork::start().await.unwrap();
    for c in [ANA, BETO, CARLA] {
        net.add_contact(c).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &net.ws_url()).await;
    app.pair(&net).await;
    let service = app.service.clone();

    // Created with two customers; a number without WhatsApp is left out and said so.
    let created = service
        .create_group(
            None,
            NewGroup {
                subject: "Clientes VIP".into(),
                participants: vec![plus(ANA), plus(BETO), plus(NOBODY)],
            },
        )
        .await
        .unwrap();
    assert_eq!(
        outcomes(&created.participants),
        [
            ParticipantOutcome::Done,
            ParticipantOutcome::Done,
            ParticipantOutcome::NotOnWhatsapp
        ]
    );
    let jid = created.group.jid.clone();
    let shop = created.group.participants.iter().find(|p| p.is_shop);
    assert!(shop.is_some_and(|p| p.admin && p.super_admin));
    let fake = net.group(&jid).unwrap();
    assert_eq!(fake.subject, "Clientes VIP");
    assert_eq!(
        fake.members,
        [(ANA.to_owned(), false), (BETO.to_owned(), false)]
    );

    // Subject, description and both settings, as the network keeps them.
    let changed = service
        .change_group(
            None,
            &jid,
            GroupPatch {
                subject: Some("VIP 2026".into()),
                description: Some("Ofertas para clientes".into()),
                announcement_only: Some(true),
                locked: Some(true),
            },
        )
        .await
        .unwrap();
    assert_eq!(changed.subject, "VIP 2026");
    assert_eq!(
        changed.description.as_deref(),
        Some("Ofertas para clientes")
    );
    assert!(changed.announcement_only && changed.locked);
    let fake = net.group(&jid).unwrap();
    assert_eq!(fake.subject, "VIP 2026");
    assert_eq!(fake.description.as_deref(), Some("Ofertas para clientes"));
    assert!(fake.announcement && fake.locked);
    // A second description replaces the first (its `prev` is read from the server).
    let patch = GroupPatch {
        description: Some("Nuevas ofertas".into()),
        ..GroupPatch::default()
    };
    service.change_group(None, &jid, patch).await.unwrap();
    assert_eq!(
        net.group(&jid).unwrap().description.as_deref(),
        Some("Nuevas ofertas")
    );

    // Participants: a result for each number.
    let add = service
        .change_participants(
            None,
            &jid,
            ParticipantAction::Add,
            &[plus(CARLA), plus(ANA)],
        )
        .await
        .unwrap();
    assert_eq!(
        outcomes(&add),
        [ParticipantOutcome::Done, ParticipantOutcome::AlreadyThere]
    );
    let promote = service
        .change_participants(None, &jid, ParticipantAction::Promote, &[plus(CARLA)])
        .await
        .unwrap();
    assert_eq!(outcomes(&promote), [ParticipantOutcome::Done]);
    let info = service.group(None, &jid).await.unwrap();
    let carla = info
        .participants
        .iter()
        .find(|p| p.phone.as_deref() == Some(plus(CARLA).as_str()))
        .unwrap();
    assert!(carla.admin);
    let demote = service
        .change_participants(
            None,
            &jid,
            ParticipantAction::Demote,
            &[plus(CARLA), plus(NOBODY)],
        )
        .await
        .unwrap();
    assert_eq!(
        outcomes(&demote),
        [ParticipantOutcome::Done, ParticipantOutcome::NotThere]
    );
    assert!(net.group(&jid).unwrap().members.iter().all(|(_, a)| !a));

    // Everyone hears the group; then Beto is removed and hears no more.
    let before = service
        .send(text(&jid, "Bienvenidos"))
        .await
        .unwrap()
        .message;
    for c in [ANA, BETO, CARLA] {
        let got = net.wait_received(c, 1, PATIENCE).await.unwrap();
        assert!(got.iter().any(|r| r.id == before.whatsapp_id), "{c}");
    }
    let remove = service
        .change_participants(None, &jid, ParticipantAction::Remove, &[plus(BETO)])
        .await
        .unwrap();
    assert_eq!(outcomes(&remove), [ParticipantOutcome::Done]);
    assert!(
        !net.group(&jid)
            .unwrap()
            .members
            .iter()
            .any(|(m, _)| m == BETO)
    );
    let after = service
        .send(text(&jid, "Solo para VIP"))
        .await
        .unwrap()
        .message;
    for c in [ANA, CARLA] {
        let got = net.wait_received(c, 2, PATIENCE).await.unwrap();
        assert!(got.iter().any(|r| r.id == after.whatsapp_id), "{c}");
    }
    // The network opens a group message for all its members at once: Ana and Carla have
    // it, so Beto would have it by now.
    let beto = net.received(BETO);
    assert!(beto.iter().any(|r| r.id == before.whatsapp_id));
    assert!(!beto.iter().any(|r| r.id == after.whatsapp_id));
    app.until_status(&after.id, Status::Sent).await;

    // Invite link: read twice the same, revoked to a new code the network now holds.
    let link = service.invite_link(None, &jid, false).await.unwrap().link;
    let code = net.group(&jid).unwrap().invite_code;
    assert_eq!(link, format!("https://chat.whatsapp.com/{code}"));
    assert_eq!(
        service.invite_link(None, &jid, false).await.unwrap().link,
        link
    );
    let new = service.invite_link(None, &jid, true).await.unwrap().link;
    assert_ne!(new, link);
    assert_eq!(
        new,
        format!(
            "https://chat.whatsapp.com/{}",
            net.group(&jid).unwrap().invite_code
        )
    );

    // Leaving: out of the network's group, out of the list, and the group is not found.
    service.leave_group(None, &jid).await.unwrap();
    assert!(!net.group(&jid).unwrap().shop_in);
    let listed = service.groups(None, false).await.unwrap();
    assert!(!listed.iter().any(|g| g.jid == jid));
    assert_eq!(
        service.group(None, &jid).await.unwrap_err().code,
        Code::NotFound
    );
    app.stop().await;
    net.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shop_that_is_not_admin_is_refused_and_nothing_changes() {
    let net = FakeNetwork::start().await.unwrap();
    let group = net.add_group("Proveedores", &[ANA, BETO]).unwrap();
    let jid = group.to_string();
    net.set_group_admin(&jid, ANA, true).unwrap();
    net.set_group_admin(&jid, fake_whatsapp::DEFAULT_PHONE_NUMBER, false)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_app(dir.path(), &net.ws_url()).await;
    app.pair(&net).await;
    let service = app.service.clone();

    let info = service.group(None, &jid).await.unwrap();
    let shop = info.participants.iter().find(|p| p.is_shop).unwrap();
    assert!(!shop.admin);
    let ana = info
        .participants
        .iter()
        .find(|p| p.phone.as_deref() == Some(plus(ANA).as_str()))
        .unwrap();
    assert!(ana.admin);

    let refused = service
        .change_participants(None, &jid, ParticipantAction::Remove, &[plus(BETO)])
        .await
        .unwrap_err();
    assert_eq!(refused.code, Code::Forbidden);
    assert!(refused.message.contains("not an admin"), "{refused}");
    let settings = GroupPatch {
        announcement_only: Some(true),
        ..GroupPatch::default()
    };
    let refused = service
        .change_group(None, &jid, settings)
        .await
        .unwrap_err();
    assert_eq!(refused.code, Code::Forbidden);
    assert_eq!(
        service
            .invite_link(None, &jid, true)
            .await
            .unwrap_err()
            .code,
        Code::Forbidden
    );
    // An unlocked group's subject is anyone's to change.
    let rename = |s: &str| GroupPatch {
        subject: Some(s.into()),
        ..GroupPatch::default()
    };
    service
        .change_group(None, &jid, rename("Proveedores 2026"))
        .await
        .unwrap();
    let fake = net.group(&jid).unwrap();
    assert_eq!(fake.subject, "Proveedores 2026");
    assert!(!fake.announcement);
    assert_eq!(fake.members.len(), 2);

    // An unknown group is not found; one the shop is not in neither.
    let unknown = service
        .group(None, "120363000000000001@g.us")
        .await
        .unwrap_err();
    assert_eq!(unknown.code, Code::NotFound);
    app.stop().await;
    net.shutdown().await;
}
