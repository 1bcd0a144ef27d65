//! The `stability` workflow: the linear stability of every mean-field fixed point of a model,
//! with the leading roots of the delay characteristic equation det(I - W(lambda)) = 0
//! (Brunel & Hakim 1999; Brunel 2000 sec. 4), inhibition stabilisation and paradoxical
//! response (Tsodyks et al. 1997; Ozeki et al. 2009), the branching ratio and the gain-scaled
//! bulk radius. The first fixed point (reached from rest) is also summarised at the top.

use eibal_model::{Error, Model, Result};
use eibal_theory::MeanFieldNetwork;
use eibal_theory::network::characteristic::Root;
use eibal_theory::network::characteristic::Verdict;
use eibal_theory::network::isn::IsnReport;
use eibal_theory::network::stability::{ExpSynapseTransfer, FixedPointStability, analyse_with};
use eibal_theory::neuron::transfer::TransferForm;
use eibal_theory::numerics::budget::{Budget, DEFAULT_TIME_LIMIT_S};
use eibal_theory::{FixedPoint, TheoryOptions, TheoryResult};
use serde::Serialize;

/// Roots given per fixed point.
pub const SHOWN_ROOTS: usize = 5;

/// What to compute.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StabilityRequest {
    /// The LIF transfer function: exact (Lindner & Schimansky-Geier 2001) or the first-order
    /// low pass H(0) / (1 + lambda tau_m).
    pub form: TransferForm,
    /// Wall-clock limit (s) of the whole analysis, all fixed points together; `None` is the
    /// default [`DEFAULT_TIME_LIMIT_S`]. When it runs out the workflow fails with a runtime
    /// error that says what to try.
    pub time_limit_s: Option<f64>,
    /// The transfer function of LIF populations with exponential synapses: the
    /// Fourcaud-Brunel shift (default) or Schuecker et al. (2015) (`--exp-transfer taylor`).
    pub exp_synapses: ExpSynapseTransfer,
}

impl StabilityRequest {
    /// The budget of one run of the workflow, started now.
    pub fn budget(&self) -> Result<Budget> {
        let hint = match self.form {
            TransferForm::Exact => {
                "try the low-pass transfer function (`--low-pass`, much cheaper), other param \
                 values, or a longer time limit (`--time-limit`)"
            }
            TransferForm::LowPass => {
                "try other param values or a longer time limit (`--time-limit`)"
            }
        };
        Ok(Budget::seconds(self.time_limit_s.unwrap_or(DEFAULT_TIME_LIMIT_S))?.with_hint(hint))
    }
}

/// The stability of one fixed point.
#[derive(Debug, Clone, Serialize)]
pub struct FixedPointReport {
    pub from_rest: bool,
    /// Rates (Hz) or activities at the fixed point.
    pub rates_hz: Vec<f64>,
    /// True only when the verdict is stable.
    pub stable: bool,
    /// STABLE, UNSTABLE or UNDETERMINED (`stable`, `unstable`, `undetermined` in JSON): what
    /// the argument-principle count and the roots found both support.
    pub verdict: Verdict,
    /// Where the two methods disagree, in words (null when they agree).
    pub conflict: Option<String>,
    /// Zeros with Re lambda > 0 counted by the argument principle (pairs count twice).
    pub unstable_roots: usize,
    /// The leading roots, largest growth rate first (at most [`SHOWN_ROOTS`]).
    pub leading_roots: Vec<Root>,
    pub isn: Option<IsnReport>,
    pub branching_ratio: f64,
    pub net_branching: f64,
    pub gain_scaled_radius: f64,
    #[serde(skip)]
    pub analysis: FixedPointStability,
}

/// The stability of a model: the document of `eibal stability --json`.
#[derive(Debug, Clone, Serialize)]
pub struct StabilityReport {
    pub model: String,
    /// Which transfer function was used.
    pub transfer: &'static str,
    /// The fixed point reached from rest: true only when its verdict is stable.
    pub stable: bool,
    /// The verdict at the fixed point reached from rest.
    pub verdict: Verdict,
    pub leading_roots: Vec<Root>,
    pub isn: Option<IsnReport>,
    pub branching_ratio: f64,
    pub gain_scaled_radius: f64,
    pub fixed_points: Vec<FixedPointReport>,
    pub notes: Vec<String>,
    /// Whether the populations spike (rates in Hz) or are rate/binary units.
    #[serde(skip)]
    pub spiking: bool,
}

/// Solves the theory of `model` and analyses the stability of every fixed point.
pub fn stability(model: &Model, request: &StabilityRequest) -> Result<StabilityReport> {
    let budget = request.budget()?;
    let network = MeanFieldNetwork::compile(model, 1.0)?;
    let prediction = eibal_theory::solve_network(&network, &TheoryOptions::default())?;
    budget.check("the mean-field theory before the stability analysis")?;
    stability_within(&network, &prediction, request, &budget)
}

/// Like [`stability`] for a network already compiled and solved.
pub fn stability_of(
    network: &MeanFieldNetwork,
    prediction: &TheoryResult,
    request: &StabilityRequest,
) -> Result<StabilityReport> {
    stability_within(network, prediction, request, &request.budget()?)
}

fn stability_within(
    network: &MeanFieldNetwork,
    prediction: &TheoryResult,
    request: &StabilityRequest,
    budget: &Budget,
) -> Result<StabilityReport> {
    let model = &network.model;
    let fixed_points: Vec<FixedPointReport> = prediction
        .fixed_points
        .iter()
        .map(|f| fixed_point(network, f, request, budget))
        .collect::<Result<_>>()?;
    let Some(first) = fixed_points.first() else {
        return Err(Error::Runtime("the theory found no fixed point".into()));
    };
    let mut notes: Vec<String> = Vec::new();
    if fixed_points.iter().any(|s| s.isn.is_none()) {
        notes.push(
            "isn is null where the model lacks an excitatory or an inhibitory population, \
             or where I - W(0) is singular"
                .into(),
        );
    }
    if fixed_points.iter().any(|s| s.leading_roots.is_empty()) {
        notes.push(
            "leading_roots is empty where the characteristic equation has no root in the \
             searched rectangle (growth rate -200..400 /s, 0..500 Hz); `stable` still \
             counts unstable roots there by the argument principle"
                .into(),
        );
    }
    for (i, s) in fixed_points.iter().enumerate() {
        if let Some(c) = &s.conflict {
            notes.push(format!("fixed point {}: {c}", i + 1));
        }
    }
    Ok(StabilityReport {
        model: model.name.clone(),
        transfer: first.analysis.transfer,
        stable: first.stable,
        verdict: first.verdict,
        leading_roots: first.leading_roots.clone(),
        isn: first.isn.clone(),
        branching_ratio: first.branching_ratio,
        gain_scaled_radius: first.gain_scaled_radius,
        notes,
        spiking: prediction.spiking,
        fixed_points,
    })
}

fn fixed_point(
    network: &MeanFieldNetwork,
    f: &FixedPoint,
    request: &StabilityRequest,
    budget: &Budget,
) -> Result<FixedPointReport> {
    let s = analyse_with(network, f, request.form, request.exp_synapses, budget)?;
    Ok(FixedPointReport {
        from_rest: f.from_rest,
        rates_hz: f.rates(),
        stable: s.stable,
        verdict: s.roots.verdict,
        conflict: s.roots.conflict.clone(),
        unstable_roots: s.roots.unstable_count,
        leading_roots: s.roots.roots.iter().take(SHOWN_ROOTS).cloned().collect(),
        isn: s.isn.clone(),
        branching_ratio: s.branching.ratio,
        net_branching: s.branching.net,
        gain_scaled_radius: s.gain_scaled_radius,
        analysis: s,
    })
}
