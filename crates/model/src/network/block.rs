//! Writing a thread's synapses into their sources' rows a block at a time.
//!
//! Pass 2 of [`fill`](super::fill) draws synapses target by target, but the table is by
//! source: written one at a time, every synapse lands in a different row (a cache and TLB
//! miss for its target, another for its delay; the microcircuit has 296 M of them). Here the
//! draws of consecutive targets are held until about [`BLOCK`] synapses, in buckets of
//! consecutive sources (at most [`BUCKETS`] of them, so that the write fronts of all buckets
//! stay in the L1 cache), in the order drawn. A flush then writes the buckets out one at a
//! time: each synapse at its source's cursor. One bucket covers at most 2^shift sources, so
//! its writes go to a few hundred rows at once, each share (about 50 synapses of the
//! microcircuit's largest projection) contiguous in its row. This is a two-level (radix)
//! sort by source whose second level writes straight into the table: stable, so each
//! source's synapses keep their draw order, and the table is the same as with one write per
//! synapse; only the order of the writes changes.

use super::synapses::TargetIndex;

/// Synapses held before they are written out: 1 M synapses, 8 to 16 bytes each (at most
/// about 24 MB per thread with the buckets' spare capacity), about 50 synapses per row and
/// block for the microcircuit's largest projection (20,683 sources).
pub const BLOCK: usize = 1 << 20;

/// The most buckets of sources a block is held in.
pub const BUCKETS: usize = 256;

/// A slice that threads write at disjoint positions.
pub struct Shared<T>(*mut T, usize);
// SAFETY: `Shared` is only used in `fill::pass2`, where every position is written by exactly
// one thread (the positions of thread t for source j are its own sub-range of row j).
unsafe impl<T: Send> Sync for Shared<T> {}

impl<T: Copy> Shared<T> {
    pub fn new(v: &mut [T]) -> Shared<T> {
        Shared(v.as_mut_ptr(), v.len())
    }

    /// Asks the cache for the line holding position `k` (a hint: nothing happens on other
    /// architectures, or past the end).
    #[inline(always)]
    fn prefetch(&self, k: usize) {
        #[cfg(target_arch = "x86_64")]
        if k < self.1 {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            // SAFETY: a prefetch has no architectural effect; the address is in bounds.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(self.0.add(k) as *const i8) }
        }
    }

    /// Writes `value` at position `k`.
    ///
    /// # Safety
    /// No other thread writes or reads this position while the slice is shared.
    #[inline(always)]
    unsafe fn write(&self, k: usize, value: T) {
        assert!(k < self.1);
        // SAFETY: in bounds (checked), exclusive by the caller's guarantee.
        unsafe { self.0.add(k).write(value) }
    }
}

/// The tables pass 2 writes into: targets, and weights and delays when drawn per synapse.
pub type SharedTables<T> = (Shared<T>, Option<Shared<f32>>, Option<Shared<u16>>);

/// One held synapse.
#[derive(Clone, Copy)]
struct Entry<T> {
    source: u32,
    target: T,
    delay: u16,
}

/// The synapses of one bucket of sources, in draw order.
struct Bucket<T> {
    entries: Vec<Entry<T>>,
    /// Weights, when drawn per synapse (same order).
    weights: Vec<f32>,
}

/// Synapses drawn but not yet written, by bucket of sources.
pub struct Pending<T> {
    /// Source s is held in bucket s >> shift.
    shift: u32,
    buckets: Vec<Bucket<T>>,
    held: usize,
}

impl<T: TargetIndex> Pending<T> {
    pub fn new(n_source: usize) -> Pending<T> {
        let mut shift = 0;
        while (n_source.max(1) - 1) >> shift >= BUCKETS {
            shift += 1;
        }
        let n = ((n_source.max(1) - 1) >> shift) + 1;
        Pending {
            shift,
            buckets: (0..n)
                .map(|_| Bucket {
                    entries: Vec::new(),
                    weights: Vec::new(),
                })
                .collect(),
            held: 0,
        }
    }

    /// Number of synapses held.
    pub fn len(&self) -> usize {
        self.held
    }

    /// One synapse; `weight` and `delay` only when the tables hold them.
    #[inline(always)]
    pub fn push(&mut self, source: u32, target: T, weight: Option<f32>, delay: Option<u16>) {
        let b = &mut self.buckets[(source >> self.shift) as usize];
        b.entries.push(Entry {
            source,
            target,
            delay: delay.unwrap_or(0),
        });
        if let Some(w) = weight {
            b.weights.push(w);
        }
        self.held += 1;
    }

    /// Writes the held synapses into their rows at `cursor[source]` (advanced) and empties
    /// the buffer.
    ///
    /// # Safety
    /// The positions `cursor[s]..cursor[s] + (synapses of s held)` belong to this thread
    /// alone (as in `fill::pass2`), and nothing reads the tables while they are shared.
    pub unsafe fn flush(&mut self, cursor: &mut [u64], out: &SharedTables<T>) {
        let n = cursor.len();
        self.prefetch(0, cursor, out);
        for (i, b) in self.buckets.iter_mut().enumerate() {
            // The rows of the next bucket's sources are fetched while this one is written:
            // every write of a flush lands in a line not in the cache, and a store that
            // misses holds up the stores behind it.
            let next = ((i + 1) << self.shift).min(n)..((i + 2) << self.shift).min(n);
            prefetch_rows(next, cursor, out);
            // SAFETY (every write below): positions of this thread's sub-range of the row of
            // the entry's source, by the caller's guarantee.
            match (&out.1, &out.2) {
                (None, None) => {
                    for e in &b.entries {
                        let pos = cursor[e.source as usize];
                        cursor[e.source as usize] = pos + 1;
                        unsafe { out.0.write(pos as usize, e.target) };
                    }
                }
                (None, Some(d)) => {
                    for e in &b.entries {
                        let pos = cursor[e.source as usize];
                        cursor[e.source as usize] = pos + 1;
                        unsafe { out.0.write(pos as usize, e.target) };
                        unsafe { d.write(pos as usize, e.delay) };
                    }
                }
                (w, d) => {
                    for (k, e) in b.entries.iter().enumerate() {
                        let pos = cursor[e.source as usize] as usize;
                        cursor[e.source as usize] += 1;
                        unsafe { out.0.write(pos, e.target) };
                        if let (Some(w), Some(&x)) = (w, b.weights.get(k)) {
                            unsafe { w.write(pos, x) };
                        }
                        if let Some(d) = d {
                            unsafe { d.write(pos, e.delay) };
                        }
                    }
                }
            }
            b.entries.clear();
            b.weights.clear();
        }
        self.held = 0;
    }

    /// Prefetches the rows of bucket `i`'s sources.
    fn prefetch(&self, i: usize, cursor: &[u64], out: &SharedTables<T>) {
        let n = cursor.len();
        prefetch_rows(
            (i << self.shift).min(n)..((i + 1) << self.shift).min(n),
            cursor,
            out,
        );
    }
}

/// Prefetches the first two cache lines at the cursors of `sources` in every table.
fn prefetch_rows<T: Copy>(sources: std::ops::Range<usize>, cursor: &[u64], out: &SharedTables<T>) {
    for &c in &cursor[sources] {
        let c = c as usize;
        let step = 64 / std::mem::size_of::<T>();
        out.0.prefetch(c);
        out.0.prefetch(c + step);
        if let Some(d) = &out.2 {
            d.prefetch(c);
            d.prefetch(c + 32);
        }
        if let Some(w) = &out.1 {
            w.prefetch(c);
            w.prefetch(c + 16);
        }
    }
}
