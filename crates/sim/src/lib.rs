//! The spiking simulation core: network construction, neuron updates, delays, drives,
//! plasticity and recording.
//!
//! [`run`] builds the network of a [`Model`] and simulates it; [`SimResult`] holds what the
//! statistics (`eibal_analysis`) need, and files are streamed to `RunOptions::out_dir`.
//!
//! Reproducibility: every neuron draws its external input from its own random stream and
//! every target neuron its synapses from its own stream, keyed by (seed, purpose, index)
//! (see [`rng`]); the step loop visits neurons and delivers spikes in a fixed order. The same
//! model and seed therefore give bit-identical spikes on every run; the engine is
//! single-threaded, so the thread count does not change the result.

pub mod engine;
pub mod input;
pub mod neurons;
pub mod plasticity;
pub mod record;
pub mod result;
pub mod ring_buffer;

pub use eibal_model::{network as connectivity, rng};
pub use result::{Outcome, PopulationInfo, SampleTraces, SimResult, SpikeCoverage};

use eibal_model::Model;
use eibal_model::error::Result;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// How to run a model; every field has a default that leaves the model's settings alone.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Overrides `model.simulation.duration` (s).
    pub duration: Option<f64>,
    /// Overrides `model.simulation.seed`.
    pub seed: Option<u64>,
    /// Directory for the recorded files (created if missing); `None`: record in memory only.
    pub out_dir: Option<PathBuf>,
    /// Worker threads requested. The engine currently runs on one thread; results do not
    /// depend on this value.
    pub threads: usize,
    /// Show a progress bar on stderr (only if stderr is a terminal and the run lasts more
    /// than two seconds of wall time).
    pub progress: bool,
    /// Set to true (e.g. by a Ctrl-C handler) to stop the run cleanly at the next step.
    pub interrupt: Option<Arc<AtomicBool>>,
    /// Spikes kept in memory for the statistics. Above it, only the spikes of the first
    /// `fallback_sample` neurons of each population are kept (per-neuron counts and
    /// population rates stay exact); the result says so.
    pub max_spikes_in_memory: usize,
    pub fallback_sample: usize,
    /// Neurons per population whose state and inputs are kept (binned) for statistics.
    pub stat_sample: usize,
    /// Bin width (s) of the in-memory traces of sampled neurons.
    pub trace_bin: f64,
    /// Stop with an error when the network explodes or falls silent.
    pub health_checks: bool,
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            duration: None,
            seed: None,
            out_dir: None,
            threads: 1,
            progress: false,
            interrupt: None,
            max_spikes_in_memory: 20_000_000,
            fallback_sample: 1000,
            stat_sample: 100,
            trace_bin: 1e-3,
            health_checks: true,
        }
    }
}

/// Builds and simulates `model`. A run that explodes or falls silent (with
/// `health_checks`) is `Error::Runtime` naming the time it happened; the files recorded so far
/// are flushed first. A run stopped through `interrupt` returns normally with
/// `Outcome::Interrupted`.
pub fn run(model: &Model, options: &RunOptions) -> Result<SimResult> {
    engine::run(model, options)
}
