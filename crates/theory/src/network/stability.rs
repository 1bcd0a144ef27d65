//! Linear stability of a mean-field fixed point, at the population level.
//!
//! Around a fixed point nu0 the rates respond to perturbations e^{lambda t} through
//! nu_a(lambda) = H_a(lambda) delta mu_a + H^var_a(lambda) delta sigma^2_a, with the LIF
//! transfer functions of [`crate::neuron::transfer`] (Lindner & Schimansky-Geier 2001, refractory period
//! in the reset term) and the recurrent input
//! delta mu_a = sum_b tau_m K_ab J_ab e^{-lambda d_ab} nu_b,
//! delta sigma^2_a = sum_b tau_m K_ab E[J_ab^2] e^{-lambda d_ab} nu_b
//! (Brunel & Hakim 1999; Brunel 2000 eqs. 4-5). The fixed point is stable when
//! det(I - W(lambda)) has no root with Re lambda > 0 ([`super::characteristic`]).
//!
//! Exponential synapses use, with the synaptic low pass and the mean channel only, the
//! Fourcaud-Brunel shifted transfer function (default, [`ExpSynapseTransfer::Shift`]) or the
//! first-order colored-noise response of Schuecker, Diesmann & Helias 2015
//! ([`ExpSynapseTransfer::Taylor`], NNMT's `method="taylor"`; derived for all frequencies,
//! where the shifted form is derived for omega sqrt(tau_m tau_s) << 1). Rate units, binary units and conductance synapses use
//! low-pass responses (see [`linearise`]; for conductance synapses an approximation).

use super::branching::{BranchingRatio, branching_ratio};
use super::chaos::gain_scaled_radius;
use super::characteristic::{
    LinearisedNetwork, RootReport, RootSearch, UnitTransfer, leading_roots,
};
use super::delay_kernel::DelayKernels;
use super::input::{MeanFieldNetwork, Response};
use super::isn::{self, IsnReport};
use super::problem::MeanFieldProblem;
use super::result::FixedPoint;
use crate::neuron::transfer::{LifOperatingPoint, LifTransfer, SynapticFilter, TransferForm};
use crate::numerics::budget::Budget;
use eibal_model::error::{Error, Result};
use eibal_model::{Model, NeuronKind, PopulationId, Sign};
use nalgebra::DMatrix;

/// The transfer function of LIF populations with exponential synapses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpSynapseTransfer {
    /// Fourcaud & Brunel (2002): threshold and reset shifted by sigma sqrt(tau_s / tau_m)
    /// |zeta(1/2)| / sqrt 2 (`SynapticFilter::FourcaudBrunel`).
    #[default]
    Shift,
    /// Schuecker, Diesmann & Helias (2015), first order in sqrt(tau_s / tau_m) at all
    /// frequencies (`SynapticFilter::SchueckerTaylor`).
    Taylor,
}

impl ExpSynapseTransfer {
    /// The synaptic filter of this choice for time constant `tau_s`.
    pub fn filter(self, tau_s: f64) -> SynapticFilter {
        match self {
            ExpSynapseTransfer::Shift => SynapticFilter::FourcaudBrunel { tau_s },
            ExpSynapseTransfer::Taylor => SynapticFilter::SchueckerTaylor { tau_s },
        }
    }
}

/// The stability of one fixed point.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FixedPointStability {
    pub stable: bool,
    /// Leading roots of the characteristic equation, largest growth rate first.
    pub roots: RootReport,
    /// Which transfer function was used.
    pub transfer: &'static str,
    /// Inhibition stabilisation and paradoxical responses (`None` without both an excitatory
    /// and an inhibitory population, or when I - W(0) is singular).
    pub isn: Option<IsnReport>,
    /// Branching ratio of the linearised network.
    pub branching: BranchingRatio,
    /// Gain-scaled bulk radius of the neuron-level connectivity ([`super::chaos`]).
    pub gain_scaled_radius: f64,
}

/// Mean delay d_ab (s) of the projections from b onto a (in-degree weighted); `None` where
/// there is no projection.
fn delay_matrix(model: &Model) -> DMatrix<f64> {
    let n = model.populations.len();
    let mut sum = DMatrix::<f64>::zeros(n, n);
    let mut weight = DMatrix::<f64>::zeros(n, n);
    for p in &model.projections {
        let k = model.mean_indegree(p);
        sum[(p.target.0, p.source.0)] += k * p.delay.mean();
        weight[(p.target.0, p.source.0)] += k;
    }
    DMatrix::from_fn(n, n, |a, b| {
        if weight[(a, b)] > 0.0 {
            sum[(a, b)] / weight[(a, b)]
        } else {
            model.simulation.dt
        }
    })
}

/// The linearised network of `model` around `fixed` (from [`super::solve`]).
///
/// - `lif_delta`, `lif_exp`: the LIF transfer function (exact or low pass, `form`) on the
///   mean-input coupling tau_a K_ab J_ab (and the variance channel for delta synapses). For
///   `lif_exp` this is the Fourcaud-Brunel shifted form (valid for f << 1 / (2 pi
///   sqrt(tau_m tau_s))), or with [`linearise_with`] and [`ExpSynapseTransfer::Taylor`] the
///   form of Schuecker et al. 2015 (`SynapticFilter::SchueckerTaylor`).
/// - rate units (tau dx/dt = -x + sum_b W phi(x_b) + I): delta r_a = <phi'>_a delta x_a and
///   (1 + lambda tau_a) delta x_a = sum_b K_ab J_ab e^{-lambda d_ab} delta r_b, i.e. the low pass
///   gain / (1 + lambda tau_a) on W_ab(0) = <phi'>_a K_ab J_ab, so that the characteristic
///   equation is det(I (1 + lambda tau) - W(0) e^{-lambda d}) = 0 (population level: the mean
///   channel only; the quenched-disorder instability is the bulk radius of [`super::chaos`]).
/// - binary units with Glauber dynamics (tau dm_a/dt = -m_a + H((theta_a - u_a)/sqrt(alpha_a)),
///   van Vreeswijk & Sompolinsky 1998): the same low pass with W_ab(0) = dm_a/du_a K_ab J_ab +
///   dm_a/dalpha_a d alpha_a/dm_b, dm/du = pdf(z)/sqrt(alpha), dm/dalpha = pdf(z) z / (2 alpha),
///   d alpha_a / d m_b = K_ab E[J^2] - 2 c K_ab E[J]^2 m_b (the susceptibility of
///   [`crate::neuron::binary`]).
/// - `lif_cond`: an approximation. W_ab(0) = d nu_a / d nu_b of the stationary
///   effective-time-constant map of [`crate::neuron::lif`] (mean, variance and tau_eff channels, by
///   forward differences), filtered by the membrane low pass 1 / (1 + lambda tau_eff,a) and
///   the synaptic low pass 1 / (1 + lambda tau_s,b) of the source's synapse type. The exact
///   linear response of a conductance-based LIF neuron (Richardson 2004) is not used.
pub fn linearise(
    network: &MeanFieldNetwork,
    fixed: &FixedPoint,
    form: TransferForm,
) -> Result<LinearisedNetwork> {
    linearise_with(network, fixed, form, ExpSynapseTransfer::Shift)
}

/// [`linearise`] with a choice of the exponential-synapse transfer function.
pub fn linearise_with(
    network: &MeanFieldNetwork,
    fixed: &FixedPoint,
    form: TransferForm,
    exp_synapses: ExpSynapseTransfer,
) -> Result<LinearisedNetwork> {
    let model = &network.model;
    let n = network.len();
    if fixed.populations.len() != n {
        return Err(Error::BadInput(format!(
            "stability: the fixed point has {} populations, the model {n}",
            fixed.populations.len()
        )));
    }
    let mut transfers = Vec::with_capacity(n);
    let mut coupling = DMatrix::<f64>::zeros(n, n);
    let mut variance = DMatrix::<f64>::zeros(n, n);
    let mut filters = DMatrix::<f64>::zeros(n, n);
    let (mut lif_filtered, mut has_filters, mut has_variance) = (false, false, false);
    let mut conductance_rows: Option<Vec<Vec<f64>>> = None;
    for (a, terms) in network.populations.iter().enumerate() {
        let p = &fixed.populations[a];
        let row = &network.couplings[a];
        match (&terms.response, model.kind_of(PopulationId(a))) {
            (Response::LifDelta(membrane) | Response::LifExp(membrane), kind) => {
                let filter = match kind {
                    NeuronKind::LifExp { tau_syn_ex, .. } => {
                        lif_filtered = true;
                        exp_synapses.filter(*tau_syn_ex)
                    }
                    _ => SynapticFilter::None,
                };
                let point = LifOperatingPoint {
                    tau_m: membrane.tau_m,
                    t_ref: membrane.t_ref,
                    v_th: membrane.theta,
                    v_reset: membrane.v_reset,
                    mu: p.mu,
                    sigma: p.sigma,
                    rate: p.rate,
                };
                // A silent population (no noise below threshold, or a rate that underflows)
                // has no linear response: H = 0.
                let silent = p.rate <= 0.0 || (p.sigma <= 0.0 && p.mu < membrane.theta);
                if silent {
                    transfers.push(UnitTransfer::LowPass {
                        gain: 0.0,
                        tau: membrane.tau_m,
                    });
                } else {
                    // Populations at the same operating point share one transfer function (its
                    // construction evaluates the zero-frequency limits, the costly part).
                    let shared = transfers.iter().find_map(|u: &UnitTransfer| match u {
                        UnitTransfer::Lif(t) if *t.point() == point && t.filter() == filter => {
                            Some(t.clone())
                        }
                        _ => None,
                    });
                    let t = match shared {
                        Some(t) => t,
                        None => LifTransfer::new(point, filter, form).map_err(|e| {
                            Error::Runtime(format!("transfer function of {}: {e}", terms.name))
                        })?,
                    };
                    transfers.push(UnitTransfer::Lif(t));
                }
                for b in 0..n {
                    coupling[(a, b)] = membrane.tau_m * row[b].mean;
                    variance[(a, b)] = membrane.tau_m * row[b].second_moment;
                }
                has_variance = true;
            }
            (Response::LifCond(membrane), NeuronKind::LifCond { syn, .. }) => {
                let tau = p.tau_eff.unwrap_or(membrane.tau_m);
                transfers.push(UnitTransfer::LowPass { gain: 1.0, tau });
                if conductance_rows.is_none() {
                    conductance_rows = Some(conductance_jacobian(network, fixed));
                }
                let rows = conductance_rows.as_ref().map_or(&[][..], |r| r.as_slice());
                for b in 0..n {
                    coupling[(a, b)] = rows.get(a).and_then(|r| r.get(b)).copied().unwrap_or(0.0);
                    filters[(a, b)] = match network.populations[b].sign {
                        Sign::Inhibitory => syn.tau_syn_in,
                        _ => syn.tau_syn_ex,
                    };
                }
                has_filters = true;
            }
            (Response::Rate { .. }, NeuronKind::Rate(unit)) => {
                transfers.push(UnitTransfer::LowPass {
                    gain: 1.0,
                    tau: unit.tau,
                });
                for b in 0..n {
                    coupling[(a, b)] = p.dnu_dmu * row[b].mean;
                }
            }
            (Response::Binary { .. }, NeuronKind::Binary(unit)) => {
                transfers.push(UnitTransfer::LowPass {
                    gain: 1.0,
                    tau: unit.tau,
                });
                // dm/dalpha = pdf(z) z / (2 alpha) = (dm/dsd) / (2 sd).
                let dm_dalpha = if p.sigma > 0.0 {
                    p.dnu_dsigma / (2.0 * p.sigma)
                } else {
                    0.0
                };
                for b in 0..n {
                    let m_b = fixed.populations[b].rate;
                    let dalpha = row[b].second_moment - 2.0 * row[b].mean_square * m_b;
                    coupling[(a, b)] = p.dnu_dmu * row[b].mean + dm_dalpha * dalpha;
                }
            }
            _ => {
                return Err(Error::Runtime(format!(
                    "stability: population {} has an unexpected neuron kind",
                    terms.name
                )));
            }
        }
    }
    let all_delta = has_variance && !lif_filtered;
    let mut linear = LinearisedNetwork::with_units(coupling, delay_matrix(model), transfers)?;
    if let Some(kernels) = DelayKernels::from_model(model) {
        linear = linear.with_delay_kernels(kernels)?;
    }
    if all_delta {
        // The variance channel with synaptic filtering is not available (see transfer.rs);
        // rows of other kinds carry their variance dependence in the coupling.
        for (a, terms) in network.populations.iter().enumerate() {
            if !matches!(terms.response, Response::LifDelta(_)) {
                variance.row_mut(a).fill(0.0);
            }
        }
        linear = linear.with_variance_coupling(variance)?;
    }
    if has_filters {
        linear = linear.with_synaptic_filters(filters)?;
    }
    Ok(linear)
}

/// d nu_a / d nu_b of the stationary mean-field map at the fixed point (forward differences of
/// the map the solver uses), for the conductance-based rows.
fn conductance_jacobian(network: &MeanFieldNetwork, fixed: &FixedPoint) -> Vec<Vec<f64>> {
    let problem = MeanFieldProblem::new(network);
    let rates = fixed.rates();
    let mut jac = problem.finite_difference_jacobian(&rates);
    for (a, row) in jac.iter_mut().enumerate() {
        row[a] += 1.0; // dF/ds = dG/ds - I
    }
    jac
}

/// Stability of a fixed point of `model`, within the default time limit
/// ([`crate::numerics::budget::DEFAULT_TIME_LIMIT_S`]).
pub fn analyse(
    network: &MeanFieldNetwork,
    fixed: &FixedPoint,
    form: TransferForm,
) -> Result<FixedPointStability> {
    analyse_within(network, fixed, form, &Budget::default_limit())
}

/// Stability of a fixed point of `model`; the root search and the count stop with a
/// runtime error when `budget` runs out.
pub fn analyse_within(
    network: &MeanFieldNetwork,
    fixed: &FixedPoint,
    form: TransferForm,
    budget: &Budget,
) -> Result<FixedPointStability> {
    analyse_with(network, fixed, form, ExpSynapseTransfer::Shift, budget)
}

/// [`analyse_within`] with a choice of the exponential-synapse transfer function.
pub fn analyse_with(
    network: &MeanFieldNetwork,
    fixed: &FixedPoint,
    form: TransferForm,
    exp_synapses: ExpSynapseTransfer,
    budget: &Budget,
) -> Result<FixedPointStability> {
    let model = &network.model;
    let linear = linearise_with(network, fixed, form, exp_synapses)?.with_budget(budget.clone());
    let roots = leading_roots(&linear, &RootSearch::default())?;
    let w0 = linear.static_connectivity()?;
    let names: Vec<String> = model.populations.iter().map(|p| p.name.clone()).collect();
    let signs: Vec<Sign> = model.populations.iter().map(|p| p.sign).collect();
    let any_lif = (0..linear.len()).any(|a| matches!(linear.transfer(a), UnitTransfer::Lif(_)));
    let colored = (0..linear.len()).any(|a| {
        matches!(linear.transfer(a), UnitTransfer::Lif(t)
            if matches!(t.filter(), SynapticFilter::SchueckerTaylor { .. }))
    });
    Ok(FixedPointStability {
        stable: roots.stable(),
        roots,
        transfer: match (form, any_lif) {
            (_, false) => "low_pass",
            (TransferForm::Exact, true) if colored => "schuecker_diesmann_helias_2015",
            (TransferForm::Exact, true) => "lindner_schimansky_geier_2001",
            (TransferForm::LowPass, true) => "low_pass",
        },
        // A singular I - W(0) leaves the ISN question open rather than failing the analysis.
        isn: isn::analyse(&w0, &names, &signs).ok().flatten(),
        branching: branching_ratio(&w0)?,
        gain_scaled_radius: gain_scaled_radius(network, fixed)?,
    })
}
