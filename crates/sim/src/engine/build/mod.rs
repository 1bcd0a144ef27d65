//! Building the network of a run: populations (neuron blocks, drives, random streams),
//! synaptic scaling, wiring from the realiser, and the ring buffers of delayed input.
//!
//! What is built splits into what the step loop only reads (wiring, drives, `out_by_pop`) and
//! the state it changes (neuron blocks and their streams, scaling states, rings), each kept
//! by population or by neuron so that a parallel engine can hand disjoint parts to threads.

pub mod connect;
pub mod plasticity;
pub mod populations;

use super::settings::Settings;
use super::wiring::Wiring;
use crate::input::population_inputs;
use crate::plasticity::ScalingState;
use crate::result::PopulationInfo;
use crate::ring_buffer::RingBuffer;
use eibal_model::Model;
use eibal_model::error::{Error, Result};
pub use populations::Pop;

/// The network of a run, ready to step.
pub struct Network {
    pub pops: Vec<Pop>,
    pub infos: Vec<PopulationInfo>,
    /// One per scaled population (`Pop::scaling` indexes it).
    pub scalings: Vec<ScalingState>,
    pub wiring: Vec<Wiring>,
    /// Indices into `wiring` of the projections leaving each population, in model order.
    pub out_by_pop: Vec<Vec<usize>>,
    /// Rings indexed by `wiring::Channel`: excitatory and inhibitory, plus their scaled
    /// counterparts when the model has synaptic scaling.
    pub rings: Vec<RingBuffer>,
    /// Number of neurons.
    pub total: usize,
    pub synapses: u64,
}

/// Builds the network of `model` on the grid of `settings`.
pub fn build(model: &Model, settings: &Settings) -> Result<Network> {
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
    let (wiring, max_delay) = connect::wirings(model, &pops, &scaled, seed, h)?;
    let synapses = wiring.iter().map(|w| w.synapse_count() as u64).sum();
    let mut out_by_pop: Vec<Vec<usize>> = vec![Vec::new(); pops.len()];
    for (k, w) in wiring.iter().enumerate() {
        out_by_pop[w.source].push(k);
    }
    let n_rings = if scalings.is_empty() { 2 } else { 4 };
    let rings = (0..n_rings)
        .map(|_| RingBuffer::new(total, max_delay))
        .collect();
    Ok(Network {
        pops,
        infos,
        scalings,
        wiring,
        out_by_pop,
        rings,
        total,
        synapses,
    })
}
