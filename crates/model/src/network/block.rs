//! The write-out of [`fill`](super::fill): every row of the table written once, already
//! sorted by delay, from the draws held by bucket of sources ([`held`](super::held)).
//!
//! Threads split the buckets into contiguous ranges of about equal synapse counts. For one
//! bucket, the write-out gathers its synapses from every thread's lists, thread after thread
//! (each in draw order), counting-sorting them by source (stable, so each source keeps its
//! target order). With a fixed delay the gather writes straight into the bucket's rows, each
//! of which is one run. Otherwise it writes into a scratch buffer, and each source's share is
//! counting-sorted by delay into its row, emitting the row's runs. This is a stable sort of
//! every row by (delay, target, draw order): the same table as writing each synapse into its
//! row and sorting the rows in place, with one draw per synapse, each row written once in
//! order, and no per-synapse delay table.

use super::held::{Buckets, Held};
use super::synapses::{Run, TargetIndex};
use crate::error::{Error, Result};
use std::ops::Range;

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
        let mut scratch = Scratch::default();
        let (mut ends, mut runs) = (Vec::new(), Vec::new());
        for b in range {
            let sources = self.buckets.sources(b);
            let s0 = sources.start;
            let rows = (first[s0] - base) as usize..(first[sources.end] - base) as usize;
            let out = (
                &mut targets[rows.clone()],
                weights.as_deref_mut().map(|w| &mut w[rows]),
            );
            match self.fixed_delay {
                Some(delay) => {
                    self.gather(b, out, &mut scratch.pos);
                    for s in sources {
                        let len = (first[s + 1] - first[s]) as usize;
                        if len > 0 {
                            runs.push(Run {
                                len: run_len(len, self.what)?,
                                delay,
                            });
                        }
                        ends.push(runs.len() as u64);
                    }
                }
                None => self.sorted_by_delay(b, out, &mut scratch, (&mut ends, &mut runs))?,
            }
        }
        Ok((ends, runs))
    }

    /// Where each source of bucket `b` starts in the bucket's rows.
    fn starts(&self, b: usize, pos: &mut Vec<usize>) {
        let sources = self.buckets.sources(b);
        let f0 = self.first[sources.start];
        pos.clear();
        pos.extend(self.first[sources].iter().map(|&f| (f - f0) as usize));
    }

    /// The synapses of bucket `b`, all of one delay, gathered by source (thread after
    /// thread, each in draw order) into the bucket's rows `targets` and `weights`.
    fn gather(
        &self,
        b: usize,
        (targets, mut weights): (&mut [T], Option<&mut [f32]>),
        pos: &mut Vec<usize>,
    ) {
        self.starts(b, pos);
        for h in self.held {
            let mut w_lists = h.weights.get(b).map(|w| w.slices());
            for entries in h.entries[b].slices() {
                let w_chunk = w_lists.as_mut().and_then(|w| w.next());
                match (w_chunk, weights.as_deref_mut()) {
                    (Some(w_in), Some(w_out)) => {
                        for (e, &w) in entries.iter().zip(w_in) {
                            let p = &mut pos[e.local as usize];
                            targets[*p] = e.target;
                            w_out[*p] = w;
                            *p += 1;
                        }
                    }
                    _ => {
                        for e in entries {
                            let p = &mut pos[e.local as usize];
                            targets[*p] = e.target;
                            *p += 1;
                        }
                    }
                }
            }
        }
    }

    /// The rows of bucket `b` with delays drawn per synapse: gathered by source into
    /// `scratch`, then each source's share sorted stably by delay into its row.
    fn sorted_by_delay(
        &self,
        b: usize,
        (targets, mut weights): (&mut [T], Option<&mut [f32]>),
        scratch: &mut Scratch<T>,
        (ends, runs): (&mut Vec<u64>, &mut Vec<Run>),
    ) -> Result<()> {
        let sources = self.buckets.sources(b);
        let len = targets.len();
        let Scratch {
            pairs,
            ws,
            pos,
            sorter,
        } = scratch;
        self.starts(b, pos);
        pairs.clear();
        pairs.resize(len, (T::default(), 0u16));
        ws.clear();
        ws.resize(if weights.is_some() { len } else { 0 }, 0f32);
        for h in self.held {
            let mut w_lists = h.weights.get(b).map(|w| w.slices());
            for (entries, delays) in h.entries[b].slices().zip(h.delays[b].slices()) {
                let w_chunk = w_lists.as_mut().and_then(|w| w.next());
                for (k, (e, &d)) in entries.iter().zip(delays).enumerate() {
                    let p = &mut pos[e.local as usize];
                    pairs[*p] = (e.target, d);
                    if let Some(w) = w_chunk {
                        ws[*p] = w[k];
                    }
                    *p += 1;
                }
            }
        }
        let f0 = self.first[sources.start];
        for s in sources {
            let share = (self.first[s] - f0) as usize..(self.first[s + 1] - f0) as usize;
            let w_out = weights.as_deref_mut().map(|w| &mut w[share.clone()]);
            let w_in = (!ws.is_empty()).then(|| &ws[share.clone()]);
            sorter.sort_into(
                &pairs[share.clone()],
                (&mut targets[share], w_in, w_out),
                runs,
                self.what,
            )?;
            ends.push(runs.len() as u64);
        }
        Ok(())
    }
}

/// Buffers of the write-out reused from bucket to bucket.
struct Scratch<T> {
    pairs: Vec<(T, u16)>,
    ws: Vec<f32>,
    pos: Vec<usize>,
    sorter: DelaySort,
}

impl<T> Default for Scratch<T> {
    fn default() -> Scratch<T> {
        Scratch {
            pairs: Vec::new(),
            ws: Vec::new(),
            pos: Vec::new(),
            sorter: DelaySort::default(),
        }
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
