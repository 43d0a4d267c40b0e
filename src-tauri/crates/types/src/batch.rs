//! A batch (a broadcast): one template sent to many recipients, owned by the service, with
//! its progress as every surface reports it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{Content, Status};

/// Where a batch is. `running` while items wait to be sent (or for `send_at`); `paused`
/// holds its items; `cancelled` and `done` are the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BatchStatus {
    Running,
    Paused,
    Cancelled,
    Done,
}

impl BatchStatus {
    pub const ALL: [BatchStatus; 4] = [
        BatchStatus::Running,
        BatchStatus::Paused,
        BatchStatus::Cancelled,
        BatchStatus::Done,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BatchStatus::Running => "running",
            BatchStatus::Paused => "paused",
            BatchStatus::Cancelled => "cancelled",
            BatchStatus::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Option<BatchStatus> {
        BatchStatus::ALL.into_iter().find(|b| b.as_str() == s)
    }

    /// Whether a user's pause, resume or cancel may move the batch from `self` to `next`:
    /// the end states are final.
    pub fn can_become(self, next: BatchStatus) -> bool {
        matches!(
            (self, next),
            (
                BatchStatus::Running,
                BatchStatus::Paused | BatchStatus::Cancelled
            ) | (
                BatchStatus::Paused,
                BatchStatus::Running | BatchStatus::Cancelled
            )
        )
    }
}

impl std::fmt::Display for BatchStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A batch as stored and reported.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Batch {
    pub id: String,
    pub name: String,
    /// The WhatsApp number (profile) that sends it; empty: the one linked number.
    pub profile: String,
    pub status: BatchStatus,
    /// The template as validated, placeholders not yet filled in.
    pub template: Content,
    /// Items (recipients) in the batch.
    pub total: u32,
    /// Items per message status; statuses with none are left out.
    #[schema(value_type = Object, example = json!({"queued": 480, "sent": 20}))]
    pub counts: BTreeMap<Status, u32>,
    /// Items no longer waiting to be handed to WhatsApp, 0 to `total`.
    pub finished: u32,
    /// The minimum gap between this batch's items, ms (absent: the shop's pacing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pacing_ms: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jitter_ms: Option<u64>,
    /// No item is sent before this time (ms since the epoch).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub send_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
    pub created_at: i64,
    /// When its first item was taken for sending.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at: Option<i64>,
    /// When it became `done` or `cancelled`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<i64>,
    /// At the pace measured so far (or the pace set, before the first send), how long the
    /// items left will take, ms. Absent when nothing is left or the batch is paused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimated_ms_left: Option<i64>,
}

/// A batch's progress changed (an item was handed over, it was paused, resumed, cancelled
/// or finished): the SSE event `batch`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct BatchUpdate {
    pub id: String,
    pub status: BatchStatus,
    pub total: u32,
    pub finished: u32,
    /// ms since the epoch.
    pub at: i64,
}

#[cfg(test)]
mod tests {
    use super::BatchStatus::*;

    #[test]
    fn end_states_are_final() {
        assert!(Running.can_become(Paused));
        assert!(Paused.can_become(Running));
        assert!(Running.can_become(Cancelled));
        assert!(Paused.can_become(Cancelled));
        for end in [Cancelled, Done] {
            for next in super::BatchStatus::ALL {
                assert!(!end.can_become(next), "{end} -> {next}");
            }
        }
        assert!(!Running.can_become(Done), "done is the service's to decide");
    }
}
