//! Filling the synapse table of one projection, on one or more threads.
//!
//! Construction never holds a list of (source, target) pairs. Every target neuron draws its
//! sources from its own random stream (seed, projection, target), and its weights and delays
//! from another; so the network does not depend on the number of threads, which split the
//! targets into contiguous ranges. A first pass counts the out-degree of every source per
//! thread; a second pass replays the same streams and writes each target into its source's
//! row, thread t after the synapses of threads before it, targets in increasing order, so
//! every row is sorted by target (a block of draws at a time, sorted by source: `block`). Finally every row is sorted stably by delay into runs
//! (`synapses`), in parallel over contiguous blocks of sources.

use super::block::{Pending, Shared, SharedTables};
use super::delay::DelaySteps;
use super::sampler::{Sampler, draw_sources};
use super::synapses::{Run, Synapses, TargetIndex, Targets};
use crate::error::{Error, Result};
use crate::rng::{Purpose, stream};
use crate::{Connectivity, Model, Projection, connection_rule};
use std::ops::Range;

/// Everything a target's draw needs.
struct Plan<'a> {
    pr: &'a Projection,
    index: usize,
    seed: u64,
    n_source: usize,
    same: bool,
    what: String,
    weight: Sampler,
    delay: DelaySteps,
    /// Dale's law and conductances >= 0 (`Support::of_weights`): other draws are redrawn.
    support: crate::Support,
    /// Fixed delay in steps (None when drawn per synapse).
    fixed_delay: Option<u16>,
    /// Synapses buffered by pass 2 before they are written out (`block::BLOCK`).
    block: usize,
    /// For a fixed total: the in-degree of every target (`connection_rule::target_counts`).
    counts: Option<Vec<u64>>,
}

impl Plan<'_> {
    /// The sources of target `t` into `out`.
    fn sources(&self, t: usize, taken: &mut [bool], out: &mut Vec<u32>) {
        let mut rng = stream(self.seed, Purpose::Sources, self.index as u64, t as u64);
        let rule =
            self.counts
                .as_ref()
                .map_or(self.pr.connectivity, |c| Connectivity::FixedIndegree {
                    indegree: c[t] as usize,
                });
        draw_sources(
            rule,
            self.n_source,
            t,
            self.same,
            self.pr.autapses,
            self.pr.multapses,
            &mut rng,
            taken,
            out,
        );
    }

    fn weight_ok(&self, w: f64) -> bool {
        self.support.contains(w)
    }
}

/// Builds the synapses of projection `index` of `model` with `threads` threads.
pub fn fill(model: &Model, index: usize, seed: u64, dt: f64, threads: usize) -> Result<Synapses> {
    fill_in_blocks(model, index, seed, dt, threads, super::block::BLOCK)
}

/// The same, buffering `block` synapses per thread in pass 2 (the table does not depend on
/// it; tests use small blocks).
pub(super) fn fill_in_blocks(
    model: &Model,
    index: usize,
    seed: u64,
    dt: f64,
    threads: usize,
    block: usize,
) -> Result<Synapses> {
    let pr: &Projection = &model.projections[index];
    let n_source = model.population(pr.source).size;
    let n_target = model.population(pr.target).size;
    if n_target > u32::MAX as usize || n_source > u32::MAX as usize {
        return Err(Error::BadInput(
            "populations above 4 billion neurons are not supported".into(),
        ));
    }
    let what = format!("projection at {}", pr.origin);
    let same = pr.source == pr.target;
    check_indegree(pr, n_source, same, &what)?;
    let fixed_delay = match pr.delay {
        crate::Distribution::Fixed { value } => Some(super::delay_steps(value.max(dt), dt, &what)?),
        _ => None,
    };
    match pr.connectivity {
        Connectivity::FixedOutdegree { outdegree } => {
            let csr = connection_rule::build_outdegree(model, index, seed, dt, outdegree)?;
            return csr.into_synapses(n_target, fixed_delay, pr.weight.mean(), &what);
        }
        Connectivity::FixedTotal { .. }
            if !pr.multapses || (same && !pr.autapses && n_source < 2) =>
        {
            return Err(Error::BadInput(format!(
                "{what}: a fixed total number of synapses needs multapses and a source besides the target"
            )));
        }
        _ => {}
    }
    let plan = Plan {
        pr,
        index,
        seed,
        n_source,
        same,
        weight: Sampler::new(&pr.weight, &what)?,
        delay: DelaySteps::new(&pr.delay, dt, &what)?,
        what,
        support: crate::Support::of_weights(model, pr),
        fixed_delay,
        counts: connection_rule::target_counts(model, index, seed),
        block: block.max(1),
    };
    let threads = threads.clamp(1, n_target.max(1));
    let ranges: Vec<Range<usize>> = (0..threads)
        .map(|t| t * n_target / threads..(t + 1) * n_target / threads)
        .collect();
    if n_target <= u16::MAX as usize + 1 {
        build::<u16>(&plan, &ranges).map(|(s, t)| s.with_targets(Targets::Narrow(t)))
    } else {
        build::<u32>(&plan, &ranges).map(|(s, t)| s.with_targets(Targets::Wide(t)))
    }
}

/// A fixed in-degree above the available sources (without multapses) cannot be drawn.
fn check_indegree(pr: &Projection, n_source: usize, same: bool, what: &str) -> Result<()> {
    if let Connectivity::FixedIndegree { indegree } = pr.connectivity {
        let available = if same && !pr.autapses {
            n_source.saturating_sub(1)
        } else {
            n_source
        };
        if indegree > 0 && (available == 0 || (!pr.multapses && indegree > available)) {
            return Err(Error::BadInput(format!(
                "{what}: in-degree {indegree} exceeds the {available} available sources"
            )));
        }
    }
    Ok(())
}

impl Synapses {
    fn with_targets(mut self, targets: Targets) -> Synapses {
        self.targets = targets;
        self
    }
}

/// Both passes and the runs; returns the table (targets still empty) and the targets.
fn build<T: TargetIndex>(plan: &Plan, ranges: &[Range<usize>]) -> Result<(Synapses, Vec<T>)> {
    let n_source = plan.n_source;
    // Pass 1: per thread, the out-degree of every source within its targets.
    let counts: Vec<Vec<u32>> = std::thread::scope(|scope| {
        let handles: Vec<_> = ranges
            .iter()
            .map(|r| scope.spawn(move || pass1(plan, r.clone())))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut first = vec![0u64; n_source + 1];
    for j in 0..n_source {
        let row: u64 = counts.iter().map(|c| c[j] as u64).sum();
        first[j + 1] = first[j] + row;
    }
    let total = first[n_source] as usize;
    let mut targets = vec![T::default(); total];
    let mut weights = (!plan.pr.weight.is_fixed()).then(|| vec![0f32; total]);
    let mut delays = plan.fixed_delay.is_none().then(|| vec![0u16; total]);
    // Pass 2: thread t writes its synapses of source j after those of threads before it.
    {
        let shared = (
            Shared::new(&mut targets),
            weights.as_mut().map(|w| Shared::new(w)),
            delays.as_mut().map(|d| Shared::new(d)),
        );
        let results: Vec<Result<()>> = std::thread::scope(|scope| {
            let mut before: Vec<u64> = first[..n_source].to_vec();
            let mut handles = Vec::new();
            for (r, c) in ranges.iter().zip(&counts) {
                let cursor = before.clone();
                for (b, &k) in before.iter_mut().zip(c) {
                    *b += k as u64;
                }
                let shared = &shared;
                handles.push(scope.spawn(move || pass2(plan, r.clone(), cursor, shared)));
            }
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err(Error::Runtime("network build panicked".into())))
                })
                .collect()
        });
        results.into_iter().collect::<Result<Vec<()>>>()?;
    }
    drop(counts);
    let (run_first, runs) = runs(
        plan,
        &first,
        &mut targets,
        weights.as_deref_mut(),
        (delays, ranges.len()),
    )?;
    let table = Synapses {
        first,
        run_first,
        runs,
        targets: Targets::Wide(Vec::new()),
        weights,
        weight: plan.pr.weight.mean(),
    };
    Ok((table, targets))
}

fn pass1(plan: &Plan, targets: Range<usize>) -> Vec<u32> {
    let mut counts = vec![0u32; plan.n_source];
    let mut taken = vec![false; if plan.pr.multapses { 0 } else { plan.n_source }];
    let mut sources = Vec::new();
    for t in targets {
        plan.sources(t, &mut taken, &mut sources);
        for &s in &sources {
            counts[s as usize] += 1;
        }
    }
    counts
}

/// Replays the draws of `targets` and writes them into their rows, a block at a time
/// (`block`), at `cursor[source]` onwards.
fn pass2<T: TargetIndex>(
    plan: &Plan,
    targets: Range<usize>,
    mut cursor: Vec<u64>,
    out: &SharedTables<T>,
) -> Result<()> {
    let mut taken = vec![false; if plan.pr.multapses { 0 } else { plan.n_source }];
    let mut sources = Vec::new();
    let mut pending = Pending::<T>::new(plan.n_source);
    let (has_w, has_d) = (out.1.is_some(), out.2.is_some());
    for t in targets {
        plan.sources(t, &mut taken, &mut sources);
        let mut values = (has_w || has_d).then(|| {
            stream(
                plan.seed,
                Purpose::SynapseValues,
                plan.index as u64,
                t as u64,
            )
        });
        for &s in &sources {
            let (mut w, mut d) = (None, None);
            if let Some(rng) = values.as_mut() {
                if has_w {
                    let x = plan.weight.draw(rng, |w| plan.weight_ok(w), &plan.what)?;
                    w = Some(x as f32);
                }
                if has_d {
                    d = Some(plan.delay.draw(rng, &plan.what)?);
                }
            }
            pending.push(s, T::from_index(t), w, d);
        }
        if pending.len() >= plan.block {
            // SAFETY: `cursor` holds this thread's sub-ranges of the rows (see `build`), and
            // nothing reads the tables until the scope of the threads ends.
            unsafe { pending.flush(&mut cursor, out) };
        }
    }
    // SAFETY: as above.
    unsafe { pending.flush(&mut cursor, out) };
    Ok(())
}

/// Sorts every row stably by delay on `threads` threads and returns its runs (`run_first`,
/// `runs`).
fn runs<T: TargetIndex>(
    plan: &Plan,
    first: &[u64],
    targets: &mut [T],
    weights: Option<&mut [f32]>,
    (delays, threads): (Option<Vec<u16>>, usize),
) -> Result<(Vec<u64>, Vec<Run>)> {
    let n_source = plan.n_source;
    let mut run_first = vec![0u64; n_source + 1];
    let mut runs = Vec::new();
    let Some(delays) = delays else {
        let delay = plan.fixed_delay.unwrap_or(1);
        for j in 0..n_source {
            let len = first[j + 1] - first[j];
            if len > 0 {
                runs.push(Run {
                    len: u32::try_from(len).map_err(|_| too_many(&plan.what))?,
                    delay,
                });
            }
            run_first[j + 1] = runs.len() as u64;
        }
        return Ok((run_first, runs));
    };
    // The rows are sorted in parallel: `threads` contiguous blocks of sources, each with its
    // own slices of the tables; their runs are appended in source order.
    let threads = threads.clamp(1, n_source.max(1));
    let blocks: Vec<Range<usize>> = (0..threads)
        .map(|t| t * n_source / threads..(t + 1) * n_source / threads)
        .collect();
    let results: Vec<Result<RowRuns>> = std::thread::scope(|scope| {
        let (mut t_rest, mut w_rest, mut d_rest) = (targets, weights, &delays[..]);
        let mut handles = Vec::new();
        for b in &blocks {
            let len = (first[b.end] - first[b.start]) as usize;
            let (t_now, t_next) = t_rest.split_at_mut(len);
            let (w_now, w_next) = match w_rest {
                Some(w) => {
                    let (a, b) = w.split_at_mut(len);
                    (Some(a), Some(b))
                }
                None => (None, None),
            };
            let (d_now, d_next) = d_rest.split_at(len);
            (t_rest, w_rest, d_rest) = (t_next, w_next, d_next);
            let rows = &first[b.start..=b.end];
            handles.push(scope.spawn(move || sort_rows(rows, t_now, w_now, d_now)));
        }
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::Runtime("network build panicked".into())))
            })
            .collect()
    });
    let mut j = 0;
    for r in results {
        let (ends, block_runs) = r?;
        let base = runs.len() as u64;
        for e in ends {
            run_first[j + 1] = base + e;
            j += 1;
        }
        runs.extend(block_runs);
    }
    Ok((run_first, runs))
}

/// Per source of a block, the end of its runs in the block's runs; and the runs.
type RowRuns = (Vec<u64>, Vec<Run>);

/// Sorts the rows of a block of sources (row j at `rows[j]..rows[j + 1]` minus `rows[0]` in
/// the slices) stably by delay into runs.
fn sort_rows<T: TargetIndex>(
    rows: &[u64],
    targets: &mut [T],
    mut weights: Option<&mut [f32]>,
    delays: &[u16],
) -> Result<RowRuns> {
    let mut scratch = RowScratch::default();
    let (mut ends, mut runs) = (Vec::with_capacity(rows.len()), Vec::new());
    let base = rows.first().copied().unwrap_or(0);
    for w in rows.windows(2) {
        let row = (w[0] - base) as usize..(w[1] - base) as usize;
        let wr = weights.as_deref_mut().map(|x| &mut x[row.clone()]);
        scratch.sort(&mut targets[row.clone()], wr, &delays[row], &mut runs)?;
        ends.push(runs.len() as u64);
    }
    Ok((ends, runs))
}

pub(super) fn too_many(what: &str) -> Error {
    Error::BadInput(format!(
        "{what}: more than 4.29e9 synapses from one source neuron are not supported"
    ))
}

/// Buffers reused from row to row.
#[derive(Default)]
pub(super) struct RowScratch {
    order: Vec<u32>,
    count: Vec<u32>,
    f32s: Vec<f32>,
    /// The row's targets before reordering.
    u32s: Vec<u32>,
}

impl RowScratch {
    /// Reorders one row stably by delay (a counting sort over the row's delay range) and
    /// appends its runs.
    pub(super) fn sort<T: TargetIndex>(
        &mut self,
        targets: &mut [T],
        weights: Option<&mut [f32]>,
        delays: &[u16],
        runs: &mut Vec<Run>,
    ) -> Result<()> {
        let (Some(&lo), Some(&hi)) = (delays.iter().min(), delays.iter().max()) else {
            return Ok(());
        };
        let span = (hi - lo) as usize + 1;
        if span > 4 * delays.len() + 64 {
            return self.sort_by_comparison(targets, weights, delays, runs);
        }
        self.count.clear();
        self.count.resize(span + 1, 0);
        for &d in delays {
            self.count[(d - lo) as usize + 1] += 1;
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
        if span == 1 {
            return Ok(());
        }
        // Counting sort, stable: each synapse to the next free slot of its delay, in a
        // scratch copy, then back (two passes over the row instead of an order and a gather).
        self.u32s.clear();
        self.u32s.resize(delays.len(), 0);
        match weights {
            None => {
                for (&d, t) in delays.iter().zip(targets.iter()) {
                    let slot = &mut self.count[(d - lo) as usize];
                    self.u32s[*slot as usize] = t.index() as u32;
                    *slot += 1;
                }
            }
            Some(w) => {
                self.f32s.clear();
                self.f32s.resize(delays.len(), 0.0);
                for ((&d, t), &x) in delays.iter().zip(targets.iter()).zip(w.iter()) {
                    let slot = &mut self.count[(d - lo) as usize];
                    self.u32s[*slot as usize] = t.index() as u32;
                    self.f32s[*slot as usize] = x;
                    *slot += 1;
                }
                w.copy_from_slice(&self.f32s);
            }
        }
        for (t, &x) in targets.iter_mut().zip(&self.u32s) {
            *t = T::from_index(x as usize);
        }
        Ok(())
    }

    /// The same for a row whose delays spread over many more steps than it has synapses.
    fn sort_by_comparison<T: TargetIndex>(
        &mut self,
        targets: &mut [T],
        weights: Option<&mut [f32]>,
        delays: &[u16],
        runs: &mut Vec<Run>,
    ) -> Result<()> {
        self.order.clear();
        self.order.extend(0..delays.len() as u32);
        self.order.sort_by_key(|&k| delays[k as usize]); // stable
        let row_runs = runs.len();
        for &k in &self.order {
            let d = delays[k as usize];
            let open = runs.len() > row_runs;
            match runs.last_mut() {
                Some(r) if open && r.delay == d => r.len += 1,
                _ => runs.push(Run { len: 1, delay: d }),
            }
        }
        self.apply(targets, weights);
        Ok(())
    }

    /// Moves targets and weights to the positions of `order` (order[new] = old).
    fn apply<T: TargetIndex>(&mut self, targets: &mut [T], weights: Option<&mut [f32]>) {
        self.u32s.clear();
        self.u32s.extend(targets.iter().map(|t| t.index() as u32));
        for (new, &k) in self.order.iter().enumerate() {
            targets[new] = T::from_index(self.u32s[k as usize] as usize);
        }
        if let Some(w) = weights {
            self.f32s.clear();
            self.f32s.extend_from_slice(w);
            for (new, &k) in self.order.iter().enumerate() {
                w[new] = self.f32s[k as usize];
            }
        }
    }
}
