//! A time budget for the numerical searches (fixed points, roots of the characteristic
//! equation, the argument-principle count, parabolic-cylinder continuation), so that every
//! command ends.
//!
//! Each solver and search already has an iteration bound of its own (Newton steps per seed,
//! bisections per contour edge, Taylor steps per continuation); the budget adds one wall-clock
//! deadline shared by all of them within one analysis. A search that runs past it stops with
//! [`Error::Runtime`] (exit code 1) and a message in plain words: what was being computed, the
//! limit, and what to try ([`Budget::hint`], set by the caller that knows its options).
//!
//! The clock is read at every evaluation of the characteristic function (one evaluation costs
//! microseconds to milliseconds, a clock read about 25 ns), so the deadline is overshot by at
//! most one evaluation, itself bounded by the iteration limits.

use eibal_model::error::{Error, Result};
use std::time::{Duration, Instant};

/// Default wall-clock limit of one stability or theory analysis (s): about a hundred times
/// what the shipped models need.
pub const DEFAULT_TIME_LIMIT_S: f64 = 60.0;

/// A wall-clock deadline and the advice to give when it passes.
#[derive(Debug, Clone, PartialEq)]
pub struct Budget {
    /// The limit as given (`None`: unlimited).
    limit: Option<Duration>,
    /// When it runs out.
    deadline: Option<Instant>,
    /// What to try when it runs out (options of the caller), a sentence.
    pub hint: String,
}

impl Default for Budget {
    /// Unlimited: for library callers that bound their own work.
    fn default() -> Budget {
        Budget::unlimited()
    }
}

impl Budget {
    /// No deadline.
    pub fn unlimited() -> Budget {
        Budget {
            limit: None,
            deadline: None,
            hint: String::new(),
        }
    }

    /// The default limit ([`DEFAULT_TIME_LIMIT_S`]) from now.
    pub fn default_limit() -> Budget {
        Budget::seconds(DEFAULT_TIME_LIMIT_S).unwrap_or_default()
    }

    /// A deadline `seconds` from now. Refuses a limit that is not a positive finite number
    /// (bad input, exit 2).
    pub fn seconds(seconds: f64) -> Result<Budget> {
        if !(seconds.is_finite() && seconds > 0.0) {
            return Err(Error::BadInput(format!(
                "the time limit must be a positive number of seconds, got {seconds}"
            )));
        }
        // Beyond a year the deadline is as good as none (and Instant + huge would overflow).
        if seconds > 3.2e7 {
            return Ok(Budget::unlimited());
        }
        let limit = Duration::from_secs_f64(seconds);
        Ok(Budget {
            limit: Some(limit),
            deadline: Some(Instant::now() + limit),
            hint: String::new(),
        })
    }

    /// The same deadline with `hint` as the advice.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Budget {
        self.hint = hint.into();
        self
    }

    /// The time left (`None`: unlimited).
    pub fn remaining(&self) -> Option<Duration> {
        self.deadline
            .map(|d| d.saturating_duration_since(Instant::now()))
    }

    /// Whether the deadline has passed.
    pub fn exhausted(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// `Ok` while time is left; otherwise the plain-words error for `what` (e.g. "the search
    /// for roots of the characteristic equation").
    pub fn check(&self, what: &str) -> Result<()> {
        if self.exhausted() {
            Err(self.exceeded(what))
        } else {
            Ok(())
        }
    }

    /// The error for `what` having run out of time.
    pub fn exceeded(&self, what: &str) -> Error {
        let limit = self.limit.map_or(0.0, |l| l.as_secs_f64());
        let mut text = format!(
            "{what} did not finish within the time limit of {limit} s; the model is probably \
             outside the range where this method is fast (e.g. very slow or very weak \
             dynamics)"
        );
        if !self.hint.is_empty() {
            text.push_str("; ");
            text.push_str(&self.hint);
        }
        Error::Runtime(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unlimited_budget_never_runs_out() {
        let b = Budget::unlimited();
        assert!(!b.exhausted() && b.check("x").is_ok() && b.remaining().is_none());
    }

    #[test]
    fn a_passed_deadline_gives_a_runtime_error_with_the_hint() {
        let b = Budget::seconds(1e-9).unwrap().with_hint("try `--low-pass`");
        std::thread::sleep(Duration::from_millis(2));
        let e = b.check("the root search").unwrap_err();
        assert_eq!(e.exit_code(), 1);
        let text = e.to_string();
        assert!(text.starts_with("the root search did not finish within the time limit"));
        assert!(text.ends_with("try `--low-pass`"), "{text}");
    }

    #[test]
    fn a_limit_that_is_not_a_positive_number_is_bad_input() {
        for s in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert_eq!(Budget::seconds(s).unwrap_err().exit_code(), 2, "{s}");
        }
        assert!(Budget::seconds(1e300).unwrap().remaining().is_none());
    }
}
