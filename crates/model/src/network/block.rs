//! Pass 2 of [`fill`](super::fill) and the write-out: a thread's synapses held by bucket of
//! sources, then written into the rows of the table already sorted by delay.
//!
//! Pass 2 draws synapses target by target, but the table is by source, and within a source
//! by delay. Written one at a time into their rows, every synapse would land in a different
//! row (a cache and TLB miss for its target; the microcircuit has 296 M of them). Instead,
//! each thread writes its draws, in draw order, into one region per bucket of consecutive
//! sources ([`Buckets`]: at most a few hundred, so that the write fronts of all buckets stay
//! in the L1 cache), sized exactly from the counts of pass 1. The write-out then takes one
//! bucket at a time (threads split the buckets): it gathers the bucket's synapses from every
//! thread's region, thread after thread, counting-sorts them by source into a scratch buffer
//! (stable, so each source keeps its target order), and counting-sorts each source's share
//! by delay straight into its row, emitting the row's runs. This is a stable sort of every
//! row by (delay, target, draw order), the same table as sorting the rows in place; each
//! row is written once, in order, and no per-synapse delay table is kept.

use super::synapses::{Run, TargetIndex};
use crate::error::{Error, Result};
use std::ops::Range;

/// The most buckets of sources (write fronts of pass 2): 256 fronts of 64-byte lines are
/// 16 kB, half the L1 cache.
pub const BUCKETS: usize = 256;

/// Sources in buckets of 2^shift consecutive sources.
#[derive(Debug, Clone, Copy)]
pub struct Buckets {
    pub shift: u32,
    pub count: usize,
    n_source: usize,
}

impl Buckets {
    /// At most `most` buckets over `n_source` sources.
    pub fn new(n_source: usize, most: usize) -> Buckets {
        let top = n_source.max(1) - 1;
        let mut shift = 0;
        while top >> shift >= most.max(1) {
            shift += 1;
        }
        Buckets {
            shift,
            count: (top >> shift) + 1,
            n_source,
        }
    }

    #[inline(always)]
    fn of(&self, source: u32) -> usize {
        (source >> self.shift) as usize
    }

    /// The sources of bucket `b`.
    fn sources(&self, b: usize) -> Range<usize> {
        (b << self.shift).min(self.n_source)..((b + 1) << self.shift).min(self.n_source)
    }
}

/// One drawn synapse.
#[derive(Debug, Clone, Copy, Default)]
pub struct Entry<T> {
    pub source: u32,
    pub target: T,
    pub delay: u16,
}

/// One thread's synapses by bucket: bucket b is `entries[first[b]..first[b + 1]]`, in draw
/// order; `weights` alongside when drawn per synapse.
pub struct Held<T> {
    entries: Vec<Entry<T>>,
    weights: Vec<f32>,
    first: Vec<usize>,
}

/// Fills a thread's [`Held`] regions: each bucket's exact size is known from pass 1.
pub struct Filler<'a, T> {
    buckets: Buckets,
    first: Vec<usize>,
    cursor: Vec<usize>,
    entries: Vec<Entry<T>>,
    weights: Vec<f32>,
    has_w: bool,
    what: &'a str,
}

impl<'a, T: TargetIndex> Filler<'a, T> {
    /// Regions for `counts[s]` synapses of every source s (pass 1 of this thread).
    pub fn new(buckets: Buckets, counts: &[u32], has_w: bool, what: &'a str) -> Filler<'a, T> {
        let mut first = vec![0usize; buckets.count + 1];
        for (s, &c) in counts.iter().enumerate() {
            first[buckets.of(s as u32) + 1] += c as usize;
        }
        for b in 0..buckets.count {
            first[b + 1] += first[b];
        }
        let total = first[buckets.count];
        Filler {
            buckets,
            cursor: first[..buckets.count].to_vec(),
            first,
            entries: Vec::with_capacity(total),
            weights: Vec::with_capacity(if has_w { total } else { 0 }),
            has_w,
            what,
        }
    }

    /// One synapse (`weight` only when drawn per synapse).
    #[inline(always)]
    pub fn push(&mut self, entry: Entry<T>, weight: f32) -> Result<()> {
        let b = self.buckets.of(entry.source);
        let p = self.cursor[b];
        if p >= self.first[b + 1] {
            return Err(mismatch(self.what));
        }
        self.cursor[b] = p + 1;
        let slots = self.entries.spare_capacity_mut();
        slots[p].write(entry);
        // The region's next lines: every bucket writes its own front, too many fronts for
        // the hardware prefetcher to follow, and a store that misses holds up the others.
        prefetch(slots, p + 16);
        if self.has_w {
            self.weights.spare_capacity_mut()[p].write(weight);
        }
        Ok(())
    }

    /// The filled regions; an error unless every slot was written.
    pub fn finish(mut self) -> Result<Held<T>> {
        if self
            .cursor
            .iter()
            .zip(&self.first[1..])
            .any(|(c, e)| c != e)
        {
            return Err(mismatch(self.what));
        }
        let total = self.first[self.buckets.count];
        // SAFETY: bucket b's slots first[b]..first[b + 1] were written in order by `push`
        // (its cursor started at first[b], moved by one per write, never past first[b + 1]
        // and ends there), so slots 0..total are all initialised; the same for the weights
        // when drawn.
        unsafe {
            self.entries.set_len(total);
            if self.has_w {
                self.weights.set_len(total);
            }
        }
        Ok(Held {
            entries: self.entries,
            weights: self.weights,
            first: self.first,
        })
    }
}

fn mismatch(what: &str) -> Error {
    Error::Runtime(format!(
        "internal error: {what}: the second pass drew other synapses than the first"
    ))
}

/// Asks the cache for the line holding `slots[k]` (a hint; nothing on other architectures
/// or past the end).
#[inline(always)]
fn prefetch<X>(slots: &[X], k: usize) {
    #[cfg(target_arch = "x86_64")]
    if k < slots.len() {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: a prefetch has no architectural effect; the address is in bounds.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(slots.as_ptr().add(k) as *const i8) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (slots, k);
}

/// Per source of a range, the end of its runs in the range's runs; and the runs.
pub type RowRuns = (Vec<u64>, Vec<Run>);

/// Writes the rows of every source (`first[j]..first[j + 1]` of `targets` and `weights`),
/// each sorted by delay (or all of `fixed_delay`) into runs, on `threads` threads over
/// contiguous ranges of buckets; returns `run_first` and the runs.
pub fn write_rows<T: TargetIndex>(
    first: &[u64],
    held: &[Held<T>],
    buckets: Buckets,
    (targets, weights): (&mut [T], Option<&mut [f32]>),
    fixed_delay: Option<u16>,
    threads: usize,
    what: &str,
) -> Result<(Vec<u64>, Vec<Run>)> {
    let n_source = first.len() - 1;
    let total = first[n_source];
    // Bucket ranges of about equal synapse counts (the table does not depend on them).
    let mut cuts = vec![0usize];
    let threads = threads.clamp(1, buckets.count);
    for b in 0..buckets.count {
        let done = first[buckets.sources(b).end];
        if cuts.len() < threads && done * threads as u64 >= total * cuts.len() as u64 {
            cuts.push(b + 1);
        }
    }
    if *cuts.last().unwrap_or(&0) != buckets.count {
        cuts.push(buckets.count);
    }
    let results: Vec<Result<RowRuns>> = std::thread::scope(|scope| {
        let (mut t_rest, mut w_rest) = (targets, weights);
        let mut handles = Vec::new();
        for c in cuts.windows(2) {
            let (b0, b1) = (c[0], c[1]);
            let sources = buckets.sources(b0).start..buckets.sources(b1.max(1) - 1).end;
            let len = (first[sources.end] - first[sources.start]) as usize;
            let (t_now, t_next) = t_rest.split_at_mut(len);
            let (w_now, w_next) = match w_rest {
                Some(w) => {
                    let (a, b) = w.split_at_mut(len);
                    (Some(a), Some(b))
                }
                None => (None, None),
            };
            (t_rest, w_rest) = (t_next, w_next);
            let job = RowJob {
                first,
                held,
                buckets,
                fixed_delay,
                what,
            };
            handles.push(scope.spawn(move || job.run(b0..b1, t_now, w_now)));
        }
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::Runtime("network build panicked".into())))
            })
            .collect()
    });
    let mut run_first = vec![0u64; n_source + 1];
    let mut runs = Vec::new();
    let mut j = 0;
    for r in results {
        let (ends, part) = r?;
        let base = runs.len() as u64;
        for e in ends {
            run_first[j + 1] = base + e;
            j += 1;
        }
        runs.extend(part);
    }
    Ok((run_first, runs))
}

/// What every thread of the write-out reads.
#[derive(Clone, Copy)]
struct RowJob<'a, T> {
    first: &'a [u64],
    held: &'a [Held<T>],
    buckets: Buckets,
    fixed_delay: Option<u16>,
    what: &'a str,
}

impl<T: TargetIndex> RowJob<'_, T> {
    /// The rows of the sources of buckets `range` into `targets` and `weights` (which start
    /// at the first of them).
    fn run(
        self,
        range: Range<usize>,
        targets: &mut [T],
        mut weights: Option<&mut [f32]>,
    ) -> Result<RowRuns> {
        let first = self.first;
        let base = first[self.buckets.sources(range.start).start];
        let mut sorter = DelaySort::default();
        let (mut ends, mut runs) = (Vec::new(), Vec::new());
        let (mut pairs, mut ws, mut pos) = (Vec::new(), Vec::new(), Vec::new());
        for b in range {
            let sources = self.buckets.sources(b);
            let (s0, s1) = (sources.start, sources.end);
            let len = (first[s1] - first[s0]) as usize;
            // Gather by source, stably: thread after thread, each in draw order.
            pos.clear();
            pos.extend(first[s0..s1].iter().map(|&f| (f - first[s0]) as usize));
            pairs.clear();
            pairs.resize(len, (T::default(), 0u16));
            ws.clear();
            ws.resize(if weights.is_some() { len } else { 0 }, 0f32);
            for h in self.held {
                let region = h.first[b]..h.first[b + 1];
                for (k, e) in h.entries[region.clone()].iter().enumerate() {
                    let i = e.source as usize - s0;
                    let p = pos[i];
                    pos[i] = p + 1;
                    pairs[p] = (e.target, e.delay);
                    if let Some(&w) = h.weights.get(region.start + k) {
                        ws[p] = w;
                    }
                }
            }
            // Each source's share, sorted by delay, into its row.
            let at = (first[s0] - base) as usize;
            for s in sources {
                let share = (first[s] - first[s0]) as usize..(first[s + 1] - first[s0]) as usize;
                let row = at + share.start..at + share.end;
                let w_out = weights.as_deref_mut().map(|w| &mut w[row.clone()]);
                let w_in = (!ws.is_empty()).then(|| &ws[share.clone()]);
                match self.fixed_delay {
                    Some(delay) => {
                        for (t, p) in targets[row.clone()].iter_mut().zip(&pairs[share.clone()]) {
                            *t = p.0;
                        }
                        if let (Some(o), Some(i)) = (w_out, w_in) {
                            o.copy_from_slice(i);
                        }
                        if !share.is_empty() {
                            runs.push(Run {
                                len: run_len(share.len(), self.what)?,
                                delay,
                            });
                        }
                    }
                    None => sorter.sort_into(
                        &pairs[share],
                        (&mut targets[row], w_in, w_out),
                        &mut runs,
                        self.what,
                    )?,
                }
                ends.push(runs.len() as u64);
            }
        }
        Ok((ends, runs))
    }
}

fn run_len(len: usize, what: &str) -> Result<u32> {
    u32::try_from(len).map_err(|_| super::fill::too_many(what))
}

/// A stable sort of one row by delay, reusing its buffers from row to row.
#[derive(Default)]
struct DelaySort {
    count: Vec<u32>,
    order: Vec<u32>,
}

impl DelaySort {
    /// Writes the (target, delay) pairs of one row, sorted stably by delay, into `out`
    /// (and the weights `w_in` into `w_out`), and appends the row's runs.
    fn sort_into<T: TargetIndex>(
        &mut self,
        pairs: &[(T, u16)],
        (out, w_in, w_out): (&mut [T], Option<&[f32]>, Option<&mut [f32]>),
        runs: &mut Vec<Run>,
        what: &str,
    ) -> Result<()> {
        let (Some(lo), Some(hi)) = (
            pairs.iter().map(|p| p.1).min(),
            pairs.iter().map(|p| p.1).max(),
        ) else {
            return Ok(());
        };
        let span = (hi - lo) as usize + 1;
        if span > 4 * pairs.len() + 64 {
            // Delays spread over many more steps than the row has synapses: by comparison.
            self.order.clear();
            self.order.extend(0..pairs.len() as u32);
            self.order.sort_by_key(|&k| pairs[k as usize].1); // stable
            let row_runs = runs.len();
            for (new, &k) in self.order.iter().enumerate() {
                let (t, d) = pairs[k as usize];
                out[new] = t;
                let open = runs.len() > row_runs;
                match runs.last_mut() {
                    Some(r) if open && r.delay == d => r.len += 1,
                    _ => runs.push(Run { len: 1, delay: d }),
                }
            }
            if let (Some(i), Some(o)) = (w_in, w_out) {
                for (new, &k) in self.order.iter().enumerate() {
                    o[new] = i[k as usize];
                }
            }
            return Ok(());
        }
        run_len(pairs.len(), what)?;
        self.count.clear();
        self.count.resize(span + 1, 0);
        for p in pairs {
            self.count[(p.1 - lo) as usize + 1] += 1;
        }
        for k in 0..span {
            if self.count[k + 1] > 0 {
                runs.push(Run {
                    len: self.count[k + 1],
                    delay: lo + k as u16,
                });
            }
            self.count[k + 1] += self.count[k];
        }
        // `count[k]` is now where delay lo + k starts.
        match (w_in, w_out) {
            (Some(i), Some(o)) => {
                for (p, &w) in pairs.iter().zip(i) {
                    let slot = &mut self.count[(p.1 - lo) as usize];
                    out[*slot as usize] = p.0;
                    o[*slot as usize] = w;
                    *slot += 1;
                }
            }
            _ => {
                for p in pairs {
                    let slot = &mut self.count[(p.1 - lo) as usize];
                    out[*slot as usize] = p.0;
                    *slot += 1;
                }
            }
        }
        Ok(())
    }
}
