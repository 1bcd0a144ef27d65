//! Projections as the engine delivers them: the realiser's by-source table
//! (`eibal_model::network::Synapses`), or its transpose for rate-unit sources, and the ring
//! each projection writes into. Built once (`build::connect`), read-only during the run, so that
//! delivery over disjoint target ranges can share it.

use eibal_model::network::Synapses;

/// Which ring a projection's input goes to: excitatory or inhibitory by the sign of its source
/// (Dale's law), in separate rings when the target scales it (the scaling factor multiplies
/// the row when the target reads it, see `step`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Excitatory = 0,
    Inhibitory = 1,
    ScaledExcitatory = 2,
    ScaledInhibitory = 3,
}

/// A projection as the engine delivers it.
pub struct Wiring {
    /// Source population.
    pub source: usize,
    /// Target population.
    pub target: usize,
    /// Global id of the first target neuron, and the target population's size.
    pub target_first: usize,
    pub target_size: usize,
    /// Synapses by source (empty when `by_target` holds them).
    pub synapses: Synapses,
    /// The weight of every synapse when the law is fixed (and the mean otherwise).
    pub weight: f64,
    /// Delay in steps when fixed; the largest per-synapse delay otherwise.
    pub delay: u16,
    pub channel: Channel,
    /// For rate-unit sources with one delay: the same synapses by target, so that each step
    /// computes input_i = sum_k w_k phi(x_src(k)) as a gather (no store per synapse).
    pub by_target: Option<ByTarget>,
}

impl Wiring {
    /// Number of synapses, wherever they are stored.
    pub fn synapse_count(&self) -> usize {
        self.by_target
            .as_ref()
            .map_or(self.synapses.count(), |b| b.sources.len())
    }
}

/// Synapses indexed by target: sources and weights of target `t` are at
/// `offsets[t]..offsets[t + 1]`.
pub struct ByTarget {
    pub offsets: Vec<u64>,
    pub sources: Vec<u32>,
    pub weights: Vec<f32>,
}

impl ByTarget {
    /// Transposes a by-source table (the sources of each target stay in increasing order).
    pub fn from_synapses(syn: &Synapses, n_target: usize) -> ByTarget {
        let mut offsets = vec![0u64; n_target + 1];
        syn.each(|_, t, _, _| offsets[t + 1] += 1);
        for t in 0..n_target {
            offsets[t + 1] += offsets[t];
        }
        let mut cursor: Vec<u64> = offsets[..n_target].to_vec();
        let mut sources = vec![0u32; syn.count()];
        let mut weights = vec![0f32; syn.count()];
        syn.each(|j, t, w, _| {
            let pos = cursor[t] as usize;
            cursor[t] += 1;
            sources[pos] = j as u32;
            weights[pos] = w as f32;
        });
        ByTarget {
            offsets,
            sources,
            weights,
        }
    }
}
