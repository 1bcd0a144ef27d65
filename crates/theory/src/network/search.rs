//! Finding the fixed points: one run of the pseudo-transient solver from rest (the fixed point
//! the rate dynamics reach), then Newton runs from a set of starting points, deduplicated.
//! Each run is an argmin `Executor` over [`MeanFieldProblem`] and [`PseudoTransientNewton`].

use super::input::{MeanFieldNetwork, Response};
use super::problem::MeanFieldProblem;
use crate::numerics::budget::Budget;
use crate::numerics::solver::{FixedPointSystem, PseudoTransientNewton};
use argmin::core::{Executor, State, TerminationReason, TerminationStatus};
use eibal_model::error::{Error, Result};

/// A converged solver run.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    pub state: Vec<f64>,
    pub iterations: u64,
    pub residual: f64,
}

/// Runs the solver from `start` with initial pseudo step `step`.
pub fn run(
    problem: &MeanFieldProblem<'_>,
    start: Vec<f64>,
    step: f64,
    tolerance: f64,
    max_iterations: u64,
    budget: &Budget,
) -> Result<Solution> {
    const WHAT: &str = "the mean-field fixed-point search";
    budget.check(WHAT)?;
    let solver = PseudoTransientNewton::new(step, tolerance);
    let mut executor = Executor::new(problem.clone(), solver)
        .configure(|s| s.param(start).max_iters(max_iterations));
    if let Some(left) = budget.remaining() {
        executor = executor.timeout(left);
    }
    let outcome = executor
        .run()
        .map_err(|e| Error::Runtime(format!("mean-field solver failed: {e}")))?;
    let state = outcome.state();
    if matches!(
        state.get_termination_status(),
        TerminationStatus::Terminated(TerminationReason::Timeout)
    ) {
        return Err(budget.exceeded(WHAT));
    }
    let converged = matches!(
        state.get_termination_status(),
        TerminationStatus::Terminated(TerminationReason::SolverConverged)
    );
    let residual = state.get_cost();
    let iterations = state.get_iter();
    match state.get_param() {
        Some(p) if converged && p.iter().all(|v| v.is_finite()) => Ok(Solution {
            state: p.clone(),
            iterations,
            residual,
        }),
        _ => Err(Error::Runtime(format!(
            "the mean-field equations did not converge in {iterations} iterations (scaled \
             residual {residual:.3e}, tolerance {tolerance:.1e}); the rates may not settle \
             (e.g. oscillate) or the model may be outside the theory's range"
        ))),
    }
}

/// Starting points for the search: uniform levels for every population, and for up to three
/// populations the full grid of levels, otherwise 16 deterministic mixtures (a Halton sequence
/// over the levels).
pub fn starts(problem: &MeanFieldProblem<'_>, network: &MeanFieldNetwork) -> Vec<Vec<f64>> {
    let levels: Vec<Vec<f64>> = network
        .populations
        .iter()
        .map(|p| match &p.response {
            Response::Binary { .. } => vec![0.02, 0.2, 0.5, 0.8, 0.98],
            Response::Rate { transfer, .. } => match transfer {
                eibal_model::Transfer::Tanh { .. } => vec![-0.9, -0.3, 0.3, 0.9],
                eibal_model::Transfer::ThresholdLinear { .. } => vec![0.05, 0.5, 5.0, 50.0],
            },
            other => {
                let top = other
                    .membrane()
                    .filter(|m| m.t_ref > 0.0)
                    .map_or(400.0, |m| 0.8 / m.t_ref);
                vec![0.1, 2.0, 15.0, 60.0, top]
            }
        })
        .collect();
    let n = levels.len();
    let mut out = Vec::new();
    let depth = levels.iter().map(Vec::len).max().unwrap_or(0);
    for k in 0..depth {
        out.push(problem.uniform_state(|a| levels[a][k.min(levels[a].len() - 1)]));
    }
    if n <= 3 {
        let total: usize = levels.iter().map(Vec::len).product();
        for mut index in 0..total {
            let mut choice = vec![0; n];
            for (a, c) in choice.iter_mut().enumerate() {
                *c = index % levels[a].len();
                index /= levels[a].len();
            }
            out.push(problem.uniform_state(|a| levels[a][choice[a]]));
        }
    } else {
        const PRIMES: [u64; 12] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];
        for i in 1..=16u64 {
            out.push(problem.uniform_state(|a| {
                let base = PRIMES[a % PRIMES.len()];
                let (mut f, mut r, mut k) = (1.0, 0.0, i + a as u64 / PRIMES.len() as u64);
                while k > 0 {
                    f /= base as f64;
                    r += f * (k % base) as f64;
                    k /= base;
                }
                let idx = ((r * levels[a].len() as f64) as usize).min(levels[a].len() - 1);
                levels[a][idx]
            }));
        }
    }
    out
}

/// Whether two states are the same fixed point (relative distance below 1e-6).
pub fn same_state(problem: &MeanFieldProblem<'_>, a: &[f64], b: &[f64]) -> bool {
    let scale = problem.scale();
    a.iter()
        .zip(b)
        .zip(&scale)
        .all(|((x, y), s)| (x - y).abs() <= 1e-6 * x.abs().max(y.abs()).max(*s))
}
