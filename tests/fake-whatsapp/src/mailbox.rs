//! Reading what recipients got: each contact's decrypted messages (one entry per message id),
//! raw delivery counts (a resend with the same id counts again), and waiting for arrivals.

use std::time::Duration;

use tokio::sync::broadcast;

use crate::Error;
use crate::network::FakeNetwork;
use crate::received::Received;

impl FakeNetwork {
    /// What the contact `phone` received so far, once per message id, in arrival order.
    pub fn received(&self, phone: &str) -> Vec<Received> {
        let state = self.shared().world.state();
        state
            .mailboxes
            .get(phone.trim_start_matches('+'))
            .map(|m| m.messages.clone())
            .unwrap_or_default()
    }

    /// Waits until the contact `phone` has received at least `n` distinct messages, then
    /// returns them all. Fails after `timeout` (a safety net: arrivals wake the wait at once).
    pub async fn wait_received(
        &self,
        phone: &str,
        n: usize,
        timeout: Duration,
    ) -> Result<Vec<Received>, Error> {
        let mut changes = self.shared().world.watch();
        let waited = tokio::time::timeout(timeout, async {
            loop {
                let got = self.received(phone);
                if got.len() >= n {
                    return got;
                }
                if changes.changed().await.is_err() {
                    // The network is gone; nothing more will arrive.
                    return got;
                }
            }
        })
        .await;
        match waited {
            Ok(got) if got.len() >= n => Ok(got),
            Ok(got) => Err(Error::WaitTimedOut {
                phone: phone.to_owned(),
                wanted: n,
                got: got.len(),
            }),
            Err(_) => Err(Error::WaitTimedOut {
                phone: phone.to_owned(),
                wanted: n,
                got: self.received(phone).len(),
            }),
        }
    }

    /// The id of every client `<message>` stanza (1:1 or group, resends included) the moment
    /// the server reads it off the socket — before it is acked or any recipient decrypts it —
    /// for benchmarks that time the client's sends. Subscribe before sending; a subscriber more
    /// than 4,096 arrivals behind gets `RecvError::Lagged`.
    pub fn stanza_arrivals(&self) -> broadcast::Receiver<String> {
        self.shared().world.arrivals()
    }

    /// How many times message `msg_id` was delivered to `phone` (resends included).
    pub fn delivery_count(&self, phone: &str, msg_id: &str) -> usize {
        let state = self.shared().world.state();
        state
            .mailboxes
            .get(phone.trim_start_matches('+'))
            .and_then(|m| m.deliveries.get(msg_id).copied())
            .unwrap_or(0)
    }

    /// Every delivery to `phone`, resends included.
    pub fn deliveries(&self, phone: &str) -> usize {
        let state = self.shared().world.state();
        state
            .mailboxes
            .get(phone.trim_start_matches('+'))
            .map(|m| m.deliveries.values().sum())
            .unwrap_or(0)
    }

    /// The copies of sent messages the shop's own phone decrypted (the client encrypts every
    /// message to its account's other devices too). They never count as a contact's.
    pub fn own_copies(&self) -> Vec<Received> {
        self.received(&self.shared().phone.number.clone())
    }
}
