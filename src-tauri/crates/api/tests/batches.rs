//! Broadcasts through the API: JSON and CSV uploads, the per-row errors in the envelope,
//! reading, paging, items, pause/resume/cancel, idempotency, the OpenAPI document.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::json;
use support::*;

/// A multipart body with a `request` field, a `csv` file and other text fields.
fn csv_upload(request: &str, csv: &[u8], fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let boundary = "batch-boundary";
    let mut body = Vec::new();
    for (name, value) in [("request", request)].iter().chain(fields) {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csv\"; filename=\"c.csv\"\r\nContent-Type: text/csv\r\n\r\n")
            .as_bytes(),
    );
    body.extend(csv);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn batch_json(rows: serde_json::Value) -> serde_json::Value {
    json!({"name": "Promo", "template": {"text": "Hola {nombre}"}, "recipients": rows})
}

#[tokio::test]
async fn a_json_batch_is_accepted_and_read_back() {
    let api = api().await;
    let r = api
        .post_json(
            "/api/v1/batches",
            batch_json(json!([
                {"to": "71234567", "variables": {"nombre": "Ana"}},
                {"to": "+591 7123-4568", "variables": {"nombre": 7}},
            ])),
        )
        .await;
    assert_eq!(r.status, 202, "{}", r.json);
    let b = &r.data()["batch"];
    assert_eq!(
        (b["status"].as_str(), b["total"].as_u64()),
        (Some("running"), Some(2))
    );
    assert_eq!(b["counts"], json!({"queued": 2}));
    let id = b["id"].as_str().unwrap();
    let one = api.get(&format!("/api/v1/batches/{id}")).await;
    assert_eq!(one.data()["name"], "Promo");
    let items = api
        .get(&format!("/api/v1/batches/{id}/items?status=queued"))
        .await;
    let texts: Vec<_> = items.data()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["content"]["text"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(texts, ["Hola 7", "Hola Ana"]);
    let log = api.get(&format!("/api/v1/messages?batch={id}")).await;
    assert_eq!(log.data()["items"].as_array().unwrap().len(), 2);
    let list = api.get("/api/v1/batches?limit=1").await;
    assert_eq!(list.data()["items"][0]["id"], id);

    let paused = api
        .post_json(&format!("/api/v1/batches/{id}/pause"), json!({}))
        .await;
    assert_eq!(paused.data()["status"], "paused");
    api.post_json(&format!("/api/v1/batches/{id}/pause"), json!({}))
        .await
        .assert_error(409, "INVALID_STATE");
    let resumed = api
        .post_json(&format!("/api/v1/batches/{id}/resume"), json!({}))
        .await;
    assert_eq!(resumed.data()["status"], "running");
    let cancelled = api
        .post_json(&format!("/api/v1/batches/{id}/cancel"), json!({}))
        .await;
    assert_eq!(cancelled.data()["counts"], json!({"cancelled": 2}));
    api.get("/api/v1/batches/nope")
        .await
        .assert_error(404, "NOT_FOUND");
    api.get("/api/v1/batches/nope/items")
        .await
        .assert_error(404, "NOT_FOUND");
}

#[tokio::test]
async fn bad_rows_come_back_in_the_envelope_and_nothing_is_stored() {
    let api = api().await;
    let rows = json!([
        {"to": "71234567", "variables": {"nombre": "Ana"}},
        {"to": "hola", "variables": {"nombre": "X"}},
        {"to": "71234568"},
        {"to": "71234567", "variables": {"nombre": "Ana"}},
    ]);
    let r = api
        .post_json("/api/v1/batches", batch_json(rows.clone()))
        .await;
    r.assert_error(400, "INVALID_ROWS");
    let codes: Vec<_> = r.json["error"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["index"].as_u64().unwrap(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            (1, "INVALID_RECIPIENT".to_owned()),
            (2, "MISSING_VARIABLE".to_owned()),
            (3, "DUPLICATE_RECIPIENT".to_owned())
        ]
    );
    assert_eq!(api.get("/api/v1/batches").await.data()["items"], json!([]));
    let mut skip = batch_json(rows);
    skip["skip_invalid"] = json!(true);
    let r = api.post_json("/api/v1/batches", skip).await;
    assert_eq!(r.status, 202, "{}", r.json);
    assert_eq!(r.data()["batch"]["total"], 1);
    assert_eq!(r.data()["rejected"].as_array().unwrap().len(), 3);
    // Other mistakes are the usual 400s, never a 500.
    let r = api.post_json("/api/v1/batches", json!({"name": "x"})).await;
    r.assert_error(400, "VALIDATION_ERROR");
    let r = api
        .post_json(
            "/api/v1/batches",
            json!({"name": "x", "template": {"to": "7", "text": "a"}, "recipients": [{"to": "71234567"}]}),
        )
        .await;
    r.assert_error(400, "VALIDATION_ERROR");
}

#[tokio::test]
async fn a_csv_upload_with_semicolons_and_a_bom() {
    let api = api().await;
    let csv = "\u{feff}Nombre;Celular\r\nAna;71234567\r\nLuis;71234568\r\n";
    let request = r#"{"name":"CSV","template":{"text":"Hola {Nombre}"}}"#;
    let (ct, body) = csv_upload(request, csv.as_bytes(), &[("number_column", "celular")]);
    let r = api.post_raw("/api/v1/batches", &ct, body).await;
    assert_eq!(r.status, 202, "{}", r.json);
    assert_eq!(r.data()["batch"]["total"], 2);
    let (ct, body) = csv_upload(request, b"a,b\n1,2\n", &[]);
    let r = api.post_raw("/api/v1/batches", &ct, body).await;
    r.assert_error(400, "VALIDATION_ERROR");
    assert!(
        r.json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no column"),
        "{}",
        r.json
    );
}

#[tokio::test]
async fn the_idempotency_key_replays_the_batch() {
    let api = api().await;
    let body = batch_json(json!([{"to": "71234567", "variables": {"nombre": "Ana"}}]));
    let send = |body: serde_json::Value| {
        let api = &api;
        async move {
            api.call(
                request(axum::http::Method::POST, "/api/v1/batches")
                    .header("content-type", "application/json")
                    .header("idempotency-key", "promo-1")
                    .body(axum::body::Body::from(body.to_string()))
                    .unwrap(),
            )
            .await
        }
    };
    let first = send(body.clone()).await;
    assert_eq!(first.status, 202);
    let again = send(body).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.data()["batch"]["id"], first.data()["batch"]["id"]);
    let other = send(batch_json(
        json!([{"to": "71234568", "variables": {"nombre": "B"}}]),
    ))
    .await;
    other.assert_error(409, "IDEMPOTENCY_CONFLICT");
}

#[tokio::test]
async fn the_openapi_document_lists_the_routes_and_the_row_errors() {
    let api = api().await;
    let doc = api.get("/api/v1/openapi.json").await.json;
    for path in [
        "/api/v1/batches",
        "/api/v1/batches/{id}",
        "/api/v1/batches/{id}/items",
        "/api/v1/batches/{id}/pause",
        "/api/v1/batches/{id}/resume",
        "/api/v1/batches/{id}/cancel",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path}");
    }
    let body = &doc["components"]["schemas"]["ErrorBody"]["properties"];
    assert!(body.get("rows").is_some(), "{body}");
    let codes = doc["components"]["schemas"]["Code"]["enum"].to_string();
    assert!(
        codes.contains("INVALID_ROWS") && codes.contains("MISSING_VARIABLE"),
        "{codes}"
    );
}
