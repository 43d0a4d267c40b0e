//! The live settings' rules: which value wins, and the checks a change must pass.
use super::*;
use crate::Code;

#[test]
fn saved_values_beat_defaults_and_locked_startup_values_beat_saved_ones() {
    let mut config = Config::default();
    let stored = SettingsPatch {
        default_country: Some("mx".into()),
        pacing_ms: Some(3000),
        jitter_ms: Some(100),
        max_attempts: Some(9),
        expire_after_ms: Some(600_000),
        webhooks_lan: Some(true),
        customer_wait_ms: Some(3_600_000),
    };
    let live = effective(&config, &stored).unwrap();
    assert_eq!(
        live.settings,
        Settings {
            default_country: "MX".into(),
            pacing_ms: 3000,
            jitter_ms: 100,
            max_attempts: 9,
            expire_after_ms: 600_000,
            webhooks_lan: true,
            customer_wait_ms: 3_600_000,
            locked: vec![],
        }
    );
    assert_eq!(live.country, country::Id::MX);

    config.default_country = "ar".into();
    config.pacing.min_gap = Duration::from_millis(200);
    config.locked = vec![SettingName::PacingMs, SettingName::DefaultCountry];
    let live = effective(&config, &stored).unwrap();
    assert_eq!(live.settings.default_country, "AR");
    assert_eq!(live.settings.pacing_ms, 200);
    assert_eq!(live.settings.max_attempts, 9);
    assert_eq!(
        live.settings.locked,
        [SettingName::DefaultCountry, SettingName::PacingMs]
    );
    assert_eq!(live.country, country::Id::AR);
}

#[test]
fn out_of_range_saved_values_are_skipped_and_jitter_is_capped_by_the_gap() {
    let mut config = Config::default();
    let live = effective(
        &config,
        &SettingsPatch {
            default_country: Some("ZZ".into()),
            pacing_ms: Some(MAX_PACING_MS + 1),
            max_attempts: Some(0),
            ..SettingsPatch::default()
        },
    )
    .unwrap();
    assert_eq!(live.settings.default_country, "BO");
    assert_eq!(
        (live.settings.pacing_ms, live.settings.max_attempts),
        (1000, 5)
    );

    config.locked = vec![SettingName::PacingMs];
    config.pacing.min_gap = Duration::from_millis(200);
    let live = effective(&config, &SettingsPatch::default()).unwrap();
    assert_eq!(
        (live.settings.pacing_ms, live.settings.jitter_ms),
        (200, 200)
    );
}

#[test]
fn a_change_is_checked_and_only_what_changed_is_saved() {
    let live = effective(&Config::default(), &SettingsPatch::default()).unwrap();
    let (next, save) = apply(
        &live,
        &SettingsPatch {
            default_country: Some(" mx ".into()),
            pacing_ms: Some(2000),
            jitter_ms: Some(500),
            max_attempts: Some(5),
            expire_after_ms: None,
            webhooks_lan: Some(false),
            customer_wait_ms: None,
        },
    )
    .unwrap();
    assert_eq!(next.settings.default_country, "MX");
    assert_eq!(next.country, country::Id::MX);
    assert_eq!(next.settings.pacing_ms, 2000);
    assert_eq!(
        save,
        SettingsPatch {
            default_country: Some("MX".into()),
            pacing_ms: Some(2000),
            ..SettingsPatch::default()
        }
    );
}

#[test]
fn bad_values_say_which_setting_and_why() {
    let live = effective(&Config::default(), &SettingsPatch::default()).unwrap();
    let refuse = |p: SettingsPatch, words: &[&str]| {
        let e = apply(&live, &p).unwrap_err();
        assert_eq!(e.code, Code::ValidationError);
        for w in words {
            assert!(e.message.contains(w), "{w:?} not in {:?}", e.message);
        }
    };
    refuse(
        SettingsPatch {
            default_country: Some("Bolivia".into()),
            ..SettingsPatch::default()
        },
        &["default_country", "Bolivia"],
    );
    refuse(
        SettingsPatch {
            pacing_ms: Some(60_001),
            ..SettingsPatch::default()
        },
        &["pacing_ms", "60000"],
    );
    refuse(
        SettingsPatch {
            max_attempts: Some(0),
            ..SettingsPatch::default()
        },
        &["max_attempts", "between 1 and 1000"],
    );
    refuse(
        SettingsPatch {
            customer_wait_ms: Some(59_999),
            ..SettingsPatch::default()
        },
        &["customer_wait_ms", "60000"],
    );
    refuse(
        SettingsPatch {
            max_attempts: Some(1001),
            ..SettingsPatch::default()
        },
        &["max_attempts"],
    );
    // The default jitter (500) is more than this gap.
    refuse(
        SettingsPatch {
            pacing_ms: Some(200),
            ..SettingsPatch::default()
        },
        &["jitter_ms (500)", "pacing_ms (200)"],
    );
    assert!(
        apply(
            &live,
            &SettingsPatch {
                pacing_ms: Some(0),
                jitter_ms: Some(0),
                ..SettingsPatch::default()
            }
        )
        .is_ok()
    );
}

#[test]
fn a_locked_setting_may_be_sent_unchanged_but_not_changed() {
    let config = Config {
        locked: vec![SettingName::MaxAttempts],
        ..Config::default()
    };
    let live = effective(&config, &SettingsPatch::default()).unwrap();
    let same = SettingsPatch {
        max_attempts: Some(5),
        pacing_ms: Some(1500),
        ..SettingsPatch::default()
    };
    let (next, save) = apply(&live, &same).unwrap();
    assert_eq!(next.settings.pacing_ms, 1500);
    assert_eq!(save.max_attempts, None);
    let e = apply(
        &live,
        &SettingsPatch {
            max_attempts: Some(6),
            ..SettingsPatch::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.code, Code::ValidationError);
    assert!(e.message.contains("--max-attempts"), "{}", e.message);
}

#[test]
fn the_expiry_delay_is_bounded_saved_and_fixed_by_its_flag() {
    let mut config = Config::default();
    let live = effective(&config, &SettingsPatch::default()).unwrap();
    assert_eq!(live.settings.expire_after_ms, 12 * 60 * 60 * 1000);
    let change = |ms| SettingsPatch {
        expire_after_ms: Some(ms),
        ..SettingsPatch::default()
    };
    for bad in [0, MIN_EXPIRE_MS - 1, MAX_EXPIRE_MS + 1] {
        let e = apply(&live, &change(bad)).unwrap_err();
        assert_eq!(e.code, Code::ValidationError);
        assert!(e.message.contains("expire_after_ms"), "{}", e.message);
    }
    let (next, save) = apply(&live, &change(3_600_000)).unwrap();
    assert_eq!(next.settings.expire_after_ms, 3_600_000);
    assert_eq!(save, change(3_600_000));
    // A saved value out of bounds is skipped; the startup flag wins over a saved one.
    assert_eq!(
        effective(&config, &change(1))
            .unwrap()
            .settings
            .expire_after_ms,
        12 * 60 * 60 * 1000
    );
    config.expire_after = Duration::from_secs(120);
    config.locked = vec![SettingName::ExpireAfterMs];
    let live = effective(&config, &change(3_600_000)).unwrap();
    assert_eq!(live.settings.expire_after_ms, 120_000);
    assert!(apply(&live, &change(3_600_000)).is_err());
}
