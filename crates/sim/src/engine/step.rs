//! One step of the network: every population reads the input arriving in the step, updates
//! its neurons and emits; then (in `deliver`) the emissions are written into the rings.
//!
//! Step `s` covers the time (s h, (s+1) h]. Each population reads the input that arrives in
//! step `s` (ring rows of step `s`), updates its neurons and emits; a spike emitted in step
//! `s` is stamped (s+1) h and delivered with a delay of `d` steps into the rows of step
//! `s + d` (so it acts d h after its stamp, as in NEST). Every delay is at least one step, so
//! the populations of one step never read each other's output: they can be updated in any
//! order, or in parallel, with the same result.
//!
//! The input of a scaled population is e + f_i s_e (and i + f_i s_i), with e, i the unscaled
//! and s_e, s_i the scaled rings and f_i the neuron's scaling factor (`plasticity`).

use super::build::{Network, Pop};
use crate::neurons::StepIo;
use crate::plasticity::ScalingState;
use crate::ring_buffer::{Input, RingBuffer};

/// The buffers one step writes, by population or by global neuron.
pub struct StepState {
    /// The external Poisson input of every neuron in the step (weight times count).
    pub external: Vec<f64>,
    /// Scaled input sums of scaled populations (e + f s_e, i + f s_i), by global neuron.
    scratch_exc: Vec<Input>,
    scratch_inh: Vec<Input>,
    /// Per population: local indices of the neurons that emitted in the step (spikes, binary
    /// transitions).
    pub emitters: Vec<Vec<u32>>,
    /// Per population: phi(x) of every rate unit, +1/-1 per binary emitter.
    pub amplitudes: Vec<Vec<f64>>,
}

impl StepState {
    pub fn new(net: &Network) -> StepState {
        StepState {
            external: vec![0.0; net.total],
            scratch_exc: vec![0.0; net.total],
            scratch_inh: vec![0.0; net.total],
            emitters: vec![Vec::new(); net.pops.len()],
            amplitudes: vec![Vec::new(); net.pops.len()],
        }
    }
}

/// Updates every population over step `s`, in model order. Returns the number of spikes of
/// the spiking (LIF) populations.
pub fn update(net: &mut Network, st: &mut StepState, s: u64) -> u64 {
    let mut spikes = 0u64;
    for (pi, pop) in net.pops.iter_mut().enumerate() {
        let range = pop.first..pop.first + pop.size;
        let scaling = pop.scaling.map(|k| &net.scalings[k]);
        let (exc, inh) = arriving(
            pop,
            scaling,
            &net.rings,
            s,
            &mut st.scratch_exc[range.clone()],
            &mut st.scratch_inh[range.clone()],
        );
        let emitters = &mut st.emitters[pi];
        emitters.clear();
        let current = pop.current(s);
        let mut io = StepIo {
            exc,
            inh,
            current,
            poisson: &pop.input.poisson,
            rngs: &mut pop.rngs,
            external: &mut st.external[range],
            spikes: emitters,
            amplitudes: &mut st.amplitudes[pi],
        };
        pop.block.step(&mut io);
        if pop.block.spiking() {
            spikes += emitters.len() as u64;
        }
    }
    spikes
}

/// The excitatory and inhibitory input of `pop` arriving in step `s`: the ring rows, or for a
/// scaled population their scaled sums, written into the `scratch` slices of its neurons.
fn arriving<'a>(
    pop: &Pop,
    scaling: Option<&ScalingState>,
    rings: &'a [RingBuffer],
    s: u64,
    scratch_exc: &'a mut [Input],
    scratch_inh: &'a mut [Input],
) -> (&'a [Input], &'a [Input]) {
    let range = pop.first..pop.first + pop.size;
    let (e, i) = (
        &rings[0].row(s)[range.clone()],
        &rings[1].row(s)[range.clone()],
    );
    let Some(scaling) = scaling else {
        return (e, i);
    };
    let f = &scaling.factors;
    let (se, si) = (&rings[2].row(s)[range.clone()], &rings[3].row(s)[range]);
    for j in 0..pop.size {
        scratch_exc[j] = (e[j] as f64 + f[j] * se[j] as f64) as Input;
        scratch_inh[j] = (i[j] as f64 + f[j] * si[j] as f64) as Input;
    }
    (scratch_exc, scratch_inh)
}

/// Advances the synaptic scaling of every scaled population by the spikes of the step just
/// updated (so the factors used in a step are those of its start).
pub fn scale(net: &mut Network, st: &StepState, h: f64) {
    for (pi, pop) in net.pops.iter().enumerate() {
        if let Some(k) = pop.scaling {
            net.scalings[k].step(&st.emitters[pi], h);
        }
    }
}
