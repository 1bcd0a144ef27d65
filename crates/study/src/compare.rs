//! Theory against simulation: one row per compared quantity, with the simulated value's
//! statistical uncertainty and a verdict.
//!
//! A quantity **agrees** when |theory - simulation| <= 3 SE + epsilon |theory|, where SE is
//! the standard error of the simulated value from the run's own data
//! ([`eibal_analysis::uncertainty`]: time blocks for rates and inputs, neuron groups for CV
//! and Fano factor) and epsilon = max_b J_ab / sigma_a is the scale of the first-order
//! shot-noise correction that the diffusion approximation leaves out (Richardson & Swarbrick
//! 2010, PRL 105:178102; Helias et al. 2010): a mean-field prediction is not expected to be
//! closer than that. Three standard errors make a false "disagrees" rare (0.3 % per quantity
//! for Gaussian errors). A prediction is **not applicable** when the simulation left the
//! regime it assumes (a synchronous state: Golomb chi above [`SYNCHRONY_CHI`]) or the
//! quantity has no counterpart; every verdict comes with its reason.

use crate::compare_spectrum::{self, SpectrumPair};
use crate::simulate::{SimulateRequest, Simulation, simulate};
use crate::theory::RateSpectrum;
use eibal_analysis::uncertainty::{self, BLOCKS};
use eibal_analysis::{SimulationStats, irregularity};
use eibal_model::Model;
use eibal_model::{Observer, Result};
use eibal_sim::SimResult;
use eibal_theory::TheoryOptions;
use eibal_theory::TheoryResult;
use eibal_theory::network::input::MeanFieldNetwork;
use eibal_theory::network::second_order::{SecondOrder, SecondOrderResult};
use eibal_theory::network::stability::FixedPointStability;
use eibal_theory::network::stability::analyse;
use eibal_theory::neuron::transfer::TransferForm;
use serde::Serialize;

/// Golomb (2007) chi above which eibal calls the simulated state synchronous: the stationary
/// mean field (which assumes asynchronous activity) does not apply there.
pub const SYNCHRONY_CHI: f64 = 0.5;
/// Standard errors allowed on top of the theory's own error scale.
pub const Z: f64 = 3.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Verdict {
    #[serde(rename = "agrees")]
    Agrees,
    #[serde(rename = "disagrees")]
    Disagrees,
    #[serde(rename = "not applicable")]
    NotApplicable,
}

impl Verdict {
    /// `Agrees` when the difference is within the tolerance, else `Disagrees`.
    pub fn of(agrees: bool) -> Verdict {
        if agrees {
            Verdict::Agrees
        } else {
            Verdict::Disagrees
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Verdict::Agrees => "agrees",
            Verdict::Disagrees => "DISAGREES",
            Verdict::NotApplicable => "n/a",
        }
    }
}

/// One compared quantity, in its display unit (Hz, mV or dimensionless).
#[derive(Debug, Clone, Serialize)]
pub struct Compared {
    pub theory: Option<f64>,
    pub simulation: Option<f64>,
    /// theory - simulation.
    pub difference: Option<f64>,
    /// Standard error of the simulated value.
    pub uncertainty: Option<f64>,
    /// The largest |difference| still called agreement.
    pub tolerance: Option<f64>,
    pub verdict: Verdict,
    pub reason: String,
}

impl Compared {
    /// A row without a verdict, and why.
    pub fn not_applicable(reason: &str) -> Compared {
        Compared {
            theory: None,
            simulation: None,
            difference: None,
            uncertainty: None,
            tolerance: None,
            verdict: Verdict::NotApplicable,
            reason: reason.to_string(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PopulationComparison {
    pub name: String,
    pub rate_hz: Compared,
    /// CV of the ISIs: the theory's best estimate (second-order scheme where it applies).
    pub cv: Compared,
    /// The diffusion-approximation CV (Poisson input trains), shown next to the best estimate.
    pub cv_poisson_input: Option<f64>,
    /// Which theory gave `cv` and `fano`: `self_consistent_spike_spectrum` or
    /// `diffusion_approximation`.
    pub cv_method: &'static str,
    pub fano: Compared,
    pub balance_index: Compared,
    pub input_e_mv: Compared,
    pub input_i_mv: Compared,
    /// Peak frequency of the population-rate spectrum (Hz) and its mean two-sided density over
    /// [`compare_spectrum::LOW_BAND_HZ`] (Hz^2/Hz), theory by linear response.
    pub spectrum_peak_hz: Compared,
    pub low_frequency_power: Compared,
}

/// The predicted state next to what the run did.
#[derive(Debug, Clone, Serialize)]
pub struct StateComparison {
    /// What the theory predicts: a stable stationary state, or an instability with its
    /// leading root.
    pub predicted: String,
    pub simulated: String,
    pub chi: Option<f64>,
    pub peak_frequency_hz: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub model: String,
    pub file: String,
    pub populations: Vec<PopulationComparison>,
    pub state: StateComparison,
    /// Predicted and simulated population-rate spectra (two-sided, Hz^2/Hz).
    pub rate_spectra: Vec<SpectrumPair>,
    pub notes: Vec<String>,
}

/// What to run: the simulation's settings (the theory needs none).
#[derive(Clone, Default)]
pub struct CompareRequest {
    pub simulation: SimulateRequest,
}

/// A comparison together with what it compared: the document of `eibal compare --json` and
/// the theory and simulation behind it.
#[derive(Clone, Serialize)]
pub struct CompareReport {
    #[serde(flatten)]
    pub comparison: Comparison,
    #[serde(skip)]
    pub theory: TheoryResult,
    #[serde(skip)]
    pub simulation: Simulation,
}

/// Solves the theory of `model`, analyses the stability of the fixed point reached from rest,
/// simulates the same model and compares the two.
pub fn compare(
    model: &Model,
    request: &CompareRequest,
    observer: &dyn Observer,
) -> Result<CompareReport> {
    let network = MeanFieldNetwork::compile(model, 1.0)?;
    let theory = eibal_theory::solve_network(&network, &TheoryOptions::default())?;
    let stability = theory
        .fixed_points
        .first()
        .ok_or_else(|| "no fixed point".to_string())
        .and_then(|f| analyse(&network, f, TransferForm::Exact).map_err(|e| e.to_string()));
    let lin = crate::theory::Linearised::of(&network, &theory);
    let second = crate::theory::second_order_with(&network, &theory, lin.as_ref(), false, false)?;
    let spectrum = crate::theory::rate_spectrum_with(
        &network,
        &theory,
        lin.as_ref(),
        Some(&second),
        Default::default(),
    );
    let simulation = simulate(model, &request.simulation, observer)?;
    let mut comparison = compare_run(
        &network,
        &theory,
        stability.as_ref().map_err(Clone::clone),
        &simulation.result,
        &simulation.statistics,
        match &second {
            SecondOrder::Solved(s) => Some(s),
            SecondOrder::NotApplicable(_) => None,
        },
        &spectrum,
    );
    if let SecondOrder::NotApplicable(why) = &second {
        comparison.notes.push(format!(
            "CV and Fano factor from the diffusion approximation: the second-order scheme \
             does not apply ({why})"
        ));
    }
    Ok(CompareReport {
        comparison,
        theory,
        simulation,
    })
}

struct Inputs<'a> {
    model: &'a Model,
    spectrum: &'a RateSpectrum,
    theory: &'a TheoryResult,
    second_order: Option<&'a SecondOrderResult>,
    result: &'a SimResult,
    stats: &'a SimulationStats,
}

/// Compares the theory's first fixed point (the one reached from rest) with the run.
/// `stability` is that fixed point's linear stability, or why it could not be computed;
/// `second_order` the self-consistent second-order statistics at it, when they apply (then
/// CV and Fano factor are judged on them); `spectrum` the predicted population-rate spectra.
pub fn compare_run(
    network: &MeanFieldNetwork,
    theory: &TheoryResult,
    stability: std::result::Result<&FixedPointStability, String>,
    result: &SimResult,
    stats: &SimulationStats,
    second_order: Option<&SecondOrderResult>,
    spectrum: &RateSpectrum,
) -> Comparison {
    let model = &network.model;
    let inputs = Inputs {
        model,
        spectrum,
        theory,
        second_order,
        result,
        stats,
    };
    let chi = stats
        .populations
        .iter()
        .filter_map(|p| p.chi)
        .fold(None, |m: Option<f64>, c| Some(m.map_or(c, |m| m.max(c))));
    let peak = stats.populations.iter().find_map(|p| p.spectrum_peak_hz);
    let predicted_unstable = stability.as_ref().ok().filter(|s| !s.stable);
    let predicted = match &stability {
        Ok(s) if s.stable => "stationary asynchronous state, linearly stable".to_string(),
        Ok(s) => match s.roots.roots.first() {
            Some(r) => format!(
                "the stationary state is unstable: leading root {:.1} 1/s at {:.1} Hz",
                r.growth_rate_per_s, r.frequency_hz
            ),
            None => "the stationary state is unstable".to_string(),
        },
        Err(why) => format!("stationary; stability not computed ({why})"),
    };
    let chi_synchronous = chi.is_some_and(|c| c > SYNCHRONY_CHI);
    let synchronous = chi_synchronous || predicted_unstable.is_some();
    let simulated = match chi {
        Some(c) if chi_synchronous => format!("synchronous (chi {c:.2} > {SYNCHRONY_CHI})"),
        Some(c) => format!("asynchronous (chi {c:.2} <= {SYNCHRONY_CHI})"),
        None => "unknown (no sampled neurons)".to_string(),
    };
    // The theory's pointer to `eibal stability` is answered here (`state.predicted`).
    let mut notes: Vec<String> = theory
        .notes
        .iter()
        .filter(|n| !n.contains("eibal stability"))
        .cloned()
        .collect();
    notes.extend(stats.notes.iter().cloned());
    if theory.fixed_points.len() > 1 {
        notes.push(format!(
            "theory found {} fixed points; compared with the one reached from rest",
            theory.fixed_points.len()
        ));
    }
    let rate_spectra = (0..model.populations.len())
        .map(|a| SpectrumPair {
            name: model.populations[a].name.clone(),
            theory: compare_spectrum::predicted(spectrum, a).0,
            theory_is_prediction: spectrum.is_prediction(),
            predicted_rhythm_hz: spectrum.predicted_rhythm(a).map(|(f, _)| f),
            simulation: compare_spectrum::simulated_spectrum(result, a),
        })
        .collect::<Vec<_>>();
    if let RateSpectrum::NotApplicable(why) = spectrum {
        notes.push(format!("no predicted population-rate spectrum: {why}"));
    }
    let populations = (0..model.populations.len())
        .map(|a| {
            let gate = Gate {
                active: synchronous,
                unstable: predicted_unstable.is_some(),
                chi,
            };
            population(&inputs, network, a, gate, &rate_spectra[a])
        })
        .collect();
    Comparison {
        model: model.name.clone(),
        file: model.file.clone(),
        populations,
        state: StateComparison {
            predicted,
            simulated,
            chi,
            peak_frequency_hz: peak,
        },
        rate_spectra,
        notes,
    }
}

/// When the stationary prediction does not apply: a synchronous run or a predicted
/// instability.
#[derive(Debug, Clone, Copy)]
struct Gate {
    active: bool,
    unstable: bool,
    chi: Option<f64>,
}

fn population(
    inputs: &Inputs,
    network: &MeanFieldNetwork,
    a: usize,
    gate_state: Gate,
    spectra: &SpectrumPair,
) -> PopulationComparison {
    let Gate {
        active: synchronous,
        unstable,
        chi,
    } = gate_state;
    let name = inputs.model.populations[a].name.clone();
    let sim = &inputs.stats.populations[a];
    let fixed = inputs.theory.fixed_points.first();
    let th = fixed.and_then(|f| f.populations.get(a));
    let spiking = inputs.result.populations[a].spiking;
    let (Some(th), true) = (th, spiking) else {
        let why = if spiking {
            "no fixed point"
        } else {
            "not a spiking population (rate and binary units are compared by activity in a later version)"
        };
        return PopulationComparison {
            name,
            rate_hz: Compared::not_applicable(why),
            cv: Compared::not_applicable(why),
            cv_poisson_input: None,
            cv_method: "none",
            fano: Compared::not_applicable(why),
            balance_index: Compared::not_applicable(why),
            input_e_mv: Compared::not_applicable(why),
            input_i_mv: Compared::not_applicable(why),
            spectrum_peak_hz: Compared::not_applicable(why),
            low_frequency_power: Compared::not_applicable(why),
        };
    };
    let epsilon = diffusion_error_scale(network, a, th.sigma);
    let gate = |c: Compared| -> Compared {
        if synchronous && c.verdict != Verdict::NotApplicable {
            Compared {
                verdict: Verdict::NotApplicable,
                reason: if unstable {
                    "the theory predicts the stationary state to be unstable, so its \
                     stationary rates do not describe the run"
                        .to_string()
                } else {
                    format!(
                        "the run is synchronous (chi {:.2}); the stationary theory assumes \
                         asynchronous firing",
                        chi.unwrap_or(f64::NAN)
                    )
                },
                ..c
            }
        } else {
            c
        }
    };

    // Rate: time blocks.
    let rate_se = uncertainty::standard_error(&uncertainty::block_rates(inputs.result, a, BLOCKS));
    let rate = judge(Some(th.rate), sim.rate_hz, rate_se, epsilon, "rate");

    let best = Irregularity::of(inputs.second_order, a, th.cv);
    let cv_method = best.method;
    let (cv, fano) = irregularity_rows(inputs, a, &best, epsilon);

    let (input_e_mv, input_i_mv, balance_index) = input_rows(inputs, a, th, rate_se, epsilon);
    let stable = compare_spectrum::predicted(inputs.spectrum, a).1;
    let (mut spectrum_peak_hz, mut low_frequency_power) = compare_spectrum::spectrum_rows(
        spectra.theory.as_ref(),
        stable,
        compare_spectrum::unstable_rhythm(inputs.spectrum),
        spectra.simulation.as_ref(),
        epsilon,
    );
    // A synchronous run is outside the linear response around the asynchronous state; a
    // predicted instability is handled in the rows themselves.
    if synchronous && !unstable {
        for row in [&mut spectrum_peak_hz, &mut low_frequency_power] {
            if row.verdict != Verdict::NotApplicable {
                row.verdict = Verdict::NotApplicable;
                row.reason = format!(
                    "the run is synchronous (chi {:.2}); the linear response assumes the \
                     asynchronous state",
                    chi.unwrap_or(f64::NAN)
                );
            }
        }
    }

    PopulationComparison {
        name,
        rate_hz: gate(rate),
        cv: gate(cv),
        cv_poisson_input: th.cv,
        cv_method,
        fano: gate(fano),
        balance_index: gate(balance_index),
        input_e_mv: gate(input_e_mv),
        input_i_mv: gate(input_i_mv),
        spectrum_peak_hz,
        low_frequency_power,
    }
}

/// The diffusion approximation's error scale for population `a`: the largest RMS efficacy
/// of its inputs over the total input noise sigma (0 where it does not apply).
fn diffusion_error_scale(network: &MeanFieldNetwork, a: usize, sigma: f64) -> f64 {
    let terms = &network.populations[a];
    let rms = |c: &eibal_theory::network::input::Coupling| {
        (c.indegree > 0.0).then(|| (c.second_moment / c.indegree).sqrt())
    };
    let recurrent = network.couplings[a].iter().filter_map(rms);
    let external = terms.external.iter().filter_map(|e| rms(&e.coupling));
    let j = recurrent.chain(external).fold(0.0f64, f64::max);
    let current_based = terms.response.membrane().is_some()
        && !matches!(
            terms.response,
            eibal_theory::network::input::Response::LifCond(_)
        );
    if current_based && sigma > 0.0 {
        j / sigma
    } else {
        0.0
    }
}

/// The theory's best CV and Fano factor of one population, with their sampling errors.
struct Irregularity {
    cv: Option<f64>,
    cv_se: f64,
    fano: Option<f64>,
    fano_se: f64,
    method: &'static str,
}

impl Irregularity {
    fn of(second_order: Option<&SecondOrderResult>, a: usize, diffusion_cv: Option<f64>) -> Self {
        match second_order.and_then(|s| s.populations.get(a)) {
            Some(p) if p.cv.is_finite() => Irregularity {
                cv: Some(p.cv),
                cv_se: p.cv_se.max(0.0),
                fano: p.fano.is_finite().then_some(p.fano),
                fano_se: p.fano_se.max(0.0),
                method: eibal_theory::network::second_order::METHOD,
            },
            _ => Irregularity {
                cv: diffusion_cv,
                cv_se: 0.0,
                fano: diffusion_cv.map(|c| c * c),
                fano_se: 0.0,
                method: "diffusion_approximation",
            },
        }
    }

    fn sampled(&self) -> bool {
        self.method != "diffusion_approximation"
    }
}

/// Combines the simulated value's SE with the theory's own sampling error (independent).
fn combined(se: Option<f64>, theory_se: f64) -> Option<f64> {
    se.map(|s| {
        s.hypot(if theory_se.is_finite() {
            theory_se
        } else {
            0.0
        })
    })
}

/// CV of the ISIs and Fano factor of population `a`, with uncertainties from neuron groups
/// (and the theory's sampling error when its values are sampled).
fn irregularity_rows(
    inputs: &Inputs,
    a: usize,
    best: &Irregularity,
    epsilon: f64,
) -> (Compared, Compared) {
    let theory_cv = best.cv;
    let sim = &inputs.stats.populations[a];
    let trains = inputs.result.spike_trains(a);
    let cv_se = uncertainty::standard_error(&uncertainty::group_estimates(&trains, BLOCKS, |g| {
        let g: Vec<Vec<f64>> = g.iter().map(|t| (*t).clone()).collect();
        irregularity::mean_cv_isi(&g).map(|c| c.0)
    }));
    let mut cv = judge(
        theory_cv,
        sim.cv,
        combined(cv_se, best.cv_se),
        epsilon,
        "CV",
    );
    if cv.verdict == Verdict::Disagrees
        && !best.sampled()
        && let (Some(t), Some(s)) = (theory_cv, sim.cv)
        && s < t
    {
        cv.reason = format!(
            "the diffusion approximation (Brunel 2000, app. A) assumes Poisson input spike \
             trains (CV 1), but the simulated trains are more regular (CV {s:.2}), so the \
             true input fluctuations are smaller than assumed"
        );
    }
    let (t0, t1) = (inputs.result.warmup, inputs.result.t_end);
    let fano_se =
        uncertainty::standard_error(&uncertainty::group_estimates(&trains, BLOCKS, |g| {
            let g: Vec<Vec<f64>> = g.iter().map(|t| (*t).clone()).collect();
            irregularity::mean_fano_factor(&g, t0, t1, eibal_analysis::FANO_WINDOW).map(|f| f.0)
        }));
    let mut fano = judge(
        best.fano,
        sim.fano,
        combined(fano_se, best.fano_se),
        epsilon,
        "Fano factor",
    );
    if fano.verdict == Verdict::Disagrees && cv.verdict == Verdict::Disagrees {
        fano.reason = "follows the CV gap (see CV)".to_string();
    }
    if best.sampled() {
        let method = "theory: the self-consistent spike-train-spectrum scheme (sampled; its \
                      standard error is added to the simulated one)";
        cv.reason = format!("{}; {method}", cv.reason);
        fano.reason = format!(
            "{}; {method}, counts in {} ms windows as in the simulation",
            fano.reason,
            eibal_analysis::FANO_WINDOW * 1e3
        );
    } else {
        fano.reason = format!(
            "{}; theory: renewal limit F = CV^2 (windows much longer than the ISI; the \
             simulated window is {} ms)",
            fano.reason,
            eibal_analysis::FANO_WINDOW * 1e3
        );
    }
    (cv, fano)
}

/// Mean E and I inputs (mV) and the balance index of population `a`: comparable where the
/// simulation reports voltage inputs (lif_delta).
fn input_rows(
    inputs: &Inputs,
    a: usize,
    th: &eibal_theory::PopulationResult,
    rate_se: Option<f64>,
    epsilon: f64,
) -> (Compared, Compared, Compared) {
    let sim = &inputs.stats.populations[a];
    let delta = inputs.result.populations[a].kind == "lif_delta";
    let to_mv = |v: Option<f64>| if delta { v.map(|x| x * 1e3) } else { None };
    let rel = rate_se
        .zip(sim.rate_hz)
        .map(|(se, r)| if r > 0.0 { se / r } else { 0.0 });
    let input = |theory_v: f64, sim_v: Option<f64>, what: &str| {
        if !delta {
            return Compared::not_applicable(
                "inputs are compared in mV for lif_delta populations only so far",
            );
        }
        let s = to_mv(sim_v);
        let se = s.zip(rel).map(|(s, r)| (s * r).abs());
        judge(Some(theory_v * 1e3), s, se, epsilon, what)
    };
    let input_e_mv = input(th.input_e, sim.mean_input_exc, "mean E input");
    let input_i_mv = input(th.input_i, sim.mean_input_inh, "mean I input");
    let balance_index = if delta {
        let excitation = th.input_e + th.input_ext.max(0.0);
        let spread = if excitation > 0.0 {
            (th.input_e.abs() + th.input_i.abs()) / excitation
        } else {
            0.0
        };
        let se = rel.zip(sim.balance_index).map(|(r, _)| r * spread);
        let mut c = judge(
            th.balance_index,
            sim.balance_index,
            se,
            0.0,
            "balance index",
        );
        if let Some(tol) = c.tolerance.as_mut() {
            *tol += epsilon * spread;
            if let Some(d) = c.difference {
                c.verdict = if d.abs() <= *tol {
                    Verdict::Agrees
                } else {
                    Verdict::Disagrees
                };
            }
        }
        c
    } else {
        Compared::not_applicable("balance compared for lif_delta populations only so far")
    };
    (input_e_mv, input_i_mv, balance_index)
}

/// The verdict for one quantity: agrees when |t - s| <= Z se + epsilon |t|.
fn judge(
    theory: Option<f64>,
    sim: Option<f64>,
    se: Option<f64>,
    epsilon: f64,
    what: &str,
) -> Compared {
    match (theory, sim) {
        (Some(t), Some(s)) if t.is_finite() && s.is_finite() => {
            let se_v = se.unwrap_or(0.0);
            let tolerance = Z * se_v + epsilon * t.abs();
            let d = t - s;
            let agrees = d.abs() <= tolerance;
            let reason = if se.is_none() {
                format!(
                    "no uncertainty estimate for the simulated {what}; tolerance from the theory's error scale only"
                )
            } else if agrees {
                format!("within {Z} standard errors plus the diffusion approximation's error scale")
            } else {
                format!(
                    "differs by {:.1} standard errors beyond the diffusion approximation's error scale",
                    if se_v > 0.0 {
                        (d.abs() - epsilon * t.abs()) / se_v
                    } else {
                        f64::INFINITY
                    }
                )
            };
            Compared {
                theory: Some(t),
                simulation: Some(s),
                difference: Some(d),
                uncertainty: se,
                tolerance: Some(tolerance),
                verdict: Verdict::of(agrees),
                reason,
            }
        }
        (t, s) => Compared {
            theory: t,
            simulation: s,
            difference: None,
            uncertainty: se,
            tolerance: None,
            verdict: Verdict::NotApplicable,
            reason: if t.is_none() {
                format!("the theory gives no {what} here")
            } else {
                format!("the simulation gives no {what} (see notes)")
            },
        },
    }
}
