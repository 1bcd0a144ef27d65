//! A read-only view of the whole network for the recorders, one step at a time: what every
//! population emitted in the step, and the state and inputs of the probed neurons after it,
//! from the threads' logs of the interval (`log`).

use super::build::Pop;
use super::deliver::Emitted;
use super::log::{Log, Probe};

/// The network after step `k` of an interval (see `engine`).
pub struct View<'a> {
    pub pops: &'a [Pop],
    /// The logs of every thread, in order of their ranges.
    pub logs: &'a [&'a Log],
    pub emitted: &'a Emitted,
    /// Step of the interval.
    pub k: usize,
}

impl View<'_> {
    /// The values of neuron `i` of population `pi`; every recorded neuron is probed
    /// (`Recorders::probed`), an unprobed one reads as zero.
    pub fn probe(&self, pi: usize, i: usize) -> Probe {
        let g = self.pops[pi].first + i;
        self.logs
            .iter()
            .find_map(|log| log.probe(g, self.k))
            .copied()
            .unwrap_or_default()
    }

    /// State (V, x or S) of neuron `i` of population `pi`.
    pub fn state(&self, pi: usize, i: usize) -> f64 {
        self.probe(pi, i).state
    }

    /// (excitatory, inhibitory, external) input of neuron `i` of population `pi` in the step,
    /// from the unscaled rings, or the scaled sums as the neuron read them.
    pub fn inputs(&self, pi: usize, i: usize, scaled: bool) -> [f64; 3] {
        let p = self.probe(pi, i);
        if scaled { p.scaled } else { p.raw }
    }
}
