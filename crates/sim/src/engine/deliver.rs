//! Spike delivery: what the populations emitted in step `s` is added to the ring rows of its
//! arrival, s + d for a delay of d steps (see `step`).
//!
//! Order, which fixes the f32 rounding of every sum and so the bit-exact result: the row of
//! step `s` is cleared; then the emissions of the populations in model order, each in the
//! order its block emitted them, each into the projections leaving its population in model
//! order; then the by-target gathers of rate-unit sources in projection order. A target
//! receives its additions in this order whichever part of the target range is processed
//! first, which is what lets a parallel engine split delivery by target range.

use super::build::Network;
use super::step::StepState;
use super::wiring::{ByTarget, Wiring};
use crate::neurons::Block;
use crate::ring_buffer::{Input, RingBuffer};

/// Delivers everything emitted in step `s` (after the row of step `s` has been read).
pub fn deliver_step(net: &mut Network, st: &StepState, s: u64) {
    for ring in net.rings.iter_mut() {
        ring.clear(s);
    }
    for (pi, pop) in net.pops.iter().enumerate() {
        let outs = &net.out_by_pop[pi];
        let (emitters, amplitudes) = (&st.emitters[pi], &st.amplitudes[pi]);
        match pop.block {
            // Every rate unit emits phi(x) each step.
            Block::Rate(_) => emit(
                &net.wiring,
                outs,
                amplitudes.iter().enumerate().map(|(i, &a)| (i, a)),
                s,
                &mut net.rings,
            ),
            // Binary units emit +1 when switching on, -1 when switching off.
            Block::Binary(_) => emit(
                &net.wiring,
                outs,
                emitters
                    .iter()
                    .zip(amplitudes)
                    .map(|(&i, &a)| (i as usize, a)),
                s,
                &mut net.rings,
            ),
            _ => emit(
                &net.wiring,
                outs,
                emitters.iter().map(|&i| (i as usize, 1.0)),
                s,
                &mut net.rings,
            ),
        }
    }
    for w in &net.wiring {
        if let Some(bt) = &w.by_target {
            let row = &mut net.rings[w.channel as usize].row_mut(s + w.delay as u64)
                [w.target_first..w.target_first + w.target_size];
            bt.gather(&st.amplitudes[w.source], row);
        }
    }
}

/// Delivers the events (local source index, amplitude) of one population through the
/// by-source projections `outs`, event by event.
fn emit(
    wiring: &[Wiring],
    outs: &[usize],
    events: impl Iterator<Item = (usize, f64)>,
    s: u64,
    rings: &mut [RingBuffer],
) {
    for (j, a) in events {
        for &k in outs {
            if wiring[k].by_target.is_none() {
                deliver(&wiring[k], j, a, s, rings);
            }
        }
    }
}

/// Adds the synapses of source `j` of `w`, scaled by `amp`, to the rows of their arrival.
#[inline]
fn deliver(w: &Wiring, j: usize, amp: f64, s: u64, rings: &mut [RingBuffer]) {
    let ring = &mut rings[w.channel as usize];
    let row = w.csr.row(j);
    let targets = &w.csr.targets[row.clone()];
    match (&w.csr.weights, &w.csr.delays) {
        (None, None) => {
            let buf = &mut ring.row_mut(s + w.delay as u64)
                [w.target_first..w.target_first + w.target_size];
            let x = (w.weight * amp) as Input;
            for &t in targets {
                // SAFETY: every target is < the target population's size (checked once by
                // `build::connect::check_targets`), and `buf` has that length.
                unsafe {
                    *buf.get_unchecked_mut(t as usize) += x;
                }
            }
        }
        (Some(ws), None) => {
            let buf = &mut ring.row_mut(s + w.delay as u64)[w.target_first..];
            for (&t, &wk) in targets.iter().zip(&ws[row]) {
                buf[t as usize] += (wk as f64 * amp) as Input;
            }
        }
        (ws, Some(ds)) => {
            let (slots, width, data) = ring.raw_mut();
            for (k, &t) in targets.iter().enumerate() {
                let syn = row.start + k;
                let wk = ws.as_ref().map_or(w.weight, |ws| ws[syn] as f64);
                let r = ((s + ds[syn] as u64) % slots as u64) as usize;
                data[r * width + w.target_first + t as usize] += (wk * amp) as Input;
            }
        }
    }
}

impl ByTarget {
    /// Adds sum_k w_k phi[source_k] of every target to `row`.
    fn gather(&self, phi: &[f64], row: &mut [Input]) {
        for (t, r) in row.iter_mut().enumerate() {
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
