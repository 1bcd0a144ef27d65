//! Plasticity rules the language declares.

use super::{Origin, PopulationId, ProjectionId};
use serde::Serialize;

/// Multiplicative synaptic scaling (Turrigiano et al. 1998; van Rossum, Bi & Turrigiano 2000):
/// every scaled incoming weight of neuron i is multiplied by a common factor s_i with
/// tau ds_i/dt = s_i (r_target - r_i) / r_target, where r_i is the neuron's rate estimated with
/// a low-pass filter of time constant `tau`/10 (the rate sensor is faster than scaling). The
/// relative weights of a neuron's synapses are preserved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SynapticScaling {
    pub target: PopulationId,
    /// Target rate (Hz), > 0.
    pub target_rate: f64,
    /// Time constant of the scaling (s), > 0.
    pub tau: f64,
    /// The projections whose weights are scaled (by default: the excitatory projections onto
    /// `target`).
    pub projections: Vec<ProjectionId>,
    pub origin: Origin,
}
