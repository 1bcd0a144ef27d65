//! Simulation settings and what to record.

use super::PopulationId;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Simulation {
    /// Simulated network time (s).
    pub duration: f64,
    /// Time step (s).
    pub dt: f64,
    pub seed: u64,
    /// Initial transient left out of the statistics (s).
    pub warmup: f64,
    pub record: Vec<Recording>,
}

impl Default for Simulation {
    fn default() -> Simulation {
        Simulation {
            duration: 1.0,
            dt: 1e-4,
            seed: 1,
            warmup: 0.1,
            record: vec![Recording::Spikes {
                population: None,
                sample: None,
            }],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum Recording {
    /// Spikes of one population (`None`: all), of all neurons or of the first `sample`.
    Spikes {
        population: Option<PopulationId>,
        sample: Option<usize>,
    },
    /// Membrane potential (or x / S for rate and binary units) of `sample` neurons.
    Voltage {
        population: PopulationId,
        sample: usize,
    },
    /// Excitatory and inhibitory input currents of `sample` neurons.
    Currents {
        population: PopulationId,
        sample: usize,
    },
    /// Population rates in bins of `bin` (s).
    Rates { bin: f64 },
}
