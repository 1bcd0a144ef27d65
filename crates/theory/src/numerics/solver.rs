//! Pseudo-transient continuation (Kelley & Keyes 1998): Newton's method on F(s) = G(s) - s
//! with an implicit-Euler time step of the relaxation dynamics ds/dt = -s + G(s),
//!
//!   (I/h - dF/ds) delta = F(s),   s <- P(s + delta),
//!
//! where P projects onto the admissible set (rates >= 0 and below 1/t_ref, ...). For small h
//! this follows the relaxation dynamics (so started from rest it finds the fixed point a
//! network relaxing from rest settles into); h grows by switched evolution relaxation,
//! h <- h |F_old| / |F_new| (Mulder & van Leer 1985), and for large h it is Newton's method,
//! with quadratic convergence at the end. Started with a large h it is a safeguarded Newton
//! iteration that also converges to unstable fixed points (used for the search).
//!
//! A step is accepted when it reduces |F|, or when it moves along the relaxation flow
//! (positive projection on F) without more than doubling |F|; otherwise h is divided by 4.
//!
//! Convergence criterion: max_i |F_i| / max(|s_i|, scale_i) <= tolerance.
//!
//! The solver is an argmin `Solver`; the problem (any `Operator` + `Jacobian` +
//! [`FixedPointSystem`]) and argmin's `Executor` are separate.

use argmin::core::{
    Error as ArgminError, IterState, Jacobian, KV, Operator, Problem, Solver, State,
    TerminationReason, TerminationStatus,
};
use nalgebra::{DMatrix, DVector};

/// What the solver needs beyond F and its Jacobian.
pub trait FixedPointSystem {
    /// A typical magnitude of each state entry (for the relative convergence test).
    fn scale(&self) -> Vec<f64>;
    /// Projects a state onto the admissible set.
    fn project(&self, s: &mut [f64]);
}

/// The argmin state this solver uses: param s, residuals F(s), cost = scaled max residual.
pub type SolverState = IterState<Vec<f64>, (), Vec<Vec<f64>>, (), Vec<f64>, f64>;

/// Pseudo-transient continuation, see the module doc.
#[derive(Debug, Clone)]
pub struct PseudoTransientNewton {
    /// Current pseudo time step (in units of the relaxation time).
    step: f64,
    /// Convergence threshold on the scaled max-norm of F.
    tolerance: f64,
    scale: Vec<f64>,
    converged: bool,
}

impl PseudoTransientNewton {
    pub const MAX_STEP: f64 = 1e12;

    /// `initial_step`: 0.5 to follow the relaxation dynamics, 1e3 or more for Newton.
    pub fn new(initial_step: f64, tolerance: f64) -> PseudoTransientNewton {
        PseudoTransientNewton {
            step: initial_step,
            tolerance,
            scale: Vec::new(),
            converged: false,
        }
    }

    fn scaled_norm(&self, s: &[f64], f: &[f64]) -> f64 {
        s.iter()
            .zip(f)
            .zip(&self.scale)
            .map(|((si, fi), sc)| fi.abs() / si.abs().max(*sc))
            .fold(0.0, f64::max)
    }
}

fn norm2(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

impl<O> Solver<O, SolverState> for PseudoTransientNewton
where
    O: Operator<Param = Vec<f64>, Output = Vec<f64>>
        + Jacobian<Param = Vec<f64>, Jacobian = Vec<Vec<f64>>>
        + FixedPointSystem,
{
    fn name(&self) -> &str {
        "pseudo-transient Newton"
    }

    fn init(
        &mut self,
        problem: &mut Problem<O>,
        state: SolverState,
    ) -> Result<(SolverState, Option<KV>), ArgminError> {
        let mut s = state
            .get_param()
            .cloned()
            .ok_or_else(|| argmin::core::Error::msg("no initial state given"))?;
        problem.problem("project", |p| {
            p.project(&mut s);
            Ok(())
        })?;
        self.scale = problem.problem("scale", |p| Ok(p.scale()))?;
        let f = problem.apply(&s)?;
        let cost = self.scaled_norm(&s, &f);
        self.converged = cost <= self.tolerance;
        Ok((state.param(s).residuals(f).cost(cost), None))
    }

    fn next_iter(
        &mut self,
        problem: &mut Problem<O>,
        mut state: SolverState,
    ) -> Result<(SolverState, Option<KV>), ArgminError> {
        let s = state
            .take_param()
            .ok_or_else(|| argmin::core::Error::msg("state lost"))?;
        let f = state
            .take_residuals()
            .ok_or_else(|| argmin::core::Error::msg("residuals lost"))?;
        let n = s.len();
        let jac = problem.jacobian(&s)?;
        let f_norm = norm2(&f);
        for _attempt in 0..40 {
            // (I/h - J) delta = F
            let m = DMatrix::from_fn(n, n, |i, j| {
                let id = if i == j { 1.0 / self.step } else { 0.0 };
                id - jac[i][j]
            });
            let rhs = DVector::from_column_slice(&f);
            let delta = m.lu().solve(&rhs);
            if let Some(delta) = delta.filter(|d| d.iter().all(|x| x.is_finite())) {
                let mut trial: Vec<f64> = s.iter().zip(delta.iter()).map(|(a, d)| a + d).collect();
                problem.problem("project", |p| {
                    p.project(&mut trial);
                    Ok(())
                })?;
                let f_trial = problem.apply(&trial)?;
                let trial_norm = norm2(&f_trial);
                // Accept progress in |F|, or a step along the flow (the projected step has a
                // positive component along F, as implicit Euler has for small h) that does
                // not blow |F| up. A step that the projection cancels is no step.
                let along_flow: f64 = trial
                    .iter()
                    .zip(&s)
                    .zip(&f)
                    .map(|((t, a), fi)| (t - a) * fi)
                    .sum();
                let acceptable = trial_norm.is_finite()
                    && (trial_norm < f_norm
                        || f_norm == 0.0
                        || (along_flow > 0.0 && trial_norm <= 2.0 * f_norm));
                if acceptable {
                    let ratio = if trial_norm > 0.0 {
                        f_norm / trial_norm
                    } else {
                        1e6
                    };
                    self.step = (self.step * ratio).min(Self::MAX_STEP);
                    let cost = self.scaled_norm(&trial, &f_trial);
                    self.converged = cost <= self.tolerance;
                    return Ok((state.param(trial).residuals(f_trial).cost(cost), None));
                }
            }
            self.step /= 4.0;
        }
        Err(argmin::core::Error::msg(
            "the pseudo time step shrank below 1e-24 without progress",
        ))
    }

    fn terminate(&mut self, _state: &SolverState) -> TerminationStatus {
        if self.converged {
            TerminationStatus::Terminated(TerminationReason::SolverConverged)
        } else {
            TerminationStatus::NotTerminated
        }
    }
}
