//! `/groups`: creating a group, reading and changing it, participant changes with a result per
//! number, leaving, the invite link; and the errors a POS can branch on (400, 403, 404, 503),
//! never a 500. The in-memory engine plays WhatsApp; the real protocol is tested against the
//! fake WhatsApp network in the engine's and the app's tests.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::json;
use support::*;

async fn connected() -> Api {
    let api = api().await;
    api.engine.connect();
    api
}

async fn new_group(api: &Api, participants: serde_json::Value) -> String {
    let r = api
        .post_json(
            "/api/v1/groups",
            json!({"subject": "Clientes VIP", "participants": participants}),
        )
        .await;
    assert_eq!(r.status.as_u16(), 201, "{}", r.json);
    r.data()["group"]["jid"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_group_is_created_read_changed_and_listed() {
    let api = connected().await;
    api.engine.not_on_whatsapp(&["59171111111"]);
    let r = api
        .post_json(
            "/api/v1/groups",
            json!({"subject": "  Clientes VIP ", "participants": ["7123 4567", "+591 72345678", "71111111", "71234567"]}),
        )
        .await;
    assert_eq!(r.status.as_u16(), 201);
    let d = r.data();
    let jid = d["group"]["jid"].as_str().unwrap().to_owned();
    assert!(jid.ends_with("@g.us"));
    assert_eq!(d["group"]["subject"], "Clientes VIP");
    // One result per distinct number, in the order given.
    let results: Vec<(&str, &str)> = d["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["phone"].as_str().unwrap(), p["result"].as_str().unwrap()))
        .collect();
    assert_eq!(
        results,
        [
            ("+59171234567", "done"),
            ("+59172345678", "done"),
            ("+59171111111", "not_on_whatsapp")
        ]
    );
    assert_eq!(d["participants"][0]["input"], "7123 4567");

    // The shop is in it as its admin.
    let g = api.get(&format!("/api/v1/groups/{jid}")).await;
    let members = g.data()["participants"].as_array().unwrap().clone();
    assert_eq!(members.len(), 3);
    let shop = members.iter().find(|m| m["is_shop"] == true).unwrap();
    assert_eq!(shop["admin"], true);
    assert_eq!(g.data()["announcement_only"], false);
    assert_eq!(g.data()["locked"], false);

    // Changes, and the id URL-encoded.
    let encoded = jid.replace('@', "%40");
    let r = api
        .patch_json(
            &format!("/api/v1/groups/{encoded}"),
            json!({"subject": "VIP 2026", "description": "Ofertas", "announcement_only": true, "locked": true}),
        )
        .await;
    let d = r.data();
    assert_eq!(d["subject"], "VIP 2026");
    assert_eq!(d["description"], "Ofertas");
    assert_eq!(d["announcement_only"], true);
    assert_eq!(d["locked"], true);
    let r = api
        .patch_json(&format!("/api/v1/groups/{jid}"), json!({"description": ""}))
        .await;
    assert!(r.data().get("description").is_none());

    // The list still works, and shows the new group.
    let list = api.get("/api/v1/groups").await;
    assert!(
        list.data()
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["jid"] == jid.as_str() && g["name"] == "VIP 2026")
    );
}

#[tokio::test]
async fn participant_changes_answer_for_each_number() {
    let api = connected().await;
    api.engine.not_on_whatsapp(&["59179999999"]);
    let jid = new_group(&api, json!(["71234567"])).await;
    let base = format!("/api/v1/groups/{jid}/participants");
    let outcome = |r: &Reply| -> Vec<String> {
        r.data()
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["result"].as_str().unwrap().to_owned())
            .collect()
    };
    let r = api
        .post_json(
            &format!("{base}/add"),
            json!({"numbers": ["72345678", "71234567", "79999999"]}),
        )
        .await;
    assert_eq!(outcome(&r), ["done", "already_there", "not_on_whatsapp"]);
    let r = api
        .post_json(
            &format!("{base}/promote"),
            json!({"numbers": ["72345678", "73333333"]}),
        )
        .await;
    assert_eq!(outcome(&r), ["done", "not_there"]);
    let g = api.get(&format!("/api/v1/groups/{jid}")).await;
    let promoted = g.data()["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["phone"] == "+59172345678")
        .unwrap()
        .clone();
    assert_eq!(promoted["admin"], true);
    let r = api
        .post_json(&format!("{base}/demote"), json!({"numbers": ["72345678"]}))
        .await;
    assert_eq!(outcome(&r), ["done"]);
    let r = api
        .post_json(
            &format!("{base}/remove"),
            json!({"numbers": ["72345678", "72345678", "73333333"]}),
        )
        .await;
    assert_eq!(outcome(&r), ["done", "not_there"]);
    let g = api.get(&format!("/api/v1/groups/{jid}")).await;
    assert_eq!(g.data()["participants"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn invite_links_are_revoked_and_leaving_ends_access() {
    let api = connected().await;
    let jid = new_group(&api, json!(["71234567"])).await;
    let first = api.get(&format!("/api/v1/groups/{jid}/invite-link")).await;
    let first = first.data()["link"].as_str().unwrap().to_owned();
    assert!(first.starts_with("https://chat.whatsapp.com/"));
    let again = api.get(&format!("/api/v1/groups/{jid}/invite-link")).await;
    assert_eq!(again.data()["link"], first.as_str());
    let new = api
        .post_json(
            &format!("/api/v1/groups/{jid}/invite-link/revoke"),
            json!({}),
        )
        .await;
    assert_ne!(new.data()["link"], first.as_str());

    api.post_json(&format!("/api/v1/groups/{jid}/leave"), json!({}))
        .await
        .data();
    api.get(&format!("/api/v1/groups/{jid}"))
        .await
        .assert_error(404, "NOT_FOUND");
    api.post_json(&format!("/api/v1/groups/{jid}/leave"), json!({}))
        .await
        .assert_error(404, "NOT_FOUND");
}

#[tokio::test]
async fn a_shop_that_is_not_admin_is_told_so() {
    let api = connected().await;
    let jid = new_group(&api, json!(["71234567"])).await;
    api.engine
        .group_admin()
        .set_admin(&jid, &api.engine.phone, false);
    api.post_json(
        &format!("/api/v1/groups/{jid}/participants/add"),
        json!({"numbers": ["72345678"]}),
    )
    .await
    .assert_error(403, "FORBIDDEN");
    let r = api
        .patch_json(
            &format!("/api/v1/groups/{jid}"),
            json!({"announcement_only": true}),
        )
        .await;
    r.assert_error(403, "FORBIDDEN");
    assert!(
        r.json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not an admin")
    );
    api.get(&format!("/api/v1/groups/{jid}/invite-link"))
        .await
        .assert_error(403, "FORBIDDEN");
    // An open group lets any member rename it.
    api.patch_json(
        &format!("/api/v1/groups/{jid}"),
        json!({"subject": "Nuevo"}),
    )
    .await
    .data();
}

#[tokio::test]
async fn bad_input_is_a_400_and_no_connection_a_503() {
    let api = connected().await;
    let jid = new_group(&api, json!([])).await;
    let cases = [
        (json!({"subject": ""}), "VALIDATION_ERROR"),
        (json!({"subject": "x".repeat(101)}), "VALIDATION_ERROR"),
        (
            json!({"subject": "ok", "participants": ["hola"]}),
            "INVALID_RECIPIENT",
        ),
        (
            json!({"subject": "ok", "participants": ["120363025246125486@g.us"]}),
            "INVALID_RECIPIENT",
        ),
        (
            json!({"subject": "ok", "participants": vec!["71234567"; 51]}),
            "VALIDATION_ERROR",
        ),
        (json!({"subject": "ok", "extra": 1}), "VALIDATION_ERROR"),
    ];
    for (body, code) in cases {
        api.post_json("/api/v1/groups", body)
            .await
            .assert_error(400, code);
    }
    api.patch_json(
        &format!("/api/v1/groups/{jid}"),
        json!({"description": "d".repeat(2049)}),
    )
    .await
    .assert_error(400, "VALIDATION_ERROR");
    api.patch_json(&format!("/api/v1/groups/{jid}"), json!({}))
        .await
        .assert_error(400, "VALIDATION_ERROR");
    api.post_json(
        &format!("/api/v1/groups/{jid}/participants/add"),
        json!({"numbers": []}),
    )
    .await
    .assert_error(400, "VALIDATION_ERROR");
    api.post_json(
        &format!("/api/v1/groups/{jid}/participants/add"),
        json!({"numbers": ["12"]}),
    )
    .await
    .assert_error(400, "INVALID_RECIPIENT");
    api.post_json(
        &format!("/api/v1/groups/{jid}/participants/kick"),
        json!({"numbers": ["71234567"]}),
    )
    .await
    .assert_error(400, "VALIDATION_ERROR");
    api.get("/api/v1/groups/71234567")
        .await
        .assert_error(400, "INVALID_RECIPIENT");
    api.get("/api/v1/groups/120363000000000999@g.us")
        .await
        .assert_error(404, "NOT_FOUND");

    api.engine.disconnect("connection_lost: test");
    api.get(&format!("/api/v1/groups/{jid}"))
        .await
        .assert_error(503, "NOT_CONNECTED");
    api.post_json("/api/v1/groups", json!({"subject": "ok"}))
        .await
        .assert_error(503, "NOT_CONNECTED");
    api.post_json(
        &format!("/api/v1/groups/{jid}/participants/remove"),
        json!({"numbers": ["71234567"]}),
    )
    .await
    .assert_error(503, "NOT_CONNECTED");
}
