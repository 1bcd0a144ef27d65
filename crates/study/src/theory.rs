//! The `theory` workflow: stationary mean-field rates, CV, inputs, balance and the balanced
//! limit of one model, as the document `eibal theory --json` prints.
//!
//! Keys are snake_case with the unit as suffix (`rate_hz`, `mu_mv`); rate and binary units have
//! dimensionless activities and get `activity`, `input_mean`, ... instead. A value the
//! theory's formulas cannot give (outside their range) is null with a line in `warnings`
//! saying which and why; `cv` is null for silent or non-spiking populations. Balance index:
//! |mu| / (input_e + max(input_ext, 0)), the net mean input relative to the excitatory one
//! (0 = perfect cancellation, 1 = no inhibition); voltages are relative to rest.
//!
//! Second-order statistics (`second_order`, LIF populations of the first fixed point): `cv`
//! and `fano` are the best estimates the theory has. By default they come from the
//! self-consistent spike-train-spectrum scheme
//! ([`eibal_theory::network::second_order`]; `method` says which), with their sampling errors
//! and the spike-train power spectrum; the diffusion-approximation CV (Poisson input trains,
//! Brunel 2000 appendix A) stays as `cv_poisson_input`. `rate_hz` stays the diffusion fixed
//! point (analytical, exact to rounding); the scheme's own rate is `rate_second_order_hz`.
//! Where the scheme does not apply (oscillatory fixed point, conductance synapses, rate or
//! binary units) `second_order.applied` is false with the reason, and `cv` is the diffusion
//! value.
//!
//! Population-rate spectra (`rate_spectrum`, spiking populations of the first fixed point):
//! per population `rate_spectrum {frequency_hz, power}` (two-sided, Hz^2/Hz, 0 to 500 Hz),
//! its peak `rate_spectrum_peak_hz` (null: no peak), and the mean pairwise spike-count
//! correlation `pairwise_correlation` in windows of `correlation_window_ms` (the simulation's
//! counting bin) and `pairwise_correlation_long_window`, by linear response
//! ([`eibal_theory::network::population_spectrum`]); the noise source is the
//! self-consistent spike-train spectrum where the second-order scheme ran, else Poisson; the
//! neurons' response is the white-noise transfer function, or on request the susceptibility
//! sampled by the scheme ([`NeuronResponse`], `rate_spectrum.neuron_response`). The predicted
//! rhythm `predicted_rhythm_hz` is the spectral peak around a stable fixed point and the
//! frequency of the fastest-growing mode around an unstable one (`rate_spectrum.rhythm_method`,
//! `rate_spectrum.leading_root`); there the spectrum is kept but labelled as no prediction and
//! the correlations are null.

use eibal_model::{Model, Result};
use eibal_theory::network::balance::VvsConditions;
use eibal_theory::network::characteristic::{
    LinearisedNetwork, Root, RootReport, RootSearch, SampledTransfer, UnitTransfer, leading_roots,
};
use eibal_theory::network::input::{MeanFieldNetwork, Response};
use eibal_theory::network::input_correlation::common_input_spectra;
use eibal_theory::network::population_spectrum::{
    NoiseSource, PopulationSpectra, default_frequencies, population_spectra,
};
use eibal_theory::network::second_order::{
    self, PowerSpectrum, SecondOrder, SecondOrderOptions, SecondOrderResult,
};
use eibal_theory::network::stability::linearise;
use eibal_theory::neuron::transfer::{SynapticFilter, TransferForm};
use eibal_theory::numerics::budget::{Budget, DEFAULT_TIME_LIMIT_S};
use eibal_theory::{FixedPoint, PopulationResult, Regime, TheoryOptions, TheoryResult};
use num_complex::Complex64;
use serde::Serialize;
use std::f64::consts::PI;

/// What to compute.
#[derive(Debug, Clone, PartialEq)]
pub struct TheoryRequest {
    /// Multiply all in-degrees (recurrent and external) by this and divide weights by its
    /// square root: the balanced-network scaling J ~ 1/sqrt(K).
    pub scale_k: f64,
    /// Search for further fixed points besides the one reached from rest.
    pub search: bool,
    /// Run the second-order self-consistent scheme (CV, Fano factor, spike-train spectra).
    pub second_order: bool,
    /// Wall-clock limit of the mean-field solve (s); `None`: the default
    /// ([`DEFAULT_TIME_LIMIT_S`]).
    pub time_limit_s: Option<f64>,
    /// The single-neuron response in the population spectra's linear response.
    pub neuron_response: NeuronResponse,
    /// Add the common input from the predicted cross-correlations of the input trains to the
    /// second-order scheme's input spectrum, and iterate
    /// ([`eibal_theory::network::input_correlation`]).
    pub input_correlations: bool,
}

/// Which single-neuron response the linear response of the population spectra uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NeuronResponse {
    /// The transfer function under white noise (Lindner & Schimansky-Geier 2001; shifted
    /// threshold for exponential synapses): the diffusion approximation's.
    #[default]
    WhiteNoiseTransferFunction,
    /// The susceptibility sampled by the second-order scheme under its self-consistent
    /// coloured input, chi = S_yx / S_xx (Furutsu-Novikov), where that scheme ran; the
    /// white-noise one elsewhere.
    SampledSusceptibility,
}

impl NeuronResponse {
    /// The name printed in the output.
    pub fn name(self) -> &'static str {
        match self {
            NeuronResponse::WhiteNoiseTransferFunction => "white_noise_transfer_function",
            NeuronResponse::SampledSusceptibility => "sampled_susceptibility",
        }
    }
}

impl Default for TheoryRequest {
    fn default() -> TheoryRequest {
        TheoryRequest {
            scale_k: 1.0,
            search: true,
            second_order: true,
            time_limit_s: None,
            neuron_response: NeuronResponse::default(),
            input_correlations: false,
        }
    }
}

/// The theory of one model: the JSON document of `eibal theory --json`, and the full
/// [`TheoryResult`] (SI units) behind it.
#[derive(Debug, Clone, Serialize)]
pub struct TheoryReport {
    pub model: String,
    pub scale_k: f64,
    /// The populations at the first fixed point (the one reached from rest).
    pub populations: Vec<PopulationReport>,
    pub fixed_points: Vec<FixedPointReport>,
    pub balanced_limit: BalancedLimitReport,
    /// The second-order scheme: whether it ran, how, and what in it is sampled.
    pub second_order: SecondOrderReport,
    /// The population-rate spectra: whether computed, from which noise source.
    pub rate_spectrum: RateSpectrumReport,
    /// What the theory left out, in plain words.
    pub notes: Vec<String>,
    /// Why any value is null.
    pub warnings: Vec<String>,
    #[serde(skip)]
    pub result: TheoryResult,
}

/// One population at one fixed point.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
// A report holds one of these per population and fixed point, built once: boxing the large
// variant would only add indirection to serialisation.
#[allow(clippy::large_enum_variant)]
pub enum PopulationReport {
    Spiking(SpikingPopulation),
    Units(UnitPopulation),
}

/// A population of LIF neurons (rates in Hz, voltages in mV relative to rest).
#[derive(Debug, Clone, Serialize)]
pub struct SpikingPopulation {
    pub name: String,
    pub kind: &'static str,
    pub rate_hz: Option<f64>,
    /// The best CV estimate: `method` says which.
    pub cv: Option<f64>,
    /// The diffusion-approximation CV (Poisson input trains; Brunel 2000 appendix A).
    pub cv_poisson_input: Option<f64>,
    /// Standard error of the sampled CV (null for the analytical diffusion value).
    pub cv_sampling_error: Option<f64>,
    /// Fano factor of spike counts: sampled in windows of `fano_window_ms` by the
    /// second-order scheme, or the renewal limit CV^2 of the diffusion approximation.
    pub fano: Option<f64>,
    pub fano_sampling_error: Option<f64>,
    /// The second-order scheme's self-consistent rate and its standard error.
    pub rate_second_order_hz: Option<f64>,
    pub rate_sampling_error_hz: Option<f64>,
    /// `self_consistent_spike_spectrum` or `diffusion_approximation`.
    pub method: &'static str,
    /// Two-sided spike-train power spectrum (Hz) of one neuron, second-order scheme only.
    pub spike_spectrum: Option<PowerSpectrum>,
    /// Two-sided power spectrum of the population rate (Hz^2/Hz), by linear response.
    pub rate_spectrum: Option<PowerSpectrum>,
    /// Its peak frequency (null: computed, but the spectrum has no peak; see
    /// `rate_spectrum.peak_rule`). Around an unstable fixed point this is the peak of the
    /// formula on the imaginary axis, not a prediction: see `predicted_rhythm_hz`.
    pub rate_spectrum_peak_hz: Option<f64>,
    /// The rhythm the theory predicts for this population (Hz): the spectral peak around a
    /// stable fixed point, the fastest-growing mode's frequency around an unstable one
    /// (null: no peak, or a non-oscillatory instability); `rate_spectrum.rhythm_method` says
    /// which.
    pub predicted_rhythm_hz: Option<f64>,
    /// Mean pairwise spike-count correlation coefficient in windows of
    /// `rate_spectrum.correlation_window_ms`, and in long windows (zero frequency).
    pub pairwise_correlation: Option<f64>,
    pub pairwise_correlation_long_window: Option<f64>,
    pub mu_mv: Option<f64>,
    pub sigma_mv: Option<f64>,
    pub input_e_mv: Option<f64>,
    pub input_i_mv: Option<f64>,
    pub input_ext_mv: Option<f64>,
    pub dnu_dmu_hz_per_mv: Option<f64>,
    pub dnu_dsigma_hz_per_mv: Option<f64>,
    /// Effective membrane time constant, conductance synapses only.
    pub tau_eff_ms: Option<f64>,
    pub balance_index: Option<f64>,
    pub regime: Regime,
    /// Fourcaud-Brunel shift of threshold and reset (exponential synapses).
    pub threshold_shift_mv: Option<f64>,
}

/// A population of rate or binary units (dimensionless activities and inputs).
#[derive(Debug, Clone, Serialize)]
pub struct UnitPopulation {
    pub name: String,
    pub kind: &'static str,
    pub activity: Option<f64>,
    /// Always null: units do not spike.
    pub cv: Option<f64>,
    pub input_mean: Option<f64>,
    pub input_sd: Option<f64>,
    pub input_e: Option<f64>,
    pub input_i: Option<f64>,
    pub input_ext: Option<f64>,
    /// d activity / d input mean.
    pub gain: Option<f64>,
    pub dactivity_dsigma: Option<f64>,
    pub balance_index: Option<f64>,
    pub regime: Regime,
}

#[derive(Debug, Clone, Serialize)]
pub struct FixedPointReport {
    /// True for the first one: reached by following the rate dynamics from rest.
    pub from_rest: bool,
    pub stable: Option<bool>,
    pub iterations: u64,
    pub residual: f64,
    pub populations: Vec<PopulationReport>,
}

/// Rates in Hz (`rates_hz`) for spiking models, `activities` for rate and binary units.
#[derive(Debug, Clone, Serialize)]
pub enum Rates {
    #[serde(rename = "rates_hz")]
    Hz(Option<Vec<f64>>),
    #[serde(rename = "activities")]
    Activities(Option<Vec<f64>>),
}

impl Rates {
    fn of(spiking: bool, rates: Option<Vec<f64>>) -> Rates {
        if spiking {
            Rates::Hz(rates)
        } else {
            Rates::Activities(rates)
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct BalancedLimitReport {
    pub valid: bool,
    pub explanation: String,
    #[serde(flatten)]
    pub rates: Rates,
    pub vvs: Option<VvsConditions>,
    pub approach: Vec<ApproachReport>,
}

/// The fixed point at in-degrees scaled by `scale_k` (efficacies / sqrt(scale_k)).
#[derive(Debug, Clone, Serialize)]
pub struct ApproachReport {
    pub scale_k: f64,
    #[serde(flatten)]
    pub rates: Rates,
    pub balance_index: Option<Vec<Option<f64>>>,
    pub error: Option<String>,
}

/// The second-order scheme's part of the report.
#[derive(Debug, Clone, Serialize)]
pub struct SecondOrderReport {
    pub applied: bool,
    /// Why not, when it did not run.
    pub reason: Option<String>,
    pub method: Option<&'static str>,
    pub iterations: Option<usize>,
    pub converged: Option<bool>,
    /// Simulated single-neuron time per population and iteration (s), integration step (ms),
    /// and the seed of the first iteration (the results are deterministic).
    pub sampled_time_s: Option<f64>,
    pub dt_ms: Option<f64>,
    pub seed: Option<u64>,
    pub fano_window_ms: f64,
    /// Whether the input spectrum included the common part from the predicted
    /// cross-correlations of the input trains (`--input-correlations`).
    pub input_correlations: bool,
    /// What is analytical and what is sampled.
    pub description: String,
}

/// What is analytical and what sampled in the scheme.
pub const SECOND_ORDER_DESCRIPTION: &str = "analytical: mean input, input spectrum from the \
    source spike-train spectra (K J^2 S(f), synaptic low pass), the quasi-Newton rate update \
    with the diffusion Jacobian, the diffusion fixed point as the start; sampled: one LIF \
    neuron per population driven by Gaussian noise of that spectrum (rate, CV, Fano factor, \
    output spectrum), iterated to self-consistency (Dummer, Wieland & Lindner 2014); \
    `*_sampling_error` are standard errors from block and batch scatter";

impl SecondOrderReport {
    fn skipped(reason: String) -> SecondOrderReport {
        SecondOrderReport {
            applied: false,
            reason: Some(reason),
            method: None,
            iterations: None,
            converged: None,
            sampled_time_s: None,
            dt_ms: None,
            seed: None,
            fano_window_ms: SecondOrderOptions::default().sampling.fano_window * 1e3,
            input_correlations: false,
            description: SECOND_ORDER_DESCRIPTION.to_string(),
        }
    }
}

/// Solves the mean-field theory of `model`.
pub fn theory(model: &Model, request: &TheoryRequest) -> Result<TheoryReport> {
    let budget = Budget::seconds(request.time_limit_s.unwrap_or(DEFAULT_TIME_LIMIT_S))?.with_hint(
        "try `--no-search` (only the fixed point from rest), fewer populations, or a longer \
             time limit (`--time-limit`)",
    );
    let options = TheoryOptions {
        scale_k: request.scale_k,
        search: request.search,
        budget,
        ..TheoryOptions::default()
    };
    let network = MeanFieldNetwork::compile(model, request.scale_k)?;
    let result = eibal_theory::solve_network(&network, &options)?;
    let mut report = TheoryReport::of(result);
    let lin = Linearised::of(&network, &report.result);
    let second = if request.second_order {
        let outcome = second_order_with(
            &network,
            &report.result,
            lin.as_ref(),
            request.input_correlations,
            request.neuron_response == NeuronResponse::SampledSusceptibility,
        )?;
        report.apply_second_order(&outcome);
        report.second_order.input_correlations =
            request.input_correlations && report.second_order.applied;
        Some(outcome)
    } else {
        None
    };
    let spectrum = rate_spectrum_with(
        &network,
        &report.result,
        lin.as_ref(),
        second.as_ref(),
        request.neuron_response,
    );
    report.apply_rate_spectrum(&spectrum);
    Ok(report)
}

/// The second-order scheme at the first fixed point of `theory`, or why it does not apply
/// (non-LIF populations, conductance synapses, or a linearly unstable fixed point: the
/// network then oscillates and the scheme's stationary input spectrum does not describe it).
pub fn second_order_of(network: &MeanFieldNetwork, theory: &TheoryResult) -> Result<SecondOrder> {
    let lin = Linearised::of(network, theory);
    second_order_with(network, theory, lin.as_ref(), false, false)
}

/// The first fixed point of a theory result linearised ([`linearise`], exact transfer
/// function) with its leading roots ([`leading_roots`]), found once and shared by the
/// second-order scheme (which refuses an unstable fixed point) and the spectrum (whose rhythm
/// around an unstable one is the fastest-growing mode), so that both read the same verdict.
pub struct Linearised {
    linear: std::result::Result<LinearisedNetwork, String>,
    roots: std::result::Result<RootReport, String>,
}

impl Linearised {
    /// The linearisation at the first fixed point of `theory` (`None` without one).
    pub fn of(network: &MeanFieldNetwork, theory: &TheoryResult) -> Option<Linearised> {
        let fixed = theory.fixed_points.first()?;
        let linear = linearise(network, fixed, TransferForm::Exact).map_err(|e| e.to_string());
        let roots = match &linear {
            Ok(l) => leading_roots(l, &RootSearch::default()).map_err(|e| e.to_string()),
            Err(e) => Err(e.clone()),
        };
        Some(Linearised { linear, roots })
    }
}

/// Rounds of the outer iteration with input cross-correlations: spike spectra -> common
/// input by linear response -> the scheme again.
pub const INPUT_CORRELATION_ROUNDS: usize = 2;

/// [`second_order_of`], with `input_correlations` the common part of the input from the
/// predicted cross-correlations of the input trains added to the scheme's input spectrum
/// ([`eibal_theory::network::input_correlation`]), iterated [`INPUT_CORRELATION_ROUNDS`]
/// times; with `susceptibility` the sampled neuron's susceptibility is estimated too (for
/// [`NeuronResponse::SampledSusceptibility`]).
pub fn second_order_with(
    network: &MeanFieldNetwork,
    theory: &TheoryResult,
    lin: Option<&Linearised>,
    input_correlations: bool,
    susceptibility: bool,
) -> Result<SecondOrder> {
    if let Some(why) = second_order::not_applicable(network) {
        return Ok(SecondOrder::NotApplicable(why));
    }
    let (Some(fixed), Some(lin)) = (theory.fixed_points.first(), lin) else {
        return Ok(SecondOrder::NotApplicable("no fixed point".into()));
    };
    match &lin.roots {
        Ok(roots) if !roots.stable() => {
            let root = roots
                .roots
                .first()
                .map(|r| format!(" (leading root at {:.1} Hz)", r.frequency_hz))
                .unwrap_or_default();
            return Ok(SecondOrder::NotApplicable(format!(
                "the fixed point is linearly unstable{root}: the network oscillates, while \
                 the scheme assumes the asynchronous state"
            )));
        }
        Ok(_) => {}
        Err(e) => {
            return Ok(SecondOrder::NotApplicable(format!(
                "the stability of the fixed point could not be checked ({e}), and the scheme \
                 assumes the asynchronous state"
            )));
        }
    }
    let mut options = SecondOrderOptions::default();
    options.sampling.susceptibility = susceptibility;
    let mut outcome = second_order::solve_second_order(network, &fixed.rates(), &options)?;
    let (true, Ok(linear)) = (input_correlations, &lin.linear) else {
        return Ok(outcome);
    };
    for _ in 0..INPUT_CORRELATION_ROUNDS {
        let SecondOrder::Solved(solved) = &outcome else {
            break;
        };
        let source = NoiseSource::SpikeSpectra(
            solved
                .populations
                .iter()
                .map(|p| smoothed(&p.spectrum, SOURCE_SMOOTHING_HZ))
                .collect(),
        );
        options.common_input = common_input_spectra(
            network,
            linear,
            &fixed.rates(),
            &source,
            &default_frequencies(),
        )?;
        outcome = second_order::solve_second_order(network, &fixed.rates(), &options)?;
    }
    Ok(outcome)
}

impl TheoryReport {
    /// The report of a theory result (display units, nulls explained).
    pub fn of(result: TheoryResult) -> TheoryReport {
        let mut warnings = Vec::new();
        let spiking = result.spiking;
        let fixed_points: Vec<FixedPointReport> = result
            .fixed_points
            .iter()
            .map(|fp| fixed_point(fp, spiking, &mut warnings))
            .collect();
        let populations = fixed_points
            .first()
            .map(|f| f.populations.clone())
            .unwrap_or_default();
        let b = &result.balanced_limit;
        let balanced_limit = BalancedLimitReport {
            valid: b.solution.valid,
            explanation: b.solution.explanation.clone(),
            rates: Rates::of(spiking, b.solution.rates.clone()),
            vvs: b.solution.vvs.clone(),
            approach: b
                .approach
                .iter()
                .map(|row| ApproachReport {
                    scale_k: row.scale_k,
                    rates: Rates::of(spiking, row.rates.clone()),
                    balance_index: row.balance_index.clone(),
                    error: row.error.clone(),
                })
                .collect(),
        };
        TheoryReport {
            model: result.model.clone(),
            scale_k: result.scale_k,
            populations,
            fixed_points,
            balanced_limit,
            second_order: SecondOrderReport::skipped("not requested (`--no-second-order`)".into()),
            rate_spectrum: RateSpectrumReport::skipped("not computed".into()),
            notes: result.notes.clone(),
            warnings,
            result,
        }
    }
}

impl TheoryReport {
    /// Puts the scheme's results into the first fixed point's populations (`populations` and
    /// `fixed_points[0]`), or records why it did not run.
    pub fn apply_second_order(&mut self, outcome: &SecondOrder) {
        let solved: &SecondOrderResult = match outcome {
            SecondOrder::NotApplicable(why) => {
                self.second_order = SecondOrderReport::skipped(why.clone());
                return;
            }
            SecondOrder::Solved(s) => s,
        };
        let finite = |x: f64| x.is_finite().then_some(x);
        let update = |populations: &mut Vec<PopulationReport>| {
            for (p, s) in populations.iter_mut().zip(&solved.populations) {
                if let PopulationReport::Spiking(p) = p {
                    p.cv = finite(s.cv);
                    p.cv_sampling_error = finite(s.cv_se);
                    p.fano = finite(s.fano);
                    p.fano_sampling_error = finite(s.fano_se);
                    p.rate_second_order_hz = finite(s.rate);
                    p.rate_sampling_error_hz = finite(s.rate_se);
                    p.method = second_order::METHOD;
                    p.spike_spectrum = Some(s.spectrum.clone());
                }
            }
        };
        update(&mut self.populations);
        if let Some(f) = self.fixed_points.first_mut() {
            update(&mut f.populations);
        }
        self.second_order = SecondOrderReport {
            applied: true,
            reason: None,
            method: Some(second_order::METHOD),
            iterations: Some(solved.iterations),
            converged: Some(solved.converged),
            sampled_time_s: Some(solved.sampled_time),
            dt_ms: Some(solved.dt * 1e3),
            seed: Some(solved.seed),
            ..SecondOrderReport::skipped(String::new())
        };
        self.second_order.reason = None;
        if !solved.converged {
            self.warnings.push(format!(
                "the second-order scheme did not settle within {} iterations (the last two \
                 differ by more than their sampling errors); its values are the last iteration",
                solved.iterations
            ));
        }
    }
}

/// A finite number, or `None` with a warning saying which value and why.
fn finite(x: f64, what: &str, warnings: &mut Vec<String>) -> Option<f64> {
    if x.is_finite() {
        Some(x)
    } else {
        warnings.push(format!(
            "{what} is {x} (the theory's formula is outside its range there) and is given as null"
        ));
        None
    }
}

fn fixed_point(fp: &FixedPoint, spiking: bool, warnings: &mut Vec<String>) -> FixedPointReport {
    FixedPointReport {
        from_rest: fp.from_rest,
        stable: fp.stable,
        iterations: fp.iterations,
        residual: fp.residual,
        populations: fp
            .populations
            .iter()
            .map(|p| population(p, spiking, warnings))
            .collect(),
    }
}

fn population(p: &PopulationResult, spiking: bool, warnings: &mut Vec<String>) -> PopulationReport {
    let mut f = |key: &str, x: f64| finite(x, &format!("{key} of {}", p.name), warnings);
    if spiking {
        PopulationReport::Spiking(SpikingPopulation {
            name: p.name.clone(),
            kind: p.kind,
            rate_hz: f("rate_hz", p.rate),
            cv: p.cv,
            cv_poisson_input: p.cv,
            cv_sampling_error: None,
            fano: p.cv.map(|c| c * c),
            fano_sampling_error: None,
            rate_second_order_hz: None,
            rate_sampling_error_hz: None,
            method: "diffusion_approximation",
            spike_spectrum: None,
            rate_spectrum: None,
            rate_spectrum_peak_hz: None,
            predicted_rhythm_hz: None,
            pairwise_correlation: None,
            pairwise_correlation_long_window: None,
            mu_mv: f("mu_mv", p.mu * 1e3),
            sigma_mv: f("sigma_mv", p.sigma * 1e3),
            input_e_mv: f("input_e_mv", p.input_e * 1e3),
            input_i_mv: f("input_i_mv", p.input_i * 1e3),
            input_ext_mv: f("input_ext_mv", p.input_ext * 1e3),
            dnu_dmu_hz_per_mv: f("dnu_dmu_hz_per_mv", p.dnu_dmu * 1e-3),
            dnu_dsigma_hz_per_mv: f("dnu_dsigma_hz_per_mv", p.dnu_dsigma * 1e-3),
            tau_eff_ms: p.tau_eff.map(|t| t * 1e3),
            balance_index: p.balance_index,
            regime: p.regime,
            threshold_shift_mv: f("threshold_shift_mv", p.threshold_shift * 1e3),
        })
    } else {
        PopulationReport::Units(UnitPopulation {
            name: p.name.clone(),
            kind: p.kind,
            activity: f("activity", p.rate),
            cv: None,
            input_mean: f("input_mean", p.mu),
            input_sd: f("input_sd", p.sigma),
            input_e: f("input_e", p.input_e),
            input_i: f("input_i", p.input_i),
            input_ext: f("input_ext", p.input_ext),
            gain: f("gain", p.dnu_dmu),
            dactivity_dsigma: f("dactivity_dsigma", p.dnu_dsigma),
            balance_index: p.balance_index,
            regime: p.regime,
        })
    }
}

/// Counting window of the predicted pairwise correlation (s): the simulation's bin
/// ([`eibal_analysis::CORRELATION_BIN`]), so that the two are the same quantity.
pub const CORRELATION_WINDOW: f64 = eibal_analysis::CORRELATION_BIN;
/// A spectral peak: a local maximum above this frequency (Hz) ...
pub const PEAK_MIN_HZ: f64 = 5.0;
/// ... at least this many times the lowest power between [`PEAK_MIN_HZ`] and it.
pub const PEAK_PROMINENCE: f64 = 1.2;
/// Half width (Hz) of the running mean applied to the sampled spike-train spectra before they
/// drive the population spectra (their sampling noise would otherwise show as small peaks).
pub const SOURCE_SMOOTHING_HZ: f64 = 5.0;

/// The population-rate spectra part of the report.
#[derive(Debug, Clone, Serialize)]
pub struct RateSpectrumReport {
    pub applied: bool,
    /// Why not, when not computed; or what limits it (an unstable fixed point).
    pub reason: Option<String>,
    /// The single-neuron noise source: `poisson` or `self_consistent_spike_spectrum`.
    pub source: Option<&'static str>,
    /// The single-neuron response: `white_noise_transfer_function` or
    /// `sampled_susceptibility` ([`NeuronResponse`]).
    pub neuron_response: Option<&'static str>,
    /// Whether the fixed point is linearly stable (the linear response assumes it).
    pub fixed_point_stable: Option<bool>,
    /// How `predicted_rhythm_hz` is obtained: [`RHYTHM_SPECTRAL_PEAK`] (stable fixed point)
    /// or [`RHYTHM_FASTEST_GROWING_MODE`] (unstable); null when not computed.
    pub rhythm_method: Option<&'static str>,
    /// The fastest-growing mode of an unstable fixed point (Re lambda in 1/s, Im lambda / 2 pi
    /// in Hz); null around a stable one.
    pub leading_root: Option<Root>,
    pub correlation_window_ms: f64,
    pub peak_rule: String,
    pub description: String,
}

/// What the spectrum around an unstable fixed point is, in words.
pub const UNSTABLE_SPECTRUM: &str = "the fixed point is linearly UNSTABLE: the linear-response \
    spectrum is not a stationary prediction (around an unstable fixed point the variance of \
    the linearised dynamics diverges; the formula on the imaginary axis, which NNMT evaluates \
    regardless, is kept as a labelled curve, not as a prediction). The predicted rhythm is the \
    frequency of the fastest-growing mode, Im lambda / 2 pi of the leading root (Brunel & \
    Hakim 1999); its power and the correlations are not predicted";

/// What the spectra are, in words.
pub const RATE_SPECTRUM_DESCRIPTION: &str = "linear response around the fixed point: C(f) = \
    (1 - M(f))^-1 diag(A_a(f) / N_a) (1 - M(f))^-H with M the effective connectivity of the \
    stability analysis (transfer function, synaptic filter, delay law) and A_a the spike-train \
    spectrum of one neuron (Poisson: the rate; or the self-consistent spectrum); power is \
    C_aa, two-sided, Hz^2/Hz (Bos, Diesmann & Helias 2016; Trousdale et al. 2012; Lindner, \
    Doiron & Longtin 2005)";

impl RateSpectrumReport {
    fn skipped(reason: String) -> RateSpectrumReport {
        RateSpectrumReport {
            applied: false,
            reason: Some(reason),
            source: None,
            neuron_response: None,
            fixed_point_stable: None,
            rhythm_method: None,
            leading_root: None,
            correlation_window_ms: CORRELATION_WINDOW * 1e3,
            peak_rule: format!(
                "a local maximum above {PEAK_MIN_HZ} Hz at least {PEAK_PROMINENCE} times the \
                 lowest power between {PEAK_MIN_HZ} Hz and it"
            ),
            description: RATE_SPECTRUM_DESCRIPTION.to_string(),
        }
    }
}

/// `rhythm_method` around a stable fixed point: the peak of the linear-response spectrum.
pub const RHYTHM_SPECTRAL_PEAK: &str = "linear_response_spectral_peak";
/// `rhythm_method` around an unstable fixed point: Im lambda / 2 pi of the root with the
/// largest growth rate (Brunel & Hakim 1999; Brunel 2000: the frequency of the oscillation
/// that emerges at the Hopf line).
pub const RHYTHM_FASTEST_GROWING_MODE: &str = "fastest_growing_mode";

/// The predicted population-rate spectra, or why there are none.
#[derive(Debug, Clone)]
pub enum RateSpectrum {
    Computed {
        spectra: PopulationSpectra,
        /// The fixed point's linear stability (`None`: it could not be checked).
        stable: Option<bool>,
        /// The root with the largest growth rate when the fixed point is unstable.
        leading: Option<Root>,
        /// The single-neuron response used ([`NeuronResponse::name`]).
        response: &'static str,
    },
    NotApplicable(String),
}

impl RateSpectrum {
    /// Whether the spectrum is a stationary prediction: computed around a fixed point known
    /// to be linearly stable. Around an unstable one the variance of the linearised dynamics
    /// diverges, and the formula's value on the imaginary axis predicts no stationary power.
    pub fn is_prediction(&self) -> bool {
        matches!(
            self,
            RateSpectrum::Computed {
                stable: Some(true),
                ..
            }
        )
    }

    /// The rhythm predicted for population `a` (Hz) and how: the spectral peak around a
    /// stable fixed point ([`RHYTHM_SPECTRAL_PEAK`]), the fastest-growing mode's frequency
    /// around an unstable one ([`RHYTHM_FASTEST_GROWING_MODE`]; `None` when that mode does
    /// not oscillate). `None` also when the stability is unknown.
    pub fn predicted_rhythm(&self, a: usize) -> Option<(f64, &'static str)> {
        match self {
            RateSpectrum::Computed {
                spectra,
                stable: Some(true),
                ..
            } => spectra
                .peak(a, PEAK_MIN_HZ, PEAK_PROMINENCE)
                .map(|(f, _)| (f, RHYTHM_SPECTRAL_PEAK)),
            RateSpectrum::Computed {
                leading: Some(r), ..
            } if r.frequency_hz > 0.0 => Some((r.frequency_hz, RHYTHM_FASTEST_GROWING_MODE)),
            _ => None,
        }
    }
}

/// The spectra at the first fixed point of `theory`, driven by the self-consistent spike-train
/// spectra of `second_order` where that scheme ran (else Poisson). Not applicable to rate and
/// binary units (no spike trains), nor where the transfer function cannot be evaluated.
pub fn rate_spectrum_of(
    network: &MeanFieldNetwork,
    theory: &TheoryResult,
    second_order: Option<&SecondOrder>,
) -> RateSpectrum {
    let lin = Linearised::of(network, theory);
    rate_spectrum_with(
        network,
        theory,
        lin.as_ref(),
        second_order,
        NeuronResponse::default(),
    )
}

/// [`rate_spectrum_of`] with a choice of the single-neuron response: with
/// [`NeuronResponse::SampledSusceptibility`] and a solved second-order scheme, each LIF
/// population's mean-channel transfer function on the imaginary axis is the sampled
/// chi(f) / tau_m (times the synaptic low pass for exponential synapses); the stability (an
/// analytical continuation off the axis) stays the white-noise one's.
pub fn rate_spectrum_with(
    network: &MeanFieldNetwork,
    theory: &TheoryResult,
    lin: Option<&Linearised>,
    second_order: Option<&SecondOrder>,
    response: NeuronResponse,
) -> RateSpectrum {
    let spiking = network.populations.iter().all(|p| {
        matches!(
            p.response,
            Response::LifDelta(_) | Response::LifExp(_) | Response::LifCond(_)
        )
    });
    if !spiking {
        return RateSpectrum::NotApplicable(
            "rate and binary units have no spike trains: no finite-size spike noise".into(),
        );
    }
    let (Some(fixed), Some(lin)) = (theory.fixed_points.first(), lin) else {
        return RateSpectrum::NotApplicable("no fixed point".into());
    };
    let linear = match &lin.linear {
        Ok(l) => l.clone(),
        Err(e) => return RateSpectrum::NotApplicable(format!("no linear response: {e}")),
    };
    let roots = lin.roots.as_ref().ok().cloned();
    let stable = roots.as_ref().map(|r| r.stable());
    let leading = roots
        .filter(|r| !r.stable())
        .and_then(|r| r.roots.first().copied());
    let source = match second_order {
        Some(SecondOrder::Solved(s)) => NoiseSource::SpikeSpectra(
            s.populations
                .iter()
                .map(|p| smoothed(&p.spectrum, SOURCE_SMOOTHING_HZ))
                .collect(),
        ),
        _ => NoiseSource::Poisson,
    };
    let (linear, response) = match (response, second_order) {
        (NeuronResponse::SampledSusceptibility, Some(SecondOrder::Solved(s)))
            if s.populations
                .iter()
                .all(|p| !p.susceptibility.chi.is_empty()) =>
        {
            (
                with_sampled_susceptibility(linear, s),
                NeuronResponse::SampledSusceptibility,
            )
        }
        _ => (linear, NeuronResponse::WhiteNoiseTransferFunction),
    };
    let sizes: Vec<usize> = network.model.populations.iter().map(|p| p.size).collect();
    match population_spectra(
        &linear,
        &fixed.rates(),
        &sizes,
        &source,
        &default_frequencies(),
    ) {
        Ok(spectra) => RateSpectrum::Computed {
            spectra,
            stable,
            leading,
            response: response.name(),
        },
        Err(e) => RateSpectrum::NotApplicable(format!("the linear response failed: {e}")),
    }
}

/// Each LIF population's transfer function replaced on the imaginary axis by the sampled
/// susceptibility of the second-order scheme: H(f) = chi(f) / tau_m (chi is the response to
/// an additive input in V/s, H the response to mu in V, and the perturbation delta mu enters
/// the membrane equation as delta mu / tau_m), times the synaptic low pass the analytical
/// form carries for exponential synapses (chi is the response to the filtered current).
fn with_sampled_susceptibility(
    linear: LinearisedNetwork,
    solved: &SecondOrderResult,
) -> LinearisedNetwork {
    linear.with_transfers(|a, current| {
        let (UnitTransfer::Lif(base), Some(p)) = (current, solved.populations.get(a)) else {
            return current.clone();
        };
        let s = &p.susceptibility;
        if s.chi.is_empty()
            || s.chi
                .iter()
                .any(|c| !(c.re.is_finite() && c.im.is_finite()))
        {
            return current.clone();
        }
        let tau_m = base.point().tau_m;
        let tau_s = match base.filter() {
            SynapticFilter::None => 0.0,
            f => f.tau_s(),
        };
        let h = s
            .frequency_hz
            .iter()
            .zip(&s.chi)
            .map(|(f, chi)| *chi / tau_m / Complex64::new(1.0, 2.0 * PI * f * tau_s))
            .collect();
        UnitTransfer::Sampled(SampledTransfer {
            base: base.clone(),
            frequency_hz: s.frequency_hz.clone(),
            h,
        })
    })
}

/// A running mean of half width `half_hz` (fewer points at the ends).
fn smoothed(s: &PowerSpectrum, half_hz: f64) -> PowerSpectrum {
    let f = &s.frequency_hz;
    let power = (0..f.len())
        .map(|k| {
            let near: Vec<f64> = (0..f.len())
                .filter(|&j| (f[j] - f[k]).abs() <= half_hz)
                .map(|j| s.power[j])
                .collect();
            near.iter().sum::<f64>() / near.len().max(1) as f64
        })
        .collect();
    PowerSpectrum {
        frequency_hz: f.clone(),
        power,
    }
}

impl TheoryReport {
    /// Puts the spectra into the first fixed point's spiking populations.
    pub fn apply_rate_spectrum(&mut self, outcome: &RateSpectrum) {
        let (spectra, stable, leading, response) = match outcome {
            RateSpectrum::NotApplicable(why) => {
                self.rate_spectrum = RateSpectrumReport::skipped(why.clone());
                return;
            }
            RateSpectrum::Computed {
                spectra,
                stable,
                leading,
                response,
            } => (spectra, *stable, *leading, *response),
        };
        let update = |populations: &mut Vec<PopulationReport>| {
            for (a, p) in populations.iter_mut().enumerate() {
                if let PopulationReport::Spiking(p) = p {
                    p.rate_spectrum = Some(PowerSpectrum {
                        frequency_hz: spectra.frequency_hz.clone(),
                        power: spectra.power[a].clone(),
                    });
                    p.rate_spectrum_peak_hz = spectra
                        .peak(a, PEAK_MIN_HZ, PEAK_PROMINENCE)
                        .map(|(f, _)| f);
                    p.predicted_rhythm_hz = outcome.predicted_rhythm(a).map(|(f, _)| f);
                    // Correlations are predictions only around a stable fixed point.
                    let predicted = outcome.is_prediction();
                    p.pairwise_correlation = spectra
                        .count_correlation(a, CORRELATION_WINDOW)
                        .filter(|_| predicted);
                    p.pairwise_correlation_long_window =
                        spectra.long_window_correlation(a).filter(|_| predicted);
                }
            }
        };
        update(&mut self.populations);
        if let Some(f) = self.fixed_points.first_mut() {
            update(&mut f.populations);
        }
        let mut report = RateSpectrumReport::skipped(String::new());
        report.applied = true;
        report.source = Some(spectra.source);
        report.neuron_response = Some(response);
        report.fixed_point_stable = stable;
        report.leading_root = leading;
        report.rhythm_method = match stable {
            Some(true) => Some(RHYTHM_SPECTRAL_PEAK),
            Some(false) => Some(RHYTHM_FASTEST_GROWING_MODE),
            None => None,
        };
        report.reason = match stable {
            Some(true) => None,
            Some(false) => Some(UNSTABLE_SPECTRUM.into()),
            None => Some(
                "the fixed point's stability could not be checked: the spectrum is a \
                 prediction only if it is stable, and no rhythm is predicted"
                    .into(),
            ),
        };
        if !outcome.is_prediction() {
            self.notes.push(
                "pairwise_correlation is null: the fixed point is not known to be linearly \
                 stable, so the linear response predicts no stationary correlations (see \
                 rate_spectrum.reason)"
                    .into(),
            );
        }
        self.rate_spectrum = report;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use eibal_theory::{ApproachRow, BalancedLimit, BalancedSolution};
    use serde_json::{Value, json};

    fn sample(rate: f64) -> TheoryResult {
        let p = PopulationResult {
            name: "E".into(),
            kind: "lif_delta",
            rate,
            cv: None,
            mu: 0.02,
            sigma: 0.005,
            input_e: 0.05,
            input_i: -0.06,
            input_ext: 0.03,
            dnu_dmu: 2000.0,
            dnu_dsigma: 1000.0,
            tau_eff: None,
            balance_index: Some(0.25),
            regime: Regime::FluctuationDriven,
            threshold_shift: 0.0,
        };
        TheoryResult {
            model: "m".into(),
            spiking: true,
            scale_k: 1.0,
            fixed_points: vec![FixedPoint {
                populations: vec![p],
                from_rest: true,
                stable: None,
                iterations: 3,
                residual: 1e-16,
            }],
            balanced_limit: BalancedLimit {
                solution: BalancedSolution {
                    rates: Some(vec![80.0]),
                    valid: true,
                    explanation: "ok".into(),
                    vvs: None,
                },
                approach: vec![ApproachRow {
                    scale_k: 10.0,
                    rates: Some(vec![50.0]),
                    balance_index: Some(vec![Some(0.1)]),
                    error: None,
                }],
            },
            notes: vec![],
        }
    }

    fn json(result: &TheoryResult) -> Value {
        serde_json::to_value(TheoryReport::of(result.clone())).expect("serialisable")
    }

    #[test]
    fn json_has_the_documented_keys_and_units() {
        let v = json(&sample(12.5));
        let p = &v["populations"][0];
        assert_eq!(p["rate_hz"], json!(12.5));
        assert_eq!(p["mu_mv"], json!(20.0));
        assert_eq!(p["dnu_dmu_hz_per_mv"], json!(2.0));
        assert_eq!(p["regime"], json!("fluctuation_driven"));
        assert!(p["cv"].is_null() && p["tau_eff_ms"].is_null());
        assert_eq!(v["fixed_points"][0]["stable"], Value::Null);
        assert_eq!(v["balanced_limit"]["rates_hz"][0], json!(80.0));
        assert_eq!(v["warnings"].as_array().map(Vec::len), Some(0));
    }

    #[test]
    fn non_finite_values_become_null_with_a_warning() {
        let v = json(&sample(f64::NAN));
        assert!(v["populations"][0]["rate_hz"].is_null());
        let w = v["warnings"][0].as_str().unwrap_or("");
        assert!(w.contains("rate_hz of E"), "{w}");
    }
}
