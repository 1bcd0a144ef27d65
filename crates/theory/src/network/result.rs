//! What `theory::solve` returns. All values in SI units (Hz, V, s); rate and binary units
//! report dimensionless activities and inputs.

use super::balance::BalancedSolution;
use serde::Serialize;

/// Whether the mean input alone reaches threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Regime {
    /// mu above the (effective) threshold: fires regularly even without noise.
    MeanDriven,
    /// mu below threshold: spikes are caused by fluctuations.
    FluctuationDriven,
}

/// One population at one fixed point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PopulationResult {
    pub name: String,
    /// The neuron kind (`lif_delta`, `lif_exp`, `lif_cond`, `rate`, `binary`).
    pub kind: &'static str,
    /// Rate (Hz) for LIF neurons; mean activity <phi> or m for rate and binary units.
    pub rate: f64,
    /// CV of the inter-spike intervals (Brunel 2000 appendix A); `None` for non-spiking units
    /// and when the population is silent (no intervals).
    pub cv: Option<f64>,
    /// Mean free membrane potential relative to rest (V), or the mean input of rate and binary
    /// units.
    pub mu: f64,
    /// Standard deviation of the free membrane potential (V), or of the input.
    pub sigma: f64,
    /// Mean input from recurrent excitatory sources (V; input units for rate/binary).
    pub input_e: f64,
    /// Mean input from recurrent inhibitory sources (negative).
    pub input_i: f64,
    /// Mean input from external Poisson drive and constant currents.
    pub input_ext: f64,
    /// d rate / d mu (Hz/V; for rate and binary units the population gain).
    pub dnu_dmu: f64,
    /// d rate / d sigma (Hz/V).
    pub dnu_dsigma: f64,
    /// Effective membrane time constant C / g_total (s), conductance synapses only.
    pub tau_eff: Option<f64>,
    /// |net mean input| / excitatory mean input, where the net input is mu (the sum of
    /// recurrent E, recurrent I and external contributions) and the excitatory input is the sum
    /// of the positive contributions (recurrent E plus external when positive). 0 means
    /// perfectly balanced, 1 no inhibition. `None` without excitatory input.
    pub balance_index: Option<f64>,
    pub regime: Regime,
    /// Fourcaud-Brunel shift of threshold and reset (V), 0 for delta synapses.
    pub threshold_shift: f64,
}

/// A self-consistent solution of the mean-field equations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FixedPoint {
    pub populations: Vec<PopulationResult>,
    /// Found by following the rate dynamics tau dnu/dt = -nu + Phi(nu) from rest: the one a
    /// simulation started at rest is predicted to reach (if it is stable).
    pub from_rest: bool,
    /// Linear stability: not computed yet (the stability analysis, issue 6, fills it in).
    pub stable: Option<bool>,
    /// Solver iterations used.
    pub iterations: u64,
    /// Final scaled residual max |G(s) - s| / max(|s|, scale).
    pub residual: f64,
}

impl FixedPoint {
    pub fn rates(&self) -> Vec<f64> {
        self.populations.iter().map(|p| p.rate).collect()
    }
}

/// How the finite-K solution approaches the balanced limit: rates at K scaled by `scale_k`
/// (efficacies divided by sqrt(scale_k)).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApproachRow {
    /// Total in-degree scale relative to the model as written.
    pub scale_k: f64,
    /// Rates of the fixed point reached from rest, or `None` with `error` saying why.
    pub rates: Option<Vec<f64>>,
    pub balance_index: Option<Vec<Option<f64>>>,
    pub error: Option<String>,
}

/// The balanced limit and the approach to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BalancedLimit {
    #[serde(flatten)]
    pub solution: BalancedSolution,
    pub approach: Vec<ApproachRow>,
}

/// Everything the mean-field theory predicts for one model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TheoryResult {
    pub model: String,
    /// Whether the populations are spiking (rates in Hz) or rate/binary units.
    pub spiking: bool,
    /// The in-degree scale applied (`--scale-k`).
    pub scale_k: f64,
    /// All fixed points found; the first is the one reached from rest.
    pub fixed_points: Vec<FixedPoint>,
    pub balanced_limit: BalancedLimit,
    /// What the theory left out or could not do, in plain words.
    pub notes: Vec<String>,
}
