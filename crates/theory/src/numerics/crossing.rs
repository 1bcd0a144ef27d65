//! Critical values: where a stability indicator crosses its threshold along one parameter.
//!
//! The problem is a scalar function s(x) of one parameter whose sign says which side of the
//! transition the model is on (for example the largest growth rate Re lambda of the
//! characteristic equation, or a spectral radius minus 1). A bracket [lo, hi] with a sign change
//! is located on a coarse grid ([`bracket`]), then refined by Brent's method (argmin's
//! `BrentRoot`: bisection safety with inverse quadratic interpolation; Brent 1973, ch. 4), run by
//! argmin's `Executor`. The solver, the problem and the executor stay apart as in argmin.

use argmin::core::{CostFunction, Executor, State, TerminationReason, TerminationStatus};
use argmin::solver::brent::BrentRoot;
use eibal_model::error::{Error, Result};

/// A located crossing: the parameter value and the half-width of its final bracket.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Crossing {
    /// The critical parameter value.
    pub value: f64,
    /// The stated tolerance: |value - true crossing| is below this (absolute, in the
    /// parameter's own units).
    pub tolerance: f64,
    /// Evaluations of the indicator used (grid and refinement).
    pub evaluations: usize,
}

/// Adapts a fallible scalar indicator to argmin's `CostFunction`.
struct Indicator<'a, F> {
    f: &'a F,
    evaluations: std::cell::Cell<usize>,
}

impl<F> CostFunction for Indicator<'_, F>
where
    F: Fn(f64) -> Result<f64>,
{
    type Param = f64;
    type Output = f64;

    fn cost(&self, x: &f64) -> std::result::Result<f64, argmin::core::Error> {
        self.evaluations.set(self.evaluations.get() + 1);
        let v = (self.f)(*x).map_err(|e| argmin::core::Error::msg(e.to_string()))?;
        if v.is_finite() {
            Ok(v)
        } else {
            Err(argmin::core::Error::msg(format!(
                "the stability indicator is not finite at {x}"
            )))
        }
    }
}

/// Finds the crossing s(x) = 0 inside `[lo, hi]`, where s(lo) and s(hi) must have opposite
/// signs, to an absolute tolerance `tol` in x.
pub fn find_critical<F>(f: F, lo: f64, hi: f64, tol: f64) -> Result<Crossing>
where
    F: Fn(f64) -> Result<f64>,
{
    if !(lo.is_finite() && hi.is_finite() && lo < hi) {
        return Err(Error::BadInput(format!(
            "the critical search needs a range lo < hi, got {lo}:{hi}"
        )));
    }
    if tol.is_nan() || tol <= 0.0 {
        return Err(Error::BadInput(format!(
            "the critical search needs a positive tolerance, got {tol}"
        )));
    }
    let indicator = Indicator {
        f: &f,
        evaluations: std::cell::Cell::new(0),
    };
    let s_lo = indicator.cost(&lo).map_err(runtime)?;
    let s_hi = indicator.cost(&hi).map_err(runtime)?;
    if s_lo == 0.0 || s_hi == 0.0 {
        let value = if s_lo == 0.0 { lo } else { hi };
        return Ok(Crossing {
            value,
            tolerance: 0.0,
            evaluations: indicator.evaluations.get(),
        });
    }
    if s_lo.signum() == s_hi.signum() {
        return Err(Error::Runtime(format!(
            "no crossing in [{lo}, {hi}]: the indicator has the same sign at both ends \
             ({s_lo:.4e} and {s_hi:.4e}); widen the range"
        )));
    }
    // BrentRoot's tolerance is 2 eps |b| + tol/2 on the half-bracket, so `tol` bounds the
    // error of the returned point.
    let solver = BrentRoot::new(lo, hi, tol);
    let result = Executor::new(indicator, solver)
        .configure(|state| state.max_iters(200))
        .run()
        .map_err(runtime)?;
    let state = result.state();
    let converged = matches!(
        state.get_termination_status(),
        TerminationStatus::Terminated(TerminationReason::SolverConverged)
    );
    let value = *state
        .get_best_param()
        .or(state.get_param())
        .ok_or_else(|| Error::Runtime("the critical search lost its state".into()))?;
    if !converged {
        return Err(Error::Runtime(format!(
            "the critical search did not converge to {tol} within 200 steps (last value {value})"
        )));
    }
    Ok(Crossing {
        value,
        tolerance: tol,
        evaluations: result
            .problem()
            .problem
            .as_ref()
            .map_or(0, |p| p.evaluations.get()),
    })
}

/// The first sign change of `f` on `n` equal steps over `[lo, hi]`: the sub-interval that
/// brackets the crossing nearest to `lo`, or `None` if the sign never changes on the grid.
pub fn bracket<F>(f: &F, lo: f64, hi: f64, n: usize) -> Result<Option<(f64, f64)>>
where
    F: Fn(f64) -> Result<f64>,
{
    let n = n.max(1);
    let step = (hi - lo) / n as f64;
    let mut x0 = lo;
    let mut s0 = f(x0)?;
    for i in 1..=n {
        let x1 = if i == n { hi } else { lo + step * i as f64 };
        let s1 = f(x1)?;
        if s0 == 0.0 || s0.signum() != s1.signum() {
            return Ok(Some((x0, x1)));
        }
        x0 = x1;
        s0 = s1;
    }
    Ok(None)
}

fn runtime(e: argmin::core::Error) -> Error {
    Error::Runtime(format!("critical search: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_sqrt_two_to_tolerance() {
        let c = find_critical(|x| Ok(x * x - 2.0), 0.0, 3.0, 1e-9).unwrap();
        assert!((c.value - 2f64.sqrt()).abs() < 1e-9, "{c:?}");
        assert!(c.evaluations > 2);
    }

    #[test]
    fn refuses_a_range_without_a_sign_change() {
        assert!(matches!(
            find_critical(|x| Ok(x * x + 1.0), -1.0, 1.0, 1e-6),
            Err(Error::Runtime(_))
        ));
    }

    #[test]
    fn bracket_finds_the_first_change() {
        let f = |x: f64| Ok((x - 1.25) * (x - 3.5));
        let (a, b) = bracket(&f, 0.0, 5.0, 10).unwrap().unwrap();
        assert!(a <= 1.25 && 1.25 <= b && b - a <= 0.5 + 1e-12);
    }
}
