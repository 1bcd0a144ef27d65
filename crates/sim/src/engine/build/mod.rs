//! Building the network of a run: populations (drives, place), synaptic scaling, wiring from
//! the realiser, and per thread its part: the neuron shards of its range (blocks and random
//! streams) and the ring buffers of delayed input of its range.
//!
//! What is built splits into what the step loop only reads, shared by every thread (`pops`,
//! `wiring`, `out_by_pop`), the state each thread owns (`parts`), and the synaptic scaling
//! states, changed between the parallel phases (see `engine`).

pub mod cells;
pub mod connect;
pub mod plasticity;
pub mod populations;

use super::history::{Input, RingBuffer};
use super::partition;
use super::settings::Settings;
use super::wiring::Wiring;
use crate::input::population_inputs;
use crate::plasticity::ScalingState;
use crate::result::PopulationInfo;
use eibal_model::Model;
use eibal_model::error::{Error, Result};
pub use populations::{Emits, Pop, Shard};
use std::ops::Range;

/// The network of a run, ready to step.
pub struct Network {
    pub pops: Vec<Pop>,
    pub infos: Vec<PopulationInfo>,
    /// One per scaled population (`Pop::scaling` indexes it).
    pub scalings: Vec<ScalingState>,
    pub wiring: Vec<Wiring>,
    /// Per ring (`wiring::Channel`), the weight of one count when its cells count spikes
    /// (`cells`), `None` when they sum weights.
    pub units: Vec<Option<f64>>,
    /// Indices into `wiring` of the projections leaving each population, in model order.
    pub out_by_pop: Vec<Vec<usize>>,
    /// One per thread, in order of their neuron ranges.
    pub parts: Vec<Part>,
    /// Number of neurons.
    pub total: usize,
    pub synapses: u64,
}

/// What one thread owns: the neurons of `range` (global ids) as shards of their populations,
/// in order, and their rings and per-step buffers (indexed by global id minus
/// `range.start`).
pub struct Part {
    pub range: Range<usize>,
    pub shards: Vec<Shard>,
    /// Rings indexed by `wiring::Channel`: excitatory and inhibitory, plus their scaled
    /// counterparts when the model has synaptic scaling.
    pub rings: Vec<RingBuffer>,
    /// The external Poisson input of every neuron in the step (weight times count).
    pub external: Vec<f64>,
    /// Scaled input sums of scaled populations (e + f s_e, i + f s_i).
    pub scratch_exc: Vec<Input>,
    pub scratch_inh: Vec<Input>,
}

/// Builds the network of `model` on the grid of `settings` for one thread.
pub fn build(model: &Model, settings: &Settings) -> Result<Network> {
    build_on(model, settings, 1)
}

/// Builds the network of `model` on the grid of `settings`, its neurons split into `threads`
/// parts (the network itself does not depend on `threads`).
pub fn build_on(model: &Model, settings: &Settings, threads: usize) -> Result<Network> {
    let (h, seed) = (settings.h, settings.seed);
    let inputs = population_inputs(model, h)?;
    let (mut pops, infos) = populations::populations(model, inputs, h, seed)?;
    let total: usize = pops.iter().map(|p| p.size).sum();
    if total > u32::MAX as usize {
        return Err(Error::BadInput(
            "more than 4.29e9 neurons are not supported".into(),
        ));
    }
    let (scalings, scaled) = plasticity::scalings(model, &mut pops, h)?;
    let (wiring, max_delay) = connect::wirings(model, &pops, &scaled, (seed, h, threads))?;
    let synapses = wiring.iter().map(|w| w.synapse_count() as u64).sum();
    let mut out_by_pop: Vec<Vec<usize>> = vec![Vec::new(); pops.len()];
    for (k, w) in wiring.iter().enumerate() {
        out_by_pop[w.source].push(k);
    }
    let n_rings = if scalings.is_empty() { 2 } else { 4 };
    let units = cells::units(&wiring, &pops, n_rings);
    let sizes: Vec<usize> = pops.iter().map(|p| p.size).collect();
    let parts = partition::ranges(&sizes, threads)
        .into_iter()
        .map(|range| {
            let shards = partition::slices(&sizes, &range)
                .into_iter()
                .map(|slice| populations::shard(model, slice, h, seed))
                .collect::<Result<Vec<_>>>()?;
            let width = range.len();
            Ok(Part {
                shards,
                rings: units
                    .iter()
                    .map(|&unit| RingBuffer::new(width, max_delay, unit))
                    .collect(),
                external: vec![0.0; width],
                scratch_exc: vec![0.0; width],
                scratch_inh: vec![0.0; width],
                range,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Network {
        pops,
        infos,
        scalings,
        wiring,
        units,
        out_by_pop,
        parts,
        total,
        synapses,
    })
}
