//! The `boundary` workflow: the phase diagram of a model in the plane of two params
//! ([`eibal_theory::phase_plane::phase_diagram`]: a survey grid classifies the states,
//! continuation traces the boundaries), and optionally its labels checked by simulation: up
//! to K survey points per region are simulated and the state the spiking network shows is
//! named from its statistics, with the rules below, next to the predicted name.
//!
//! The simulated state (spiking networks; the largest population rate decides):
//! - quiescent: every rate below `regions::QUIESCENT_HZ`;
//! - SR: rate t_ref above `plane::HIGH_ACTIVITY` (near saturation, as predicted);
//! - SI fast / SI slow: synchronous, Golomb's chi (Golomb 2007, Scholarpedia 2:1347) of some
//!   population at least [`CHI_SYNCHRONOUS`], with the peak of the population-rate spectrum
//!   at or above / below `regions::FAST_HZ`;
//! - AI otherwise.
//!
//! The chi threshold is a choice, not a published value: at the Brunel (2000) model A states
//! (0.3 s runs of 12,500 neurons, seed 1) chi is about 0.24 at C (asynchronous), 0.42 at D
//! and 0.50 at B (synchronous); chi of an asynchronous network shrinks with the sample
//! size, so the threshold suits networks of this size.

use crate::simulate::{SimulateRequest, simulate};
use eibal_analysis::SimulationStats;
use eibal_model::observe::CancelOnly;
use eibal_model::{Axis, Error, Observer, ParamSpace, Result};
use eibal_theory::network::input::MeanFieldNetwork;
use eibal_theory::neuron::transfer::TransferForm;
use eibal_theory::phase_plane::point::HIGH_ACTIVITY;
use eibal_theory::phase_plane::regions::{self, FAST_HZ, QUIESCENT_HZ};
use eibal_theory::phase_plane::{
    BoundaryOptions, NetworkKind, PhaseDiagram, PlaneEvaluator, phase_diagram,
};
use rayon::prelude::*;
use serde::Serialize;
use std::sync::Arc;

/// What to compute.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundaryRequest {
    /// The axes; only their ranges (`lo`, `hi`) matter, the survey has `nx` x `ny` points.
    pub x: Axis,
    pub y: Axis,
    pub nx: usize,
    pub ny: usize,
    pub form: TransferForm,
    /// Trace the boundaries by continuation (else: the survey only).
    pub trace: bool,
    /// Simulated points per region to check the labels (0: none).
    pub simulate_per_region: usize,
    /// Network time per checked point (s).
    pub sim_duration: f64,
}

impl BoundaryRequest {
    /// The plane of `x` and `y` with a 21 x 21 survey, traced, exact transfer function.
    pub fn new(x: Axis, y: Axis) -> BoundaryRequest {
        BoundaryRequest {
            x,
            y,
            nx: 21,
            ny: 21,
            form: TransferForm::Exact,
            trace: true,
            simulate_per_region: 0,
            sim_duration: 0.3,
        }
    }
}

/// The document of `eibal boundary --json`: the phase diagram, and the simulation checks when
/// asked for.
#[derive(Debug, Clone, Serialize)]
pub struct BoundaryReport {
    #[serde(flatten)]
    pub diagram: PhaseDiagram,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub simulation_checks: Vec<LabelCheck>,
}

/// The phase diagram of the models of `space` in the plane of `request.x` and `request.y`.
pub fn boundary(
    space: Arc<dyn ParamSpace>,
    request: &BoundaryRequest,
    observer: &dyn Observer,
) -> Result<BoundaryReport> {
    if !(2..=1000).contains(&request.nx) || !(2..=1000).contains(&request.ny) {
        return Err(Error::BadInput(format!(
            "the survey needs 2 to 1000 points per axis, got {}x{}",
            request.nx, request.ny
        )));
    }
    let evaluator = PlaneEvaluator::new(space, request.x.clone(), request.y.clone(), request.form)?;
    let options = BoundaryOptions {
        nx: request.nx,
        ny: request.ny,
        trace: request.trace,
        ..BoundaryOptions::default()
    };
    let diagram = phase_diagram(&evaluator, &options, observer)?;
    let simulation_checks = check_labels(
        &evaluator,
        &diagram,
        request.simulate_per_region,
        request.sim_duration,
        observer,
    )?;
    if observer.cancelled() {
        return Err(Error::Cancelled);
    }
    Ok(BoundaryReport {
        diagram,
        simulation_checks,
    })
}

/// Golomb's chi at or above this counts as synchronous.
pub const CHI_SYNCHRONOUS: f64 = 0.35;

/// One simulated point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelCheck {
    pub x: f64,
    pub y: f64,
    /// The state the theory predicts there.
    pub predicted: &'static str,
    /// The state the simulation shows (`None` if the run failed).
    pub simulated: Option<&'static str>,
    pub agrees: bool,
    /// Largest population rate (Hz).
    pub rate_hz: Option<f64>,
    /// Largest chi over the populations.
    pub chi: Option<f64>,
    /// Peak of the population-rate spectrum of the population with the largest chi (Hz).
    pub spectrum_peak_hz: Option<f64>,
    pub error: Option<String>,
}

/// The state a simulation shows, by the rules of the module doc.
pub fn simulated_label(stats: &SimulationStats, t_ref: f64) -> &'static str {
    let rate = stats
        .populations
        .iter()
        .filter_map(|p| p.rate_hz)
        .fold(0.0, f64::max);
    if rate < QUIESCENT_HZ {
        return "quiescent";
    }
    if rate * t_ref > HIGH_ACTIVITY {
        return "SR";
    }
    let synchronous = stats
        .populations
        .iter()
        .filter(|p| p.chi.is_some_and(|c| c >= CHI_SYNCHRONOUS))
        .max_by(|a, b| a.chi.unwrap_or(0.0).total_cmp(&b.chi.unwrap_or(0.0)));
    match synchronous.and_then(|p| p.spectrum_peak_hz) {
        Some(f) if f >= FAST_HZ => "SI fast",
        Some(_) => "SI slow",
        None => "AI",
    }
}

/// Simulates up to `per_region` survey points of each region (the labelled point first, then
/// points of the same state spread over the survey) for `duration` seconds each.
fn check_labels(
    evaluator: &PlaneEvaluator,
    diagram: &PhaseDiagram,
    per_region: usize,
    duration: f64,
    observer: &dyn Observer,
) -> Result<Vec<LabelCheck>> {
    if evaluator.kind != NetworkKind::Lif || per_region == 0 {
        return Ok(Vec::new());
    }
    let mut chosen: Vec<(f64, f64, &'static str)> = Vec::new();
    for r in &diagram.regions {
        if matches!(r.state, "no fixed point" | "undetermined") {
            continue;
        }
        let same: Vec<_> = diagram
            .survey
            .iter()
            .filter(|p| regions::label(p, diagram.network) == r.state)
            .filter(|p| !chosen.iter().any(|c| c.0 == p.x && c.1 == p.y))
            .collect();
        let mut picks = vec![(r.x, r.y, r.state)];
        let others = per_region.saturating_sub(1);
        for k in 0..others.min(same.len()) {
            let p = same[(k * same.len()) / others.max(1)];
            if !picks.iter().any(|c| c.0 == p.x && c.1 == p.y) {
                picks.push((p.x, p.y, r.state));
            }
        }
        for p in picks {
            if !chosen.iter().any(|c| c.0 == p.0 && c.1 == p.1) {
                chosen.push(p);
            }
        }
    }
    chosen
        .par_iter()
        .map(|&(x, y, predicted)| {
            let mut check = LabelCheck {
                x,
                y,
                predicted,
                simulated: None,
                agrees: false,
                rate_hz: None,
                chi: None,
                spectrum_peak_hz: None,
                error: None,
            };
            let model = evaluator.model_at(x, y)?;
            let t_ref = MeanFieldNetwork::compile(&model, 1.0)?
                .populations
                .iter()
                .filter_map(|p| p.response.membrane().map(|m| m.t_ref))
                .fold(0.0, f64::max);
            let request = SimulateRequest {
                duration: Some(duration),
                health_checks: false,
                // One thread per run: the points are the unit of parallel work.
                threads: 1,
                ..SimulateRequest::default()
            };
            match simulate(&model, &request, &CancelOnly(observer)) {
                Ok(run) => {
                    let stats = run.statistics;
                    let label = simulated_label(&stats, t_ref);
                    let most = stats
                        .populations
                        .iter()
                        .max_by(|a, b| a.chi.unwrap_or(0.0).total_cmp(&b.chi.unwrap_or(0.0)));
                    check.rate_hz = stats
                        .populations
                        .iter()
                        .filter_map(|p| p.rate_hz)
                        .reduce(f64::max);
                    check.chi = most.and_then(|p| p.chi);
                    check.spectrum_peak_hz = most.and_then(|p| p.spectrum_peak_hz);
                    check.simulated = Some(label);
                    check.agrees = label == predicted;
                }
                Err(e) => check.error = Some(e.to_string()),
            }
            Ok(check)
        })
        .collect()
}
