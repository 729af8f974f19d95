//! One memory budget for all image decoding at once: uploads wait their turn instead of all
//! unpacking their pixels together.

use tokio::sync::Semaphore;
#[cfg(test)]
use tokio::sync::SemaphorePermit;

use crate::error::{Failure, Result};

/// MiB that all pictures being decoded and resized may hold together. Each upload is bounded on
/// its own (see [`super::MAX_IMAGE_SIDE`]), but six bounded ones at once took the server from
/// 150 MB to 3 GB. The largest picture we accept (8000 × 8000 RGBA) needs about 284 MiB and
/// so runs alone; a 12-megapixel phone photo needs about 100 MiB, so three run at once — more
/// than a small server has cores for anyway. Waiting uploads take longer; nothing else does.
pub const DECODE_BUDGET_MIB: u32 = 320;

const MIB: u64 = 1024 * 1024;

/// One permit a MiB.
static BUDGET: Semaphore = Semaphore::const_new(DECODE_BUDGET_MIB as usize);

/// The budget's share, in MiB, for work that holds at most `bytes`: at least 1, and at most the
/// whole budget, so a picture larger than the budget still runs (alone).
pub(super) fn share(bytes: u64) -> u32 {
    u32::try_from(bytes.div_ceil(MIB)).unwrap_or(u32::MAX).clamp(1, DECODE_BUDGET_MIB)
}

/// Runs `work`, which holds at most `bytes`, on a blocking thread once that share of the budget is
/// free. Waiting holds no thread; the share is returned when `work` ends, even if the caller has
/// gone away by then.
pub(super) async fn run<T: Send + 'static>(bytes: u64, work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    let permit = BUDGET.acquire_many(share(bytes)).await.map_err(|e| Failure::Export(e.to_string()))?;
    tokio::task::spawn_blocking(move || {
        let _held = permit;
        work()
    })
    .await
    .map_err(|e| Failure::Export(e.to_string()).into())
}

/// The whole budget, so that tests can see uploads wait.
#[cfg(test)]
pub(super) async fn hold_all() -> Option<SemaphorePermit<'static>> {
    BUDGET.acquire_many(DECODE_BUDGET_MIB).await.ok()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    #[test]
    fn shares_are_whole_mib_within_the_budget() {
        assert_eq!(share(0), 1);
        assert_eq!(share(1), 1);
        assert_eq!(share(MIB), 1);
        assert_eq!(share(MIB + 1), 2);
        assert_eq!(share(100 * MIB), 100);
        assert_eq!(share(u64::MAX), DECODE_BUDGET_MIB, "larger than the budget: runs alone");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn work_beyond_the_budget_waits_its_turn() {
        // Each needs a little over a third of the budget: at most two run at once.
        let third = u64::from(DECODE_BUDGET_MIB / 3 + 1) * MIB;
        let running = Arc::new(AtomicU32::new(0));
        let most = Arc::new(AtomicU32::new(0));
        let tasks: Vec<_> = (0..6)
            .map(|_| {
                let (running, most) = (running.clone(), most.clone());
                tokio::spawn(run(third, move || {
                    most.fetch_max(running.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(100));
                    running.fetch_sub(1, Ordering::SeqCst);
                }))
            })
            .collect();
        for task in tasks {
            assert!(matches!(task.await, Ok(Ok(()))));
        }
        assert_eq!(most.load(Ordering::SeqCst), 2, "two at once, never three");
        // More than the whole budget still runs.
        assert!(matches!(run(u64::MAX, || 7).await, Ok(7)));
    }
}
