//! The draws of [`fill`](super::fill) held by bucket of sources, and the write-out: every
//! row of the table written once, already sorted by delay.
//!
//! Synapses are drawn target by target, but the table is by source, and within a source by
//! delay. Written one at a time into their rows, every synapse would land in a different row
//! (a cache and TLB miss for its target; the microcircuit has 296 M of them). Instead, each
//! thread appends its draws, in draw order, to one list per bucket of consecutive sources
//! ([`Buckets`]: at most a few hundred, so that the write fronts of all buckets stay in the
//! L1 cache), growing by chunks, and counts the out-degree of every source. The write-out
//! then takes one bucket at a time (threads split the buckets): it gathers the bucket's
//! synapses from every thread's list, thread after thread, counting-sorts them by source
//! into a scratch buffer (stable, so each source keeps its target order), and counting-sorts
//! each source's share by delay straight into its row, emitting the row's runs. This is a
//! stable sort of every row by (delay, target, draw order): the same table as writing each
//! synapse into its row and sorting the rows in place, with one draw per synapse, each row
//! written once in order, and no per-synapse delay table.

use super::synapses::{Run, TargetIndex};
use crate::error::{Error, Result};
use std::ops::Range;

/// The most buckets of sources (write fronts of the draw loop): 256 fronts of 64-byte lines are
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

/// Synapses per chunk of a bucket (32 kB with u16 targets): the memory held beyond a
/// thread's synapses is at most one part-filled chunk per bucket.
const CHUNK: usize = 4096;

/// A list that grows by chunks of [`CHUNK`] (never copied when it grows).
struct Chunks<X> {
    full: Vec<Vec<X>>,
    open: Vec<X>,
}

impl<X> Chunks<X> {
    fn new() -> Chunks<X> {
        Chunks {
            full: Vec::new(),
            open: Vec::new(),
        }
    }

    #[inline(always)]
    fn push(&mut self, x: X) {
        if self.open.len() == self.open.capacity() {
            let next = Vec::with_capacity(CHUNK);
            let done = std::mem::replace(&mut self.open, next);
            if !done.is_empty() {
                self.full.push(done);
            }
        }
        self.open.push(x);
    }

    /// The items in push order.
    fn iter(&self) -> impl Iterator<Item = &X> {
        self.full
            .iter()
            .chain(std::iter::once(&self.open))
            .flatten()
    }
}

/// One thread's synapses by bucket of sources, in draw order (weights alongside when drawn
/// per synapse), and the thread's out-degree of every source.
pub struct Held<T> {
    entries: Vec<Chunks<Entry<T>>>,
    weights: Vec<Chunks<f32>>,
    pub counts: Vec<u32>,
    /// The most synapses drawn onto one of the thread's targets.
    pub max_indegree: u64,
}

/// Fills a thread's [`Held`].
pub struct Filler<T> {
    buckets: Buckets,
    held: Held<T>,
}

impl<T: TargetIndex> Filler<T> {
    /// `has_w`: weights are drawn per synapse.
    pub fn new(buckets: Buckets, has_w: bool) -> Filler<T> {
        Filler {
            buckets,
            held: Held {
                entries: (0..buckets.count).map(|_| Chunks::new()).collect(),
                weights: (0..if has_w { buckets.count } else { 0 })
                    .map(|_| Chunks::new())
                    .collect(),
                counts: vec![0; buckets.n_source],
                max_indegree: 0,
            },
        }
    }

    /// One synapse (`weight` kept only when drawn per synapse).
    #[inline(always)]
    pub fn push(&mut self, entry: Entry<T>, weight: f32) {
        let b = self.buckets.of(entry.source);
        self.held.counts[entry.source as usize] += 1;
        self.held.entries[b].push(entry);
        if let Some(w) = self.held.weights.get_mut(b) {
            w.push(weight);
        }
    }

    /// Notes that one target received `indegree` synapses.
    #[inline]
    pub fn target_done(&mut self, indegree: usize) {
        self.held.max_indegree = self.held.max_indegree.max(indegree as u64);
    }

    pub fn finish(self) -> Held<T> {
        self.held
    }
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
                let mut put = |e: &Entry<T>, w: Option<f32>| {
                    let i = e.source as usize - s0;
                    let p = pos[i];
                    pos[i] = p + 1;
                    pairs[p] = (e.target, e.delay);
                    if let Some(w) = w {
                        ws[p] = w;
                    }
                };
                match h.weights.get(b) {
                    None => h.entries[b].iter().for_each(|e| put(e, None)),
                    Some(w) => h.entries[b]
                        .iter()
                        .zip(w.iter())
                        .for_each(|(e, &w)| put(e, Some(w))),
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
