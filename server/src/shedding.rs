//! Load shedding: at most a few searches run at once, a short queue waits for them, and
//! anything beyond is told at once to come back (503 `overloaded`, `Retry-After`).
//!
//! Index work runs on the request's own thread (`block_in_place`), and a worker busy with a
//! search serves nobody else: without a bound, a burst of costly requests would hold every
//! thread and every caller would wait. Answering the excess at once keeps the latency of the
//! requests that are admitted, and tells well-behaved clients when to retry.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Longest a queued request waits for a slot before it is shed after all.
pub const MAX_QUEUE_WAIT: Duration = Duration::from_secs(2);

/// Requests that may wait per slot. An ordinary search takes about a millisecond, so a full
/// queue is worked off in a few hundred milliseconds: many clients at once only wait a
/// little, and time in the queue ([`MAX_QUEUE_WAIT`]) is what sheds under real overload. (A
/// queue of four per core shed most of 200 ordinary connections: `docs/reliability.md`.)
pub const QUEUE_PER_CORE: usize = 256;

/// The slots for index work and the queue in front of them.
#[derive(Debug)]
pub struct LoadShedder {
    slots: Arc<Semaphore>,
    waiting: AtomicUsize,
    max_waiting: usize,
}

/// No slot was free and the queue was full (or the wait too long).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overloaded;

impl LoadShedder {
    /// `running` slots, with room for `max_waiting` requests to wait for one.
    pub fn new(running: usize, max_waiting: usize) -> Self {
        Self {
            slots: Arc::new(Semaphore::new(running.max(1))),
            waiting: AtomicUsize::new(0),
            max_waiting,
        }
    }

    /// Sized to the machine: one slot per core (index work is CPU-bound), and a queue of
    /// [`QUEUE_PER_CORE`] per slot.
    pub fn for_this_machine() -> Self {
        let cores = indexer::cores();
        Self::new(cores, cores * QUEUE_PER_CORE)
    }

    /// A slot, held until the permit is dropped.
    ///
    /// # Errors
    /// [`Overloaded`] at once when the queue is full, or after [`MAX_QUEUE_WAIT`] in it.
    pub async fn admit(&self) -> Result<OwnedSemaphorePermit, Overloaded> {
        if let Ok(permit) = Arc::clone(&self.slots).try_acquire_owned() {
            return Ok(permit);
        }
        if self.waiting.fetch_add(1, Ordering::AcqRel) >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::AcqRel);
            return Err(Overloaded);
        }
        let permit =
            tokio::time::timeout(MAX_QUEUE_WAIT, Arc::clone(&self.slots).acquire_owned()).await;
        self.waiting.fetch_sub(1, Ordering::AcqRel);
        match permit {
            Ok(Ok(permit)) => Ok(permit),
            // A timeout, or a closed semaphore (never closed here).
            _ => Err(Overloaded),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn beyond_the_slots_and_the_queue_requests_are_shed_at_once() {
        let shedder = Arc::new(LoadShedder::new(1, 1));
        let running = shedder.admit().await.expect("a free slot");
        let queued = {
            let shedder = Arc::clone(&shedder);
            tokio::spawn(async move { shedder.admit().await.map(drop) })
        };
        // Let the second request take its place in the queue.
        while shedder.waiting.load(Ordering::Acquire) == 0 {
            tokio::task::yield_now().await;
        }
        let started = tokio::time::Instant::now();
        assert_eq!(shedder.admit().await.map(drop), Err(Overloaded));
        assert!(started.elapsed() < MAX_QUEUE_WAIT, "shed without waiting");
        drop(running);
        assert_eq!(
            queued.await.expect("the task"),
            Ok(()),
            "the queued one runs"
        );
        assert!(shedder.admit().await.is_ok(), "free again");
    }

    #[tokio::test(start_paused = true)]
    async fn a_request_queued_too_long_is_shed() {
        let shedder = LoadShedder::new(1, 4);
        let _running = shedder.admit().await.expect("a free slot");
        assert_eq!(shedder.admit().await.map(drop), Err(Overloaded));
        assert_eq!(shedder.waiting.load(Ordering::Acquire), 0);
    }
}
