#![allow(clippy::unwrap_used)]
//! Group administration IQs with the real client: each one changes the network's group the
//! way WhatsApp's server does (and answers what the client parses), per-participant errors
//! (409 already in, 404 not there / not on WhatsApp), the description's `prev` check (409),
//! a non-admin refused with 403, leaving; and the admin routes that set a test's scene.

mod chat;
mod common;

use chat::linked_client;
use common::admin_http::{get, post};
use common::init_logs;
use fake_whatsapp::FakeNetwork;
use serde_json::json;
use whatsapp_rust::features::{
    GroupCreateOptions, GroupDescription, GroupError, GroupParticipantOptions, GroupSubject,
    PreviousDescription,
};
use whatsapp_rust::{IqError, Jid};

const ANA: &str = "59171234567";
const BETO: &str = "59172222222";
const NOBODY: &str = "59179999999";

fn server_code(e: &GroupError) -> Option<u16> {
    match e {
        GroupError::Iq(IqError::ServerError { code, .. }) => Some(*code),
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_iqs_change_the_networks_groups() {
    init_logs();
    let net = FakeNetwork::start().await.unwrap();
    net.add_contact(ANA).unwrap();
    net.add_contact(BETO).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (handle, _events) = linked_client(&net, &dir.path().join("wa.db")).await;
    let client = handle.client();
    let groups = client.groups();

    // Create: the answer is the whole group; numbers not on WhatsApp are left out.
    let options = GroupCreateOptions::new("Clientes").with_participants(vec![
        GroupParticipantOptions::from_phone(Jid::pn(ANA)),
        GroupParticipantOptions::from_phone(Jid::pn(NOBODY)),
    ]);
    let created = groups.create_group(options).await.unwrap().metadata;
    let jid = created.id.clone();
    assert_eq!(created.subject, "Clientes");
    let me = created
        .participants
        .iter()
        .find(|p| p.jid.user == net.phone_number())
        .unwrap();
    assert!(me.is_super_admin());
    assert_eq!(created.participants.len(), 2);
    let key = jid.to_string();
    assert_eq!(net.group(&key).unwrap().members, [(ANA.to_owned(), false)]);

    // Subject, description (a second one must name the first as `prev`), settings.
    groups
        .set_subject(jid.clone(), GroupSubject::new("VIP").unwrap())
        .await
        .unwrap();
    let desc = |s: &str| Some(GroupDescription::new(s).unwrap());
    groups
        .set_description(jid.clone(), desc("uno"), PreviousDescription::Absent)
        .await
        .unwrap();
    let stale = groups
        .set_description(jid.clone(), desc("dos"), PreviousDescription::Absent)
        .await
        .unwrap_err();
    assert!(matches!(stale, GroupError::DescriptionConflict), "{stale}");
    groups
        .set_description(jid.clone(), desc("dos"), PreviousDescription::Resolve)
        .await
        .unwrap();
    groups.set_locked(jid.clone(), true).await.unwrap();
    groups.set_announce(jid.clone(), true).await.unwrap();
    let meta = groups.get_metadata(&jid).await.unwrap();
    assert_eq!(meta.subject, "VIP");
    assert_eq!(meta.description.as_deref(), Some("dos"));
    assert!(meta.is_locked && meta.is_announcement);
    groups.set_announce(jid.clone(), false).await.unwrap();
    assert!(!net.group(&key).unwrap().announcement);

    // Participants: one answer each, with the server's error codes.
    let add = groups
        .add_participants(jid.clone(), &[Jid::pn(BETO), Jid::pn(ANA), Jid::pn(NOBODY)])
        .await
        .unwrap();
    let errors: Vec<Option<&str>> = add.iter().map(|r| r.error.as_deref()).collect();
    assert_eq!(errors, [None, Some("409"), Some("404")]);
    let promote = groups
        .promote_participants(jid.clone(), &[Jid::pn(BETO)])
        .await
        .unwrap();
    assert!(promote[0].is_ok());
    assert!(
        net.group(&key)
            .unwrap()
            .members
            .contains(&(BETO.to_owned(), true))
    );
    let demote = groups
        .demote_participants(jid.clone(), &[Jid::pn(BETO), Jid::pn(NOBODY)])
        .await
        .unwrap();
    assert_eq!(demote[1].error.as_deref(), Some("404"));
    let remove = groups
        .remove_participants(jid.clone(), &[Jid::pn(ANA)])
        .await
        .unwrap();
    assert!(remove[0].is_ok());
    assert_eq!(net.group(&key).unwrap().members, [(BETO.to_owned(), false)]);

    // Invite links: the same until reset.
    let link = groups.get_invite_link(jid.clone(), false).await.unwrap();
    assert_eq!(
        link,
        format!(
            "https://chat.whatsapp.com/{}",
            net.group(&key).unwrap().invite_code
        )
    );
    let reset = groups.get_invite_link(jid.clone(), true).await.unwrap();
    assert_ne!(reset, link);

    // Not an admin: refused with 403, and nothing changes.
    net.set_group_admin(&key, net.phone_number(), false)
        .unwrap();
    let refused = groups
        .add_participants(jid.clone(), &[Jid::pn(ANA)])
        .await
        .unwrap_err();
    assert_eq!(server_code(&refused), Some(403));
    let refused = groups.set_subject(jid.clone(), GroupSubject::new("X").unwrap());
    assert_eq!(
        server_code(&refused.await.unwrap_err()),
        Some(403),
        "locked"
    );
    assert_eq!(net.group(&key).unwrap().subject, "VIP");

    // Leaving: the group is no longer listed, nor shown to the account.
    groups.leave(jid.clone()).await.unwrap();
    assert!(!net.group(&key).unwrap().shop_in);
    assert!(!groups.get_participating().await.unwrap().contains_key(&jid));
    let gone = groups.get_metadata(&jid).await.unwrap_err();
    assert_eq!(server_code(&gone), Some(403));
    let unknown = Jid::group("120363000000000001");
    let missing = groups.get_metadata(&unknown).await.unwrap_err();
    assert_eq!(server_code(&missing), Some(404));
    handle.shutdown().await;
    net.shutdown().await;
}

#[tokio::test]
async fn admin_routes_show_a_group_and_set_its_admins() {
    let net = FakeNetwork::start().await.unwrap();
    let base = net.admin_url();
    let group = net.add_group("Personal", &[ANA, BETO]).unwrap();
    let id = group.to_string();
    let (status, g) = get(&base, &format!("/admin/groups/{id}")).await;
    assert_eq!(status, 200, "{g}");
    assert_eq!(g["subject"], "Personal");
    assert_eq!(g["shop_admin"], true);
    assert_eq!(g["members"][0], json!({"phone": ANA, "admin": false}));

    let shop = json!({"phone": net.phone_number(), "admin": false});
    let (status, _) = post(&base, &format!("/admin/groups/{id}/admins"), shop).await;
    assert_eq!(status, 200);
    let ana = json!({"phone": ANA, "admin": true});
    assert_eq!(
        post(&base, &format!("/admin/groups/{}/admins", group.user), ana)
            .await
            .0,
        200
    );
    let (_, g) = get(&base, &format!("/admin/groups/{id}")).await;
    assert_eq!(g["shop_admin"], false);
    assert_eq!(g["members"][0]["admin"], true);

    let stranger = json!({"phone": NOBODY, "admin": true});
    let r = post(&base, &format!("/admin/groups/{id}/admins"), stranger).await;
    assert_eq!(r.0, 400);
    assert_eq!(
        get(&base, "/admin/groups/120363000000000001@g.us").await.0,
        404
    );
    net.shutdown().await;
}
