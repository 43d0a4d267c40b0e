//! A bound on the attachment bytes that sends in progress may hold in memory, so a burst of
//! large sends gets a clear "busy, try again shortly" (`BUSY`) instead of exhausting memory
//! and taking the POS's port down with the process. Both surfaces (REST, desktop) go through
//! it: the rule lives here once.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::media::human_size;
use crate::{Code, Error, Result};

/// What a refused sender is told to wait before trying again (HTTP `Retry-After`).
pub const RETRY_AFTER: Duration = Duration::from_secs(3);

/// Requests up to this size are not counted: a text or a small receipt costs little memory,
/// and must not wait behind someone's 100 MB upload.
pub const SMALL: u64 = 1024 * 1024;

/// Bytes are counted in KiB, so that the semaphore's `u32` permits cover any budget.
const UNIT: u64 = 1024;

/// Room for the attachment bytes of sends in progress.
#[derive(Debug, Clone)]
pub struct Budget {
    room: Arc<Semaphore>,
    /// The whole budget, in units.
    total: u32,
}

/// A send's share of the budget, given back when dropped (when the send is stored or
/// refused).
#[derive(Debug)]
pub struct Admission {
    _permit: Option<OwnedSemaphorePermit>,
}

impl Budget {
    pub fn new(bytes: u64) -> Budget {
        let total = u32::try_from(bytes.div_ceil(UNIT).max(1)).unwrap_or(u32::MAX);
        Budget {
            room: Arc::new(Semaphore::new(total as usize)),
            total,
        }
    }

    /// Admits a send that may hold `bytes` in memory, or refuses it at once with `BUSY`.
    /// A send larger than the whole budget is admitted when it would be alone.
    pub fn admit(&self, bytes: u64) -> Result<Admission> {
        if bytes <= SMALL {
            return Ok(Admission { _permit: None });
        }
        let units = u32::try_from(bytes.div_ceil(UNIT))
            .unwrap_or(u32::MAX)
            .min(self.total);
        match self.room.clone().try_acquire_many_owned(units) {
            Ok(permit) => Ok(Admission {
                _permit: Some(permit),
            }),
            Err(_) => {
                tracing::warn!(
                    bytes,
                    "a large send refused: the budget for attachments in memory is in use"
                );
                Err(Error::new(
                    Code::Busy,
                    format!(
                        "busy receiving other large attachments (up to {} at a time); try \
                         again in {} s",
                        human_size(u64::from(self.total) * UNIT),
                        RETRY_AFTER.as_secs()
                    ),
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: u64 = 1024 * 1024;

    #[test]
    fn large_sends_share_the_budget_and_small_ones_never_wait() {
        let budget = Budget::new(100 * MB);
        let a = budget.admit(60 * MB).unwrap();
        let e = budget.admit(60 * MB).unwrap_err();
        assert_eq!(e.code, Code::Busy);
        assert!(e.message.contains("try again in 3 s"), "{}", e.message);
        let _b = budget.admit(40 * MB).unwrap();
        for _ in 0..100 {
            budget.admit(SMALL).unwrap();
        }
        drop(a);
        let _c = budget.admit(60 * MB).unwrap();
    }

    #[test]
    fn a_send_larger_than_the_budget_goes_alone() {
        let budget = Budget::new(100 * MB);
        let big = budget.admit(150 * MB).unwrap();
        assert_eq!(budget.admit(2 * MB).unwrap_err().code, Code::Busy);
        drop(big);
        let _again = budget.admit(150 * MB).unwrap();
    }
}
