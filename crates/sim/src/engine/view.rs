//! A read-only view of the whole network between the parallel phases of a step, for the
//! recorders: the state and input of any neuron, wherever its thread keeps it.

use super::build::{Part, Pop};
use super::deliver::Emitted;
use crate::plasticity::ScalingState;

/// The network after a step's update, before delivery (see `engine`).
pub struct View<'a> {
    pub pops: &'a [Pop],
    pub total: usize,
    /// The parts of every thread, in order of their ranges.
    pub parts: Vec<&'a Part>,
    pub emitted: &'a Emitted,
    pub scalings: &'a [ScalingState],
}

impl View<'_> {
    /// The part that owns global neuron `g`.
    fn part(&self, g: usize) -> &Part {
        let k = self.parts.partition_point(|p| p.range.end <= g);
        self.parts[k]
    }

    /// State (V, x or S) of neuron `i` of population `pi`.
    pub fn state(&self, pi: usize, i: usize) -> f64 {
        let (block, local) = self.block(pi, i);
        block.state(local)
    }

    fn block(&self, pi: usize, i: usize) -> (&crate::neurons::Block, usize) {
        let part = self.part(self.pops[pi].first + i);
        let shard = part
            .shards
            .iter()
            .find(|sh| sh.population == pi && sh.lo <= i && i < sh.hi)
            .expect("every neuron belongs to the shard of its part");
        (&shard.block, i - shard.lo)
    }

    /// What arrived in step `s` at global neuron `g` in ring `channel` (before delivery clears
    /// the row).
    pub fn arrived(&self, channel: usize, s: u64, g: usize) -> f64 {
        let part = self.part(g);
        part.rings[channel].row(s)[g - part.range.start] as f64
    }

    /// The external Poisson input of global neuron `g` in the step.
    pub fn external(&self, g: usize) -> f64 {
        let part = self.part(g);
        part.external[g - part.range.start]
    }

    /// (excitatory, inhibitory, external) input of neuron `i` of population `pi` in step `s`,
    /// from the unscaled rings, or the scaled sums as the neuron read them.
    pub fn inputs(&self, pi: usize, i: usize, s: u64, scaled: bool) -> [f64; 3] {
        let pop = &self.pops[pi];
        let g = pop.first + i;
        let (mut e, mut inh) = (self.arrived(0, s, g), self.arrived(1, s, g));
        if let (true, Some(k)) = (scaled, pop.scaling) {
            let f = self.scalings[k].factors[i];
            e += f * self.arrived(2, s, g);
            inh += f * self.arrived(3, s, g);
        }
        let (block, local) = self.block(pi, i);
        block.inputs(local, e, inh, self.external(g), pop.current(s))
    }
}
