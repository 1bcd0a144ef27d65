//! Projections: random connectivity from one source population onto one target population.
//!
//! A statement with several targets (`connect E -> E, I {...}`) and every motif `use` are
//! expanded into one `Projection` per (source, target) pair before a back end sees them.

use super::{Distribution, Origin, PopulationId};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct ProjectionId(pub usize);

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Projection {
    pub source: PopulationId,
    pub target: PopulationId,
    pub connectivity: Connectivity,
    /// Per-synapse weight, in the unit the target's neuron kind takes (see `neuron`).
    /// For current-based and delta targets its sign follows the source (Dale's law).
    pub weight: Distribution,
    /// Per-synapse transmission delay (s), > 0.
    pub delay: Distribution,
    /// Whether a neuron may connect to itself (only meaningful when source == target).
    pub autapses: bool,
    /// Whether the same pair may be connected more than once.
    pub multapses: bool,
    pub compartment: Compartment,
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Connectivity {
    /// Every target neuron receives exactly this many synapses from the source population.
    FixedIndegree { indegree: usize },
    /// Every (source, target) pair is connected independently with this probability.
    Probability { p: f64 },
}

impl Connectivity {
    /// The mean in-degree K given the source population size (what mean-field theory uses).
    /// For Bernoulli connectivity without autapses within one population it is p (N - 1).
    pub fn mean_indegree(&self, source_size: usize, exclude_self: bool) -> f64 {
        match *self {
            Connectivity::FixedIndegree { indegree } => indegree as f64,
            Connectivity::Probability { p } => {
                let n = if exclude_self {
                    source_size.saturating_sub(1)
                } else {
                    source_size
                };
                p * n as f64
            }
        }
    }
}

/// Where on the target neuron a synapse lands. Point-neuron back ends treat both alike and
/// say so where it matters; the field exists so that models state their anatomy and a back end
/// with compartments can honour it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Compartment {
    Soma,
    Dendrite,
}
