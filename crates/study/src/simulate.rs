//! The `simulate` workflow: the spiking simulation of a model and the statistics of its
//! recordings (rates, CV and Fano factor, correlations, synchrony, spectra, balance,
//! avalanches, branching), as `eibal simulate --json` prints them.

use eibal_analysis::{SimulationStats, summarize};
use eibal_model::{Model, Observer, Result, Sink};
use eibal_sim::{RunOptions, SimResult};
use serde::Serialize;
use std::sync::Arc;

/// How to run; every field left at its default keeps the model's own setting.
#[derive(Clone)]
pub struct SimulateRequest {
    /// Network time (s); `None`: the model's `simulate` block.
    pub duration: Option<f64>,
    /// Random seed; `None`: the model's.
    pub seed: Option<u64>,
    /// Threads of the run, 0 for every core; results never depend on it.
    pub threads: usize,
    /// Where recordings (spikes.bin, rates, voltages, currents) and statistics.json go;
    /// `None`: in memory only.
    pub sink: Option<Arc<dyn Sink>>,
    /// Stop with an error when the network explodes or falls silent.
    pub health_checks: bool,
    /// Refuse runs estimated to need more memory than this (bytes); `None`: the memory
    /// available on the machine.
    pub max_memory: Option<f64>,
}

impl Default for SimulateRequest {
    fn default() -> SimulateRequest {
        SimulateRequest {
            duration: None,
            seed: None,
            threads: 0,
            sink: None,
            health_checks: true,
            max_memory: None,
        }
    }
}

/// A run and its statistics: the document of `eibal simulate --json` is `statistics`; the
/// recordings are in `result`.
#[derive(Clone, Serialize)]
pub struct Simulation {
    #[serde(flatten)]
    pub statistics: SimulationStats,
    #[serde(skip)]
    pub result: SimResult,
}

/// Simulates `model` and summarises the run; with a sink, also writes `statistics.json`.
pub fn simulate(
    model: &Model,
    request: &SimulateRequest,
    observer: &dyn Observer,
) -> Result<Simulation> {
    let options = RunOptions {
        duration: request.duration,
        seed: request.seed,
        threads: request.threads,
        health_checks: request.health_checks,
        max_memory: request.max_memory,
        sink: request.sink.clone(),
        ..RunOptions::default()
    };
    let result = eibal_sim::run(model, &options, observer)?;
    let statistics = summarize(&result, model);
    if let Some(sink) = &request.sink {
        crate::write_json(sink.as_ref(), "statistics.json", &statistics)?;
    }
    Ok(Simulation { statistics, result })
}
