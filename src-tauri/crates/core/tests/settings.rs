//! Settings changed while the app runs: saved across restarts, locked by startup flags, and
//! applied at once — the dispatcher's pace (even mid-gap), its retry limit, the country.
#![allow(clippy::unwrap_used)]

mod support;

use std::sync::Arc;
use std::time::Duration;

use mostrador_core::engine::{EngineError, Failure};
use mostrador_core::testing::ManualClock;
use mostrador_core::types::{SettingName, Settings, SettingsPatch, Status};
use mostrador_core::{Code, Config};
use support::*;

fn paced(gap_ms: u64) -> Config {
    let mut c = Config::default();
    c.pacing.min_gap = Duration::from_millis(gap_ms);
    c.pacing.jitter = Duration::ZERO;
    c
}

#[tokio::test]
async fn changes_are_saved_and_outlive_a_restart() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let clock = Arc::new(ManualClock::new(T0));
    let first = start_in(dir.clone(), Config::default(), clock.clone()).await;
    assert_eq!(
        first.service.settings(),
        Settings {
            default_country: "BO".into(),
            pacing_ms: 1000,
            jitter_ms: 500,
            max_attempts: 5,
            expire_after_ms: 43_200_000,
            webhooks_lan: false,
            customer_wait_ms: 86_400_000,
            locked: vec![],
        }
    );
    let changed = first
        .service
        .update_settings(SettingsPatch {
            default_country: Some("mx".into()),
            pacing_ms: Some(3000),
            jitter_ms: Some(1000),
            max_attempts: Some(9),
            expire_after_ms: Some(3_600_000),
            webhooks_lan: Some(true),
            customer_wait_ms: Some(7_200_000),
        })
        .await
        .unwrap();
    let want = Settings {
        default_country: "MX".into(),
        pacing_ms: 3000,
        jitter_ms: 1000,
        max_attempts: 9,
        expire_after_ms: 3_600_000,
        webhooks_lan: true,
        customer_wait_ms: 7_200_000,
        locked: vec![],
    };
    assert_eq!(changed, want);
    assert_eq!(first.service.settings(), want);
    first.service.shutdown().await;

    let second = start_in(dir, Config::default(), clock).await;
    assert_eq!(second.service.settings(), want);
}

#[tokio::test]
async fn startup_flags_win_and_are_locked() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let clock = Arc::new(ManualClock::new(T0));
    let first = start_in(dir.clone(), Config::default(), clock.clone()).await;
    first
        .service
        .update_settings(SettingsPatch {
            default_country: Some("MX".into()),
            max_attempts: Some(9),
            ..SettingsPatch::default()
        })
        .await
        .unwrap();
    first.service.shutdown().await;

    // Restarted with `--country AR`: the flag wins over the saved MX, and stays put.
    let config = Config {
        default_country: "AR".into(),
        locked: vec![SettingName::DefaultCountry],
        ..Config::default()
    };
    let second = start_in(dir.clone(), config, clock.clone()).await;
    let s = second.service.settings();
    assert_eq!((s.default_country.as_str(), s.max_attempts), ("AR", 9));
    assert_eq!(s.locked, [SettingName::DefaultCountry]);
    let e = second
        .service
        .update_settings(SettingsPatch {
            default_country: Some("BO".into()),
            ..SettingsPatch::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, Code::ValidationError);
    assert!(e.message.contains("--country"), "{}", e.message);
    // Sending the locked value unchanged is fine (a form sends every field).
    let s = second
        .service
        .update_settings(SettingsPatch {
            default_country: Some("ar".into()),
            max_attempts: Some(4),
            ..SettingsPatch::default()
        })
        .await
        .unwrap();
    assert_eq!((s.default_country.as_str(), s.max_attempts), ("AR", 4));
    second.service.shutdown().await;

    // Without the flag, the country saved before comes back.
    let third = start_in(dir, Config::default(), clock).await;
    let s = third.service.settings();
    assert_eq!((s.default_country.as_str(), s.max_attempts), ("MX", 4));
    assert!(s.locked.is_empty());
}

#[tokio::test]
async fn a_refused_change_changes_nothing() {
    let h = start(Config::default()).await;
    let e = h
        .service
        .update_settings(SettingsPatch {
            pacing_ms: Some(200), // the jitter (500) would be more than the gap
            max_attempts: Some(3),
            ..SettingsPatch::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, Code::ValidationError);
    assert!(e.message.contains("jitter_ms"), "{}", e.message);
    let s = h.service.settings();
    assert_eq!((s.pacing_ms, s.max_attempts), (1000, 5));
}

#[tokio::test]
async fn a_new_pace_applies_to_the_gap_being_waited_out() {
    let h = start(paced(60_000)).await;
    for n in 0..3 {
        h.queue(&format!("m{n}")).await;
    }
    h.engine.connect();
    h.engine.wait_sent(1).await;
    h.clock.wait_for_sleeper(T0 + 60_000).await;
    // A minute between messages was a mistake: one second takes effect for the wait under way.
    h.service
        .update_settings(SettingsPatch {
            pacing_ms: Some(1000),
            ..SettingsPatch::default()
        })
        .await
        .unwrap();
    h.clock.wait_for_sleeper(T0 + 1000).await;
    h.clock.set(T0 + 999);
    assert_eq!(h.engine.sent().len(), 1);
    h.clock.set(T0 + 1000);
    h.engine.wait_sent(2).await;
    // And to the gaps after it.
    h.clock.wait_for_sleeper(T0 + 2000).await;
    h.clock.set(T0 + 2000);
    h.engine.wait_sent(3).await;
}

#[tokio::test]
async fn a_new_retry_limit_applies_to_messages_already_retrying() {
    let h = start(no_pacing()).await; // 5 attempts
    let transient = || EngineError::new(Failure::Transient, "TIMEOUT", "no answer");
    h.engine.fail_next(transient());
    h.engine.fail_next(transient());
    let m = h.queue("hola").await;
    h.engine.connect();
    h.clock.wait_for_sleeper(T0 + 2000).await; // backing off after the first attempt
    h.service
        .update_settings(SettingsPatch {
            max_attempts: Some(2),
            ..SettingsPatch::default()
        })
        .await
        .unwrap();
    h.clock.set(T0 + 2000);
    let m = h.wait_status(&m.id, Status::Failed).await;
    assert_eq!((m.attempts, m.error.unwrap().code.as_str()), (2, "TIMEOUT"));
}

#[tokio::test]
async fn a_new_country_applies_to_the_next_number() {
    let h = start(no_pacing()).await;
    let bo = h.queue("hola").await; // to 71234567
    assert_eq!(bo.to.to_string(), "+59171234567");
    h.service
        .update_settings(SettingsPatch {
            default_country: Some("MX".into()),
            ..SettingsPatch::default()
        })
        .await
        .unwrap();
    let mx = h
        .service
        .send(text("55 1234 5678", "hola"))
        .await
        .unwrap()
        .message;
    assert_eq!(mx.to.to_string(), "+525512345678");
    assert_eq!(h.service.country(), "MX".parse().unwrap());
}
