//! Populations: a number of identical neurons of one sign (Dale's law).

use super::{NeuronId, Origin};
use serde::Serialize;

/// Index of a population in `Model::populations`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct PopulationId(pub usize);

/// Whether a population's outgoing synapses excite or inhibit. Dale's law: every synapse of
/// an excitatory population has a non-negative weight (current-based) or uses the excitatory
/// reversal potential (conductance-based); likewise for inhibitory ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sign {
    Excitatory,
    Inhibitory,
}

impl Sign {
    /// +1 for excitatory, -1 for inhibitory.
    pub fn factor(self) -> f64 {
        match self {
            Sign::Excitatory => 1.0,
            Sign::Inhibitory => -1.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Population {
    pub name: String,
    /// Number of neurons, at least 1.
    pub size: usize,
    pub neuron: NeuronId,
    pub sign: Sign,
    pub origin: Origin,
}
