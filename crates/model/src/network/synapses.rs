//! The synapses of one projection as the simulator delivers them: by source neuron, and per
//! source in runs of synapses that share a delay. The delay of a run is stored once (it is
//! implicit for its synapses); target indices are local to the target population and narrow
//! (u16 when it has at most 65,536 neurons, u32 otherwise); a weight is stored per synapse
//! only when the weight law is not `Fixed`, otherwise once for the projection.
//!
//! Within a run, targets are in increasing order (ties in the order they were drawn), so a
//! thread that owns a range of targets finds its synapses in a run by binary search, and the
//! f32 additions into one target's ring row keep the order of the by-target draw.
//!
//! Bytes per synapse: 2 or 4 (target) + 4 (weight, when distributed); per source: 16 (two
//! offsets) + 8 per run. The cortical microcircuit (populations below 65,536 neurons, fixed
//! weights, normal delays of ~15 distinct steps per source) needs about 2.3 bytes per
//! synapse.

use std::ops::Range;

/// A target index type: u16 or u32.
pub trait TargetIndex: Copy + Send + Sync + Default + 'static {
    fn index(self) -> usize;
    /// `i` as this type; the caller guarantees that it fits.
    fn from_index(i: usize) -> Self;
}

impl TargetIndex for u16 {
    #[inline(always)]
    fn index(self) -> usize {
        self as usize
    }
    #[inline(always)]
    fn from_index(i: usize) -> u16 {
        i as u16
    }
}

impl TargetIndex for u32 {
    #[inline(always)]
    fn index(self) -> usize {
        self as usize
    }
    #[inline(always)]
    fn from_index(i: usize) -> u32 {
        i as u32
    }
}

/// Target indices, local to the target population.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Targets {
    /// Target populations of at most 65,536 neurons.
    Narrow(Vec<u16>),
    Wide(Vec<u32>),
}

impl Targets {
    pub fn len(&self) -> usize {
        match self {
            Targets::Narrow(t) => t.len(),
            Targets::Wide(t) => t.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Target of synapse `k`.
    #[inline]
    pub fn get(&self, k: usize) -> usize {
        match self {
            Targets::Narrow(t) => t[k] as usize,
            Targets::Wide(t) => t[k] as usize,
        }
    }

    fn bytes(&self) -> usize {
        match self {
            Targets::Narrow(t) => 2 * t.len(),
            Targets::Wide(t) => 4 * t.len(),
        }
    }
}

/// A run of synapses of one source sharing a delay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// Number of synapses.
    pub len: u32,
    /// Delay in steps (at least 1).
    pub delay: u16,
}

/// The synapses of one projection (see the module doc).
#[derive(Debug, Clone)]
pub struct Synapses {
    /// The synapses of source `j` are `first[j]..first[j + 1]`.
    pub first: Vec<u64>,
    /// The runs of source `j` are `runs[run_first[j]..run_first[j + 1]]`, in increasing
    /// delay, covering its synapses in order.
    pub run_first: Vec<u64>,
    pub runs: Vec<Run>,
    pub targets: Targets,
    /// Per-synapse weights, only when the weight law is not `Fixed`.
    pub weights: Option<Vec<f32>>,
    /// The weight of every synapse when the law is fixed (its mean otherwise).
    pub weight: f64,
    /// The most synapses onto any one target (multapses counted): with every source
    /// spiking at most once per step, a bound on the spikes one target can receive from
    /// this projection in one step (`eibal_sim`'s counted rings rely on it).
    pub max_indegree: u64,
}

impl Synapses {
    /// Number of synapses.
    pub fn count(&self) -> usize {
        self.targets.len()
    }

    /// Number of source neurons.
    pub fn sources(&self) -> usize {
        self.first.len().saturating_sub(1)
    }

    /// The synapses of source `j`.
    #[inline]
    pub fn row(&self, j: usize) -> Range<usize> {
        self.first[j] as usize..self.first[j + 1] as usize
    }

    /// The runs of source `j` as (delay in steps, synapse range).
    #[inline]
    pub fn runs_of(&self, j: usize) -> impl Iterator<Item = (u16, Range<usize>)> + '_ {
        let mut start = self.first[j] as usize;
        self.runs[self.run_first[j] as usize..self.run_first[j + 1] as usize]
            .iter()
            .map(move |r| {
                let range = start..start + r.len as usize;
                start = range.end;
                (r.delay, range)
            })
    }

    /// The weight of synapse `k`.
    #[inline]
    pub fn weight_of(&self, k: usize) -> f64 {
        self.weights.as_ref().map_or(self.weight, |w| w[k] as f64)
    }

    /// The largest delay (steps), 1 without synapses.
    pub fn max_delay(&self) -> u16 {
        self.runs.iter().map(|r| r.delay).max().unwrap_or(1)
    }

    /// Every synapse as (source, target, weight, delay in steps), by source, then by run.
    pub fn each(&self, mut f: impl FnMut(usize, usize, f64, u16)) {
        for j in 0..self.sources() {
            for (delay, range) in self.runs_of(j) {
                for k in range {
                    f(j, self.targets.get(k), self.weight_of(k), delay);
                }
            }
        }
    }

    /// Memory held (bytes).
    pub fn bytes(&self) -> usize {
        8 * (self.first.len() + self.run_first.len())
            + 8 * self.runs.len()
            + self.targets.bytes()
            + self.weights.as_ref().map_or(0, |w| 4 * w.len())
    }
}
