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
    /// No Dale's law: weights of either sign. Only for rate and binary units, for random
    /// networks such as Sompolinsky, Crisanti & Sommers (1988) whose couplings are Gaussian
    /// with zero mean.
    Mixed,
}

impl Sign {
    /// Whether a weight of this sign (for current-based and delta targets) obeys Dale's law.
    pub fn allows(self, weight: f64) -> bool {
        match self {
            Sign::Excitatory => weight >= 0.0,
            Sign::Inhibitory => weight <= 0.0,
            Sign::Mixed => true,
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
