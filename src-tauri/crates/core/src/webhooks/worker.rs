//! One webhook's delivery loop: its events in order after its cursor, each posted until the
//! receiver takes it (2xx), retried with growing, jittered waits for up to a day, then left;
//! a 410 Gone turns the webhook off. Progress is saved in batches, so a crash re-sends at
//! most the last few events (with the same ids: the receiver drops repeats).

use std::sync::Arc;
use std::time::Duration;

use mostrador_store::{HookProgress, Store, StoredWebhook};
use ring::hmac;
use tokio::sync::watch;

use super::sender::Sender;
use super::{kinds, payload};
use crate::clock::{Clock, Random};

/// Events read per look at the table.
const CHUNK: u32 = 200;
/// Progress is saved at least this often while events flow.
const SAVE_EVERY: usize = 100;
/// An event not delivered within a day is left (recorded as given up).
const GIVE_UP_MS: i64 = 24 * 3_600_000;
/// The longest wait between two attempts at one event.
const MAX_BACKOFF: Duration = Duration::from_secs(300);
/// A look at the table even without a bell (a missed one is never fatal).
const POLL: Duration = Duration::from_secs(5);

pub(super) struct Worker {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub random: Arc<dyn Random>,
    pub hook: StoredWebhook,
    pub key: hmac::Key,
    pub sender: Sender,
    /// Rung when events may have been written.
    pub bell: watch::Receiver<u64>,
    pub stop: watch::Receiver<bool>,
    /// Told when the webhook's health changes (for the announcer).
    pub health: tokio::sync::mpsc::UnboundedSender<String>,
}

impl Worker {
    pub async fn run(mut self) {
        let mut cursor = self.hook.cursor;
        let mut failing_since = self.hook.webhook.failing_since;
        let mut progress = self.fresh(cursor, failing_since);
        loop {
            if *self.stop.borrow() {
                return;
            }
            let events = match self.store.hook_events(cursor, CHUNK).await {
                Ok(e) => e,
                Err(e) => {
                    tracing::error!(error = %e, "cannot read webhook events");
                    if self.pause(POLL).await {
                        return;
                    }
                    continue;
                }
            };
            let Some(last) = events.last().map(|e| e.seq) else {
                if self.idle().await {
                    return;
                }
                continue;
            };
            for event in payload::coalesce(events) {
                if !kinds::wants(&self.hook.webhook.events, &event.kind) {
                    continue;
                }
                let Some(body) = payload::body(&event) else {
                    continue;
                };
                let mut attempt = 1u32;
                loop {
                    let started = self.clock.now_ms();
                    let outcome = self
                        .sender
                        .post(
                            &self.hook.webhook.url,
                            &self.key,
                            &event.id,
                            started.div_euclid(1000),
                            body.clone(),
                        )
                        .await;
                    let now = self.clock.now_ms();
                    progress.attempts.push(outcome.delivery(
                        &event.id,
                        &event.kind,
                        attempt,
                        started,
                        now,
                    ));
                    if outcome.delivered() {
                        progress.last_success_at = Some(now);
                        progress = self.set_failing(&mut failing_since, None, progress).await;
                        break;
                    }
                    if outcome.gone() {
                        progress.gone = true;
                        self.save(progress).await;
                        let _ = self.health.send(self.hook.webhook.id.clone());
                        tracing::warn!(webhook = %self.hook.webhook.id, "the receiver answered 410 Gone: webhook turned off");
                        return;
                    }
                    progress = self
                        .set_failing(&mut failing_since, Some(now), progress)
                        .await;
                    if now - event.at > GIVE_UP_MS {
                        tracing::warn!(webhook = %self.hook.webhook.id, event = %event.id, "event given up after a day of failed attempts");
                        break;
                    }
                    // Saved now, so the log shows the failure while the wait goes on.
                    progress = self.save(progress).await;
                    if self.pause(self.backoff(attempt)).await {
                        return;
                    }
                    attempt = attempt.saturating_add(1);
                }
                progress.cursor = event.seq;
                if progress.attempts.len() >= SAVE_EVERY {
                    progress = self.save(progress).await;
                }
            }
            cursor = last;
            progress.cursor = last;
            progress = self.save(progress).await;
        }
    }

    fn fresh(&self, cursor: i64, failing_since: Option<i64>) -> HookProgress {
        HookProgress {
            cursor,
            attempts: Vec::new(),
            failing_since,
            last_success_at: None,
            gone: false,
        }
    }

    /// Records a change between healthy and failing: saved first, so the announcement that
    /// follows reads the new health.
    async fn set_failing(
        &self,
        current: &mut Option<i64>,
        to: Option<i64>,
        mut p: HookProgress,
    ) -> HookProgress {
        let changed = current.is_some() != to.is_some();
        if changed {
            *current = to;
        }
        p.failing_since = *current;
        if changed {
            p = self.save(p).await;
            let _ = self.health.send(self.hook.webhook.id.clone());
        }
        p
    }

    /// Saves progress and returns an empty one to go on with (kept on error: tried again).
    async fn save(&self, p: HookProgress) -> HookProgress {
        let (cursor, failing_since) = (p.cursor, p.failing_since);
        match self
            .store
            .record_hook_progress(self.hook.seq, p.clone(), self.clock.now_ms())
            .await
        {
            Ok(()) => self.fresh(cursor, failing_since),
            Err(e) => {
                tracing::error!(error = %e, "cannot save webhook progress");
                p
            }
        }
    }

    /// Waits up to `d`; true when told to stop.
    async fn pause(&mut self, d: Duration) -> bool {
        tokio::select! {
            () = self.clock.sleep(d) => false,
            _ = self.stop.changed() => true,
        }
    }

    /// Waits for the bell (or the poll); true when told to stop.
    async fn idle(&mut self) -> bool {
        tokio::select! {
            _ = self.bell.changed() => false,
            () = self.clock.sleep(POLL) => false,
            _ = self.stop.changed() => true,
        }
    }

    /// 1 s, 2 s, 4 s … up to 5 min, each ±20 % so many shops' retries do not line up.
    fn backoff(&self, attempt: u32) -> Duration {
        let base = Duration::from_secs(1u64 << attempt.saturating_sub(1).min(9)).min(MAX_BACKOFF);
        let base_ms = u64::try_from(base.as_millis()).unwrap_or(u64::MAX);
        let spread = base_ms / 5;
        let jitter = if spread == 0 {
            0
        } else {
            self.random.next_u64() % (2 * spread + 1)
        };
        Duration::from_millis(base_ms - spread + jitter)
    }
}
