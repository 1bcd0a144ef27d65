//! Samplers of the two connection rules that are not drawn target by target on their own:
//! a fixed total number of synapses per projection and a fixed out-degree.
//!
//! **Fixed total** (NEST's `fixed_total_number`, used by Potjans & Diesmann 2014): `T`
//! synapses, each between a uniformly drawn (source, target) pair, multapses allowed and
//! autapses redrawn when they are not allowed. Its law factorises: the numbers of synapses
//! onto the `N` targets are multinomial (T; 1/N, ..., 1/N), and given its number `k_t` every
//! target draws `k_t` sources uniformly with replacement. The split is drawn from one stream
//! of the projection by sequential binomials, k_t ~ Binomial(T - k_0 - ... - k_{t-1},
//! 1 / (N - t)) (the conditional law of one multinomial cell given the earlier ones); then
//! every target draws its sources from its own stream, exactly as for a fixed in-degree. So,
//! as for the other rules, nothing depends on how the work is split over threads.
//!
//! **Fixed out-degree**: every source neuron draws its `K` targets uniformly (without
//! itself when autapses are off, without repeats when multapses are off) from its own stream;
//! its per-synapse weights and delays come from a second stream of the same source.

use crate::error::{Error, Result};
use crate::network::{Csr, Sampler, delay_steps};
use crate::rng::{Purpose, SimRng, stream};
use crate::{Connectivity, Model};
use rand::RngExt;
use rand_distr::{Binomial, Distribution as _};

/// The stream index (in place of a target neuron) of a projection's own stream; no target
/// has this index (populations are below 2^32 neurons).
const PROJECTION_STREAM: u64 = u64::MAX;

/// A multinomial (total; 1/n, ..., 1/n) draw by sequential binomials (see the module comment).
pub fn split_total(total: u64, n: usize, rng: &mut SimRng) -> Vec<u64> {
    let mut left = total;
    (0..n)
        .map(|t| {
            let cells = (n - t) as f64;
            let k = if t + 1 == n || left == 0 {
                left
            } else {
                // p = 1 / cells is in (0, 1), so the constructor cannot fail.
                Binomial::new(left, 1.0 / cells).map_or(0, |b| b.sample(rng))
            };
            left -= k;
            k
        })
        .collect()
}

/// For a fixed total: the number of synapses onto every target of projection `index`, drawn
/// from the projection's stream; `None` for the other rules.
pub fn target_counts(model: &Model, index: usize, seed: u64) -> Option<Vec<u64>> {
    let pr = &model.projections[index];
    match pr.connectivity {
        Connectivity::FixedTotal { total } => {
            let n_target = model.population(pr.target).size;
            let mut rng = stream(seed, Purpose::Sources, index as u64, PROJECTION_STREAM);
            Some(split_total(total, n_target, &mut rng))
        }
        _ => None,
    }
}

/// The targets of source `s` under a fixed out-degree, sorted, into `out` (cleared first).
#[allow(clippy::too_many_arguments)]
fn draw_targets(
    outdegree: usize,
    n_target: usize,
    forbidden: Option<usize>,
    multapses: bool,
    rng: &mut SimRng,
    taken: &mut [bool],
    out: &mut Vec<u32>,
) {
    out.clear();
    while out.len() < outdegree {
        let t = rng.random_range(0..n_target);
        if Some(t) == forbidden || (!multapses && taken[t]) {
            continue;
        }
        if !multapses {
            taken[t] = true;
        }
        out.push(t as u32);
    }
    if !multapses {
        for &t in out.iter() {
            taken[t as usize] = false;
        }
    }
    out.sort_unstable();
}

/// The CSR table of projection `index` under a fixed out-degree `outdegree` (rows by source,
/// each row sorted by target like the tables of the other rules).
pub fn build_outdegree(
    model: &Model,
    index: usize,
    seed: u64,
    dt: f64,
    outdegree: usize,
) -> Result<Csr> {
    let pr = &model.projections[index];
    let n_source = model.population(pr.source).size;
    let n_target = model.population(pr.target).size;
    let same = pr.source == pr.target;
    let what = format!("projection at {}", pr.origin);
    let available = if same && !pr.autapses {
        n_target.saturating_sub(1)
    } else {
        n_target
    };
    if outdegree > 0 && (available == 0 || (!pr.multapses && outdegree > available)) {
        return Err(Error::BadInput(format!(
            "{what}: out-degree {outdegree} exceeds the {available} available targets"
        )));
    }
    let total = n_source
        .checked_mul(outdegree)
        .ok_or_else(|| Error::BadInput(format!("{what}: too many synapses")))?;
    let support = crate::Support::of_weights(model, pr);
    let weight_ok = move |w: f64| support.contains(w);
    let weight_sampler = Sampler::new(&pr.weight, &what)?;
    let delay_sampler = Sampler::new(&pr.delay, &what)?;
    let mut weights = (!pr.weight.is_fixed()).then(|| Vec::with_capacity(total));
    let mut delays = (!pr.delay.is_fixed()).then(|| Vec::with_capacity(total));
    let mut taken = vec![false; if pr.multapses { 0 } else { n_target }];
    let mut offsets = Vec::with_capacity(n_source + 1);
    offsets.push(0u64);
    let mut targets = Vec::with_capacity(total);
    let mut row = Vec::with_capacity(outdegree);
    for s in 0..n_source {
        let mut rng = stream(seed, Purpose::Sources, index as u64, s as u64);
        let forbidden = (same && !pr.autapses).then_some(s);
        draw_targets(
            outdegree,
            n_target,
            forbidden,
            pr.multapses,
            &mut rng,
            &mut taken,
            &mut row,
        );
        targets.extend_from_slice(&row);
        offsets.push(targets.len() as u64);
        if weights.is_none() && delays.is_none() {
            continue;
        }
        let mut values = stream(seed, Purpose::SynapseValues, index as u64, s as u64);
        for _ in 0..row.len() {
            if let Some(w) = weights.as_mut() {
                w.push(weight_sampler.draw(&mut values, weight_ok, &what)? as f32);
            }
            if let Some(d) = delays.as_mut() {
                let x = delay_sampler.draw(&mut values, |x| x >= dt, &what)?;
                d.push(delay_steps(x, dt, &what)?);
            }
        }
    }
    Ok(Csr {
        offsets,
        targets,
        weights,
        delays,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_split_sums_to_the_total_and_its_cells_have_the_multinomial_mean_and_variance() {
        // Cells of a multinomial (T; 1/n...) have mean T/n and variance T (1/n)(1 - 1/n).
        let (total, n) = (100_000u64, 50usize);
        let mut rng = stream(7, Purpose::Sources, 0, PROJECTION_STREAM);
        let mut first = Vec::new();
        let mut last = Vec::new();
        for _ in 0..400 {
            let k = split_total(total, n, &mut rng);
            assert_eq!(k.iter().sum::<u64>(), total);
            first.push(k[0] as f64);
            last.push(k[n - 1] as f64);
        }
        let mean = total as f64 / n as f64;
        let var = total as f64 / n as f64 * (1.0 - 1.0 / n as f64);
        for cells in [first, last] {
            let m = cells.iter().sum::<f64>() / cells.len() as f64;
            let v = cells.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (cells.len() - 1) as f64;
            // Mean within 4 standard errors; sample variance within 4 of its standard
            // errors (sd of s^2 ~ var sqrt(2/(n-1)) for a near-normal cell).
            assert!(
                (m - mean).abs() < 4.0 * (var / 400.0).sqrt(),
                "{m} vs {mean}"
            );
            assert!(
                (v - var).abs() < 4.0 * var * (2.0 / 399.0f64).sqrt(),
                "{v} vs {var}"
            );
        }
    }

    #[test]
    fn outdegree_rows_have_k_distinct_targets_and_never_the_source_itself() {
        let mut taken = vec![false; 20];
        let mut out = Vec::new();
        for s in 0..20 {
            let mut rng = stream(3, Purpose::Sources, 0, s as u64);
            draw_targets(19, 20, Some(s), false, &mut rng, &mut taken, &mut out);
            let expected: Vec<u32> = (0..20u32).filter(|&t| t as usize != s).collect();
            assert_eq!(out, expected);
        }
    }
}
