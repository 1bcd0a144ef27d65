//! Progress and cancellation of long computations, supplied by the caller (after argmin's
//! observers): the command line draws a terminal bar, the Python package a tqdm bar or
//! nothing, and a Ctrl-C in either reaches the computation through [`Observer::cancelled`].
//!
//! The computation calls [`Observer::start`] for each stage with the amount of work it will
//! do, [`Observer::advance`] as it goes (from any thread), and checks
//! [`Observer::cancelled`] often enough to stop within a fraction of a second; it then returns
//! [`crate::Error::Cancelled`] or, where a partial result is meaningful (a simulation), a
//! result that says it was interrupted.

/// Receives progress and answers whether to stop. Shared between worker threads, so every
/// method takes `&self`.
pub trait Observer: Send + Sync {
    /// A stage begins: `what` in a few words ("simulating brunel2000_A"), `total` units of
    /// work (steps, points), 0 when unknown.
    fn start(&self, what: &str, total: u64) {
        let _ = (what, total);
    }
    /// The current stage turned out to have `more` units of work besides those announced.
    fn grow(&self, more: u64) {
        let _ = more;
    }
    /// `done` more units of the current stage are finished.
    fn advance(&self, done: u64) {
        let _ = done;
    }
    /// The current stage is over.
    fn finish(&self) {}
    /// True once the caller wants the computation to stop.
    fn cancelled(&self) -> bool {
        false
    }
    /// Something the user should know before the computation goes on (a recording that will
    /// fill many GB of disk), in plain words.
    fn warn(&self, message: &str) {
        let _ = message;
    }
}

/// The observer that shows nothing and never cancels.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Observer for Silent {}

/// Passes on only the cancellation of another observer: for the runs inside a sweep or a
/// phase diagram, whose progress is counted in whole runs by the outer stage, but which must
/// stop when the caller cancels.
#[derive(Clone, Copy)]
pub struct CancelOnly<'a>(pub &'a dyn Observer);

impl Observer for CancelOnly<'_> {
    fn cancelled(&self) -> bool {
        self.0.cancelled()
    }
}

/// Cancellation by a shared flag (set by a signal handler), without progress display.
#[derive(Debug, Clone, Default)]
pub struct CancelFlag(pub std::sync::Arc<std::sync::atomic::AtomicBool>);

impl CancelFlag {
    pub fn cancel(&self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

impl Observer for CancelFlag {
    fn cancelled(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}
