//! External drives: Poisson background, constant currents, steps and pulses.
//!
//! Every drive statement is expanded into one `Drive` per target population.

use super::{Origin, PopulationId};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Drive {
    pub target: PopulationId,
    pub kind: DriveKind,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DriveKind {
    /// `indegree` independent Poisson sources per target neuron, each firing at `rate` (Hz),
    /// each synapse of weight `weight` (unit as for projections onto the target's kind).
    /// Every target neuron has its own sources (no shared input).
    Poisson {
        rate: f64,
        indegree: usize,
        weight: f64,
    },
    /// A current (A; dimensionless for rate and binary units) of `amplitude`, switched on at
    /// `start` (s) and off at `stop` (s; `None` = never). A constant input is `start = 0`,
    /// `stop = None`; a step has a finite `start` and possibly a `stop`.
    Current {
        amplitude: f64,
        start: f64,
        stop: Option<f64>,
    },
    /// Rectangular pulses of `amplitude` and `width` (s), starting at each of `times` (s).
    Pulses {
        amplitude: f64,
        width: f64,
        times: Vec<f64>,
    },
}
