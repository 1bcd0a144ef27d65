//! Writing a thread's synapses into their sources' rows a block at a time.
//!
//! Pass 2 of [`fill`](super::fill) draws synapses target by target, but the table is by
//! source: written one at a time, every synapse lands in a different row (a cache and TLB
//! miss for its target, another for its delay; the microcircuit has 296 M of them). Here the
//! draws of consecutive targets are buffered until about [`BLOCK`] synapses, counting-sorted
//! by source (stably, so each source's share stays in target order), and each source's share
//! is then copied into its row in one contiguous piece. The table is the same as with one
//! write per synapse; only the order of the writes changes.

use super::synapses::TargetIndex;
use std::ptr;

/// Synapses buffered before they are written out: 1 M synapses, 4 to 12 bytes each in the
/// buffers and as much again sorted (at most 24 MB per thread), about 50 synapses per row
/// and block for the microcircuit's largest projection (20,683 sources).
pub const BLOCK: usize = 1 << 20;

/// A slice that threads write at disjoint positions.
pub struct Shared<T>(*mut T, usize);
// SAFETY: `Shared` is only used in `fill::pass2`, where every position is written by exactly
// one thread (the positions of thread t for source j are its own sub-range of row j).
unsafe impl<T: Send> Sync for Shared<T> {}

impl<T: Copy> Shared<T> {
    pub fn new(v: &mut [T]) -> Shared<T> {
        Shared(v.as_mut_ptr(), v.len())
    }

    /// Copies `values` to positions `k..k + values.len()`.
    ///
    /// # Safety
    /// No other thread writes or reads these positions while the slice is shared.
    #[inline]
    unsafe fn write_slice(&self, k: usize, values: &[T]) {
        assert!(k <= self.1 && values.len() <= self.1 - k);
        // SAFETY: in bounds (checked), exclusive by the caller's guarantee, and `values`
        // cannot overlap the shared slice (the caller holds it as a separate buffer).
        unsafe { ptr::copy_nonoverlapping(values.as_ptr(), self.0.add(k), values.len()) }
    }
}

/// The tables pass 2 writes into: targets, and weights and delays when drawn per synapse.
pub type SharedTables<T> = (Shared<T>, Option<Shared<f32>>, Option<Shared<u16>>);

/// Synapses drawn but not yet written, and the buffers of their sort.
pub struct Pending<T> {
    sources: Vec<u32>,
    targets: Vec<T>,
    weights: Vec<f32>,
    delays: Vec<u16>,
    /// Per source: synapses in the block, then where its share starts in the sorted block.
    count: Vec<u32>,
    start: Vec<u32>,
    sorted: (Vec<T>, Vec<f32>, Vec<u16>),
}

impl<T: TargetIndex> Pending<T> {
    pub fn new(n_source: usize) -> Pending<T> {
        Pending {
            sources: Vec::with_capacity(BLOCK),
            targets: Vec::with_capacity(BLOCK),
            weights: Vec::new(),
            delays: Vec::new(),
            count: vec![0; n_source],
            start: vec![0; n_source],
            sorted: (Vec::new(), Vec::new(), Vec::new()),
        }
    }

    /// Number of synapses held.
    pub fn len(&self) -> usize {
        self.sources.len()
    }

    /// One synapse; `weight` and `delay` only when the tables hold them.
    #[inline]
    pub fn push(&mut self, source: u32, target: T, weight: Option<f32>, delay: Option<u16>) {
        self.sources.push(source);
        self.targets.push(target);
        if let Some(w) = weight {
            self.weights.push(w);
        }
        if let Some(d) = delay {
            self.delays.push(d);
        }
    }

    /// Writes the held synapses into their rows at `cursor[source]` (advanced) and empties
    /// the buffer.
    ///
    /// # Safety
    /// The positions `cursor[s]..cursor[s] + (synapses of s held)` belong to this thread
    /// alone (as in `fill::pass2`), and nothing reads the tables while they are shared.
    pub unsafe fn flush(&mut self, cursor: &mut [u64], out: &SharedTables<T>) {
        let n = self.sources.len();
        if n == 0 {
            return;
        }
        self.count.fill(0);
        for &s in &self.sources {
            self.count[s as usize] += 1;
        }
        let mut at = 0u32;
        for (st, &c) in self.start.iter_mut().zip(&self.count) {
            *st = at;
            at += c;
        }
        let (ts, ws, ds) = &mut self.sorted;
        ts.resize(n, T::default());
        ws.resize(self.weights.len(), 0.0);
        ds.resize(self.delays.len(), 0);
        // Counting sort by source, stable: order of the draws within each source.
        for (k, &s) in self.sources.iter().enumerate() {
            let p = self.start[s as usize] as usize;
            self.start[s as usize] += 1;
            ts[p] = self.targets[k];
            if !self.weights.is_empty() {
                ws[p] = self.weights[k];
            }
            if !self.delays.is_empty() {
                ds[p] = self.delays[k];
            }
        }
        // `start[s]` is now the end of source s's share.
        for (s, (&c, &end)) in self.count.iter().zip(&self.start).enumerate() {
            if c == 0 {
                continue;
            }
            let share = (end - c) as usize..end as usize;
            let pos = cursor[s] as usize;
            cursor[s] += c as u64;
            // SAFETY (all three): positions of this thread's sub-range of row s, by the
            // caller's guarantee.
            unsafe { out.0.write_slice(pos, &ts[share.clone()]) };
            if let (Some(w), false) = (&out.1, ws.is_empty()) {
                unsafe { w.write_slice(pos, &ws[share.clone()]) };
            }
            if let (Some(d), false) = (&out.2, ds.is_empty()) {
                unsafe { d.write_slice(pos, &ds[share]) };
            }
        }
        self.sources.clear();
        self.targets.clear();
        self.weights.clear();
        self.delays.clear();
    }
}
