//! What a receiver gets: `{"type", "timestamp", "data"}`, the shape the Standard Webhooks
//! specification suggests. A message's data is the message as the API shows it, with the
//! status and error the event announced (it may have moved on since).

use mostrador_store::{HookEvent, HookSubject};
use serde_json::{Value, json};

use crate::types::time::rfc3339;

/// The body for `event`; `None` when what it was about is gone (nothing to tell).
pub fn body(event: &HookEvent) -> Option<Vec<u8>> {
    let data = match &event.subject {
        HookSubject::Message {
            message,
            status,
            error,
            batch_id,
        } => {
            let mut m = (**message).clone();
            m.status = *status;
            m.error = error.clone();
            let mut data = serde_json::to_value(m).ok()?;
            if let (Some(b), Value::Object(o)) = (batch_id, &mut data) {
                o.insert("batch_id".into(), json!(b));
            }
            data
        }
        HookSubject::Batch(batch) => serde_json::to_value(batch).ok()?,
        HookSubject::Received(r) => serde_json::to_value(r).ok()?,
        HookSubject::Data(data) => data.clone(),
        HookSubject::Gone => return None,
    };
    serde_json::to_vec(&json!({
        "type": event.kind,
        "timestamp": rfc3339(event.at),
        "data": data,
    }))
    .ok()
}

/// The body of a test event (`POST /webhooks/{id}/test`).
pub fn test_body(at: i64) -> Vec<u8> {
    let body = json!({
        "type": "webhook.test",
        "timestamp": rfc3339(at),
        "data": {"message": "Mostrador test event"},
    });
    body.to_string().into_bytes()
}

/// Of `events`, the ones worth sending: a batch's progress is dropped when a newer progress
/// of the same batch follows in the same read (the receiver wants where it is, not every
/// step of a 10,000-message cancel).
pub fn coalesce(events: Vec<HookEvent>) -> Vec<HookEvent> {
    let mut latest = std::collections::HashMap::new();
    for e in &events {
        if let (true, HookSubject::Batch(b)) = (e.kind == "batch.progress", &e.subject) {
            latest.insert(b.id.clone(), e.seq);
        }
    }
    events
        .into_iter()
        .filter(|e| match (&e.subject, e.kind == "batch.progress") {
            (HookSubject::Batch(b), true) => latest.get(&b.id) == Some(&e.seq),
            _ => true,
        })
        .collect()
}
