//! The command line's [`Observer`]: a progress bar on stderr and Ctrl-C.
//!
//! The bar (indicatif, with an ETA) appears only when stderr is a terminal, the caller asked
//! for it (no `--quiet`, no `--json`) and the stage has lasted more than [`SHOW_AFTER`] of
//! wall time, so short runs and piped output stay clean. It counts from the start of the
//! stage while hidden, so the ETA is estimated from the whole stage, not from the moment it
//! became visible.
//!
//! Ctrl-C sets one process-wide cancel flag (handler installed once, through the ctrlc crate);
//! the computation sees it through [`Observer::cancelled`] and stops cleanly (a simulation
//! returns what it has simulated, with its files flushed).

use crate::model::Observer;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How long a stage runs before its bar is shown.
pub const SHOW_AFTER: Duration = Duration::from_secs(2);

/// The process-wide Ctrl-C flag; the handler is installed on first use.
fn interrupt_flag() -> Arc<AtomicBool> {
    static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    FLAG.get_or_init(|| {
        let flag = Arc::new(AtomicBool::new(false));
        let set = Arc::clone(&flag);
        // Fails only if another handler is installed already; Ctrl-C then keeps its default
        // (ending the process), which is not worth failing for.
        let _ = ctrlc::set_handler(move || set.store(true, Ordering::Relaxed));
        flag
    })
    .clone()
}

/// The bar of the current stage.
struct Stage {
    bar: ProgressBar,
    started: Instant,
    visible: bool,
}

/// Progress bar on stderr (when wanted and possible) and Ctrl-C cancellation.
pub struct Terminal {
    show: bool,
    cancel: Arc<AtomicBool>,
    stage: Mutex<Option<Stage>>,
}

impl Terminal {
    /// An observer that draws a bar if `show` and stderr is a terminal; Ctrl-C cancels in
    /// either case.
    pub fn new(show: bool) -> Terminal {
        Terminal {
            show: show && std::io::stderr().is_terminal(),
            cancel: interrupt_flag(),
            stage: Mutex::new(None),
        }
    }

    fn with_stage(&self, f: impl FnOnce(&mut Option<Stage>)) {
        // A poisoned lock only means another thread panicked while drawing: keep going.
        let mut guard = self.stage.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut guard);
    }
}

impl Observer for Terminal {
    fn start(&self, what: &str, total: u64) {
        if !self.show {
            return;
        }
        let template = if total > 0 {
            "{msg} {bar:40} {percent}%, eta {eta}"
        } else {
            "{msg} {spinner} {elapsed}"
        };
        let style =
            ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar());
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
        bar.set_style(style);
        bar.set_message(what.to_string());
        self.with_stage(|stage| {
            if let Some(old) = stage.take() {
                old.bar.finish_and_clear();
            }
            *stage = Some(Stage {
                bar,
                started: Instant::now(),
                visible: false,
            });
        });
    }

    fn advance(&self, done: u64) {
        self.with_stage(|stage| {
            if let Some(s) = stage {
                s.bar.inc(done);
                if !s.visible && s.started.elapsed() > SHOW_AFTER {
                    s.bar.set_draw_target(ProgressDrawTarget::stderr());
                    s.visible = true;
                }
            }
        });
    }

    fn finish(&self) {
        self.with_stage(|stage| {
            if let Some(s) = stage.take() {
                s.bar.finish_and_clear();
            }
        });
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Warnings go to stderr whether or not the bar is shown (`--quiet` hides progress, not
    /// warnings), above the bar when it is drawn.
    fn warn(&self, message: &str) {
        self.with_stage(|stage| match stage {
            Some(s) if s.visible => s.bar.suspend(|| eprintln!("warning: {message}")),
            _ => eprintln!("warning: {message}"),
        });
    }
}
