//! `/numbers/parse`, `/numbers/countries` and `/limits`: the service is the one judge of a
//! number and of what a send may carry, and the surfaces read its answers; a settings change
//! is announced, so every surface follows the country in effect.
#![allow(clippy::unwrap_used)]

mod support;

use mostrador_core::types::Event;
use serde_json::json;
use support::*;

#[tokio::test]
async fn numbers_are_read_by_the_country_in_effect_without_asking_whatsapp() {
    let api = api().await;
    // WhatsApp is not asked: reading numbers works while it is out of reach.
    api.engine.disconnect("connection_lost: test");
    let r = api
        .post_json(
            "/api/v1/numbers/parse",
            json!({"numbers": ["7123 4567", "7123456", "hola", "120363025246125486@g.us"]}),
        )
        .await;
    let d = r.data();
    assert_eq!(d[0]["recipient"], "+59171234567");
    assert_eq!(d[0]["display"], "+591 71234567");
    assert_eq!(d[0]["country"], "BO");
    assert_eq!(d[1]["problem"], "too_short");
    assert_eq!(d[2]["problem"], "letters");
    assert!(d[2]["message"].as_str().unwrap().contains("letters"));
    assert_eq!(d[3]["group"], true);
    assert_eq!(d[3]["recipient"], "120363025246125486@g.us");
    api.post_json("/api/v1/contacts/check", json!({"phones": ["71234567"]}))
        .await
        .assert_error(503, "NOT_CONNECTED");

    // The POS and the cashier agree: with Mexico in effect the same digits are Mexican.
    api.patch_json("/api/v1/settings", json!({"default_country": "MX"}))
        .await
        .data();
    let r = api
        .post_json(
            "/api/v1/numbers/parse",
            json!({"numbers": ["55 1234 5678"]}),
        )
        .await;
    assert_eq!(r.data()[0]["country"], "MX");
    assert_eq!(r.data()[0]["recipient"], "+525512345678");
}

#[tokio::test]
async fn a_parse_request_is_checked() {
    let api = api().await;
    api.post_json("/api/v1/numbers/parse", json!({"numbers": []}))
        .await
        .assert_error(400, "VALIDATION_ERROR");
    let many: Vec<String> = (0..10_001).map(|i| format!("7{i:07}")).collect();
    api.post_json("/api/v1/numbers/parse", json!({ "numbers": many }))
        .await
        .assert_error(400, "VALIDATION_ERROR");
    api.post_json("/api/v1/numbers/parse", json!({"phones": ["1"]}))
        .await
        .assert_error(400, "VALIDATION_ERROR");
    // A broadcast list's worth is read in one call (its body is larger than other routes').
    let list: Vec<String> = (0..10_000).map(|i| format!("+591 7{i:07}")).collect();
    let r = api
        .post_json("/api/v1/numbers/parse", json!({ "numbers": list }))
        .await;
    assert_eq!(r.data().as_array().unwrap().len(), 10_000);
}

#[tokio::test]
async fn countries_and_limits_are_the_services() {
    let api = api().await;
    let r = api.get("/api/v1/numbers/countries").await;
    let all = r.data().as_array().unwrap();
    assert!(all.contains(&json!({"iso": "BO", "dial": 591})));
    assert!(all.len() > 200);
    let limits = api.service.config().limits;
    let r = api.get("/api/v1/limits").await;
    let d = r.data();
    assert_eq!(d["text_chars"], limits.text_chars);
    assert_eq!(d["caption_chars"], limits.caption_chars);
    assert_eq!(d["image_bytes"], limits.image_bytes);
    assert_eq!(d["document_bytes"], limits.document_bytes);
    assert!(
        d["image_types"]
            .as_array()
            .unwrap()
            .contains(&json!("image/png"))
    );
}

#[tokio::test]
async fn a_settings_change_is_announced_to_every_surface() {
    let api = api().await;
    let mut events = api.service.subscribe();
    api.patch_json("/api/v1/settings", json!({"default_country": "AR"}))
        .await
        .data();
    let event = tokio::time::timeout(std::time::Duration::from_secs(5), events.recv())
        .await
        .unwrap()
        .unwrap();
    let Event::Settings(s) = event else {
        panic!("{event:?}")
    };
    assert_eq!(s.default_country, "AR");
    // No change, no announcement.
    api.patch_json("/api/v1/settings", json!({"default_country": "AR"}))
        .await
        .data();
    assert!(events.try_recv().is_err());
}
