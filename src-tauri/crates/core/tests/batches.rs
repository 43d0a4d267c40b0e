//! Batches (broadcasts) through the service, with the manual clock and the in-memory engine:
//! validation of every row, one durable insert, priority of single messages, the batch's own
//! pacing, pause and cancel across a restart, idempotency.
#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use mostrador_core::batches::{BatchRecipient, BatchRequest};
use mostrador_core::clock::Clock;
use mostrador_core::input::SendRequest;
use mostrador_core::testing::ManualClock;
use mostrador_core::types::{BatchStatus, Content, Event, MessageQuery, Status};
use mostrador_core::{Code, Config};
use support::*;

fn row(to: &str, name: Option<&str>) -> BatchRecipient {
    let mut variables = BTreeMap::new();
    if let Some(n) = name {
        variables.insert("nombre".to_owned(), n.to_owned());
    }
    BatchRecipient {
        to: to.into(),
        variables,
    }
}

fn request(rows: Vec<BatchRecipient>) -> BatchRequest {
    BatchRequest {
        name: "Promo".into(),
        template: SendRequest {
            text: Some("Hola {nombre}, {{2x1}}".into()),
            ..Default::default()
        },
        recipients: rows,
        ..Default::default()
    }
}

fn numbers(n: usize) -> Vec<BatchRecipient> {
    (0..n)
        .map(|i| row(&format!("7000{i:04}"), Some(&format!("N{i}"))))
        .collect()
}

/// Waits (on events, at most `PATIENCE`) until the batch has `status`.
async fn wait_batch(h: &Harness, id: &str, status: BatchStatus) {
    let mut rx = h.service.subscribe();
    if h.service.batch(id).await.unwrap().status == status {
        return;
    }
    until_event(
        &mut rx,
        |e| matches!(e, Event::Batch(b) if b.id == id && b.status == status),
    )
    .await;
}

#[tokio::test]
async fn every_bad_row_is_reported_and_nothing_is_stored() {
    let h = start(no_pacing()).await;
    let rows = vec![
        row("71234567", Some("Ana")),
        row("12", Some("Corto")),
        row("71234568", None),
        row("+591 7123-4567", Some("Otra vez")),
    ];
    let e = h
        .service
        .create_batch(request(rows.clone()), None, None)
        .await
        .unwrap_err();
    assert_eq!(e.code, Code::InvalidRows);
    let got: Vec<_> = e.rows.iter().map(|r| (r.index, r.code)).collect();
    assert_eq!(
        got,
        [
            (1, Code::InvalidRecipient),
            (2, Code::MissingVariable),
            (3, Code::DuplicateRecipient)
        ]
    );
    let log = h.service.messages(MessageQuery {
        limit: 10,
        ..Default::default()
    });
    assert!(log.await.unwrap().items.is_empty(), "nothing stored");
    assert!(
        h.service
            .batches(None, None)
            .await
            .unwrap()
            .items
            .is_empty()
    );

    let mut skip = request(rows);
    skip.skip_invalid = true;
    let accepted = h.service.create_batch(skip, None, None).await.unwrap();
    assert_eq!(accepted.batch.total, 1);
    assert_eq!(accepted.rejected.len(), 3);
    let items = h
        .service
        .batch_items(
            &accepted.batch.id,
            MessageQuery {
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        items.items[0].content,
        Content::Text {
            text: "Hola Ana, {2x1}".into()
        }
    );
}

#[tokio::test]
async fn a_bad_template_or_too_many_rows_is_refused_whole() {
    let h = start(no_pacing()).await;
    let mut bad = request(numbers(1));
    bad.template.text = Some("Hola {nombre".into());
    assert_eq!(
        h.service
            .create_batch(bad, None, None)
            .await
            .unwrap_err()
            .code,
        Code::ValidationError
    );
    let big = request(numbers(10_001));
    let e = h.service.create_batch(big, None, None).await.unwrap_err();
    assert!(e.message.contains("10000"), "{e}");
    let empty = request(vec![]);
    assert!(h.service.create_batch(empty, None, None).await.is_err());
}

#[tokio::test]
async fn items_are_sent_and_the_batch_is_done() {
    let h = start(no_pacing()).await;
    let b = h
        .service
        .create_batch(request(numbers(3)), None, None)
        .await
        .unwrap()
        .batch;
    assert_eq!(
        (b.status, b.total, b.finished),
        (BatchStatus::Running, 3, 0)
    );
    assert_eq!(b.counts.get(&Status::Queued), Some(&3));
    h.engine.connect();
    h.engine.wait_sent(3).await;
    wait_batch(&h, &b.id, BatchStatus::Done).await;
    let done = h.service.batch(&b.id).await.unwrap();
    assert_eq!(done.finished, 3);
    assert!(done.started_at.is_some() && done.finished_at.is_some());
    assert_eq!(done.estimated_ms_left, None);
    // The log filters by batch; a single message is not among its items.
    h.queue("suelto").await;
    let items = h
        .service
        .batch_items(
            &b.id,
            MessageQuery {
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(items.items.len(), 3);
}

#[tokio::test]
async fn a_single_message_overtakes_a_running_batch() {
    let mut config = no_pacing();
    config.pacing.min_gap = Duration::from_secs(2);
    let h = start(config).await;
    let b = h
        .service
        .create_batch(request(numbers(50)), None, None)
        .await
        .unwrap()
        .batch;
    h.engine.connect();
    h.engine.wait_sent(1).await;
    let receipt = h.queue("su recibo").await;
    // The next send, one pacing gap later, is the receipt.
    let wake = h.clock.next_sleeper().await;
    h.clock.set(wake);
    let sent = h.engine.wait_sent(2).await;
    assert_eq!(sent[1].whatsapp_id, receipt.whatsapp_id);
    assert_eq!(wake - T0, 2_000);
    let b = h.service.batch(&b.id).await.unwrap();
    assert!(b.estimated_ms_left.unwrap() >= 48 * 2_000, "{b:?}");
}

#[tokio::test]
async fn a_batch_keeps_its_own_pace() {
    let h = start(no_pacing()).await;
    let mut req = request(numbers(3));
    req.pacing_ms = Some(5_000);
    h.service.create_batch(req, None, None).await.unwrap();
    h.engine.connect();
    h.engine.wait_sent(1).await;
    let wake = h.clock.next_sleeper().await;
    assert_eq!(wake - h.clock.now_ms(), 5_000);
    // Meanwhile a single message goes at once.
    let single = h.queue("ya").await;
    let sent = h.engine.wait_sent(2).await;
    assert_eq!(sent[1].whatsapp_id, single.whatsapp_id);
    h.clock.set(wake);
    h.engine.wait_sent(3).await;
}

#[tokio::test]
async fn pause_and_cancel_hold_across_a_restart() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let clock = Arc::new(ManualClock::new(T0));
    let h = start_in(dir.clone(), no_pacing(), clock.clone()).await;
    let paused = h
        .service
        .create_batch(request(numbers(4)), None, None)
        .await
        .unwrap()
        .batch;
    let mut other = request(vec![row("71111111", Some("X")), row("72222222", Some("Y"))]);
    other.name = "Otra".into();
    let cancelled = h
        .service
        .create_batch(other, None, None)
        .await
        .unwrap()
        .batch;
    h.service.pause_batch(&paused.id).await.unwrap();
    let c = h.service.cancel_batch(&cancelled.id).await.unwrap();
    assert_eq!(c.counts.get(&Status::Cancelled), Some(&2));
    assert_eq!(
        h.service.pause_batch(&cancelled.id).await.unwrap_err().code,
        Code::InvalidState
    );
    h.service.shutdown().await;

    let h = start_seeded(dir, no_pacing(), clock, 7).await;
    h.engine.connect();
    let probe = h.queue("probe").await;
    h.wait_status(&probe.id, Status::Sent).await;
    assert_eq!(h.engine.sent().len(), 1, "only the single message went");
    assert_eq!(
        h.service.batch(&paused.id).await.unwrap().status,
        BatchStatus::Paused
    );
    h.service.resume_batch(&paused.id).await.unwrap();
    h.engine.wait_sent(5).await;
    wait_batch(&h, &paused.id, BatchStatus::Done).await;
    let c = h.service.batch(&cancelled.id).await.unwrap();
    assert_eq!((c.status, c.finished), (BatchStatus::Cancelled, 2));
}

#[tokio::test]
async fn the_idempotency_key_returns_the_original_batch() {
    let h = start(no_pacing()).await;
    let first = h
        .service
        .create_batch(request(numbers(2)), None, Some("promo-1".into()))
        .await
        .unwrap();
    assert!(first.created);
    let again = h
        .service
        .create_batch(request(numbers(2)), None, Some("promo-1".into()))
        .await
        .unwrap();
    assert!(!again.created);
    assert_eq!(again.batch.id, first.batch.id);
    let e = h
        .service
        .create_batch(request(numbers(3)), None, Some("promo-1".into()))
        .await
        .unwrap_err();
    assert_eq!(e.code, Code::IdempotencyConflict);
    assert_eq!(h.service.batches(None, None).await.unwrap().items.len(), 1);
}

#[tokio::test]
async fn items_wait_for_send_at() {
    let h = start(Config { ..no_pacing() }).await;
    let mut req = request(numbers(2));
    req.send_at = Some(mostrador_core::types::time::rfc3339(T0 + 60_000));
    let b = h.service.create_batch(req, None, None).await.unwrap().batch;
    assert_eq!(b.send_at, Some(T0 + 60_000));
    assert_eq!(b.counts.get(&Status::Scheduled), Some(&2), "{b:?}");
    h.engine.connect();
    let wake = h.clock.next_sleeper().await;
    assert_eq!(wake, T0 + 60_000);
    assert!(h.engine.sent().is_empty());
    h.clock.set(wake);
    h.engine.wait_sent(2).await;
    let mut bad = request(numbers(1));
    bad.send_at = Some("mañana".into());
    let e = h.service.create_batch(bad, None, None).await.unwrap_err();
    assert_eq!(e.code, Code::ValidationError);
}

#[tokio::test]
async fn a_batch_whose_last_items_are_cancelled_one_by_one_is_done() {
    let h = start(no_pacing()).await;
    let b = h
        .service
        .create_batch(request(numbers(2)), None, None)
        .await
        .unwrap()
        .batch;
    let items = h
        .service
        .batch_items(
            &b.id,
            MessageQuery {
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    for m in &items.items {
        h.service.cancel(&m.id).await.unwrap();
    }
    let b = h.service.batch(&b.id).await.unwrap();
    assert_eq!((b.status, b.finished), (BatchStatus::Done, 2));
}

#[tokio::test]
async fn a_batch_paused_mid_run_lets_singles_through_and_resumes_where_it_was() {
    let mut config = no_pacing();
    config.pacing.min_gap = Duration::from_secs(2);
    let h = start(config).await;
    let b = h
        .service
        .create_batch(request(numbers(5)), None, None)
        .await
        .unwrap()
        .batch;
    h.engine.connect();
    h.engine.wait_sent(1).await;
    h.service.pause_batch(&b.id).await.unwrap();
    // (That a paused batch's items are never claimed is the store's test; here, the flow.)
    let probe = h.queue("probe").await;
    let wake = h.clock.next_sleeper().await;
    h.clock.set(wake);
    h.wait_status(&probe.id, Status::Sent).await;
    assert_eq!(h.engine.sent().len(), 2);
    let paused = h.service.batch(&b.id).await.unwrap();
    assert_eq!((paused.finished, paused.estimated_ms_left), (1, None));
    h.service.resume_batch(&b.id).await.unwrap();
    for n in 3..=6 {
        let wake = h.clock.next_sleeper().await;
        h.clock.set(wake);
        h.engine.wait_sent(n).await;
    }
    wait_batch(&h, &b.id, BatchStatus::Done).await;
}

/// Before its first send a broadcast checks its numbers with WhatsApp (one question for
/// all of them): the ones without WhatsApp are `skipped`, never handed over nor retried, and
/// the rest go; the batch is done with its counts saying so.
#[tokio::test]
async fn numbers_without_whatsapp_are_skipped_before_the_first_send() {
    let h = start(no_pacing()).await;
    // The second of three (70000001) has no WhatsApp.
    h.engine.not_on_whatsapp(&["59170000001"]);
    let b = h
        .service
        .create_batch(request(numbers(3)), None, None)
        .await
        .unwrap()
        .batch;
    h.engine.connect();
    wait_batch(&h, &b.id, BatchStatus::Done).await;
    let sent: Vec<String> = h.engine.sent().iter().map(|o| o.to.to_string()).collect();
    assert_eq!(sent, ["+59170000000", "+59170000002"]);
    let done = h.service.batch(&b.id).await.unwrap();
    assert_eq!(
        done.counts.get(&Status::Skipped),
        Some(&1),
        "{:?}",
        done.counts
    );
    assert_eq!(done.finished, 3);
    let items = h
        .service
        .batch_items(
            &b.id,
            MessageQuery {
                statuses: vec![Status::Skipped],
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(items.items.len(), 1);
    let skipped = &items.items[0];
    assert_eq!(skipped.to.to_string(), "+59170000001");
    assert_eq!(skipped.attempts, 0, "never tried");
    assert_eq!(skipped.error.as_ref().unwrap().code, "NOT_ON_WHATSAPP");
    assert!(skipped.status_times.skipped.is_some());
}
