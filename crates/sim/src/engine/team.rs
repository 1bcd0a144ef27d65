//! The thread team of a run: `threads - 1` scoped workers plus the calling thread, which
//! meet at a barrier between the phases of every exchange interval (update, delivery; see
//! `engine`). Threads live for the whole run, so an interval costs two barrier waits rather
//! than thread starts; the calling thread records while it waits (`wait_working`).
//!
//! The barrier spins briefly (a step of a small network takes microseconds, less than a
//! sleep and wake-up of the operating system) and then yields the processor, so that a
//! loaded machine or more threads than cores degrade gracefully.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Spins before yielding, in iterations of `spin_loop` (a few microseconds).
const SPINS: u32 = 4000;

/// A reusable barrier for `n` threads.
pub struct Barrier {
    n: usize,
    count: AtomicUsize,
    generation: AtomicUsize,
    /// Set when a thread left the run abnormally (a panic): everyone stops waiting.
    poisoned: AtomicBool,
}

impl Barrier {
    pub fn new(n: usize) -> Barrier {
        Barrier {
            n: n.max(1),
            count: AtomicUsize::new(0),
            generation: AtomicUsize::new(0),
            poisoned: AtomicBool::new(false),
        }
    }

    /// Waits until all `n` threads have called `wait` (of this round). Returns false when the
    /// barrier was poisoned (the caller should stop).
    pub fn wait(&self) -> bool {
        self.wait_working(&mut || false)
    }

    /// The same, doing `work` while waiting: called again and again, as long as the others
    /// have not all arrived, until it returns false (nothing left to do). Each call should be
    /// short: the caller notices the release only between calls.
    pub fn wait_working(&self, work: &mut dyn FnMut() -> bool) -> bool {
        if self.n == 1 {
            return !self.poisoned.load(Ordering::Relaxed);
        }
        let generation = self.generation.load(Ordering::Acquire);
        if self.count.fetch_add(1, Ordering::AcqRel) + 1 == self.n {
            self.count.store(0, Ordering::Relaxed);
            self.generation.fetch_add(1, Ordering::AcqRel);
            return !self.poisoned.load(Ordering::Acquire);
        }
        let mut working = true;
        let mut spins = 0u32;
        while self.generation.load(Ordering::Acquire) == generation {
            if self.poisoned.load(Ordering::Acquire) {
                return false;
            }
            if working {
                working = work();
            } else if spins < SPINS {
                std::hint::spin_loop();
                spins += 1;
            } else {
                std::thread::yield_now();
            }
        }
        !self.poisoned.load(Ordering::Acquire)
    }

    /// Releases every waiting thread for good.
    pub fn poison(&self) {
        self.poisoned.store(true, Ordering::Release);
    }
}

/// Poisons the barrier when dropped during a panic, so that the other threads do not wait
/// forever for a thread that is gone.
pub struct PoisonOnPanic<'a>(pub &'a Barrier);

impl Drop for PoisonOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.poison();
        }
    }
}

/// The number of threads to use: `requested`, or every core for 0.
pub fn resolve(requested: usize) -> usize {
    if requested == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        requested
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn barrier_orders_phases() {
        let b = Barrier::new(3);
        let counter = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..3 {
                s.spawn(|| {
                    for round in 0..100 {
                        counter.fetch_add(1, Ordering::SeqCst);
                        assert!(b.wait());
                        assert_eq!(counter.load(Ordering::SeqCst), 3 * (round + 1));
                        assert!(b.wait());
                    }
                });
            }
        });
    }
}
