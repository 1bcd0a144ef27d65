//! Long computations off the calling thread, with Ctrl-C and progress.
//!
//! [`run`] starts the computation on a worker thread and releases the GIL. The calling thread
//! (in a notebook the kernel's main thread, where Python runs signal handlers) wakes every
//! [`POLL`], attaches to the interpreter, runs `PyErr_CheckSignals` and draws progress. A
//! pending `KeyboardInterrupt` sets the cancel flag of the [`Watch`], which is the
//! computation's [`Observer`]: the simulation and the sweeps check it every few milliseconds
//! and stop, and the call raises the interrupt. The workers never touch Python, so progress
//! costs them one atomic add per report.

use crate::errors::to_py;
use eibal_model::{Error, Observer};
use pyo3::prelude::*;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::Duration;

/// How often the calling thread checks signals and redraws progress.
pub const POLL: Duration = Duration::from_millis(50);
/// Stack of the worker thread (as much as a main thread gets on Linux).
const STACK: usize = 8 << 20;

/// The stage being computed, as [`Observer::start`] announced it.
#[derive(Debug, Clone, Default)]
struct Stage {
    what: String,
    total: u64,
    /// How many stages have started (a new number is a new bar).
    number: u64,
    open: bool,
}

/// The observer handed to the study workflows: a cancel flag and the progress counters.
#[derive(Debug, Default)]
pub struct Watch {
    cancel: AtomicBool,
    done: AtomicU64,
    stage: Mutex<Stage>,
}

impl Watch {
    fn stage(&self) -> Stage {
        self.stage.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn with_stage(&self, f: impl FnOnce(&mut Stage)) {
        f(&mut self.stage.lock().unwrap_or_else(|e| e.into_inner()));
    }
}

impl Observer for Watch {
    fn start(&self, what: &str, total: u64) {
        self.with_stage(|s| {
            s.what = what.to_string();
            s.total = total;
            s.number += 1;
            s.open = true;
            self.done.store(0, Ordering::Relaxed);
        });
    }

    fn grow(&self, more: u64) {
        self.with_stage(|s| s.total += more);
    }

    fn advance(&self, done: u64) {
        self.done.fetch_add(done, Ordering::Relaxed);
    }

    fn finish(&self) {
        self.with_stage(|s| s.open = false);
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// What the progress object (`eibal._progress.Bar` or any object with `start(what, total)`,
/// `update(done, total)` and `close()`) currently shows.
#[derive(Debug, Default)]
struct Shown {
    number: u64,
    open: bool,
}

/// Brings `progress` up to date with `watch`. A failing progress object must not fail the
/// computation: its exception is reported as unraisable and the bar is dropped.
fn redraw(py: Python<'_>, progress: &Bound<'_, PyAny>, watch: &Watch, shown: &mut Shown) {
    let stage = watch.stage();
    let mut step = || -> PyResult<()> {
        if stage.number != shown.number {
            if shown.open {
                progress.call_method0("close")?;
            }
            progress.call_method1("start", (stage.what.as_str(), stage.total))?;
            shown.number = stage.number;
            shown.open = true;
        }
        if shown.open {
            let done = watch.done.load(Ordering::Relaxed);
            progress.call_method1("update", (done, stage.total))?;
            if !stage.open {
                progress.call_method0("close")?;
                shown.open = false;
            }
        }
        Ok(())
    };
    if let Err(e) = step() {
        e.write_unraisable(py, Some(progress));
        shown.open = false;
        shown.number = u64::MAX;
    }
}

/// Runs `work` on a worker thread with the GIL released; Ctrl-C cancels it and raises
/// `KeyboardInterrupt`, errors become eibal's Python exceptions.
pub fn run<T, F>(py: Python<'_>, progress: Option<Py<PyAny>>, work: F) -> PyResult<T>
where
    T: Send,
    F: FnOnce(&Watch) -> eibal_model::Result<T> + Send,
{
    let watch = Watch::default();
    let (outcome, interrupt) = py.detach(|| {
        std::thread::scope(|scope| {
            let (done_tx, done_rx) = mpsc::channel::<()>();
            let watch_ref = &watch;
            let worker = std::thread::Builder::new()
                .name("eibal".into())
                .stack_size(STACK)
                .spawn_scoped(scope, move || {
                    let result = work(watch_ref);
                    let _ = done_tx.send(());
                    result
                });
            let worker = match worker {
                Ok(w) => w,
                Err(e) => {
                    let why = format!("could not start a worker thread: {e}");
                    return (Err(Error::Runtime(why)), None);
                }
            };
            let mut interrupt: Option<PyErr> = None;
            let mut shown = Shown::default();
            while let Err(mpsc::RecvTimeoutError::Timeout) = done_rx.recv_timeout(POLL) {
                Python::attach(|py| {
                    if interrupt.is_none()
                        && let Err(e) = py.check_signals()
                    {
                        interrupt = Some(e);
                        watch.cancel.store(true, Ordering::Relaxed);
                    }
                    if let Some(p) = &progress {
                        redraw(py, p.bind(py), &watch, &mut shown);
                    }
                });
            }
            let outcome = worker.join().unwrap_or_else(|panic| {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown".into());
                Err(Error::Runtime(format!(
                    "internal error (a bug in eibal): {what}"
                )))
            });
            if let Some(p) = &progress {
                Python::attach(|py| {
                    redraw(py, p.bind(py), &watch, &mut shown);
                    if shown.open {
                        let _ = p.bind(py).call_method0("close");
                    }
                });
            }
            (outcome, interrupt)
        })
    });
    if let Some(e) = interrupt {
        return Err(e);
    }
    outcome.map_err(|e| to_py(py, e))
}
