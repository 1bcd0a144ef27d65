//! The spiking simulation core: network construction, neuron updates, delays, drives,
//! plasticity and recording.
//!
//! [`run`] builds the network of a [`Model`] and simulates it; [`SimResult`] holds what the
//! statistics (`eibal_analysis`) need, and files are streamed to the [`Sink`] of
//! `RunOptions::sink`. Progress and cancellation go through the caller's [`Observer`]; this
//! crate prints nothing.
//!
//! Layout: [`engine`] (the run in parts: settings, build, step, deliver, record, health),
//! [`neurons`] (one file per neuron kind), [`input`] (Poisson drives and currents),
//! [`plasticity`] (synaptic scaling), [`record`] (file
//! formats and the spike-file reader), [`result`].
//!
//! Reproducibility: every neuron draws its external input from its own random stream and
//! every target neuron its synapses from its own stream, keyed by (seed, purpose, index)
//! (see [`rng`]); the step loop visits neurons and delivers spikes in a fixed order, and
//! threads split the neurons at stream boundaries (`engine::partition`). The same model and
//! seed therefore give bit-identical spikes on every run and for every thread count.

pub mod engine;
pub mod input;
pub mod neurons;
pub mod plasticity;
pub mod record;
pub mod result;

pub use eibal_model::{network as connectivity, rng};
pub use result::{Outcome, PopulationInfo, SampleTraces, SimResult, SpikeCoverage};

use eibal_model::error::Result;
use eibal_model::{Model, Observer, Sink};
use std::sync::Arc;

/// How to run a model; every field has a default that leaves the model's settings alone.
#[derive(Clone)]
pub struct RunOptions {
    /// Overrides `model.simulation.duration` (s).
    pub duration: Option<f64>,
    /// Overrides `model.simulation.seed`.
    pub seed: Option<u64>,
    /// Where the recorded files go (`spikes.bin`, `rates.csv`, ...; see [`record`]);
    /// `None`: record in memory only.
    pub sink: Option<Arc<dyn Sink>>,
    /// Threads of the run (0: every core). Results do not depend on this value.
    pub threads: usize,
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
    /// Refuse runs estimated to need more memory than this (bytes); `None`: the memory
    /// available on the machine (see `engine::budget`).
    pub max_memory: Option<f64>,
    /// Caps the steps between spike exchanges of the threads (default: the network's
    /// smallest delay, `engine`). Results do not depend on it; shorter is slower. Checks of
    /// the exchange scheme set it to 1.
    pub max_exchange_interval: Option<u64>,
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            duration: None,
            seed: None,
            sink: None,
            threads: 0,
            max_spikes_in_memory: 20_000_000,
            fallback_sample: 1000,
            stat_sample: 100,
            trace_bin: 1e-3,
            health_checks: true,
            max_memory: None,
            max_exchange_interval: None,
        }
    }
}

impl std::fmt::Debug for RunOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunOptions")
            .field("duration", &self.duration)
            .field("seed", &self.seed)
            .field("sink", &self.sink.as_ref().map(|_| "dyn Sink"))
            .field("threads", &self.threads)
            .field("max_spikes_in_memory", &self.max_spikes_in_memory)
            .field("fallback_sample", &self.fallback_sample)
            .field("stat_sample", &self.stat_sample)
            .field("trace_bin", &self.trace_bin)
            .field("health_checks", &self.health_checks)
            .field("max_memory", &self.max_memory)
            .field("max_exchange_interval", &self.max_exchange_interval)
            .finish()
    }
}

/// Builds and simulates `model`, reporting to `observer`: one stage
/// `"simulating <model name>"` of as many units as time steps, advanced as the steps are done;
/// `observer.cancelled()` is asked after every step.
///
/// A run that explodes or falls silent (with `health_checks`) is `Error::Runtime` naming the
/// time it happened; the files recorded so far are flushed first. A run cancelled by the
/// observer returns normally with `Outcome::Interrupted` and the statistics of the time
/// simulated until then.
pub fn run(model: &Model, options: &RunOptions, observer: &dyn Observer) -> Result<SimResult> {
    engine::run(model, options, observer)
}
