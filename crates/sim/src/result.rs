//! What a simulation run returns: the data the statistics need, kept in memory.

use eibal_model::Sign;
use std::path::PathBuf;

/// How the run ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Completed,
    /// Stopped by the interrupt flag (Ctrl-C) at this time (s).
    Interrupted {
        at: f64,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct PopulationInfo {
    pub name: String,
    /// Global id of the first neuron.
    pub first: usize,
    pub size: usize,
    /// `lif_delta`, `lif_exp`, `lif_cond`, `rate`, `binary`.
    pub kind: &'static str,
    pub sign: Sign,
    /// Refractory period (s) of LIF kinds.
    pub t_ref: Option<f64>,
    /// Membrane time constant (s) of LIF kinds, tau of rate and binary units.
    pub tau: f64,
    /// Whether the population emits spikes (LIF kinds).
    pub spiking: bool,
}

/// Which neurons' spikes are kept in `SimResult::spike_steps`.
#[derive(Debug, Clone, PartialEq)]
pub enum SpikeCoverage {
    All,
    /// Only the first `n` neurons of each population (the memory budget was exceeded).
    FirstPerPopulation(usize),
}

/// Binned traces of sampled neurons of one population, bin-major: value of sampled neuron
/// `k` in bin `b` is at `b * neurons.len() + k`. Each bin holds the mean over its steps.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleTraces {
    pub population: usize,
    /// Local indices of the sampled neurons.
    pub neurons: Vec<usize>,
    /// Bin width (s).
    pub bin: f64,
    /// V (LIF), x (rate), S (binary).
    pub state: Vec<f32>,
    /// Excitatory, inhibitory and external input (see `neurons::Block::inputs` for units).
    pub exc: Vec<f32>,
    pub inh: Vec<f32>,
    pub ext: Vec<f32>,
}

impl SampleTraces {
    pub fn bins(&self) -> usize {
        self.state.len() / self.neurons.len().max(1)
    }

    /// The trace of sampled neuron `k` in `data` (one of the fields), as f64.
    pub fn column(&self, data: &[f32], k: usize) -> Vec<f64> {
        let n = self.neurons.len();
        data.iter()
            .skip(k)
            .step_by(n.max(1))
            .map(|&x| x as f64)
            .collect()
    }
}

#[derive(Debug, Clone)]
pub struct SimResult {
    pub model: String,
    pub dt: f64,
    pub seed: u64,
    /// Requested duration (s).
    pub duration: f64,
    /// Time actually simulated (s); less than `duration` when interrupted.
    pub t_end: f64,
    /// Start of the analysed window (s).
    pub warmup: f64,
    pub outcome: Outcome,
    pub populations: Vec<PopulationInfo>,
    /// Spikes (LIF populations) in time order: step index (time = step * dt) and global id.
    pub spike_steps: Vec<u32>,
    pub spike_neurons: Vec<u32>,
    pub coverage: SpikeCoverage,
    /// Spikes of every neuron after the warmup (exact even when `coverage` is a sample).
    pub counts_after_warmup: Vec<u32>,
    /// Spikes per step of every population (all neurons), from step 0.
    pub population_counts: Vec<Vec<u32>>,
    /// Mean state (V, x or S) of each population's sampled neurons per trace bin.
    pub samples: Vec<SampleTraces>,
    /// Mean synaptic scaling factor per scaled population at the end (name, factor).
    pub scaling: Vec<(String, f64)>,
    pub synapses: u64,
    pub build_seconds: f64,
    pub run_seconds: f64,
    /// Files written to the output directory.
    pub files: Vec<PathBuf>,
    /// Plain-words remarks (memory fallback, shortened warmup, ...).
    pub notes: Vec<String>,
}

impl SimResult {
    /// Number of steps simulated.
    pub fn steps(&self) -> usize {
        self.population_counts.first().map_or(0, |c| c.len())
    }

    /// First step of the analysed window.
    pub fn warmup_steps(&self) -> usize {
        (self.warmup / self.dt).round() as usize
    }

    /// Spike times (s) per neuron of population `p`, after the warmup, for the neurons whose
    /// spikes are kept (all, or the first `n` under `SpikeCoverage::FirstPerPopulation`).
    pub fn spike_trains(&self, p: usize) -> Vec<Vec<f64>> {
        let info = &self.populations[p];
        let kept = match self.coverage {
            SpikeCoverage::All => info.size,
            SpikeCoverage::FirstPerPopulation(n) => n.min(info.size),
        };
        let mut trains = vec![Vec::new(); kept];
        let w = self.warmup_steps() as u32;
        for (&s, &n) in self.spike_steps.iter().zip(&self.spike_neurons) {
            let n = n as usize;
            if s > w && n >= info.first && n < info.first + kept {
                trains[n - info.first].push(s as f64 * self.dt);
            }
        }
        trains
    }
}
