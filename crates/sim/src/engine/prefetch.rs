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

/// Second stage, for a spike of source `j` one look-ahead away (its metadata should be in
/// cache by now): its first run and the target lines where the bounds of the local target
/// range `local` (of a population of `n`) are expected.
#[inline(always)]
pub fn targets(syn: &Synapses, j: usize, local: &Range<usize>, n: usize) {
    let (Some(&a), Some(&b), Some(&r)) =
        (syn.first.get(j), syn.first.get(j + 1), syn.run_first.get(j))
    else {
        return;
    };
    if let Some(run) = syn.runs.get(r as usize) {
        line(run);
    }
    let (a, len) = (a as usize, (b - a) as usize);
    if len == 0 || n == 0 {
        return;
    }
    let at = |x: usize| a + ((len as u64 * x as u64) / n as u64).min(len as u64 - 1) as usize;
    let (lo, hi) = (at(local.start), at(local.end.saturating_sub(1)));
    match &syn.targets {
        Targets::Narrow(t) => both(t, lo, hi),
        Targets::Wide(t) => both(t, lo, hi),
    }
}

#[inline(always)]
fn both<T>(t: &[T], lo: usize, hi: usize) {
    if let (Some(x), Some(y)) = (t.get(lo), t.get(hi)) {
        line(x);
        line(y);
    }
}
