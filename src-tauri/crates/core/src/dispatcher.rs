//! The dispatcher: one task that drains the outbox, in order, while WhatsApp is connected —
//! pacing sends, retrying transient failures with backoff, failing permanent ones at once.
//! The pace and the retry limit are read from the live settings, so a change applies at once.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use mostrador_store::Claimed;
use mostrador_types::{ErrorInfo, SessionState};
use tokio::sync::watch;

use crate::engine::{Failure, MediaFile, Outgoing};
use crate::service::Inner;

pub(crate) async fn run(inner: Arc<Inner>, mut shutdown: watch::Receiver<bool>) {
    let mut session = inner.session.subscribe();
    let mut settings = inner.live.subscribe();
    // The connection (by `Inner::connections`) whose unacknowledged messages were resumed.
    let mut resumed_for = 0;
    // Pacing: no send before this time (ms), counted from the last attempt that reached the
    // engine.
    let mut last_attempt = i64::MIN;
    let mut not_before = i64::MIN;
    loop {
        let connected = session.borrow_and_update().state == SessionState::Connected;
        let connection = inner.connections.load(Ordering::SeqCst);
        if connected && connection != resumed_for {
            // A new connection: what was handed over without a server ack went out on the
            // old one (or never left), so it goes again with the same id.
            resumed_for = connection;
            match inner
                .store
                .resume_unacknowledged(inner.clock.now_ms())
                .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(messages = n, "resending unacknowledged messages"),
                Err(e) => tracing::error!(error = %e, "cannot resume unacknowledged messages"),
            }
        }
        if !connected {
            tokio::select! {
                _ = session.changed() => continue,
                _ = shutdown.changed() => return,
            }
        }
        let now = inner.clock.now_ms();
        if now < not_before {
            tokio::select! {
                () = inner.clock.sleep(ms(not_before - now)) => {}
                _ = session.changed() => {}
                // A new pace also applies to the gap being waited out (60 s set by mistake,
                // then fixed, must not keep the queue waiting a minute).
                _ = settings.changed() => {
                    not_before = last_attempt.saturating_add(pacing_gap_ms(&inner));
                }
                _ = shutdown.changed() => return,
            }
            continue;
        }
        let claimed = match inner.store.claim_next(now).await {
            Ok(c) => c,
            Err(e) => {
                tracing::error!(error = %e, "cannot read the outbox; trying again in 5 s");
                tokio::select! {
                    () = inner.clock.sleep(Duration::from_secs(5)) => {}
                    _ = shutdown.changed() => return,
                }
                continue;
            }
        };
        let Some(claimed) = claimed else {
            // Idle until something is queued, a backoff ends, or the connection changes.
            let next_due = inner.store.next_due().await.ok().flatten();
            let backoff_ends = async {
                match next_due {
                    Some(t) => inner.clock.sleep(ms(t - now)).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                () = inner.wake.notified() => {}
                () = backoff_ends => {}
                _ = session.changed() => {}
                _ = shutdown.changed() => return,
            }
            continue;
        };
        inner.announce(&claimed.message);
        if attempt(&inner, claimed).await {
            last_attempt = inner.clock.now_ms();
            // This gap already has the pace in effect: older changes need no recomputing.
            settings.mark_unchanged();
            not_before = last_attempt + pacing_gap_ms(&inner);
        }
    }
}

/// One send attempt. Returns whether it reached the engine (and so counts for pacing).
async fn attempt(inner: &Inner, claimed: Claimed) -> bool {
    let Claimed { seq, message } = claimed;
    let outgoing = Outgoing {
        whatsapp_id: message.whatsapp_id.clone(),
        to: message.to.clone(),
        media: message
            .content
            .media()
            .map(|m| MediaFile::new(inner.blobs.clone(), m.sha256.clone())),
        content: message.content.clone(),
    };
    let result = inner.messenger.send(&outgoing).await;
    let now = inner.clock.now_ms();
    let retry = inner.config.retry;
    let max_attempts = inner.live.borrow().settings.max_attempts;
    let updated = match result {
        Ok(()) => inner.store.handed(seq, now).await,
        Err(e) if e.failure == Failure::NotConnected => {
            if let Err(e) = inner.store.release(seq).await {
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
                let wait = retry.backoff(message.attempts);
                tracing::warn!(id = %message.id, attempt = message.attempts, code = %e.code,
                    retry_in_ms = wait.as_millis() as u64, "send failed; will retry");
                inner
                    .store
                    .retry_later(seq, info, now + wait.as_millis() as i64, now)
                    .await
            } else {
                tracing::warn!(id = %message.id, attempt = message.attempts, code = %e.code, "send failed");
                inner.store.fail(seq, info, now).await
            }
        }
    };
    match updated {
        Ok(m) => inner.announce(&m),
        Err(e) => tracing::error!(error = %e, "cannot record a send attempt"),
    }
    true
}

/// The minimum gap plus a uniformly random jitter in [-jitter, +jitter], never negative.
fn pacing_gap_ms(inner: &Inner) -> i64 {
    let pacing = inner.live.borrow().pacing();
    let gap = pacing.min_gap.as_millis() as i64;
    let jitter = pacing.jitter.as_millis() as i64;
    if jitter == 0 {
        return gap;
    }
    let span = (2 * jitter + 1) as u64;
    let offset = (inner.random.next_u64() % span) as i64 - jitter;
    (gap + offset).max(0)
}

fn ms(v: i64) -> Duration {
    Duration::from_millis(u64::try_from(v).unwrap_or(0))
}
