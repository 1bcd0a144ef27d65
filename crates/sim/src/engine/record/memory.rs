//! What the run keeps in memory for the statistics: spikes (within a budget), spike counts of
//! every neuron after the warmup and of every population per step.

use crate::RunOptions;
use crate::engine::build::Pop;
use crate::result::SpikeCoverage;

/// Spikes and counts recorded so far.
pub struct Memory {
    /// Kept spikes in time order: step stamp and global id.
    pub spike_steps: Vec<u32>,
    pub spike_neurons: Vec<u32>,
    pub coverage: SpikeCoverage,
    /// Spikes of every neuron stamped after the warmup.
    pub counts_after_warmup: Vec<u32>,
    /// Emitters per step of every population.
    pub population_counts: Vec<Vec<u32>>,
    warmup_steps: u64,
    max_spikes: usize,
    fallback_sample: usize,
}

impl Memory {
    pub fn new(
        pops: &[Pop],
        total: usize,
        n_steps: u64,
        warmup_steps: u64,
        opt: &RunOptions,
    ) -> Memory {
        Memory {
            spike_steps: Vec::new(),
            spike_neurons: Vec::new(),
            coverage: SpikeCoverage::All,
            counts_after_warmup: vec![0; total],
            population_counts: pops
                .iter()
                .map(|_| Vec::with_capacity(n_steps as usize))
                .collect(),
            warmup_steps,
            max_spikes: opt.max_spikes_in_memory,
            fallback_sample: opt.fallback_sample,
        }
    }

    /// Records what population `pi` emitted in step `s`: the count of every population,
    /// the spikes of spiking ones.
    pub fn population_step(&mut self, pi: usize, pop: &Pop, emitters: &[u32], s: u64) {
        self.population_counts[pi].push(emitters.len() as u32);
        if !pop.spiking {
            return;
        }
        let stamp = (s + 1) as u32;
        for &i in emitters {
            let g = pop.first + i as usize;
            if s + 1 > self.warmup_steps {
                self.counts_after_warmup[g] += 1;
            }
            let keep = match self.coverage {
                SpikeCoverage::All => true,
                SpikeCoverage::FirstPerPopulation(n) => (i as usize) < n,
            };
            if keep {
                self.spike_steps.push(stamp);
                self.spike_neurons.push(g as u32);
            }
        }
    }

    /// Above `max_spikes_in_memory` kept spikes, keeps from then on only the spikes of the
    /// first `fallback_sample` neurons of each population (those kept so far included), and
    /// returns the note that says so.
    pub fn enforce_budget(&mut self, pops: &[Pop]) -> Option<String> {
        if self.coverage != SpikeCoverage::All || self.spike_steps.len() <= self.max_spikes {
            return None;
        }
        let n = self.fallback_sample;
        let firsts: Vec<(usize, usize)> = pops.iter().map(|p| (p.first, p.size)).collect();
        let keep = |g: u32| {
            firsts
                .iter()
                .any(|&(f, sz)| (g as usize) >= f && (g as usize) < f + n.min(sz))
        };
        let mut w = 0;
        for r in 0..self.spike_steps.len() {
            if keep(self.spike_neurons[r]) {
                self.spike_steps[w] = self.spike_steps[r];
                self.spike_neurons[w] = self.spike_neurons[r];
                w += 1;
            }
        }
        self.spike_steps.truncate(w);
        self.spike_neurons.truncate(w);
        self.coverage = SpikeCoverage::FirstPerPopulation(n);
        Some(format!(
            "more than {} spikes: spike trains kept for the first {n} neurons of each population \
             only (rates use every neuron)",
            self.max_spikes
        ))
    }
}
