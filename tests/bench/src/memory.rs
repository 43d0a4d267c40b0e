//! A process's memory as the memory benchmarks report it: resident size once it has settled,
//! and its split into anonymous and file-backed pages.

use std::time::{Duration, Instant};

use crate::{rss_kib, rss_split_kib};

/// RSS is "settled" once it moved less than 1% over this many samples…
const STABLE_SAMPLES: usize = 8;
/// …taken this often.
const SAMPLE_EVERY: Duration = Duration::from_millis(250);

/// RSS in KiB once it stops moving (or after 30 s): background work after a login or a burst
/// (prekey uploads, receipts, allocator trimming) is done by then.
pub async fn settled_rss(pid: u32) -> u64 {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut samples: Vec<u64> = Vec::new();
    loop {
        samples.push(rss_kib(pid).0);
        let recent = &samples[samples.len().saturating_sub(STABLE_SAMPLES)..];
        let (lo, hi) = (
            recent.iter().copied().min().unwrap_or(0),
            recent.iter().copied().max().unwrap_or(0),
        );
        if (recent.len() == STABLE_SAMPLES && (hi - lo) * 100 <= hi) || Instant::now() > deadline {
            return *recent.last().unwrap_or(&0);
        }
        tokio::time::sleep(SAMPLE_EVERY).await;
    }
}

/// `RSS 25.1 MB (anon 5.0, file-backed 20.1)` for `rss` KiB of process `pid`.
pub fn rss_line(pid: u32, rss: u64) -> String {
    let (anon, file) = rss_split_kib(pid);
    format!(
        "RSS {} (anon {:.1}, file-backed {:.1})",
        mb(rss),
        anon as f64 / 1024.0,
        file as f64 / 1024.0
    )
}

/// KiB as `25.1 MB`.
pub fn mb(kib: u64) -> String {
    format!("{:.1} MB", kib as f64 / 1024.0)
}
