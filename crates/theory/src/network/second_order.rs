//! Second-order self-consistent statistics of a LIF network: rate, CV of the ISIs, Fano
//! factor and spike-train power spectrum of each population, with the recurrent input's
//! spectrum equal to the output spectrum of the network's own neurons (Dummer, Wieland &
//! Lindner 2014, Front Comput Neurosci 8:104; Pena et al. 2018; Vellmer & Lindner 2019).
//!
//! The diffusion approximation (Brunel 2000) treats every input train as Poisson, so the input
//! noise is white with intensity D_a = sum_b K_ab J_ab^2 nu_b. Recurrent trains that are more
//! regular than Poisson carry less power at low frequencies (S_b(0) = nu_b CV_b^2 < nu_b), so
//! the true input fluctuations are smaller and the output more regular. The scheme:
//!
//! ```text
//! S_x,a(f) = sum_b K_ab J_ab^2 S_b(f) L_ab(f) + sum_ext K J^2 nu_ext L(f),
//! (nu_a, CV_a, S_a) = MC_a(mu_a(nu), S_x,a),   iterated from S_b = nu_b (Poisson input),
//! ```
//!
//! with L = 1 for delta synapses and L = 1 / (1 + (2 pi f tau_s)^2) for exponential ones, and
//! MC_a the single-neuron Monte Carlo of [`crate::neuron::colored_lif`] (Gaussian noise of that
//! spectrum; the input trains are assumed uncorrelated, as in the papers). The rates follow a
//! quasi-Newton step with the analytical Jacobian of the diffusion theory,
//! nu <- nu - (dG/dnu - 1)^{-1} (MC(nu) - nu), which contracts the sampling noise.
//!
//! What is analytical: the mean input mu_a(nu), the input spectrum from the source spectra, the
//! synaptic filter, the Jacobian of the rate update, the starting point (the diffusion fixed
//! point). What is sampled: the neuron's response to that input (rate, CV, Fano factor,
//! output spectrum), with standard errors from block and batch scatter. Deterministic: the
//! seeds are fixed per iteration and population.
//!
//! Does not apply to conductance-based LIF, rate or binary units (no spike trains or no
//! current-based Gaussian input); it assumes the asynchronous state (no population
//! oscillation), which the caller must check with the stability analysis.

use super::input::{MeanFieldNetwork, Response};
use super::problem::{MeanFieldProblem, PopulationEval};
use crate::neuron::colored_lif::{ColoredLif, SampledStatistics, SamplingOptions, sample};
use eibal_model::error::{Error, Result};
use nalgebra::{DMatrix, DVector};
use rayon::prelude::*;
use serde::Serialize;

/// Options of [`solve_second_order`].
#[derive(Debug, Clone, PartialEq)]
pub struct SecondOrderOptions {
    pub sampling: SamplingOptions,
    pub max_iterations: usize,
    /// At least this many Monte Carlo iterations before convergence is tested.
    pub min_iterations: usize,
    /// Highest frequency of the reported spectrum (Hz).
    pub output_max_hz: f64,
    /// An extra input spectrum per population ((V/s)^2/Hz, interpolated linearly, 0 beyond
    /// its last frequency): the common part from the cross-correlations of the input trains
    /// ([`super::input_correlation`]); empty: independent inputs, as in the papers.
    pub common_input: Vec<PowerSpectrum>,
}

impl Default for SecondOrderOptions {
    fn default() -> SecondOrderOptions {
        SecondOrderOptions {
            sampling: SamplingOptions::default(),
            max_iterations: 12,
            min_iterations: 4,
            output_max_hz: 500.0,
            common_input: Vec::new(),
        }
    }
}

/// The name of the method in the output.
pub const METHOD: &str = "self_consistent_spike_spectrum";

/// A power spectrum on a frequency grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PowerSpectrum {
    pub frequency_hz: Vec<f64>,
    /// Two-sided power spectral density (Hz for a spike train: spikes^2 / s^2 / Hz).
    pub power: Vec<f64>,
}

/// The susceptibility of a neuron's rate to an additive perturbation of its input x
/// (Hz per V/s) under the self-consistent input, estimated by the Furutsu-Novikov relation
/// chi = S_yx / S_xx ([`crate::neuron::colored_lif`]), with its standard error.
#[derive(Debug, Clone, PartialEq)]
pub struct Susceptibility {
    pub frequency_hz: Vec<f64>,
    pub chi: Vec<num_complex::Complex64>,
    pub se: Vec<f64>,
}

/// One population's second-order statistics with standard errors of the sampling.
#[derive(Debug, Clone, PartialEq)]
pub struct SecondOrderPopulation {
    pub rate: f64,
    pub rate_se: f64,
    pub cv: f64,
    pub cv_se: f64,
    pub fano: f64,
    pub fano_se: f64,
    pub spectrum: PowerSpectrum,
    /// Sampled in the last iteration, on the spectrum's grid (empty unless
    /// `sampling.susceptibility`).
    pub susceptibility: Susceptibility,
}

/// The converged scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct SecondOrderResult {
    pub populations: Vec<SecondOrderPopulation>,
    pub iterations: usize,
    /// Whether the last two iterations agreed within their sampling errors.
    pub converged: bool,
    /// Simulated single-neuron time per population and iteration (s).
    pub sampled_time: f64,
    pub dt: f64,
    pub seed: u64,
}

/// The scheme's outcome: solved, or why it does not apply.
#[derive(Debug, Clone, PartialEq)]
pub enum SecondOrder {
    Solved(SecondOrderResult),
    NotApplicable(String),
}

/// Why the scheme does not apply to `network`, if it does not.
pub fn not_applicable(network: &MeanFieldNetwork) -> Option<String> {
    network.populations.iter().find_map(|p| match p.response {
        Response::LifDelta(_) | Response::LifExp(_) => None,
        Response::LifCond(_) => Some(format!(
            "population {} has conductance-based synapses: the second-order scheme is written \
             for current-based LIF neurons (delta or exponential synapses)",
            p.name
        )),
        Response::Rate { .. } | Response::Binary { .. } => Some(format!(
            "population {} is made of rate or binary units, which emit no spike trains",
            p.name
        )),
    })
}

/// Runs the scheme from the diffusion fixed point `rates` (Hz, one per population).
pub fn solve_second_order(
    network: &MeanFieldNetwork,
    rates: &[f64],
    options: &SecondOrderOptions,
) -> Result<SecondOrder> {
    if let Some(why) = not_applicable(network) {
        return Ok(SecondOrder::NotApplicable(why));
    }
    if rates.len() != network.len() || rates.iter().any(|r| !(r.is_finite() && *r >= 0.0)) {
        return Err(Error::BadInput(format!(
            "second-order scheme: need one finite non-negative rate per population, got {rates:?}"
        )));
    }
    let s = &options.sampling;
    if !(s.block_len.is_power_of_two() && s.block_len >= 16 && s.blocks >= 2 && s.dt > 0.0) {
        return Err(Error::BadInput(
            "second-order scheme: block length must be a power of two >= 16, at least 2 \
             blocks and a positive dt"
                .into(),
        ));
    }
    let problem = MeanFieldProblem::new(network);
    let mut rates = rates.to_vec();
    // Poisson input to start with: S_b(f) = nu_b.
    let mut spectra: Vec<Vec<f64>> = rates.iter().map(|&r| vec![r; s.bins()]).collect();
    let mut previous: Option<Vec<SampledStatistics>> = None;
    let mut converged = false;
    let mut iterations = 0;
    let mut last = Vec::new();
    for iteration in 0..options.max_iterations.max(1) {
        iterations = iteration + 1;
        let sampled = sample_all(
            network,
            &problem,
            &rates,
            &spectra,
            &options.common_input,
            s,
            iteration,
        )?;
        if let Some(prev) = &previous
            && iterations >= options.min_iterations
            && agree(prev, &sampled)
        {
            converged = true;
            last = sampled;
            break;
        }
        let next = newton_rates(&problem, &rates, &sampled);
        spectra = sampled
            .iter()
            .zip(&next)
            .map(|(st, &r)| {
                let scale = if st.rate > 0.0 { r / st.rate } else { 0.0 };
                st.spectrum.iter().map(|x| x * scale).collect()
            })
            .collect();
        rates = next;
        previous = Some(sampled.clone());
        last = sampled;
    }
    let stride = ((1.0 / s.df()).round() as usize).max(1);
    let top = ((options.output_max_hz / s.df()) as usize).min(s.bins() - 1);
    let grid: Vec<usize> = (0..=top).step_by(stride).collect();
    let sampled_grid = |st: &SampledStatistics| -> &[usize] {
        if st.susceptibility.is_empty() {
            &[]
        } else {
            &grid
        }
    };
    let populations = last
        .into_iter()
        .map(|st| SecondOrderPopulation {
            susceptibility: Susceptibility {
                frequency_hz: sampled_grid(&st)
                    .iter()
                    .map(|&k| k as f64 * s.df())
                    .collect(),
                chi: sampled_grid(&st)
                    .iter()
                    .map(|&k| st.susceptibility.get(k).copied().unwrap_or_default())
                    .collect(),
                se: sampled_grid(&st)
                    .iter()
                    .map(|&k| st.susceptibility_se.get(k).copied().unwrap_or(f64::NAN))
                    .collect(),
            },
            rate: st.rate,
            rate_se: st.rate_se,
            cv: st.cv,
            cv_se: st.cv_se,
            fano: st.fano,
            fano_se: st.fano_se,
            spectrum: PowerSpectrum {
                frequency_hz: (0..=top)
                    .step_by(stride)
                    .map(|k| k as f64 * s.df())
                    .collect(),
                power: (0..=top).step_by(stride).map(|k| st.spectrum[k]).collect(),
            },
        })
        .collect();
    Ok(SecondOrder::Solved(SecondOrderResult {
        populations,
        iterations,
        converged,
        sampled_time: s.duration(),
        dt: s.dt,
        seed: s.seed,
    }))
}

/// The neuron and input spectrum of every population; identical ones are sampled once.
fn sample_all(
    network: &MeanFieldNetwork,
    problem: &MeanFieldProblem<'_>,
    rates: &[f64],
    spectra: &[Vec<f64>],
    common: &[PowerSpectrum],
    s: &SamplingOptions,
    iteration: usize,
) -> Result<Vec<SampledStatistics>> {
    let evals = problem.evaluate(rates);
    let mut inputs: Vec<(ColoredLif, Vec<f64>)> = Vec::with_capacity(network.len());
    for (a, (p, e)) in network.populations.iter().zip(&evals).enumerate() {
        let PopulationEval::Lif(l) = e else {
            return Err(Error::Runtime(format!(
                "second-order scheme: population {} is not a LIF population",
                p.name
            )));
        };
        let filtered = matches!(p.response, Response::LifExp(_));
        let mut psd = vec![0.0; s.bins()];
        let mut white = 0.0;
        let terms = network.couplings[a]
            .iter()
            .zip(spectra)
            .map(|(c, sb)| (c, Some(sb), 0.0))
            .chain(p.external.iter().map(|e| (&e.coupling, None, e.rate)));
        for (c, source, poisson_rate) in terms {
            if c.second_moment == 0.0 {
                continue;
            }
            let tau_s = if filtered {
                c.second_moment_tau / c.second_moment
            } else {
                0.0
            };
            white += c.second_moment * source.map_or(poisson_rate, |sb| sb[sb.len() - 1]);
            for (k, x) in psd.iter_mut().enumerate() {
                let w = 2.0 * std::f64::consts::PI * k as f64 * s.df() * tau_s;
                let sk = source.map_or(poisson_rate, |sb| sb[k]);
                *x += c.second_moment * sk / (1.0 + w * w);
            }
        }
        if let Some(c) = common.get(a) {
            for (k, x) in psd.iter_mut().enumerate() {
                *x = (*x + interpolate_or_zero(c, k as f64 * s.df())).max(0.0);
            }
        }
        let m = l.membrane;
        let neuron = ColoredLif {
            tau_m: l.tau,
            t_ref: m.t_ref,
            theta: m.theta,
            v_reset: m.v_reset,
            mu: l.mu,
            white_intensity: if filtered { 0.0 } else { white },
        };
        inputs.push((neuron, psd));
    }
    // The first population with the same neuron and input stands for the others.
    let representative: Vec<usize> = (0..inputs.len())
        .map(|a| (0..a).find(|&b| inputs[b] == inputs[a]).unwrap_or(a))
        .collect();
    let distinct: Vec<usize> = (0..inputs.len())
        .filter(|&a| representative[a] == a)
        .collect();
    let sampled: Vec<(usize, SampledStatistics)> = distinct
        .par_iter()
        .map(|&a| {
            let options = SamplingOptions {
                seed: s.seed.wrapping_add(1000 * iteration as u64 + a as u64),
                ..*s
            };
            (a, sample(&inputs[a].0, &inputs[a].1, &options))
        })
        .collect();
    Ok(representative
        .iter()
        .map(|&r| {
            sampled
                .iter()
                .find(|(a, _)| *a == r)
                .map(|(_, st)| st.clone())
                .unwrap_or_else(unreachable_statistics)
        })
        .collect())
}

/// `s` at `f` by linear interpolation, 0 outside its grid.
fn interpolate_or_zero(s: &PowerSpectrum, f: f64) -> f64 {
    let (fs, ps) = (&s.frequency_hz, &s.power);
    match fs.iter().position(|&x| x >= f) {
        None => 0.0,
        Some(0) if fs[0] == f => ps[0],
        Some(0) => 0.0,
        Some(k) => {
            let t = (f - fs[k - 1]) / (fs[k] - fs[k - 1]);
            ps[k - 1] + t * (ps[k] - ps[k - 1])
        }
    }
}

/// Never used: every representative was sampled (kept to avoid a panic path).
fn unreachable_statistics() -> SampledStatistics {
    SampledStatistics {
        rate: f64::NAN,
        rate_se: f64::NAN,
        cv: f64::NAN,
        cv_se: f64::NAN,
        fano: f64::NAN,
        fano_se: f64::NAN,
        spectrum: Vec::new(),
        susceptibility: Vec::new(),
        susceptibility_se: Vec::new(),
        spikes: 0,
    }
}

/// Two iterations agree when rate and CV differ by less than twice their combined sampling
/// error (or 0.2 % of the rate and 0.003 in the CV, whichever is larger).
fn agree(a: &[SampledStatistics], b: &[SampledStatistics]) -> bool {
    a.iter().zip(b).all(|(x, y)| {
        let rate_tol = (2.0 * x.rate_se.hypot(y.rate_se)).max(0.002 * x.rate.max(y.rate));
        let cv_ok = !(x.cv.is_finite() && y.cv.is_finite())
            || (x.cv - y.cv).abs() <= (2.0 * x.cv_se.hypot(y.cv_se)).max(0.003);
        (x.rate - y.rate).abs() <= rate_tol && cv_ok
    })
}

/// nu - (dG/dnu - 1)^{-1} (MC(nu) - nu) with the diffusion Jacobian; a damped step
/// nu + (MC - nu)/2 when the Jacobian is unavailable or singular. Rates stay >= 0.
fn newton_rates(
    problem: &MeanFieldProblem<'_>,
    rates: &[f64],
    sampled: &[SampledStatistics],
) -> Vec<f64> {
    let residual: Vec<f64> = sampled.iter().zip(rates).map(|(s, r)| s.rate - r).collect();
    let damped = || -> Vec<f64> {
        rates
            .iter()
            .zip(&residual)
            .map(|(r, d)| (r + 0.5 * d).max(0.0))
            .collect()
    };
    let Some(jac) = problem.lif_jacobian(rates) else {
        return damped();
    };
    let n = rates.len();
    let m = DMatrix::from_fn(n, n, |i, j| jac[i][j]);
    match m.lu().solve(&DVector::from_vec(residual.clone())) {
        Some(step) if step.iter().all(|x| x.is_finite()) => rates
            .iter()
            .zip(step.iter())
            .map(|(r, d)| (r - d).max(0.0))
            .collect(),
        _ => damped(),
    }
}
