//! One step of the neurons of one thread: every shard reads the input arriving in the step,
//! updates its neurons and emits; then (in `deliver`) the emissions are written into the
//! rings.
//!
//! Step `s` covers the time (s h, (s+1) h]. Each shard reads the input that arrives in step
//! `s` (its thread's ring rows of step `s`), updates its neurons and emits; a spike emitted in
//! step `s` is stamped (s+1) h and delivered with a delay of `d` steps into the rows of step
//! `s + d` (so it acts d h after its stamp, as in NEST). Every delay is at least one step, so
//! the neurons of one step never read each other's output: they can be updated in any order,
//! or in parallel, with the same result.
//!
//! The input of a scaled population is e + f_i s_e (and i + f_i s_i), with e, i the unscaled
//! and s_e, s_i the scaled rings and f_i the neuron's scaling factor (`plasticity`).

use super::build::{Part, Pop};
use super::history::{Arrived, Input, RingBuffer};
use crate::neurons::StepIo;
use crate::plasticity::ScalingState;

/// Updates every shard of `part` over step `s`, in order, calling `updated(part, k)` right
/// after shard `k` (while its neurons are still in cache). The emitters of a shard
/// (population-local ids) are in the shard.
pub fn update(
    part: &mut Part,
    pops: &[Pop],
    scalings: &[ScalingState],
    s: u64,
    mut updated: impl FnMut(&Part, usize),
) {
    for k in 0..part.shards.len() {
        update_shard(part, k, pops, scalings, s);
        updated(part, k);
    }
}

/// Updates shard `k` of `part` over step `s`.
fn update_shard(part: &mut Part, k: usize, pops: &[Pop], scalings: &[ScalingState], s: u64) {
    let start = part.range.start;
    let shard = &mut part.shards[k];
    let pop = &pops[shard.population];
    let range = pop.first + shard.lo - start..pop.first + shard.hi - start;
    let scaling = pop.scaling.map(|k| (&scalings[k], shard.lo));
    let (exc, inh) = arriving(
        &part.rings,
        range.clone(),
        scaling,
        s,
        &mut part.scratch_exc[range.clone()],
        &mut part.scratch_inh[range.clone()],
    );
    shard.emitters.clear();
    let mut io = StepIo {
        current: pop.current(s),
        poisson: &pop.input.poisson,
        rngs: &mut shard.rngs,
        external: &mut part.external[range],
        spikes: &mut shard.emitters,
        amplitudes: &mut shard.amplitudes,
    };
    shard.block.step(exc, inh, &mut io);
    if shard.lo > 0 {
        let lo = shard.lo as u32;
        shard.emitters.iter_mut().for_each(|i| *i += lo);
    }
}

/// The excitatory and inhibitory input of the neurons `range` (indices into the thread's
/// rings) arriving in step `s`: the ring rows, or for a scaled population (its state and the
/// shard's first local neuron) their scaled sums, written into the `scratch` slices.
fn arriving<'a>(
    rings: &'a [RingBuffer],
    range: std::ops::Range<usize>,
    scaling: Option<(&ScalingState, usize)>,
    s: u64,
    scratch_exc: &'a mut [Input],
    scratch_inh: &'a mut [Input],
) -> (Arrived<'a>, Arrived<'a>) {
    let (e, i) = (
        rings[0].row(s).slice(range.clone()),
        rings[1].row(s).slice(range.clone()),
    );
    let Some((scaling, lo)) = scaling else {
        return (e, i);
    };
    let f = &scaling.factors[lo..lo + range.len()];
    let (se, si) = (
        rings[2].row(s).slice(range.clone()),
        rings[3].row(s).slice(range),
    );
    for j in 0..f.len() {
        scratch_exc[j] = (e.at(j) + f[j] * se.at(j)) as Input;
        scratch_inh[j] = (i.at(j) + f[j] * si.at(j)) as Input;
    }
    (Arrived::Sums(scratch_exc), Arrived::Sums(scratch_inh))
}

/// Advances the synaptic scaling of every scaled population by the spikes of the step just
/// updated (so the factors used in a step are those of its start).
pub fn scale(pops: &[Pop], scalings: &mut [ScalingState], emitters: &[Vec<u32>], h: f64) {
    for (pi, pop) in pops.iter().enumerate() {
        if let Some(k) = pop.scaling {
            scalings[k].step(&emitters[pi], h);
        }
    }
}
