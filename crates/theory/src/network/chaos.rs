//! Chaos and critical couplings: the gain-scaled bulk radius of the neuron-level connectivity,
//! and the value of a param where a stability indicator crosses its threshold.
//!
//! Linearising a network of N units around a fixed point, delta nu_i = gain_i sum_j W_ij
//! delta nu_j at zero frequency, with gain_i the population's response gain. The bulk of the
//! spectrum of the gain-scaled matrix fills a disc whose radius r follows from the block
//! statistics ([`super::rmt`], Aljadeff, Stern & Sharpee 2015). The transition to chaos of
//! rate networks is where r crosses 1: Sompolinsky, Crisanti & Sommers (1988, PRL 61:259),
//! g_c = 1 for J_ij ~ N(0, g^2/N); with cell types, Kadmon & Sompolinsky (2015, PRX 5:041030)
//! and Aljadeff et al. (2015). For spiking networks the same radius with the LIF gain
//! d nu / d mu tau_m on the efficacies marks the instability of the asynchronous state towards
//! heterogeneous rate fluctuations (Ostojic 2014, Nat Neurosci 17:594).
//!
//! Gains per entry (target a, source b; efficacies j of [`super::input`]):
//! - rate units: <phi'>_a (the Gaussian average of phi' at the fixed point, the population
//!   gain; for heterogeneous fixed points the exact criterion uses <phi'^2>, which this
//!   approximates by <phi'>^2);
//! - binary units: dm_a / du_a;
//! - `lif_delta`, `lif_exp`: d nu_a / d mu_a tau_m,a (j in volts, the PSP integral j tau_m);
//! - `lif_cond`: d nu_a / d mu_a tau_eff,a (E_ab - V_eff,a) / C_a (the voltage kick of the
//!   conductance integral j in the effective membrane).
//!
//! Finite size: without autapses a row has N_b - 1 sources, so for SCS's model the radius is
//! g sqrt((N - 1)/N) and g_c = sqrt(N / (N - 1)) (1.0005004 at N = 1000).

use super::branching::branching_ratio;
use super::characteristic::{RootSearch, leading_roots};
use super::input::{MeanFieldNetwork, Response};
use super::result::FixedPoint;
use super::rmt::BlockStatistics;
use super::stability::linearise;
use crate::neuron::transfer::TransferForm;
use crate::numerics::crossing::{Crossing, bracket, find_critical};
use crate::{TheoryOptions, solve_network};
use eibal_model::ParamSpace;
use eibal_model::error::{Error, Result};
use eibal_model::{Model, NeuronKind, PopulationId, Sign};
use nalgebra::DMatrix;

/// Block statistics of the gain-scaled neuron-level connectivity at `fixed` (see the module
/// doc for the gains): the entry statistics of the model's weights ([`BlockStatistics::from_model`],
/// which knows about multapses and autapses) converted to efficacies and scaled by
/// s_ab: m_ab -> s_ab f_ab m_ab, v_ab -> (s_ab f_ab)^2 v_ab, with f_ab the efficacy per unit
/// weight of [`super::input`] (tau_s / C for `lif_exp`, tau_s for `lif_cond`, 1 otherwise).
pub fn gain_scaled_statistics(
    network: &MeanFieldNetwork,
    fixed: &FixedPoint,
) -> Result<BlockStatistics> {
    let model = &network.model;
    let n = network.len();
    if fixed.populations.len() != n {
        return Err(Error::BadInput(
            "gain-scaled radius: the fixed point does not match the model".into(),
        ));
    }
    let raw = BlockStatistics::from_model(model, None)?;
    let mut mean = DMatrix::zeros(n, n);
    let mut variance = DMatrix::zeros(n, n);
    for a in 0..n {
        let p = &fixed.populations[a];
        for b in 0..n {
            let c = &network.couplings[a][b];
            let inhibitory = model.populations[b].sign == Sign::Inhibitory;
            let (scale, factor) = match (
                &network.populations[a].response,
                model.kind_of(PopulationId(a)),
            ) {
                (
                    Response::LifExp(m),
                    NeuronKind::LifExp {
                        tau_syn_ex,
                        tau_syn_in,
                        ..
                    },
                ) => {
                    let tau_s = if inhibitory { *tau_syn_in } else { *tau_syn_ex };
                    (p.dnu_dmu * m.tau_m, tau_s / m.c_m)
                }
                (Response::LifCond(m), NeuronKind::LifCond { syn, .. }) => {
                    let tau_s = if inhibitory {
                        syn.tau_syn_in
                    } else {
                        syn.tau_syn_ex
                    };
                    let kick = (c.reversal - p.mu) / m.c_m;
                    (p.dnu_dmu * p.tau_eff.unwrap_or(m.tau_m) * kick, tau_s)
                }
                (Response::LifDelta(m) | Response::LifExp(m) | Response::LifCond(m), _) => {
                    (p.dnu_dmu * m.tau_m, 1.0)
                }
                (Response::Rate { .. } | Response::Binary { .. }, _) => (p.dnu_dmu, 1.0),
            };
            let s = scale * factor;
            mean[(a, b)] = s * raw.mean[(a, b)];
            variance[(a, b)] = s * s * raw.variance[(a, b)];
        }
    }
    BlockStatistics::new(raw.sizes, mean, variance)
}

/// The gain-scaled bulk radius at `fixed`.
pub fn gain_scaled_radius(network: &MeanFieldNetwork, fixed: &FixedPoint) -> Result<f64> {
    Ok(gain_scaled_statistics(network, fixed)?.bulk_radius())
}

/// Which indicator defines the critical value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    /// The largest growth rate Re lambda of the characteristic equation (1/s) crosses 0.
    Growth,
    /// The gain-scaled bulk radius crosses 1.
    Radius,
    /// The branching ratio crosses 1.
    Branching,
}

impl Criterion {
    pub fn name(self) -> &'static str {
        match self {
            Criterion::Growth => "growth",
            Criterion::Radius => "radius",
            Criterion::Branching => "branching",
        }
    }

    pub fn parse(text: &str) -> Result<Criterion> {
        match text {
            "growth" => Ok(Criterion::Growth),
            "radius" => Ok(Criterion::Radius),
            "branching" => Ok(Criterion::Branching),
            other => Err(Error::BadInput(format!(
                "unknown criterion `{other}`: use growth, radius or branching"
            ))),
        }
    }
}

/// Options of [`critical_value`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CriticalOptions {
    pub criterion: Criterion,
    /// Absolute tolerance on the critical value (SI units of the param).
    pub tol: f64,
    /// Transfer function for the growth criterion of LIF populations.
    pub form: TransferForm,
    /// Grid steps used to bracket the first crossing in the range.
    pub grid: usize,
}

impl Default for CriticalOptions {
    fn default() -> Self {
        CriticalOptions {
            criterion: Criterion::Growth,
            tol: 1e-3,
            form: TransferForm::Exact,
            grid: 8,
        }
    }
}

/// A critical value of a param.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CriticalValue {
    pub param: String,
    pub criterion: Criterion,
    /// The param value (SI) and its tolerance.
    pub crossing: Crossing,
    /// Indicator evaluations, each a mean-field solve (and root search for `growth`).
    pub evaluations: usize,
}

/// The indicator of `criterion` for the fixed point from rest of `model` (negative on the
/// stable side).
pub fn indicator(model: &Model, criterion: Criterion, form: TransferForm) -> Result<f64> {
    let network = MeanFieldNetwork::compile(model, 1.0)?;
    let result = solve_network(&network, &TheoryOptions::fixed_point_only())?;
    let fixed = result
        .fixed_points
        .first()
        .ok_or_else(|| Error::Runtime("the theory found no fixed point".into()))?;
    match criterion {
        Criterion::Radius => Ok(gain_scaled_radius(&network, fixed)? - 1.0),
        Criterion::Branching => {
            let w0 = linearise(&network, fixed, form)?.static_connectivity()?;
            Ok(branching_ratio(&w0)?.ratio - 1.0)
        }
        Criterion::Growth => {
            let linear = linearise(&network, fixed, form)?;
            let roots = leading_roots(&linear, &RootSearch::default())?;
            roots
                .roots
                .first()
                .map(|r| r.growth_rate_per_s)
                .ok_or_else(|| {
                    Error::Runtime(
                        "growth criterion: the characteristic equation has no root in the search \
                         rectangle (e.g. no population-level coupling); try --criterion radius"
                            .into(),
                    )
                })
        }
    }
}

/// The value of `param` in `[lo, hi]` (SI units of the param) where the indicator of the
/// fixed point from rest first crosses its threshold, re-building the model at each
/// evaluation through `space` (so that derived quantities follow the param).
///
/// Method: the first sign change on `options.grid` steps ([`bracket`]), then Brent's method
/// ([`find_critical`]). For the growth criterion with the exact LIF transfer function the
/// cheap low-pass version is bracketed and refined first, and the exact indicator is then
/// bracketed outwards from that estimate, which saves most of the expensive evaluations.
pub fn critical_value(
    space: &dyn ParamSpace,
    param: &str,
    lo: f64,
    hi: f64,
    options: &CriticalOptions,
) -> Result<CriticalValue> {
    if !(lo.is_finite() && hi.is_finite() && lo < hi) {
        return Err(Error::BadInput(format!(
            "the range of {param} needs LO < HI, got {lo}:{hi}"
        )));
    }
    space.base()?.require_param(param)?;
    let count = std::cell::Cell::new(0usize);
    let at = |x: f64, form: TransferForm| -> Result<f64> {
        count.set(count.get() + 1);
        let model = space.at(&[(param, x)])?;
        indicator(&model, options.criterion, form)
    };
    let exact = |x: f64| at(x, options.form);
    let grid = options.grid.max(1);
    let step = (hi - lo) / grid as f64;
    let (a, b) = if options.criterion == Criterion::Growth && options.form == TransferForm::Exact {
        let cheap = |x: f64| at(x, TransferForm::LowPass);
        let estimate = match bracket(&cheap, lo, hi, grid) {
            Ok(Some((a, b))) => find_critical(cheap, a, b, options.tol.max(step * 1e-3)).ok(),
            _ => None,
        };
        match estimate {
            Some(c) => outward_bracket(&exact, c.value, step / 2.0, lo, hi)?,
            None => None,
        }
        .map_or_else(|| bracket(&exact, lo, hi, grid), |ab| Ok(Some(ab)))?
    } else {
        bracket(&exact, lo, hi, grid)?
    }
    .ok_or_else(|| {
        Error::Runtime(format!(
            "no crossing of the {} criterion for {param} in [{lo}, {hi}]; widen the range",
            options.criterion.name()
        ))
    })?;
    let crossing = find_critical(exact, a, b, options.tol)?;
    Ok(CriticalValue {
        param: param.to_string(),
        criterion: options.criterion,
        crossing,
        evaluations: count.get(),
    })
}

/// A sign change of `f` around `x0`: [x0 - h, x0 + h], widened by doubling h (clipped to
/// [lo, hi]) until the signs differ; `None` if the whole range is reached without one.
fn outward_bracket<F>(f: &F, x0: f64, h: f64, lo: f64, hi: f64) -> Result<Option<(f64, f64)>>
where
    F: Fn(f64) -> Result<f64>,
{
    let mut h = h;
    loop {
        let (a, b) = ((x0 - h).max(lo), (x0 + h).min(hi));
        let (fa, fb) = (f(a)?, f(b)?);
        if fa == 0.0 || fb == 0.0 || fa.signum() != fb.signum() {
            return Ok(Some((a, b)));
        }
        if a <= lo && b >= hi {
            return Ok(None);
        }
        h *= 2.0;
    }
}
