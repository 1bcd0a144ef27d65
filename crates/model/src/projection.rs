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
    /// Exactly `total` synapses in the projection, each between a uniformly drawn (source,
    /// target) pair, multapses allowed (NEST's `fixed_total_number`; Potjans & Diesmann 2014).
    FixedTotal { total: u64 },
    /// Every source neuron makes exactly this many synapses onto the target population.
    FixedOutdegree { outdegree: usize },
}

impl Connectivity {
    /// The mean in-degree K given the population sizes (what mean-field theory uses), exact
    /// for every rule and fractional where the rule makes it so:
    /// fixed in-degree K; Bernoulli p (N_source - 1) without autapses within one population,
    /// else p N_source; fixed total T / N_target; fixed out-degree K_out N_source / N_target.
    pub fn mean_indegree(&self, source_size: usize, target_size: usize, exclude_self: bool) -> f64 {
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
            Connectivity::FixedTotal { total } if target_size > 0 => {
                total as f64 / target_size as f64
            }
            Connectivity::FixedOutdegree { outdegree } if target_size > 0 => {
                outdegree as f64 * source_size as f64 / target_size as f64
            }
            Connectivity::FixedTotal { .. } | Connectivity::FixedOutdegree { .. } => 0.0,
        }
    }

    /// The rule's name as written in a model file (`indegree`, `probability`, `total`,
    /// `outdegree`).
    pub fn keyword(&self) -> &'static str {
        match self {
            Connectivity::FixedIndegree { .. } => "indegree",
            Connectivity::Probability { .. } => "probability",
            Connectivity::FixedTotal { .. } => "total",
            Connectivity::FixedOutdegree { .. } => "outdegree",
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
