//! The stationary mean-field state of a network: the fixed point reached from rest, further
//! fixed points from a multi-start search, and the approach to the balanced limit.
//!
//! The self-consistency equations are nu_a = Phi_a(mu_a(nu), sigma_a(nu)) for every population a
//! (Amit & Brunel 1997; Brunel 2000, eqs. 4-5 and 21), with mu and sigma from
//! [`super::input`], Phi from the single-neuron theory of each population's kind
//! ([`crate::neuron`]); [`super::problem`] states them, [`crate::numerics::solver`] solves them,
//! [`super::search`] runs the solver from several starts.

use super::balance::BalanceSystem;
use super::input::{self, MeanFieldNetwork};
use super::problem::{MeanFieldProblem, PopulationEval};
use super::result::{
    ApproachRow, BalancedLimit, FixedPoint, PopulationResult, Regime, TheoryResult,
};
use super::search::{self, Solution};
use crate::neuron::cv::cv_isi_shifted;
use crate::neuron::rate_units;
use crate::numerics::budget::Budget;
use eibal_model::Model;
use eibal_model::error::{Error, Result};

/// Options of [`solve`].
#[derive(Debug, Clone, PartialEq)]
pub struct TheoryOptions {
    /// Multiply all in-degrees by this factor and divide efficacies by its square root.
    pub scale_k: f64,
    /// Search for further fixed points from several starting points (otherwise only the one
    /// reached from rest).
    pub search: bool,
    /// Convergence threshold on the scaled residual max |G(s) - s| / max(|s|, scale).
    pub tolerance: f64,
    pub max_iterations: u64,
    /// In-degree factors (relative to `scale_k`) for the approach to the balanced limit; empty
    /// to skip.
    pub approach_factors: Vec<f64>,
    /// Wall-clock limit of the whole solve (unlimited by default; the commands set one). The
    /// fixed point from rest must finish within it; the search for further fixed points and
    /// the approach table stop where it runs out, with a note.
    pub budget: Budget,
}

impl Default for TheoryOptions {
    fn default() -> TheoryOptions {
        TheoryOptions {
            scale_k: 1.0,
            search: true,
            tolerance: 1e-12,
            max_iterations: 400,
            approach_factors: vec![1.0, 10.0, 100.0, 1000.0],
            budget: Budget::unlimited(),
        }
    }
}

impl TheoryOptions {
    /// Only the fixed point reached from rest: no search, no approach table.
    pub fn fixed_point_only() -> TheoryOptions {
        TheoryOptions {
            search: false,
            approach_factors: Vec::new(),
            ..TheoryOptions::default()
        }
    }
}

/// Solves the stationary mean-field equations of `model`: the fixed point reached from rest,
/// any further fixed points (with `options.search`), and the balanced limit.
///
/// Errors: `BadInput` for models outside the theory (e.g. mixing LIF and rate units);
/// `Runtime` when the fixed point from rest does not converge.
pub fn solve(model: &Model, options: &TheoryOptions) -> Result<TheoryResult> {
    solve_network(&MeanFieldNetwork::compile(model, options.scale_k)?, options)
}

/// [`solve`] for an already compiled network (compiled once per parameter point and passed
/// on to the stability and chaos analyses).
pub fn solve_network(network: &MeanFieldNetwork, options: &TheoryOptions) -> Result<TheoryResult> {
    let problem = MeanFieldProblem::new(network);
    let mut notes = network.notes.clone();
    let rest = problem.uniform_state(|_| 0.0);
    let first = search::run(
        &problem,
        rest,
        0.5,
        options.tolerance,
        options.max_iterations,
        &options.budget,
    )
    .map_err(|e| Error::Runtime(format!("fixed point from rest: {e}")))?;
    let mut found: Vec<Solution> = vec![first];
    if options.search {
        let starts = search::starts(&problem, network);
        let total = starts.len();
        let mut failed = 0;
        for (tried, start) in starts.into_iter().enumerate() {
            if options.budget.exhausted() {
                notes.push(format!(
                    "the search for further fixed points stopped at the time limit after {tried} \
                     of {total} starts: other fixed points may exist"
                ));
                break;
            }
            match search::run(
                &problem,
                start,
                1e3,
                options.tolerance,
                100,
                &options.budget,
            ) {
                Ok(s) => {
                    if !found
                        .iter()
                        .any(|f| search::same_state(&problem, &f.state, &s.state))
                    {
                        found.push(s);
                    }
                }
                Err(_) => failed += 1,
            }
        }
        if failed > 0 {
            notes.push(format!(
                "{failed} search start(s) did not converge (normal for starts far from any \
                 fixed point)"
            ));
        }
        found[1..].sort_by(|a, b| {
            let sa: f64 = problem.activities(&a.state).iter().sum();
            let sb: f64 = problem.activities(&b.state).iter().sum();
            sa.total_cmp(&sb)
        });
    }
    let fixed_points = found
        .iter()
        .enumerate()
        .map(|(i, s)| assemble(&problem, s, i == 0))
        .collect();
    notes.push(
        "`stable` is null here: `eibal stability` computes the linear stability of each \
         fixed point"
            .to_string(),
    );
    let balanced_limit = BalancedLimit {
        solution: BalanceSystem::of(network).solve(network),
        approach: approach(network, options),
    };
    Ok(TheoryResult {
        model: network.model.name.clone(),
        spiking: network.populations.iter().all(|p| p.response.is_spiking()),
        scale_k: network.scale_k,
        fixed_points,
        balanced_limit,
        notes,
    })
}

/// The fixed point from rest at K scaled by each approach factor.
fn approach(network: &MeanFieldNetwork, options: &TheoryOptions) -> Vec<ApproachRow> {
    options
        .approach_factors
        .iter()
        .map(|&f| {
            let mut scaled = network.clone();
            if f != 1.0 {
                scaled.scale_indegrees(f);
            }
            let problem = MeanFieldProblem::new(&scaled);
            let start = problem.uniform_state(|_| 0.0);
            match search::run(
                &problem,
                start,
                0.5,
                options.tolerance,
                options.max_iterations,
                &options.budget,
            ) {
                Ok(s) => {
                    let fp = assemble(&problem, &s, true);
                    ApproachRow {
                        scale_k: scaled.scale_k,
                        rates: Some(fp.rates()),
                        balance_index: Some(
                            fp.populations.iter().map(|p| p.balance_index).collect(),
                        ),
                        error: None,
                    }
                }
                Err(e) => ApproachRow {
                    scale_k: scaled.scale_k,
                    rates: None,
                    balance_index: None,
                    error: Some(e.to_string()),
                },
            }
        })
        .collect()
}

/// Per-population results at a converged state.
pub(crate) fn assemble(
    problem: &MeanFieldProblem<'_>,
    solution: &Solution,
    from_rest: bool,
) -> FixedPoint {
    let network = problem.network;
    let evals = problem.evaluate(&solution.state);
    let populations = network
        .populations
        .iter()
        .zip(evals)
        .map(|(p, e)| population_result(p, e))
        .collect();
    FixedPoint {
        populations,
        from_rest,
        stable: None,
        iterations: solution.iterations,
        residual: solution.residual,
    }
}

fn balance_index(input_e: f64, input_i: f64, input_ext: f64) -> Option<f64> {
    let excitatory = input_e + input_ext.max(0.0);
    (excitatory > 0.0).then(|| (input_e + input_i + input_ext).abs() / excitatory)
}

fn population_result(p: &input::PopulationTerms, e: PopulationEval) -> PopulationResult {
    let kind = match p.response {
        input::Response::LifDelta(_) => "lif_delta",
        input::Response::LifExp(_) => "lif_exp",
        input::Response::LifCond(_) => "lif_cond",
        input::Response::Rate { .. } => "rate",
        input::Response::Binary { .. } => "binary",
    };
    match e {
        PopulationEval::Lif(l) => {
            let m = l.membrane;
            let cv = cv_isi_shifted(l.tau, m.t_ref, m.theta, m.v_reset, l.mu, l.sigma, l.shift);
            let shift = l.shift * l.sigma;
            PopulationResult {
                name: p.name.clone(),
                kind,
                rate: l.siegert.rate,
                cv: cv.is_finite().then_some(cv),
                mu: l.mu,
                sigma: l.sigma,
                input_e: l.input_e,
                input_i: l.input_i,
                input_ext: l.input_ext,
                dnu_dmu: l.siegert.dnu_dmu,
                dnu_dsigma: l.siegert.dnu_dsigma,
                tau_eff: matches!(p.response, input::Response::LifCond(_)).then_some(l.tau),
                balance_index: balance_index(l.input_e, l.input_i, l.input_ext),
                regime: if l.mu > m.theta + shift {
                    Regime::MeanDriven
                } else {
                    Regime::FluctuationDriven
                },
                threshold_shift: shift,
            }
        }
        PopulationEval::Binary(b) => {
            let theta = match p.response {
                input::Response::Binary { theta } => theta,
                _ => 0.0,
            };
            let sd = b.variance.sqrt();
            // m = H((theta - u)/sd): dm/dsd = pdf(z) z / sd.
            let z = if sd > 0.0 { (theta - b.mean) / sd } else { 0.0 };
            PopulationResult {
                name: p.name.clone(),
                kind,
                rate: b.activity,
                cv: None,
                mu: b.mean,
                sigma: sd,
                input_e: b.input_e,
                input_i: b.input_i,
                input_ext: b.input_ext,
                dnu_dmu: b.slope,
                dnu_dsigma: b.slope * z,
                tau_eff: None,
                balance_index: balance_index(b.input_e, b.input_i, b.input_ext),
                regime: if b.mean > theta {
                    Regime::MeanDriven
                } else {
                    Regime::FluctuationDriven
                },
                threshold_shift: 0.0,
            }
        }
        PopulationEval::Rate {
            mean,
            variance,
            moments,
            input_e,
            input_i,
            input_ext,
        } => {
            let (transfer, threshold) = match p.response {
                input::Response::Rate { transfer, .. } => {
                    let t = match transfer {
                        eibal_model::Transfer::ThresholdLinear { threshold, .. }
                        | eibal_model::Transfer::Tanh { threshold, .. } => threshold,
                    };
                    (Some(transfer), t)
                }
                _ => (None, 0.0),
            };
            let sd = variance.sqrt();
            // d<phi>/d sd by central differences of the Gaussian average.
            let dsd = transfer.map_or(0.0, |t| {
                let h = 1e-6 * sd.max(1e-3);
                let up = rate_units::gaussian_moments(&t, mean, (sd + h).powi(2)).mean;
                let down = rate_units::gaussian_moments(&t, mean, (sd - h).max(0.0).powi(2)).mean;
                (up - down) / (sd + h - (sd - h).max(0.0))
            });
            PopulationResult {
                name: p.name.clone(),
                kind,
                rate: moments.mean,
                cv: None,
                mu: mean,
                sigma: sd,
                input_e,
                input_i,
                input_ext,
                dnu_dmu: moments.slope,
                dnu_dsigma: dsd,
                tau_eff: None,
                balance_index: balance_index(input_e, input_i, input_ext),
                regime: if mean > threshold {
                    Regime::MeanDriven
                } else {
                    Regime::FluctuationDriven
                },
                threshold_shift: 0.0,
            }
        }
    }
}
