//! Spike delivery: what the populations emitted in step `s` is added to the ring rows of its
//! arrival, s + d for a delay of d steps (see `step`). Every thread delivers into its own
//! rings, i.e. only the synapses whose targets lie in its neuron range; rows are sorted by
//! target, so a thread finds its synapses in a row by two binary searches.
//!
//! Order, which fixes the f32 rounding of every sum and so the bit-exact result: the row of
//! step `s` is cleared; then the emissions of the populations in model order, each in the
//! order of its neurons, each into the projections leaving its population in model order;
//! then the by-target gathers of rate-unit sources in projection order. A target receives its
//! additions in this order whichever thread owns it, so the result does not depend on the
//! number of threads.

use super::build::{Emits, Network, Part};
use super::history::{Input, RingBuffer};
use super::wiring::{ByTarget, Wiring};
use eibal_model::network::{TargetIndex, Targets};
use std::ops::Range;

/// What every population emitted in one step, gathered from the shards in neuron order.
#[derive(Default)]
pub struct Emitted {
    /// Per population: local indices of the neurons that emitted (spikes, binary
    /// transitions).
    pub emitters: Vec<Vec<u32>>,
    /// Per population: phi(x) of every rate unit, +1/-1 per binary emitter.
    pub amplitudes: Vec<Vec<f64>>,
}

impl Emitted {
    pub fn new(populations: usize) -> Emitted {
        Emitted {
            emitters: vec![Vec::new(); populations],
            amplitudes: vec![Vec::new(); populations],
        }
    }
}

/// Delivers everything emitted in step `s` (after the row of step `s` has been read) into
/// the rings of `part`.
pub fn deliver_step(net: &Network, part: &mut Part, em: &Emitted, s: u64) {
    for ring in part.rings.iter_mut() {
        ring.clear(s);
    }
    let own = part.range.clone();
    for (pi, outs) in net.out_by_pop.iter().enumerate() {
        let (emitters, amplitudes) = (&em.emitters[pi], &em.amplitudes[pi]);
        // The by-source projections of this population that reach the range.
        let targets: Vec<(&Wiring, Range<usize>, usize)> = outs
            .iter()
            .map(|&k| &net.wiring[k])
            .filter(|w| w.by_target.is_none())
            .filter_map(|w| {
                let local = local_targets(w, &own)?;
                let offset = w.target_first + local.start - own.start;
                Some((w, local, offset))
            })
            .collect();
        if targets.is_empty() {
            continue;
        }
        let mut emit = |j: usize, a: f64| {
            for (w, local, offset) in &targets {
                let ring = &mut part.rings[w.channel as usize];
                deliver(w, local, *offset, j, a, s, ring);
            }
        };
        match net.pops[pi].emits {
            // Every rate unit emits phi(x) each step.
            Emits::Rate => amplitudes.iter().enumerate().for_each(|(j, &a)| emit(j, a)),
            // Binary units emit +1 when switching on, -1 when switching off.
            Emits::Binary => emitters
                .iter()
                .zip(amplitudes)
                .for_each(|(&j, &a)| emit(j as usize, a)),
            Emits::Spikes => emitters.iter().for_each(|&j| emit(j as usize, 1.0)),
        }
    }
    for w in &net.wiring {
        if let (Some(bt), Some(local)) = (&w.by_target, local_targets(w, &own)) {
            let offset = w.target_first + local.start - own.start;
            let row = &mut part.rings[w.channel as usize].row_mut(s + w.delay as u64)
                [offset..offset + local.len()];
            bt.gather(&em.amplitudes[w.source], local, row);
        }
    }
}

/// The target-local neurons of `w` inside the global range `own`, if any.
fn local_targets(w: &Wiring, own: &Range<usize>) -> Option<Range<usize>> {
    let lo = own.start.max(w.target_first);
    let hi = own.end.min(w.target_first + w.target_size);
    (lo < hi).then(|| lo - w.target_first..hi - w.target_first)
}

/// The part of `targets` (sorted) that lies in `local`.
#[inline]
fn within<T: TargetIndex>(targets: &[T], local: &Range<usize>) -> Range<usize> {
    let a = targets.partition_point(|&t| t.index() < local.start);
    let b = a + targets[a..].partition_point(|&t| t.index() < local.end);
    a..b
}

/// Adds the synapses of source `j` of `w` with targets in `local`, scaled by `amp`, to the
/// rows of their arrival; target t goes to ring column `offset + t - local.start`.
#[allow(clippy::too_many_arguments)]
#[inline]
fn deliver(
    w: &Wiring,
    local: &Range<usize>,
    offset: usize,
    j: usize,
    amp: f64,
    s: u64,
    ring: &mut RingBuffer,
) {
    match &w.synapses.targets {
        Targets::Narrow(t) => deliver_runs(w, t, local, offset, j, amp, s, ring),
        Targets::Wide(t) => deliver_runs(w, t, local, offset, j, amp, s, ring),
    }
}

#[allow(clippy::too_many_arguments)]
#[inline]
fn deliver_runs<T: TargetIndex>(
    w: &Wiring,
    all: &[T],
    local: &Range<usize>,
    offset: usize,
    j: usize,
    amp: f64,
    s: u64,
    ring: &mut RingBuffer,
) {
    let syn = &w.synapses;
    let whole = local.start == 0 && local.end == w.target_size;
    let (lo, len) = (local.start, local.len());
    for (delay, run) in syn.runs_of(j) {
        let mut targets = &all[run.clone()];
        let mut first = run.start;
        if !whole {
            let part = within(targets, local);
            first += part.start;
            targets = &targets[part];
        }
        let buf = &mut ring.row_mut(s + delay as u64)[offset..offset + len];
        match &syn.weights {
            None => {
                let x = (syn.weight * amp) as Input;
                for &t in targets {
                    // SAFETY: every target t of `targets` satisfies lo <= t < local.end (runs
                    // are sorted, and every target is < the population's size, checked once
                    // by `build::connect::check_targets`); `buf` has length local.end - lo.
                    unsafe {
                        *buf.get_unchecked_mut(t.index() - lo) += x;
                    }
                }
            }
            Some(ws) => {
                for (&t, &wk) in targets.iter().zip(&ws[first..first + targets.len()]) {
                    buf[t.index() - lo] += (wk as f64 * amp) as Input;
                }
            }
        }
    }
}

impl ByTarget {
    /// Adds sum_k w_k phi[source_k] of every target in `local` to `row` (one entry per
    /// target of `local`).
    fn gather(&self, phi: &[f64], local: Range<usize>, row: &mut [Input]) {
        for (t, r) in local.zip(row.iter_mut()) {
            let range = self.offsets[t] as usize..self.offsets[t + 1] as usize;
            // Four partial sums in a fixed order: deterministic, and not limited by the
            // latency of one chain of additions.
            let (src, w) = (&self.sources[range.clone()], &self.weights[range]);
            let mut acc = [0.0f64; 4];
            let (sc, wc) = (src.chunks_exact(4), w.chunks_exact(4));
            let (sr, wr) = (sc.remainder(), wc.remainder());
            for (s4, w4) in sc.zip(wc) {
                for k in 0..4 {
                    acc[k] += w4[k] as f64 * phi[s4[k] as usize];
                }
            }
            for (&j, &wk) in sr.iter().zip(wr) {
                acc[0] += wk as f64 * phi[j as usize];
            }
            *r += ((acc[0] + acc[1]) + (acc[2] + acc[3])) as Input;
        }
    }
}
