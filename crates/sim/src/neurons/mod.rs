//! Neuron models as blocks: the state of one population and its update over one step.
//!
//! One file per kind of neuron; the integrate-and-fire kinds with current synapses step in two
//! passes per chunk of neurons (`chunks`: a branch-free update compiled for the widest vector
//! lanes of the processor, `lanes`, then the `threshold`).

pub mod binary;
mod chunks;
mod lanes;
pub mod lif_cond;
pub mod lif_delta;
pub mod lif_exp;
pub mod rate;
mod threshold;

use super::input::PoissonDrive;
use crate::engine::history::{Arrivals, Arrived};
use eibal_model::rng::SimRng;

/// What a block reads and writes in one step.
pub struct StepIo<'a> {
    /// External current in this step (same for every neuron of the population).
    pub current: f64,
    pub poisson: &'a [PoissonDrive],
    /// One stream per block of `rng::BLOCK` neurons: neuron i draws from `rngs[i / BLOCK]`.
    pub rngs: &'a mut [SimRng],
    /// Out: the external Poisson input of each neuron in this step (weight times count).
    pub external: &'a mut [f64],
    /// Out: local indices of neurons that emit (spikes; binary transitions).
    pub spikes: &'a mut Vec<u32>,
    /// Out: for rate units, phi(x) of every unit; for binary units, +1/-1 per emitter.
    pub amplitudes: &'a mut Vec<f64>,
}

/// The state of one population.
#[derive(Debug, Clone)]
pub enum Block {
    LifDelta(lif_delta::LifDeltaBlock),
    LifExp(lif_exp::LifExpBlock),
    LifCond(lif_cond::LifCondBlock),
    Rate(rate::RateBlock),
    Binary(binary::BinaryBlock),
}

impl Block {
    /// One step with the excitatory and inhibitory input arriving in it (per neuron, unit of
    /// the kind's weights), compiled once per kind of cells of the two rings (`history`).
    pub fn step(&mut self, exc: Arrived, inh: Arrived, io: &mut StepIo) {
        use Arrived::{Counts, Sums};
        match (exc, inh) {
            (Sums(e), Sums(i)) => self.step_with(e, i, io),
            (Sums(e), Counts(i)) => self.step_with(e, i, io),
            (Counts(e), Sums(i)) => self.step_with(e, i, io),
            (Counts(e), Counts(i)) => self.step_with(e, i, io),
        }
    }

    fn step_with(&mut self, exc: impl Arrivals, inh: impl Arrivals, io: &mut StepIo) {
        match self {
            Block::LifDelta(b) => b.step(exc, inh, io),
            Block::LifExp(b) => b.step(exc, inh, io),
            Block::LifCond(b) => b.step(exc, inh, io),
            Block::Rate(b) => b.step(exc, inh, io),
            Block::Binary(b) => b.step(exc, inh, io),
        }
    }

    /// Membrane potential (V), x for rate units, S for binary units.
    pub fn state(&self, i: usize) -> f64 {
        match self {
            Block::LifDelta(b) => b.v[i],
            Block::LifExp(b) => b.v[i],
            Block::LifCond(b) => b.v[i],
            Block::Rate(b) => b.x[i],
            Block::Binary(b) => b.state[i] as f64,
        }
    }

    /// (excitatory, inhibitory, external) input of neuron `i` in the last step, given what
    /// arrived in it: equivalent voltage input for delta synapses, currents (A) for current
    /// and conductance synapses; for rate units the input of the step, for binary units the
    /// fields sum_j W_ij S_j of excitatory and inhibitory sources.
    pub fn inputs(&self, i: usize, exc: f64, inh: f64, ext: f64, current: f64) -> [f64; 3] {
        match self {
            Block::LifDelta(b) => b.inputs(exc, inh, ext, current),
            Block::LifExp(b) => b.inputs(i, current),
            Block::LifCond(b) => b.inputs(i, current),
            Block::Rate(_) => [exc, inh, current],
            Block::Binary(b) => [b.field_exc[i], b.field_inh[i], current],
        }
    }

    /// Whether the block emits spikes (LIF kinds) rather than graded or state events.
    pub fn spiking(&self) -> bool {
        matches!(
            self,
            Block::LifDelta(_) | Block::LifExp(_) | Block::LifCond(_)
        )
    }
}
