//! Filling the synapse table of one projection, on one or more threads.
//!
//! Construction holds the drawn synapses of one projection at a time (4 bytes each with
//! targets below 65,536, 8 otherwise, plus 2 for a drawn delay and 4 for a drawn weight;
//! `held`), never the whole network's. Every
//! target neuron draws its sources from its own random stream (seed, projection, target),
//! and its weights and delays from another; so the network does not depend on the number
//! of threads, which split the targets into contiguous ranges. Each thread draws its
//! targets' synapses once and holds them by bucket of sources; the write-out (`block`) then
//! gathers every bucket from the threads in order (so each row is in target order) and
//! writes each row sorted stably by delay into runs (`synapses`), in parallel over
//! contiguous ranges of buckets.

use super::block::write_rows;
use super::delay::DelaySteps;
use super::held::{Buckets, Filler, Held};
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
    /// The most buckets of sources the draws are held in (`block::BUCKETS`).
    buckets: usize,
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
    fill_in_blocks(model, index, (seed, dt), threads, super::held::BUCKETS)
}

/// The same, holding the draws in at most `buckets` buckets of sources (the table
/// does not depend on it; tests use other counts).
pub(super) fn fill_in_blocks(
    model: &Model,
    index: usize,
    (seed, dt): (u64, f64),
    threads: usize,
    buckets: usize,
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
        buckets: buckets.max(1),
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
    let buckets = Buckets::new(n_source, plan.buckets);
    let has_w = !plan.pr.weight.is_fixed();
    let has_d = plan.fixed_delay.is_none();
    // Every thread draws its targets' synapses and holds them by bucket of sources.
    let held: Vec<Result<Held<T>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = ranges
            .iter()
            .map(|r| {
                let filler = Filler::new(buckets, (has_d, has_w));
                scope.spawn(move || draw(plan, r.clone(), filler))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::Runtime("network build panicked".into())))
            })
            .collect()
    });
    let held = held.into_iter().collect::<Result<Vec<_>>>()?;
    let mut first = vec![0u64; n_source + 1];
    for j in 0..n_source {
        let row: u64 = held.iter().map(|h| h.counts[j] as u64).sum();
        first[j + 1] = first[j] + row;
    }
    let total = first[n_source] as usize;
    let max_indegree = held.iter().map(|h| h.max_indegree).max().unwrap_or(0);
    let mut targets = vec![T::default(); total];
    let mut weights = has_w.then(|| vec![0f32; total]);
    let (run_first, runs) = write_rows(
        &first,
        &held,
        buckets,
        (&mut targets, weights.as_deref_mut()),
        plan.fixed_delay,
        ranges.len(),
        &plan.what,
    )?;
    // Freeing the held draws returns their pages to the system, which takes as long as a
    // fifth of the write-out: each thread's lists on a thread of their own.
    if held.len() > 1 {
        std::thread::scope(|scope| {
            for h in held {
                scope.spawn(move || drop(h));
            }
        });
    }
    let table = Synapses {
        first,
        run_first,
        runs,
        targets: Targets::Wide(Vec::new()),
        weights,
        weight: plan.pr.weight.mean(),
        max_indegree,
    };
    Ok((table, targets))
}

/// Draws the synapses of `targets` into `held`, by bucket of sources.
fn draw<T: TargetIndex>(
    plan: &Plan,
    targets: Range<usize>,
    mut held: Filler<T>,
) -> Result<Held<T>> {
    let mut taken = vec![false; if plan.pr.multapses { 0 } else { plan.n_source }];
    let mut sources = Vec::new();
    let has_w = !plan.pr.weight.is_fixed();
    let has_d = plan.fixed_delay.is_none();
    let fixed = plan.fixed_delay.unwrap_or(1);
    for t in targets {
        plan.sources(t, &mut taken, &mut sources);
        held.target_done(sources.len());
        let target = T::from_index(t);
        if !has_w && !has_d {
            for &source in &sources {
                held.push(source, target, fixed, 0.0);
            }
            continue;
        }
        let mut rng = stream(
            plan.seed,
            Purpose::SynapseValues,
            plan.index as u64,
            t as u64,
        );
        for &source in &sources {
            let mut weight = 0.0;
            if has_w {
                weight = plan
                    .weight
                    .draw(&mut rng, |w| plan.weight_ok(w), &plan.what)?
                    as f32;
            }
            let delay = if has_d {
                plan.delay.draw(&mut rng, &plan.what)?
            } else {
                fixed
            };
            held.push(source, target, delay, weight);
        }
    }
    Ok(held.finish())
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
