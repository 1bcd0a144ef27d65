//! What one thread's neurons did during one exchange interval (see `engine`): per step, the
//! emissions of each of its shards, and the values the recorders will read of its probed
//! neurons (state and inputs after the step).
//!
//! Spikes are exchanged once per interval of `D` steps, `D` the smallest delay of the
//! network in steps (Morrison et al. 2005, Neural Comput 17:1776, sec. 3, NEST's scheme): a
//! spike emitted in step `s` arrives no earlier than step `s + D`, so the neurons of a thread
//! can be updated over `D` steps without any input from the other threads of these steps.
//! The thread logs what it emitted and what the recorders need; after one barrier every thread
//! delivers the whole interval into its own rings, and the calling thread records it from
//! the logs, step by step, in the same order as a run that synchronises every step.

use super::build::{Part, Pop};
use super::deliver::Emitted;
use crate::plasticity::ScalingState;

/// The values of one probed neuron after one step: its state, and its (excitatory,
/// inhibitory, external) input as `neurons::Block::inputs` reports it, from the unscaled
/// rings (`raw`) and with the scaling factors the neuron read (`scaled`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Probe {
    pub state: f64,
    pub raw: [f64; 3],
    pub scaled: [f64; 3],
}

/// The `Log::slot` of a neuron that is not probed.
const NOT_PROBED: u32 = u32::MAX;

/// The log of one thread (see the module doc).
#[derive(Default)]
pub struct Log {
    /// Number of shards of the thread.
    shards: usize,
    /// End of the emitters and amplitudes of (step k of the interval, shard) at index
    /// k * shards + shard, in `emitters` and `amplitudes`.
    ends: Vec<(usize, usize)>,
    emitters: Vec<u32>,
    amplitudes: Vec<f64>,
    /// The probed neurons of the thread: (global id, shard, index in the shard), by id.
    probes: Vec<(usize, usize, usize)>,
    /// The probes of each shard: a range of `probes` (shards are in id order).
    by_shard: Vec<std::ops::Range<usize>>,
    /// The global ids of the thread's neurons, and for each of them its index in `probes`
    /// ([`NOT_PROBED`] if none): the recorders look probes up every step, so in O(1).
    range: std::ops::Range<usize>,
    slot: Vec<u32>,
    /// Per step k of the interval, the values of every probe: index k * probes.len() + p.
    values: Vec<Probe>,
}

impl Log {
    /// The log of `part`, probing the global neurons of `probed` (sorted) that it owns.
    pub fn new(part: &Part, pops: &[Pop], probed: &[usize]) -> Log {
        let mut probes = Vec::new();
        for &g in probed.iter().filter(|&&g| part.range.contains(&g)) {
            let found = part.shards.iter().enumerate().find(|(_, sh)| {
                let first = pops[sh.population].first;
                first + sh.lo <= g && g < first + sh.hi
            });
            if let Some((k, sh)) = found {
                probes.push((g, k, g - pops[sh.population].first - sh.lo));
            }
        }
        let mut slot = vec![
            NOT_PROBED;
            if probes.is_empty() {
                0
            } else {
                part.range.len()
            }
        ];
        for (p, &(g, _, _)) in probes.iter().enumerate() {
            slot[g - part.range.start] = p as u32;
        }
        let by_shard = (0..part.shards.len())
            .map(|k| {
                let first = probes.partition_point(|p| p.1 < k);
                first..probes.partition_point(|p| p.1 <= k)
            })
            .collect();
        Log {
            shards: part.shards.len(),
            probes,
            by_shard,
            range: part.range.clone(),
            slot,
            ..Log::default()
        }
    }

    /// Starts a new interval.
    pub fn clear(&mut self) {
        self.ends.clear();
        self.emitters.clear();
        self.amplitudes.clear();
        self.values.clear();
    }

    /// Appends what shard `k` of `part` emitted in step `s`, and the values of its probes;
    /// called for every shard in order, right after its update (`step::update`), when its
    /// neurons and ring rows are still in cache: probed after the whole part, the few hundred
    /// probes of a microcircuit thread missed the cache on every line, for 0.6 s of one
    /// thread's 6 s (perf, round 8).
    pub fn push(&mut self, part: &Part, k: usize, pops: &[Pop], scalings: &[ScalingState], s: u64) {
        let sh = &part.shards[k];
        self.emitters.extend_from_slice(&sh.emitters);
        self.amplitudes.extend_from_slice(&sh.amplitudes);
        self.ends.push((self.emitters.len(), self.amplitudes.len()));
        for &probe_of in &self.probes[self.by_shard[k].clone()] {
            self.values.push(probe(part, pops, scalings, probe_of, s));
        }
    }

    /// Emitters (population-local ids) and amplitudes of shard `shard` in step `k` of the
    /// interval.
    fn emitted(&self, k: usize, shard: usize) -> (&[u32], &[f64]) {
        let at = k * self.shards + shard;
        let (e0, a0) = if at == 0 { (0, 0) } else { self.ends[at - 1] };
        let (e1, a1) = self.ends[at];
        (&self.emitters[e0..e1], &self.amplitudes[a0..a1])
    }

    /// The values of global neuron `g` after step `k` of the interval, if this thread probes
    /// it.
    pub fn probe(&self, g: usize, k: usize) -> Option<&Probe> {
        let p = *self.slot.get(g.checked_sub(self.range.start)?)?;
        if p == NOT_PROBED {
            return None;
        }
        self.values.get(k * self.probes.len() + p as usize)
    }
}

/// The values of probe `(g, shard, local)` of `part` after step `s` (before delivery clears
/// the ring rows of step `s`).
fn probe(
    part: &Part,
    pops: &[Pop],
    scalings: &[ScalingState],
    (g, k, local): (usize, usize, usize),
    s: u64,
) -> Probe {
    let shard = &part.shards[k];
    let pop = &pops[shard.population];
    let at = g - part.range.start;
    let arrived = |c: usize| part.rings[c].row(s).at(at);
    let (e, i, x) = (arrived(0), arrived(1), part.external[at]);
    let current = pop.current(s);
    let raw = shard.block.inputs(local, e, i, x, current);
    let scaled = match pop.scaling {
        Some(m) => {
            let f = scalings[m].factors[shard.lo + local];
            shard
                .block
                .inputs(local, e + f * arrived(2), i + f * arrived(3), x, current)
        }
        None => raw,
    };
    Probe {
        state: shard.block.state(local),
        raw,
        scaled,
    }
}

impl Emitted {
    /// Collects step `k` of the interval from the logs of every thread (in order of their
    /// ranges, hence of neuron ids), `shards` giving each thread's shard populations.
    pub fn gather_step(&mut self, logs: &[&Log], shards: &[Vec<usize>], k: usize) {
        self.emitters.iter_mut().for_each(Vec::clear);
        self.amplitudes.iter_mut().for_each(Vec::clear);
        for (log, pops) in logs.iter().zip(shards) {
            for (sh, &pi) in pops.iter().enumerate() {
                let (e, a) = log.emitted(k, sh);
                self.emitters[pi].extend_from_slice(e);
                self.amplitudes[pi].extend_from_slice(a);
            }
        }
    }
}
