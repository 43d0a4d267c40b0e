//! A message's delivery status and the one rule about it: it only ever moves forward.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where a message is in its life. The happy path is
/// `queued → sending → sent → delivered → read (→ played)`; `failed` and `cancelled` end it early.
/// A message sent later starts `scheduled` instead of `queued`, and becomes `expired` instead of
/// going out when it is found far past its time (the computer was off).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Waiting for its `send_at`.
    Scheduled,
    Queued,
    Sending,
    Sent,
    Delivered,
    Read,
    Played,
    Failed,
    Cancelled,
    /// Not sent: its time passed by more than the allowed delay before it could go, or its
    /// customer did not write within `customer_wait_ms` while it was `waiting`.
    Expired,
    /// A broadcast's message to a number without WhatsApp, found by the broadcast's check
    /// before its first send: not sent, and not tried one by one.
    Skipped,
    /// WhatsApp refused it as a first message to someone who never wrote to the shop's
    /// number (error 463, the reach-out limit): it goes as soon as that customer writes
    /// (or expires after `customer_wait_ms`).
    Waiting,
}

impl Status {
    pub const ALL: [Status; 12] = [
        Status::Scheduled,
        Status::Queued,
        Status::Sending,
        Status::Sent,
        Status::Delivered,
        Status::Read,
        Status::Played,
        Status::Failed,
        Status::Cancelled,
        Status::Expired,
        Status::Skipped,
        Status::Waiting,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Scheduled => "scheduled",
            Status::Queued => "queued",
            Status::Sending => "sending",
            Status::Sent => "sent",
            Status::Delivered => "delivered",
            Status::Read => "read",
            Status::Played => "played",
            Status::Failed => "failed",
            Status::Cancelled => "cancelled",
            Status::Expired => "expired",
            Status::Skipped => "skipped",
            Status::Waiting => "waiting",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Position on the happy path; `failed`, `cancelled` and `expired` sit beside it, not on
    /// it. Waiting for a time is the same step as waiting in the queue.
    fn rank(self) -> Option<u8> {
        match self {
            Status::Scheduled | Status::Queued => Some(0),
            Status::Sending => Some(1),
            Status::Sent => Some(2),
            Status::Delivered => Some(3),
            Status::Read => Some(4),
            Status::Played => Some(5),
            Status::Failed
            | Status::Cancelled
            | Status::Expired
            | Status::Skipped
            | Status::Waiting => None,
        }
    }

    /// True once the WhatsApp server has the message (sent or beyond).
    pub fn reached_server(self) -> bool {
        self.rank().is_some_and(|r| r >= 2)
    }

    /// Whether an update from `self` to `next` moves forward. Events can arrive out of order
    /// (a read receipt before the server ack), so anything else is ignored, not applied.
    ///
    /// - Cancelled is the end: a cancelled message never reached the server.
    /// - Only a message still waiting (queued or sending) can fail or be cancelled.
    /// - A failed message moves on only with proof the server has it (a late ack or receipt):
    ///   the server's word beats our guess. Retrying a failed message is a user action that
    ///   starts a new attempt, not a status update, and goes through its own path.
    pub fn can_advance_to(self, next: Status) -> bool {
        match (self, next) {
            (Status::Cancelled | Status::Expired | Status::Skipped, _) => false,
            // Skipped before it was ever handed over, like a cancel.
            (from, Status::Skipped) => matches!(from, Status::Scheduled | Status::Queued),
            // Only a message still waiting — for its time, or for its customer to write
            // first — can run out of it.
            (from, Status::Expired) => matches!(from, Status::Scheduled | Status::Waiting),
            // One held for its customer never reached them: the shop may still withdraw it.
            (Status::Waiting, Status::Cancelled) => true,
            (from, Status::Cancelled | Status::Failed) => {
                matches!(from, Status::Scheduled | Status::Queued | Status::Sending)
            }
            (Status::Failed, to) => to.reached_server(),
            // Held for the customer: it goes again (queued anew) only when they write — a
            // path of its own, not a status update; nothing the server reports moves it.
            (Status::Waiting, _) | (_, Status::Waiting) => false,
            (from, to) => match (from.rank(), to.rank()) {
                (Some(a), Some(b)) => b > a,
                _ => false,
            },
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Status::*;
    use super::*;

    #[test]
    fn happy_path_only_moves_forward() {
        let path = [Queued, Sending, Sent, Delivered, Read, Played];
        for (i, a) in path.iter().enumerate() {
            for (j, b) in path.iter().enumerate() {
                assert_eq!(a.can_advance_to(*b), j > i, "{a} -> {b}");
            }
        }
    }

    #[test]
    fn failure_and_cancel_only_before_the_server_has_it() {
        for s in [Queued, Sending] {
            assert!(s.can_advance_to(Failed));
            assert!(s.can_advance_to(Cancelled));
        }
        for s in [Sent, Delivered, Read, Played, Failed, Cancelled] {
            assert!(!s.can_advance_to(Failed), "{s} -> failed");
            assert!(!s.can_advance_to(Cancelled), "{s} -> cancelled");
        }
    }

    #[test]
    fn a_late_receipt_rescues_a_failed_message_but_nothing_moves_a_cancelled_one() {
        assert!(Failed.can_advance_to(Sent));
        assert!(Failed.can_advance_to(Read));
        assert!(!Failed.can_advance_to(Queued));
        assert!(!Failed.can_advance_to(Sending));
        for s in Status::ALL {
            assert!(!Cancelled.can_advance_to(s));
        }
    }

    #[test]
    fn a_scheduled_message_goes_out_or_is_stopped_and_an_expired_one_is_over() {
        assert!(Scheduled.can_advance_to(Sending));
        assert!(Scheduled.can_advance_to(Cancelled));
        assert!(Scheduled.can_advance_to(Expired));
        assert!(!Scheduled.can_advance_to(Queued), "the same step");
        assert!(!Queued.can_advance_to(Scheduled));
        for s in [Queued, Sending, Sent, Read, Failed, Cancelled] {
            assert!(!s.can_advance_to(Expired), "{s} -> expired");
        }
        for s in Status::ALL {
            assert!(!Expired.can_advance_to(s), "expired -> {s}");
        }
    }

    #[test]
    fn a_message_held_for_its_customer_goes_only_by_its_own_path_expires_or_is_withdrawn() {
        assert!(Waiting.can_advance_to(Expired));
        assert!(Waiting.can_advance_to(Cancelled));
        for s in [Queued, Sending, Sent, Delivered, Read, Failed, Skipped] {
            assert!(!Waiting.can_advance_to(s), "waiting -> {s}");
            assert!(!s.can_advance_to(Waiting), "{s} -> waiting");
        }
    }

    #[test]
    fn only_a_message_not_yet_handed_over_is_skipped_and_nothing_follows() {
        assert!(Queued.can_advance_to(Skipped));
        assert!(Scheduled.can_advance_to(Skipped));
        for s in [Sending, Sent, Delivered, Failed, Cancelled, Expired] {
            assert!(!s.can_advance_to(Skipped), "{s} -> skipped");
        }
        for s in Status::ALL {
            assert!(!Skipped.can_advance_to(s), "skipped -> {s}");
        }
    }

    #[test]
    fn names_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        assert_eq!(Status::parse("nope"), None);
    }
}
