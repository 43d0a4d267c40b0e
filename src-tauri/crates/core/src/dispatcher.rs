//! The dispatcher: one task that drains the outbox, in order, while WhatsApp is connected —
//! pacing sends, retrying transient failures with backoff, failing permanent ones at once.
//! The pace and the retry limit are read from the live settings, so a change applies at once.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use mostrador_store::{BatchPace, Claimed, Store};
use mostrador_types::ErrorInfo;
use tokio::sync::{Notify, watch};

use crate::announcer::Announcer;
use crate::blobs::Blobs;
use crate::clock::{Clock, Random};
use crate::config::Retry;
use crate::engine::{Failure, MAX_CHECK, MediaFile, Messenger, Outgoing};
use crate::link::LinkWatch;
use crate::live_settings::LiveSettings;
use crate::{reach_out, schedule};

/// Everything the dispatcher reads and writes, owned: it shares no struct with the service.
pub(crate) struct Dispatcher {
    /// The profile whose part of the outbox this dispatcher drains.
    pub profile: String,
    pub store: Store,
    pub messenger: Arc<dyn Messenger>,
    pub clock: Arc<dyn Clock>,
    pub random: Arc<dyn Random>,
    pub retry: Retry,
    pub blobs: Blobs,
    pub link: LinkWatch,
    pub settings: watch::Receiver<LiveSettings>,
    /// Rung when a message is queued or requeued, so an idle dispatcher looks again.
    pub wake: Arc<Notify>,
    pub announcer: Announcer,
}

impl Dispatcher {
    /// Runs until `shutdown` turns true, ending after the attempt in progress.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let mut link = self.link.clone();
        let mut settings = self.settings.clone();
        // The connection (by `Link::connection`) whose unacknowledged messages were resumed.
        let mut resumed_for = 0;
        // Pacing: no send before this time (ms), counted from the last attempt that reached
        // the engine.
        let mut last_attempt = i64::MIN;
        let mut not_before = i64::MIN;
        // Batches with a pace of their own: no item of theirs before this time (ms). Single
        // messages and other batches' items may go meanwhile.
        let mut batch_not_before: HashMap<i64, i64> = HashMap::new();
        loop {
            // First, and not between the connection check and the claim: that await would let
            // a disconnect land in between, and the claim would hand a message to a dead link.
            self.expire_late(self.clock.now_ms()).await;
            if self.link.borrow().connected() {
                self.check_batches().await;
            }
            let (connected, connection) = {
                let now = link.borrow_and_update();
                (now.connected(), now.connection)
            };
            if connected && connection != resumed_for {
                // A new connection: what was handed over without a server ack went out on
                // the old one (or never left), so it goes again with the same id.
                resumed_for = connection;
                match self
                    .store
                    .resume_unacknowledged(Some(&self.profile), self.clock.now_ms())
                    .await
                {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(messages = n, "resending unacknowledged messages"),
                    Err(e) => tracing::error!(error = %e, "cannot resume unacknowledged messages"),
                }
            }
            if !connected {
                // Held messages run out of waiting even while WhatsApp is away.
                let wait_ends = self.next_wait_end().await;
                let now = self.clock.now_ms();
                tokio::select! {
                    _ = link.changed() => continue,
                    () = sleep_until(&*self.clock, wait_ends, now) => continue,
                    // A shorter wait may end sooner; a new pace applies to the gap as below.
                    _ = settings.changed() => {
                        not_before = last_attempt.saturating_add(self.pacing_gap_ms());
                        continue;
                    }
                    _ = shutdown.changed() => return,
                }
            }
            let now = self.clock.now_ms();
            if now < not_before {
                tokio::select! {
                    () = self.clock.sleep(ms(not_before - now)) => {}
                    _ = link.changed() => {}
                    // A new pace also applies to the gap being waited out (60 s set by
                    // mistake, then fixed, must not keep the queue waiting a minute).
                    _ = settings.changed() => {
                        not_before = last_attempt.saturating_add(self.pacing_gap_ms());
                    }
                    _ = shutdown.changed() => return,
                }
                continue;
            }
            batch_not_before.retain(|_, t| *t > now);
            let held: Vec<i64> = batch_not_before.keys().copied().collect();
            let claimed = match self
                .store
                .claim_next(&self.profile, now, held.clone())
                .await
            {
                Ok(c) => c,
                Err(e) => {
                    tracing::error!(error = %e, "cannot read the outbox; trying again in 5 s");
                    tokio::select! {
                        () = self.clock.sleep(Duration::from_secs(5)) => {}
                        _ = shutdown.changed() => return,
                    }
                    continue;
                }
            };
            let Some(claimed) = claimed else {
                // Idle until something is queued, a backoff ends, or the connection changes.
                let next_due = self
                    .store
                    .next_due(&self.profile, held)
                    .await
                    .ok()
                    .flatten();
                let held_until = batch_not_before.values().copied().min();
                let next_due = [next_due, held_until, self.next_wait_end().await]
                    .into_iter()
                    .flatten()
                    .min();
                tokio::select! {
                    () = self.wake.notified() => {}
                    () = sleep_until(&*self.clock, next_due, now) => {}
                    _ = link.changed() => {}
                    // A shorter customer wait may end sooner than the sleep.
                    _ = settings.changed() => {}
                    _ = shutdown.changed() => return,
                }
                continue;
            };
            self.announcer.message(&claimed.message);
            let batch = claimed.batch;
            let reached = self.attempt(claimed).await;
            if let Some(pace) = batch {
                self.settle(pace, reached, &mut batch_not_before).await;
            }
            if reached {
                last_attempt = self.clock.now_ms();
                // This gap already has the pace in effect: older changes need no recomputing.
                settings.mark_unchanged();
                not_before = last_attempt + self.pacing_gap_ms();
            }
        }
    }

    /// Scheduled messages found too late (the computer was off at their time) expire here,
    /// just before the next claim, so none of them is ever handed over; so do messages held
    /// for a customer who did not write in time (`customer_wait_ms`). Each lane expires
    /// its own number's.
    async fn expire_late(&self, now: i64) {
        let (after, wait) = {
            let live = self.settings.borrow();
            (
                live.settings.expire_after_ms,
                live.settings.customer_wait_ms,
            )
        };
        let late_before = schedule::late_before(now, after);
        match (self.store)
            .expire_scheduled(&self.profile, late_before, now)
            .await
        {
            Ok(expired) => {
                for m in &expired {
                    tracing::warn!(id = %m.id, send_at = m.send_at, "a scheduled message expired");
                    self.announcer.message(m);
                }
            }
            Err(e) => tracing::error!(error = %e, "cannot expire late scheduled messages"),
        }
        let held_before = reach_out::held_before(now, wait);
        match (self.store)
            .expire_waiting(
                &self.profile,
                held_before,
                reach_out::not_written(wait),
                now,
            )
            .await
        {
            Ok(expired) => {
                for m in &expired {
                    tracing::info!(id = %m.id, "a message held for its customer expired");
                    self.announcer.message(m);
                }
            }
            Err(e) => tracing::error!(error = %e, "cannot expire messages held for customers"),
        }
    }

    /// When the message held longest runs out of waiting for its customer, if one is held.
    async fn next_wait_end(&self) -> Option<i64> {
        let wait = self.settings.borrow().settings.customer_wait_ms;
        let oldest = self
            .store
            .oldest_waiting(&self.profile)
            .await
            .ok()
            .flatten()?;
        Some(oldest.saturating_add(i64::try_from(wait).unwrap_or(i64::MAX)))
    }

    /// After one of a batch's items: its own gap starts (when it has one), and the batch is
    /// done once nothing of it is left to send; its progress is announced either way.
    async fn settle(&self, pace: BatchPace, reached: bool, held: &mut HashMap<i64, i64>) {
        let now = self.clock.now_ms();
        if reached && let Some(gap) = pace.pacing_ms {
            let gap = self.jittered(gap as i64, pace.jitter_ms.unwrap_or(0) as i64);
            held.insert(pace.batch, now + gap);
        }
        match self.store.settle_batch(pace.batch, now).await {
            Ok(batch) => self.announcer.batch(&batch, now),
            Err(e) => tracing::error!(error = %e, "cannot update a batch's progress"),
        }
    }

    /// A broadcast's recipients are checked before its first send — one question to WhatsApp
    /// per 500 numbers, answers remembered by the engine — and its items to numbers without
    /// WhatsApp are skipped, not tried and failed one by one.
    async fn check_batches(&self) {
        loop {
            let next = match self.store.batch_to_check(&self.profile).await {
                Ok(Some(next)) => next,
                Ok(None) => return,
                Err(e) => {
                    tracing::error!(error = %e, "cannot read which broadcast to check");
                    return;
                }
            };
            let mut unregistered = Vec::new();
            for chunk in next.phones.chunks(MAX_CHECK) {
                let digits: Vec<String> = chunk.iter().map(|(_, d)| d.clone()).collect();
                match self.messenger.is_on_whatsapp(&digits).await {
                    Ok(answers) => unregistered.extend(
                        chunk
                            .iter()
                            .zip(answers)
                            .filter(|(_, jid)| jid.is_none())
                            .map(|((seq, _), _)| *seq),
                    ),
                    // Checked at the next connection.
                    Err(e) if e.failure == Failure::NotConnected => return,
                    Err(e) => {
                        // Unchecked, its items go as before: a number without WhatsApp fails
                        // on its own. Better than holding the broadcast.
                        tracing::warn!(code = %e.code, "cannot check a broadcast's numbers");
                        unregistered.clear();
                        break;
                    }
                }
            }
            let now = self.clock.now_ms();
            match self
                .store
                .skip_unregistered(next.batch, unregistered, now)
                .await
            {
                Ok((skipped, batch)) => {
                    if !skipped.is_empty() {
                        tracing::info!(batch = %batch.id, skipped = skipped.len(), "numbers without WhatsApp skipped");
                        for m in &skipped {
                            self.announcer.message(m);
                        }
                        self.announcer.batch(&batch, now);
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, "cannot record a broadcast's check");
                    return;
                }
            }
        }
    }

    /// One send attempt. Returns whether it reached the engine (and so counts for pacing).
    async fn attempt(&self, claimed: Claimed) -> bool {
        let Claimed { seq, message, .. } = claimed;
        let outgoing = Outgoing {
            whatsapp_id: message.whatsapp_id.clone(),
            to: message.to.clone(),
            media: message
                .content
                .media()
                .map(|m| MediaFile::new(self.blobs.clone(), m.sha256.clone())),
            content: message.content.clone(),
        };
        let result = self.messenger.send(&outgoing).await;
        let now = self.clock.now_ms();
        let max_attempts = self.settings.borrow().settings.max_attempts;
        let updated = match result {
            Ok(()) => self.store.handed(seq, now).await,
            Err(e) if e.failure == Failure::NotConnected => {
                if let Err(e) = self.store.release(seq).await {
                    tracing::error!(error = %e, "cannot put a message back in the outbox");
                }
                return false;
            }
            Err(e) => {
                let info = ErrorInfo {
                    code: e.code.clone(),
                    message: e.message.clone(),
                };
                if e.failure == Failure::Transient && message.attempts < max_attempts {
                    let wait = self.retry.backoff(message.attempts);
                    tracing::warn!(id = %message.id, attempt = message.attempts, code = %e.code,
                        retry_in_ms = wait.as_millis() as u64, "send failed; will retry");
                    self.store
                        .retry_later(seq, info, now + wait.as_millis() as i64, now)
                        .await
                } else {
                    tracing::warn!(id = %message.id, attempt = message.attempts, code = %e.code, "send failed");
                    self.store.fail(seq, info, now).await
                }
            }
        };
        match updated {
            Ok(m) => self.announcer.message(&m),
            Err(e) => tracing::error!(error = %e, "cannot record a send attempt"),
        }
        true
    }

    /// The minimum gap plus a uniformly random jitter in [-jitter, +jitter], never negative.
    fn pacing_gap_ms(&self) -> i64 {
        let pacing = self.settings.borrow().pacing();
        self.jittered(
            pacing.min_gap.as_millis() as i64,
            pacing.jitter.as_millis() as i64,
        )
    }

    fn jittered(&self, gap: i64, jitter: i64) -> i64 {
        if jitter == 0 {
            return gap;
        }
        let span = (2 * jitter + 1) as u64;
        let offset = (self.random.next_u64() % span) as i64 - jitter;
        (gap + offset).max(0)
    }
}

/// Sleeps until `t` (ms), or forever when there is no `t`.
async fn sleep_until(clock: &dyn Clock, t: Option<i64>, now: i64) {
    match t {
        Some(t) => clock.sleep(ms(t - now)).await,
        None => std::future::pending().await,
    }
}

fn ms(v: i64) -> Duration {
    Duration::from_millis(u64::try_from(v).unwrap_or(0))
}
