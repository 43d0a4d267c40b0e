//! Which webhook trouble is worth a notification: one failing for more than ten minutes (a
//! receiver restarting is normal; the POS missing an hour of receipts is not), and one turned
//! off by a 410 Gone. Pure: times come in as arguments.

use std::collections::HashMap;

use mostrador_core::types::{Webhook, WebhookHealth};

use super::watch::Notice;

/// How long a webhook fails before the manager is told.
pub const FAILING_GRACE_MS: i64 = 10 * 60_000;

#[derive(Debug, Default)]
pub struct HookWatch {
    /// Failing webhooks: their URL, since when, and whether that was told.
    failing: HashMap<String, (String, i64, bool)>,
}

impl HookWatch {
    pub fn on_webhook(&mut self, w: &Webhook, now: i64) -> Option<Notice> {
        match w.health {
            WebhookHealth::Failing if w.enabled => {
                let since = w.failing_since.unwrap_or(now);
                self.failing
                    .entry(w.id.clone())
                    .or_insert_with(|| (w.url.clone(), since, false));
                None
            }
            WebhookHealth::Gone => {
                self.failing.remove(&w.id);
                Some(Notice::WebhookGone { url: w.url.clone() })
            }
            _ => {
                self.failing.remove(&w.id);
                None
            }
        }
    }

    /// When `on_tick` should next be called, if ever.
    pub fn deadline(&self) -> Option<i64> {
        self.failing
            .values()
            .filter(|(_, _, told)| !told)
            .map(|(_, since, _)| since.saturating_add(FAILING_GRACE_MS))
            .min()
    }

    pub fn on_tick(&mut self, now: i64) -> Option<Notice> {
        let (url, _, told) = self
            .failing
            .values_mut()
            .find(|(_, since, told)| !*told && now >= since.saturating_add(FAILING_GRACE_MS))?;
        *told = true;
        Some(Notice::WebhookFailing { url: url.clone() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hook(health: WebhookHealth, since: Option<i64>) -> Webhook {
        Webhook {
            id: "wh_1".into(),
            url: "http://127.0.0.1:8080/pos".into(),
            events: vec!["*".into()],
            enabled: health != WebhookHealth::Gone,
            health,
            failing_since: since,
            last_success_at: None,
            created_at: 0,
            updated_at: 0,
        }
    }

    #[test]
    fn told_once_after_ten_minutes_of_failing_and_not_if_it_recovers_first() {
        let mut w = HookWatch::default();
        assert_eq!(
            w.on_webhook(&hook(WebhookHealth::Failing, Some(1_000)), 1_000),
            None
        );
        assert_eq!(w.deadline(), Some(1_000 + FAILING_GRACE_MS));
        assert_eq!(w.on_tick(FAILING_GRACE_MS), None);
        assert!(matches!(
            w.on_tick(1_000 + FAILING_GRACE_MS),
            Some(Notice::WebhookFailing { .. })
        ));
        assert_eq!(w.deadline(), None);
        assert_eq!(w.on_tick(3 * FAILING_GRACE_MS), None);

        let mut w = HookWatch::default();
        w.on_webhook(&hook(WebhookHealth::Failing, Some(0)), 0);
        w.on_webhook(&hook(WebhookHealth::Ok, None), 60_000);
        assert_eq!(w.deadline(), None);
    }

    #[test]
    fn a_410_is_told_at_once() {
        let mut w = HookWatch::default();
        assert!(matches!(
            w.on_webhook(&hook(WebhookHealth::Gone, None), 5),
            Some(Notice::WebhookGone { .. })
        ));
    }
}
