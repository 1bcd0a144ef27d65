//! Software prefetch of the synapses of spikes about to be delivered.
//!
//! Delivering a spike reads its source's row metadata (`first`, `run_first`, `runs`) and then
//! the target indices of its runs. The rows of consecutive spikes lie far apart in memory, so
//! each of these reads is a cache miss whose latency (about 100 ns from DRAM) stalls the
//! delivery loop: the loop bounds depend on it. Delivery knows the emitters of a step in
//! advance, so it asks the processor for the lines of spike k + [`AHEAD`] (targets) and
//! k + 2 [`AHEAD`] (metadata) while delivering spike k (Mowry, Lam & Gupta 1992, "Design and
//! evaluation of a compiler algorithm for prefetching"). Prefetches are hints: they change no
//! value, only when a line arrives.

use eibal_model::network::{Synapses, Targets};
use std::ops::Range;

/// How many spikes ahead the target lines are requested; the metadata twice as far.
pub const AHEAD: usize = 4;

/// Asks for the cache line holding `x` (no effect off x86_64).
#[inline(always)]
fn line<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetch never faults and reads nothing architecturally; `x` is a valid
    // reference anyway.
    #[allow(unused_unsafe)]
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>((x as *const T).cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// First stage, for a spike of source `j` two look-aheads away: its row metadata.
#[inline(always)]
pub fn metadata(syn: &Synapses, j: usize) {
    if let (Some(f), Some(r)) = (syn.first.get(j), syn.run_first.get(j)) {
        line(f);
        line(r);
    }
}

/// The most target lines requested per spike and projection (2 kB): beyond them the
/// hardware's stream prefetcher has caught on.
const MOST_LINES: usize = 32;

/// Second stage, for a spike of source `j` one look-ahead away (its metadata should be in
/// cache by now): its first run and every target line that delivery into the local target
/// range `local` (of a population of `n`) will read, up to [`MOST_LINES`].
///
/// A row of one run is sorted by target, so the thread's targets lie about where
/// `local` lies in `0..n`; a row of several runs (one per delay) has them in every run, so the
/// whole row is asked for. Asking for every line rather than the two ends (round 8) made
/// Brunel's run phase on 2 threads about a fifth faster: a thread delivering a spike into two
/// projections starts two streams whose first lines the hardware prefetcher misses.
#[inline(always)]
pub fn targets(syn: &Synapses, j: usize, local: &Range<usize>, n: usize) {
    let (Some(&a), Some(&b), Some(&r0), Some(&r1)) = (
        syn.first.get(j),
        syn.first.get(j + 1),
        syn.run_first.get(j),
        syn.run_first.get(j + 1),
    ) else {
        return;
    };
    if let Some(run) = syn.runs.get(r0 as usize) {
        line(run);
    }
    let (a, len) = (a as usize, (b - a) as usize);
    if len == 0 || n == 0 {
        return;
    }
    let at = |x: usize| a + ((len as u64 * x as u64) / n as u64).min(len as u64 - 1) as usize;
    let (lo, hi) = if r1 - r0 == 1 {
        (at(local.start), at(local.end.saturating_sub(1)))
    } else {
        (a, a + len - 1)
    };
    match &syn.targets {
        Targets::Narrow(t) => lines(t, lo, hi),
        Targets::Wide(t) => lines(t, lo, hi),
    }
}

/// The lines of `t[lo..=hi]`, at most [`MOST_LINES`] from `lo`.
#[inline(always)]
fn lines<T>(t: &[T], lo: usize, hi: usize) {
    let per_line = (64 / std::mem::size_of::<T>()).max(1);
    let hi = hi.min(lo + MOST_LINES * per_line);
    let mut k = lo;
    while k <= hi {
        if let Some(x) = t.get(k) {
            line(x);
        }
        k += per_line;
    }
    if let Some(x) = t.get(hi) {
        line(x);
    }
}
