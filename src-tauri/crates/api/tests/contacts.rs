//! The contact book through the API: add, search, tag, change, delete; bad input gets a clear
//! 4xx; a CSV import previews, reports bad rows, merges duplicates and stores nothing half
//! (10,000 rows in one commit); the export reads back; a broadcast to a tag skips those who
//! opted out, and every broadcast honours the opt-out; what WhatsApp shows of a number (about,
//! business name, picture) comes with its info, and only what it shows.
#![allow(clippy::unwrap_used)]

mod support;

use mostrador_core::engine::UserInfo;
use serde_json::{Value, json};
use support::api;

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn contacts_are_added_searched_tagged_changed_and_deleted() {
    let api = api().await;
    let mut events = api.service.subscribe();
    let ana = api
        .post_json(
            "/api/v1/contacts",
            json!({"phone": "7123 4567", "name": "Ana Quispe", "tags": ["Clientes Frecuentes"]}),
        )
        .await;
    assert_eq!(ana.status.as_u16(), 201, "{}", ana.json);
    let ana = ana.data().clone();
    // Every surface is told (the SSE stream's `contacts` event), naming the contact.
    let told = tokio::time::timeout(std::time::Duration::from_secs(5), async {
        loop {
            if let Ok(mostrador_core::types::Event::Contacts(c)) = events.recv().await {
                return c;
            }
        }
    })
    .await
    .unwrap();
    assert_eq!(told.id.as_deref(), ana["id"].as_str());
    assert_eq!(ana["phone"], "+59171234567");
    // The log names the contact a message went to (as the book has it when read).
    let sent = api
        .post_json(
            "/api/v1/messages",
            json!({"to": "71234567", "text": "Su recibo"}),
        )
        .await;
    let id = sent.data()["id"].as_str().unwrap().to_owned();
    let read = api.get(&format!("/api/v1/messages/{id}")).await;
    assert_eq!(read.data()["contact_name"], "Ana Quispe");
    assert_eq!(ana["tags"], json!(["clientes frecuentes"]));
    assert_eq!(ana["opted_out"], false);
    api.post_json("/api/v1/contacts", json!({"phone": "+591 71234567"}))
        .await
        .assert_error(409, "INVALID_STATE");
    for (phone, name) in [("72345678", "Luis Mamani"), ("73456789", "Eva Condori")] {
        let r = api
            .post_json("/api/v1/contacts", json!({"phone": phone, "name": name}))
            .await;
        assert_eq!(r.status.as_u16(), 201, "{}", r.json);
    }
    let all = api.get("/api/v1/contacts").await;
    assert_eq!(
        ids(all.data()),
        ["Ana Quispe", "Eva Condori", "Luis Mamani"]
    );
    let page = api.get("/api/v1/contacts?limit=2").await;
    assert_eq!(ids(page.data()), ["Ana Quispe", "Eva Condori"]);
    let cursor = page.data()["next_cursor"].as_str().unwrap().to_owned();
    let rest = api
        .get(&format!(
            "/api/v1/contacts?limit=2&cursor={}",
            urlencode(&cursor)
        ))
        .await;
    assert_eq!(ids(rest.data()), ["Luis Mamani"]);
    assert!(rest.data()["next_cursor"].is_null());
    assert_eq!(
        ids(api.get("/api/v1/contacts?q=mam").await.data()),
        ["Luis Mamani"]
    );
    assert_eq!(
        ids(api.get("/api/v1/contacts?q=45678").await.data()),
        ["Eva Condori", "Luis Mamani"]
    );
    let tagged = api.get("/api/v1/contacts?tag=clientes%20frecuentes").await;
    assert_eq!(ids(tagged.data()), ["Ana Quispe"]);

    let id = ana["id"].as_str().unwrap();
    let r = api
        .post_json(
            &format!("/api/v1/contacts/{id}/tags"),
            json!({"tags": ["VIP"]}),
        )
        .await;
    assert_eq!(r.data()["tags"], json!(["clientes frecuentes", "vip"]));
    let r = api
        .delete(&format!("/api/v1/contacts/{id}/tags/clientes%20frecuentes"))
        .await;
    assert_eq!(r.data()["tags"], json!(["vip"]));
    let r = api
        .patch_json(
            &format!("/api/v1/contacts/{id}"),
            json!({"opted_out": true, "notes": "Prefiere que le escriban por la tarde"}),
        )
        .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.json);
    assert_eq!(r.data()["opted_out"], true);
    assert_eq!(
        r.data()["name"],
        "Ana Quispe",
        "what the patch did not name stays"
    );
    let tags = api.get("/api/v1/contacts/tags").await;
    assert_eq!(tags.data(), &json!([{"tag": "vip", "contacts": 1}]));

    // Bad input: clear 4xx, nothing changed.
    api.post_json("/api/v1/contacts", json!({"name": "Sin número"}))
        .await
        .assert_error(400, "VALIDATION_ERROR");
    api.post_json("/api/v1/contacts", json!({"phone": "hola"}))
        .await
        .assert_error(400, "INVALID_RECIPIENT");
    api.post_json(
        "/api/v1/contacts",
        json!({"phone": "71234560", "nombre": "x"}),
    )
    .await
    .assert_error(400, "VALIDATION_ERROR");
    api.patch_json(&format!("/api/v1/contacts/{id}"), json!({"tags": [""]}))
        .await
        .assert_error(400, "VALIDATION_ERROR");
    api.get("/api/v1/contacts?limit=0")
        .await
        .assert_error(400, "VALIDATION_ERROR");
    api.get("/api/v1/contacts/ct_nope")
        .await
        .assert_error(404, "NOT_FOUND");

    assert_eq!(
        api.delete(&format!("/api/v1/contacts/{id}"))
            .await
            .status
            .as_u16(),
        200
    );
    api.get(&format!("/api/v1/contacts/{id}"))
        .await
        .assert_error(404, "NOT_FOUND");
    api.service.shutdown().await;
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect()
}

async fn count(api: &support::Api) -> usize {
    let export = api.get("/api/v1/contacts/export.csv").await;
    assert_eq!(export.headers["content-type"], "text/csv; charset=utf-8");
    String::from_utf8(export.bytes.clone())
        .unwrap()
        .lines()
        .count()
        - 1
}

#[tokio::test]
async fn an_import_previews_reports_bad_rows_merges_duplicates_and_stores_all_or_nothing() {
    let api = api().await;
    api.post_json(
        "/api/v1/contacts",
        json!({"phone": "71234567", "name": "Ana", "tags": ["vip"]}),
    )
    .await;
    let csv = "Nombre;Teléfono;Etiquetas;Sin_difusiones\r\n\
               Ana Quispe;+591 71234567;frecuentes;\r\n\
               Luis;72345678;frecuentes|vip;sí\r\n\
               Mal;hola;;\r\n\
               Luis M.;7234-5678;;\r\n";
    let preview = api
        .post_raw("/api/v1/contacts/import?dry_run=true", "text/csv", csv)
        .await;
    assert_eq!(preview.status.as_u16(), 200, "{}", preview.json);
    let p = preview.data();
    assert_eq!(
        (&p["rows"], &p["added"], &p["merged"], &p["dry_run"]),
        (&json!(4), &json!(1), &json!(2), &json!(true))
    );
    assert_eq!(p["errors"][0]["line"], 4);
    assert_eq!(p["errors"][0]["input"], "hola");
    assert_eq!(count(&api).await, 1, "a preview saves nothing");

    let refused = api
        .post_raw("/api/v1/contacts/import", "text/csv", csv)
        .await;
    refused.assert_error(400, "INVALID_ROWS");
    assert_eq!(count(&api).await, 1, "one bad row: nothing imported");

    let done = api
        .post_raw("/api/v1/contacts/import?skip_invalid=true", "text/csv", csv)
        .await;
    assert_eq!(done.data()["added"], 1);
    let ana = api.get("/api/v1/contacts?q=71234567").await;
    let ana = &ana.data()["items"][0];
    assert_eq!(ana["name"], "Ana Quispe");
    assert_eq!(ana["tags"], json!(["frecuentes", "vip"]));
    let luis = api.get("/api/v1/contacts?q=72345678").await;
    let luis = &luis.data()["items"][0];
    assert_eq!(luis["name"], "Luis M.");
    assert_eq!(luis["tags"], json!(["frecuentes", "vip"]));
    assert_eq!(luis["opted_out"], true);

    // The export reads back as the book is.
    let export = api.get("/api/v1/contacts/export.csv?tag=vip").await;
    let text = String::from_utf8(export.bytes.clone()).unwrap();
    assert_eq!(
        text,
        "\u{feff}name,phone,tags,notes,opted_out\r\n\
         Ana Quispe,+59171234567,frecuentes|vip,,no\r\n\
         Luis M.,+59172345678,frecuentes|vip,,yes\r\n"
    );

    // Not CSV, no number column: the file's problem, said.
    api.post_raw("/api/v1/contacts/import", "text/csv", "nombre\nAna\n")
        .await
        .assert_error(400, "VALIDATION_ERROR");
    api.service.shutdown().await;
}

#[tokio::test]
async fn ten_thousand_rows_go_in_one_commit_or_not_at_all() {
    let api = api().await;
    let mut csv = String::from("phone,name,tags\n");
    for i in 0..10_000 {
        csv.push_str(&format!("+5917{i:07},Cliente {i},lista\n"));
    }
    let mut bad = csv.clone();
    bad.push_str("123,Mal,lista\n");
    api.post_raw("/api/v1/contacts/import", "text/csv", bad)
        .await
        .assert_error(400, "INVALID_ROWS");
    assert_eq!(count(&api).await, 0);
    let r = api
        .post_raw("/api/v1/contacts/import", "text/csv", csv)
        .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.json);
    assert_eq!(r.data()["added"], 10_000);
    assert_eq!(count(&api).await, 10_000);
    let tags = api.get("/api/v1/contacts/tags").await;
    assert_eq!(tags.data(), &json!([{"tag": "lista", "contacts": 10000}]));
    api.service.shutdown().await;
}

#[tokio::test]
async fn a_broadcast_to_a_tag_skips_who_opted_out_and_every_broadcast_honours_it() {
    let api = api().await;
    for (phone, name, tags, out) in [
        ("71234567", "Ana", vec!["frecuentes"], false),
        ("72345678", "Luis", vec!["frecuentes"], true),
        ("73456789", "Eva", vec![], true),
    ] {
        let r = api
            .post_json(
                "/api/v1/contacts",
                json!({"phone": phone, "name": name, "tags": tags, "opted_out": out}),
            )
            .await;
        assert_eq!(r.status.as_u16(), 201, "{}", r.json);
    }
    let r = api
        .post_json(
            "/api/v1/batches",
            json!({"name": "Promo", "template": {"text": "Hola {nombre}"}, "tag": "Frecuentes"}),
        )
        .await;
    assert_eq!(r.status.as_u16(), 202, "{}", r.json);
    let batch = r.data()["batch"].clone();
    assert_eq!(batch["total"], 2);
    assert_eq!(batch["counts"]["skipped"], 1);
    let items = api
        .get(&format!(
            "/api/v1/batches/{}/items",
            batch["id"].as_str().unwrap()
        ))
        .await;
    let mut seen: Vec<(String, String, String)> = items.data()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["to"].as_str().unwrap().to_owned(),
                m["status"].as_str().unwrap().to_owned(),
                m["error"]["code"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            ("+59171234567".into(), "queued".into(), String::new()),
            ("+59172345678".into(), "skipped".into(), "OPTED_OUT".into())
        ]
    );

    // Typed recipients too: Eva does not want broadcasts.
    let r = api
        .post_json(
            "/api/v1/batches",
            json!({"name": "Aviso", "template": {"text": "Cerrado el lunes"},
                   "recipients": [{"to": "73456789"}, {"to": "74567890"}]}),
        )
        .await;
    assert_eq!(r.data()["batch"]["counts"]["skipped"], 1, "{}", r.json);

    for body in [
        json!({"name": "x", "template": {"text": "x"}, "tag": "nadie"}),
        json!({"name": "x", "template": {"text": "x"}, "tag": "frecuentes",
               "recipients": [{"to": "71234567"}]}),
    ] {
        api.post_json("/api/v1/batches", body)
            .await
            .assert_error(400, "VALIDATION_ERROR");
    }
    api.service.shutdown().await;
}

#[tokio::test]
async fn a_numbers_info_shows_what_its_whatsapp_account_shows_and_nothing_it_hides() {
    let api = api().await;
    api.engine.connect();
    api.engine.set_user_info(
        "59171234567",
        UserInfo {
            about: Some("Disponible".into()),
            business_name: Some("Farmacia Central".into()),
            picture_url: Some("https://pps.whatsapp.net/v/t61/ana.jpg".into()),
        },
    );
    api.engine.set_user_info(
        "59171234568",
        UserInfo {
            about: Some("En el trabajo".into()),
            ..UserInfo::default()
        },
    );
    api.engine.not_on_whatsapp(&["59171234569"]);

    let r = api.get("/api/v1/contacts/7123%204567/info").await;
    let d = r.data();
    assert_eq!(d["phone"], "+59171234567");
    assert_eq!(d["on_whatsapp"], true);
    assert_eq!(d["about"], "Disponible");
    assert_eq!(d["business_name"], "Farmacia Central");
    assert_eq!(d["picture_url"], "https://pps.whatsapp.net/v/t61/ana.jpg");

    // A private person who hides the picture: only the about text, the rest absent.
    let r = api.get("/api/v1/contacts/71234568/info").await;
    let d = r.data().as_object().unwrap();
    assert_eq!(d["about"], "En el trabajo");
    assert!(!d.contains_key("business_name") && !d.contains_key("picture_url"));

    // No WhatsApp: no account, so nothing to show.
    let r = api.get("/api/v1/contacts/71234569/info").await;
    let d = r.data().as_object().unwrap();
    assert_eq!(d["on_whatsapp"], false);
    for absent in ["about", "business_name", "picture_url", "jid"] {
        assert!(!d.contains_key(absent), "{absent}: {d:?}");
    }

    // The API's description names them.
    let doc = api.get("/api/v1/openapi.json").await.json;
    let info = doc["paths"]["/api/v1/contacts/{id}/info"].to_string();
    for field in ["about", "business_name", "picture_url"] {
        assert!(info.contains(&format!("\"{field}\"")), "{field}: {info}");
    }

    // Not connected: a clear 503, not an empty profile.
    api.engine.disconnect("connection_lost: test");
    api.get("/api/v1/contacts/71234567/info")
        .await
        .assert_error(503, "NOT_CONNECTED");
}
