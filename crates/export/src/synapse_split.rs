//! Keeping every (virtual process, synapse model) pair below NEST's connection limit.
//!
//! NEST 3 stores at most 134,217,726 connections per virtual process and synapse model
//! ("Too many connections: at most 134217726 connections supported per virtual process and
//! synapse model"); the full-size microcircuit with all projections on `static_synapse`
//! fails in `Connect` on one or two threads. Connections sit on the virtual process of
//! their target, so on a single virtual process every connection of a synapse model is on
//! one process: keeping the number of connections of each synapse model below the limit
//! keeps every (process, model) pair below it at any thread and process count.
//!
//! A projection is cut into pieces whose number of synapses stays below the limit (pieces
//! of targets, or of sources for a fixed out-degree, which NEST draws per source), and the
//! pieces are packed greedily, in order, onto copies of the base synapse model (`CopyModel`)
//! while the sum of their upper bounds stays below the limit. Bounds: exact for fixed in-
//! and out-degrees; for Bernoulli and fixed-total pieces the mean plus ten standard
//! deviations of the (binomial) count, which a count passes with probability below 1e-23.

use eibal_model::{Connectivity, Projection};
use std::ops::Range;

/// NEST's largest number of connections per (virtual process, synapse model).
pub const NEST_LIMIT: u64 = 134_217_726;

/// A part of a projection: a range of source and target neurons (local indices).
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub sources: Range<usize>,
    pub targets: Range<usize>,
    /// An upper bound of its number of synapses (see the module comment).
    pub bound: u64,
}

/// Upper bound of a binomial-like count with mean `mean`: mean + 10 sd (sd <= sqrt(mean)).
fn random_bound(mean: f64) -> u64 {
    (mean + 10.0 * mean.sqrt()).ceil() as u64
}

/// The bound of a piece with `m` targets (or sources for a fixed out-degree) of `p`.
fn bound(p: &Projection, n_source: usize, n_target: usize, m: usize) -> u64 {
    match p.connectivity {
        Connectivity::FixedIndegree { indegree } => indegree as u64 * m as u64,
        Connectivity::FixedOutdegree { outdegree } => outdegree as u64 * m as u64,
        Connectivity::Probability { p } => random_bound(p * n_source as f64 * m as f64),
        Connectivity::FixedTotal { total } if m == n_target => total,
        Connectivity::FixedTotal { total } => {
            random_bound(total as f64 * m as f64 / n_target.max(1) as f64)
        }
    }
}

/// The pieces of projection `p` with `limit` connections per piece at most (at least one
/// neuron per piece even if a single neuron's synapses were above it).
pub fn split(p: &Projection, n_source: usize, n_target: usize, limit: u64) -> Vec<Piece> {
    let by_source = matches!(p.connectivity, Connectivity::FixedOutdegree { .. });
    let n = if by_source { n_source } else { n_target };
    if n == 0 || bound(p, n_source, n_target, n) <= limit {
        return vec![Piece {
            sources: 0..n_source,
            targets: 0..n_target,
            bound: bound(p, n_source, n_target, n),
        }];
    }
    // Largest m with bound(m) <= limit, by bisection (bound grows with m).
    let (mut lo, mut hi) = (1usize, n);
    while lo + 1 < hi {
        let mid = lo + (hi - lo) / 2;
        if bound(p, n_source, n_target, mid) <= limit {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (0..n)
        .step_by(lo)
        .map(|first| {
            let range = first..(first + lo).min(n);
            let b = bound(p, n_source, n_target, range.len());
            if by_source {
                Piece {
                    sources: range,
                    targets: 0..n_target,
                    bound: b,
                }
            } else {
                Piece {
                    sources: 0..n_source,
                    targets: range,
                    bound: b,
                }
            }
        })
        .collect()
}

/// Greedy packing: the copy of the synapse model each bound goes to, in order, such that
/// the bounds on one copy sum to `limit` at most.
pub fn pack(bounds: &[u64], limit: u64) -> Vec<usize> {
    let mut copy = 0;
    let mut used = 0u64;
    bounds
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if i > 0 && used.saturating_add(b) > limit {
                copy += 1;
                used = 0;
            }
            used = used.saturating_add(b);
            copy
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use eibal_model::{Compartment, Distribution, Origin, PopulationId};

    fn projection(connectivity: Connectivity) -> Projection {
        Projection {
            source: PopulationId(0),
            target: PopulationId(1),
            connectivity,
            weight: Distribution::fixed(1.0),
            delay: Distribution::fixed(1e-3),
            autapses: true,
            multapses: true,
            compartment: Compartment::Soma,
            origin: Origin::default(),
        }
    }

    #[test]
    fn a_projection_above_the_limit_is_cut_into_pieces_below_it_covering_every_target() {
        let mut p = projection(Connectivity::FixedIndegree { indegree: 1000 });
        let pieces = split(&p, 5000, 1_000_000, NEST_LIMIT);
        assert!(pieces.len() >= 8, "1e9 synapses need 8 pieces at least");
        assert!(pieces.iter().all(|q| q.bound <= NEST_LIMIT));
        assert_eq!(pieces.first().map(|q| q.targets.start), Some(0));
        assert_eq!(pieces.last().map(|q| q.targets.end), Some(1_000_000));
        assert!(
            pieces
                .windows(2)
                .all(|w| w[0].targets.end == w[1].targets.start)
        );
        p.connectivity = Connectivity::FixedOutdegree { outdegree: 1000 };
        let pieces = split(&p, 1_000_000, 5000, NEST_LIMIT);
        assert!(
            pieces
                .iter()
                .all(|q| q.bound <= NEST_LIMIT && q.targets == (0..5000))
        );
        assert_eq!(pieces.last().map(|q| q.sources.end), Some(1_000_000));
    }

    #[test]
    fn random_rules_keep_ten_standard_deviations_below_the_limit() {
        let p = projection(Connectivity::FixedTotal { total: 400_000_000 });
        let pieces = split(&p, 100_000, 100_000, NEST_LIMIT);
        let per_target = 4000.0;
        for q in &pieces {
            let mean = per_target * q.targets.len() as f64;
            assert!(mean + 10.0 * mean.sqrt() <= NEST_LIMIT as f64);
        }
        assert_eq!(
            pieces.iter().map(|q| q.targets.len()).sum::<usize>(),
            100_000
        );
    }

    #[test]
    fn packing_starts_a_new_copy_exactly_when_the_sum_would_pass_the_limit() {
        assert_eq!(pack(&[60, 40, 1, 100, 50, 50], 100), vec![0, 0, 1, 2, 3, 3]);
    }
}
