//! Spike delivery: what the populations emitted in step `s` is added to the ring rows of its
//! arrival, s + d for a delay of d steps (see `step`). Every thread delivers into its own
//! rings, i.e. only the synapses whose targets lie in its neuron range; rows are sorted by
//! target, so a thread finds its synapses in a row by two binary searches.
//!
//! A spike adds its weight to a ring of sums, or its whole number of units to a ring of counts
//! (`history`; counts are exact in any order).
//!
//! Order, which fixes the f32 rounding of every sum and so the bit-exact result: the row of
//! step `s` is cleared; then the emissions of the populations in model order, each in the
//! order of its neurons, each into the projections leaving its population in model order;
//! then the by-target gathers of rate-unit sources in projection order. A target receives its
//! additions in this order whichever thread owns it, so the result does not depend on the
//! number of threads.

use super::build::{Emits, Network, Part, cells};
use super::history::{Input, RingBuffer, RowMut};
use super::prefetch;
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

/// Which projections a thread delivers, worked out once per run: per source population, its
/// by-source projections that reach the thread's neurons, with the target-local range they
/// reach and the ring column of its first neuron; then the by-target projections.
pub struct Plan {
    by_source: Vec<Vec<Reach>>,
    by_target: Vec<Reach>,
}

/// A projection (index into `Network::wiring`) as one thread delivers it.
struct Reach {
    wiring: usize,
    /// Its target-local neurons in the thread's range.
    local: Range<usize>,
    /// The ring column of `local.start`.
    offset: usize,
    /// The delay (steps) when every synapse has the same: each source then has one run,
    /// and delivery need not read the runs.
    delay: Option<u16>,
    /// Into a ring of counts (`history`): the units one spike adds.
    count: Option<u16>,
}

impl Plan {
    /// The plan of the thread owning the global neurons `own`.
    pub fn new(net: &Network, own: &Range<usize>) -> Plan {
        let reach = |k: usize| {
            let w = &net.wiring[k];
            let local = local_targets(w, own)?;
            let offset = w.target_first + local.start - own.start;
            let runs = &w.synapses.runs;
            let single = runs.first().map(|r| r.delay).filter(|&d| {
                runs.iter().all(|r| r.delay == d)
                    && (0..w.synapses.sources()).all(|j| w.synapses.runs_of(j).count() <= 1)
            });
            Some(Reach {
                wiring: k,
                local,
                offset,
                delay: single,
                count: net.units[w.channel as usize].and_then(|u| cells::multiple(w.weight, u)),
            })
        };
        let by_source = net
            .out_by_pop
            .iter()
            .map(|outs| {
                outs.iter()
                    .filter(|&&k| net.wiring[k].by_target.is_none())
                    .filter_map(|&k| reach(k))
                    .collect()
            })
            .collect();
        let by_target = (0..net.wiring.len())
            .filter(|&k| net.wiring[k].by_target.is_some())
            .filter_map(reach)
            .collect();
        Plan {
            by_source,
            by_target,
        }
    }
}

/// Delivers everything emitted in step `s` into the rings of `part` (whose row of step `s`
/// has been read and cleared by then, `engine::worker`), as `plan` says.
pub fn deliver_step(net: &Network, plan: &Plan, part: &mut Part, em: &Emitted, s: u64) {
    for (pi, reaches) in plan.by_source.iter().enumerate() {
        if reaches.is_empty() {
            continue;
        }
        let (emitters, amplitudes) = (&em.emitters[pi], &em.amplitudes[pi]);
        let mut emit = |j: usize, a: f64| {
            for r in reaches {
                let w = &net.wiring[r.wiring];
                let ring = &mut part.rings[w.channel as usize];
                deliver(w, r, j, a, s, ring);
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
            Emits::Spikes => {
                for (k, &j) in emitters.iter().enumerate() {
                    let ahead = |d: usize| emitters.get(k + d).map(|&a| a as usize);
                    for r in reaches {
                        let w = &net.wiring[r.wiring];
                        if let Some(a) = ahead(2 * prefetch::AHEAD) {
                            prefetch::metadata(&w.synapses, a);
                        }
                        if let Some(a) = ahead(prefetch::AHEAD) {
                            prefetch::targets(&w.synapses, a, &r.local, w.target_size);
                        }
                    }
                    emit(j as usize, 1.0);
                }
            }
        }
    }
    for r in &plan.by_target {
        let w = &net.wiring[r.wiring];
        // Rings fed by rate units sum (`cells`), so the row is one of sums.
        if let (Some(bt), RowMut::Sums(row)) = (
            &w.by_target,
            part.rings[w.channel as usize].row_mut(s + w.delay as u64),
        ) {
            let row = &mut row[r.offset..r.offset + r.local.len()];
            bt.gather(&em.amplitudes[w.source], r.local.clone(), row);
        }
    }
}

/// The target-local neurons of `w` inside the global range `own`, if any.
fn local_targets(w: &Wiring, own: &Range<usize>) -> Option<Range<usize>> {
    let lo = own.start.max(w.target_first);
    let hi = own.end.min(w.target_first + w.target_size);
    (lo < hi).then(|| lo - w.target_first..hi - w.target_first)
}

/// The part of `targets` (sorted, below `n`) that lies in `local`.
#[inline]
fn within<T: TargetIndex>(targets: &[T], local: &Range<usize>, n: usize) -> Range<usize> {
    bound(targets, local.start, n)..bound(targets, local.end, n)
}

/// The first index of `targets` (sorted, all below `n`) whose target is at least `x`.
///
/// The targets of a run are spread about evenly over `0..n`, so the answer is near
/// len x / n: the search starts there and gallops outwards (Bentley & Yao 1976), touching a
/// cache line or two of the run instead of the ~log2(len) scattered lines of a bisection
/// (each a miss: the run is not in cache yet). Bisection of 1,250 targets took about half
/// of the delivery time on 2 threads (Brunel model A, perf; benches/README.md).
#[inline]
fn bound<T: TargetIndex>(targets: &[T], x: usize, n: usize) -> usize {
    let len = targets.len();
    if x == 0 || len == 0 {
        return 0;
    }
    if x >= n {
        return len;
    }
    let below = |i: usize| targets[i].index() < x;
    let guess = ((len as u64 * x as u64) / n as u64).min(len as u64 - 1) as usize;
    let (lo, hi) = if below(guess) {
        // Everything before `lo` is below x; the answer is at most `hi`.
        let (mut lo, mut step) = (guess + 1, 1usize);
        let hi = loop {
            let probe = lo + step - 1;
            if probe >= len {
                break len;
            }
            if !below(probe) {
                break probe;
            }
            lo = probe + 1;
            step *= 2;
        };
        (lo, hi)
    } else {
        // targets[hi] >= x; the answer is at least `lo`.
        let (mut hi, mut step) = (guess, 1usize);
        let lo = loop {
            if hi < step {
                break 0;
            }
            let probe = hi - step;
            if below(probe) {
                break probe + 1;
            }
            hi = probe;
            step *= 2;
        };
        (lo, hi)
    };
    lo + targets[lo..hi].partition_point(|t| t.index() < x)
}

/// Adds the synapses of source `j` reaching `r`'s targets, scaled by `amp`, to the rows of
/// their arrival; target t goes to ring column `r.offset + t - r.local.start`.
#[inline]
fn deliver(w: &Wiring, r: &Reach, j: usize, amp: f64, s: u64, ring: &mut RingBuffer) {
    let syn = &w.synapses;
    match r.delay {
        // One run per source: its delay is known, its range is the source's row.
        Some(d) => deliver_run(w, r, (d, syn.row(j)), amp, s, ring),
        None => {
            for run in syn.runs_of(j) {
                deliver_run(w, r, run, amp, s, ring);
            }
        }
    }
}

/// Adds one run (delay in steps, synapse range) of a spike emitted in step `s`.
#[inline]
fn deliver_run(
    w: &Wiring,
    r: &Reach,
    run: (u16, Range<usize>),
    amp: f64,
    s: u64,
    ring: &mut RingBuffer,
) {
    match &w.synapses.targets {
        Targets::Narrow(t) => add_run(w, t, r, run, amp, s, ring),
        Targets::Wide(t) => add_run(w, t, r, run, amp, s, ring),
    }
}

#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn add_run<T: TargetIndex>(
    w: &Wiring,
    all: &[T],
    r: &Reach,
    (delay, run): (u16, Range<usize>),
    amp: f64,
    s: u64,
    ring: &mut RingBuffer,
) {
    let syn = &w.synapses;
    let (local, offset) = (&r.local, r.offset);
    let (lo, len) = (local.start, local.len());
    let mut targets = &all[run.clone()];
    let mut first = run.start;
    if !(local.start == 0 && local.end == w.target_size) {
        let part = within(targets, local, w.target_size);
        first += part.start;
        targets = &targets[part];
    }
    let buf = match (ring.row_mut(s + delay as u64), r.count) {
        (RowMut::Sums(row), _) => &mut row[offset..offset + len],
        (RowMut::Counts(row), Some(m)) => {
            let cells = &mut row[offset..offset + len];
            for &t in targets {
                // SAFETY: as below; the sum cannot pass u16::MAX (`cells`: bounded by the
                // in-degrees), and wrapping_add keeps even a broken bound from panicking.
                unsafe {
                    let c = cells.get_unchecked_mut(t.index() - lo);
                    *c = c.wrapping_add(m);
                }
            }
            return;
        }
        // A ring counts only when every projection into it adds a whole multiple (`cells`).
        (RowMut::Counts(_), None) => return,
    };
    match &syn.weights {
        None => {
            let x = (syn.weight * amp) as Input;
            for &t in targets {
                // SAFETY: every target t of `targets` satisfies lo <= t < local.end (runs are
                // sorted, and every target is < the population's size, checked once by
                // `build::connect::check_targets`); `buf` has length local.end - lo.
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

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    #[test]
    fn galloping_bound_agrees_with_bisection() {
        // Sorted runs of random targets, even and skewed (all in the first tenth), short and
        // long, against slice::partition_point for every bound.
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(5);
        for &(len, n, skew) in &[
            (0, 10, 1),
            (1, 10, 1),
            (7, 100, 1),
            (1250, 10_000, 1),
            (1250, 10_000, 10),
            (300, 65_536, 1),
        ] {
            let mut t: Vec<u16> = (0..len)
                .map(|_| rng.random_range(0..n / skew) as u16)
                .collect();
            t.sort_unstable();
            for x in (0..=n).step_by(1 + n / 97).chain([n / 2, n - 1, n]) {
                let expect = t.partition_point(|&v| (v as usize) < x);
                assert_eq!(bound(&t, x, n), expect, "len {len} n {n} x {x}");
            }
        }
    }
}
