//! Building the network: the one realiser of a model's synapses, used by the simulator and
//! by the sampled connectivity matrix of the theory (spectra), so that both describe the same
//! network for the same seed and time step.
//!
//! - [`sampler`]: one target's sources by rule, and weights and delays by law (truncated);
//!   the rules drawn per source or per projection are in `crate::connection_rule`, whose
//!   by-source rows ([`csr`]) are sorted into runs like the others;
//! - [`delay`]: delays in steps; a normal law by an alias table of its rounded steps;
//! - [`fill`]: the table of one projection from per-target random streams, on any number
//!   of threads with the same result; its draws held by bucket of sources (`held`) and
//!   written out row by row (`block`);
//! - [`synapses`]: the table as the simulator delivers it: by source, in runs of one delay,
//!   narrow target indices, a fixed weight stored once.

mod block;
pub mod csr;
pub mod delay;
pub mod fill;
mod held;
pub mod sampler;
pub mod synapses;

use crate::Model;
use crate::error::{Error, Result};
pub use csr::Csr;
pub use delay::DelaySteps;
pub use sampler::Sampler;
pub use synapses::{Run, Synapses, TargetIndex, Targets};

/// The synapses of projection `index` of `model` with time step `dt`, built on one thread.
pub fn build(model: &Model, index: usize, seed: u64, dt: f64) -> Result<Synapses> {
    fill::fill(model, index, seed, dt, 1)
}

/// The same synapses built on `threads` threads (the result does not depend on `threads`).
pub fn build_on(
    model: &Model,
    index: usize,
    seed: u64,
    dt: f64,
    threads: usize,
) -> Result<Synapses> {
    fill::fill(model, index, seed, dt, threads)
}

/// A delay in whole steps (rounded to the nearest, at least 1), as NEST does.
pub fn delay_steps(delay: f64, dt: f64, what: &str) -> Result<u16> {
    let steps = (delay / dt).round().max(1.0);
    if steps > u16::MAX as f64 {
        return Err(Error::BadInput(format!(
            "{what}: delay {delay} s is more than {} steps of {dt} s",
            u16::MAX
        )));
    }
    Ok(steps as u16)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Purpose, stream};
    use crate::{Connectivity, Distribution};
    use sampler::draw_sources;

    fn draw(
        rule: Connectivity,
        n: usize,
        t: usize,
        auto: bool,
        multi: bool,
        seed: u64,
    ) -> Vec<u32> {
        let mut rng = stream(seed, Purpose::Sources, 0, t as u64);
        let mut taken = vec![false; n];
        let mut out = Vec::new();
        draw_sources(
            rule, n, t, true, auto, multi, &mut rng, &mut taken, &mut out,
        );
        out
    }

    #[test]
    fn tiny_connection_probabilities_end_and_connect_almost_nothing() {
        for p in [1e-17, 1e-300, f64::MIN_POSITIVE] {
            let out = draw(Connectivity::Probability { p }, 10, 0, true, true, 3);
            assert!(out.is_empty(), "p = {p}: {out:?}");
        }
    }

    #[test]
    fn fixed_indegree_without_multapses_or_autapses_gives_distinct_sources() {
        let out = draw(
            Connectivity::FixedIndegree { indegree: 99 },
            100,
            3,
            false,
            false,
            1,
        );
        let mut s = out.clone();
        s.sort();
        s.dedup();
        assert_eq!(s.len(), 99);
        assert!(!s.contains(&3));
    }

    #[test]
    fn bernoulli_indegree_has_binomial_spread() {
        // Mean in-degree p (N - 1) = 99.9 over 1000 targets: the sample mean has standard error
        // sqrt(p (1 - p) (N - 1) / 1000) = 0.30; allow 5 of them.
        let p = 0.1;
        let n = 1000;
        let total: usize = (0..n)
            .map(|t| draw(Connectivity::Probability { p }, n, t, false, true, 2).len())
            .sum();
        let mean = total as f64 / n as f64;
        assert!(
            (mean - p * (n - 1) as f64).abs()
                < 5.0 * (p * (1.0 - p) * (n - 1) as f64 / n as f64).sqrt()
        );
    }

    #[test]
    fn distributed_weights_follow_dale_truncation_and_delays_stay_on_the_grid() {
        // Excitatory weights ~ Normal(0.1, 0.2) truncated at 0: the mean of a normal truncated
        // below at 0 is mu + sigma phi(a) / (1 - Phi(a)) with a = -mu / sigma = -0.5, i.e.
        // 0.1 + 0.2 x 0.35207 / 0.69146 = 0.20184. 1000 x 100 synapses: SE of the mean
        // ~0.14 / sqrt(1e5) = 0.0005: allow 0.003. Delays ~ Uniform[0, 2 ms) at dt 0.1 ms are
        // redrawn below dt and rounded: 1..=20 steps.
        let mut m = crate::builders::brunel2000(5.0, 2.0, 0.1);
        m.projections[0].weight = Distribution::Normal { mean: 0.1, sd: 0.2 };
        m.projections[0].delay = Distribution::Uniform {
            low: 0.0,
            high: 2e-3,
        };
        let syn = build(&m, 0, 1, 1e-4).unwrap();
        let w = syn.weights.clone().unwrap();
        assert_eq!(w.len(), 1000 * 100);
        assert!(w.iter().all(|&x| x >= 0.0));
        let mean = w.iter().map(|&x| x as f64).sum::<f64>() / w.len() as f64;
        assert!((mean - 0.20184).abs() < 0.003, "{mean}");
        assert!(syn.runs.iter().all(|r| (1..=20).contains(&r.delay)));
        // Runs are in increasing delay and sorted by target within.
        for j in 0..1000 {
            let runs: Vec<_> = syn.runs_of(j).collect();
            assert!(runs.windows(2).all(|p| p[0].0 < p[1].0));
            for (_, range) in runs {
                let t: Vec<usize> = range.map(|k| syn.targets.get(k)).collect();
                assert!(t.windows(2).all(|p| p[0] <= p[1]));
            }
        }
    }

    /// Every synapse as (source, target, weight bits, delay), sorted.
    fn listing(s: &Synapses) -> Vec<(usize, usize, u64, u16)> {
        let mut v = Vec::new();
        s.each(|j, t, w, d| v.push((j, t, w.to_bits(), d)));
        v.sort_unstable();
        v
    }

    #[test]
    fn the_network_does_not_depend_on_the_thread_count() {
        // Brunel's E -> E with distributed weights and delays: built on 1, 2 and 3 threads,
        // the same synapses in the same order (rows, runs and positions).
        let mut m = crate::builders::brunel2000(5.0, 2.0, 0.1);
        m.projections[0].weight = Distribution::Normal {
            mean: 0.1,
            sd: 0.05,
        };
        m.projections[0].delay = Distribution::Normal {
            mean: 1.5e-3,
            sd: 0.5e-3,
        };
        let one = build_on(&m, 0, 4, 1e-4, 1).unwrap();
        assert!(one.count() > 10_000);
        // Also with the draws held in 1 bucket, 7 buckets and one bucket per
        // source (256 buckets above): the same table.
        for (threads, buckets) in [
            (2, held::BUCKETS),
            (3, held::BUCKETS),
            (1, 1),
            (3, 7),
            (2, 1 << 20),
        ] {
            let other = fill::fill_in_blocks(&m, 0, (4, 1e-4), threads, buckets).unwrap();
            assert_eq!(one.first, other.first);
            assert_eq!(one.runs, other.runs);
            let (a, b) = (&one.targets, &other.targets);
            assert!((0..one.count()).all(|k| a.get(k) == b.get(k)));
            assert_eq!(one.weights, other.weights);
        }
    }

    /// The listing of projection 0 of `m` rebuilt from the per-target draws directly (the
    /// sources stream and the values stream of each target, weight before delay, as
    /// documented), without the table's bucketing, sorting or threads.
    fn drawn_directly(m: &Model, seed: u64, dt: f64) -> Vec<(usize, usize, u64, u16)> {
        let pr = &m.projections[0];
        let n = m.population(pr.source).size;
        let weights = Sampler::new(&pr.weight, "w").unwrap();
        let support = crate::Support::of_weights(m, pr);
        let delays = DelaySteps::new(&pr.delay, dt, "d").unwrap();
        let mut expected = Vec::new();
        for t in 0..m.population(pr.target).size {
            let mut rng = stream(seed, Purpose::Sources, 0, t as u64);
            let mut taken = vec![false; n];
            let mut out = Vec::new();
            let (same, auto, multi) = (true, pr.autapses, pr.multapses);
            let rule = pr.connectivity;
            draw_sources(
                rule, n, t, same, auto, multi, &mut rng, &mut taken, &mut out,
            );
            let mut values = stream(seed, Purpose::SynapseValues, 0, t as u64);
            for &s in &out {
                let w = match pr.weight {
                    Distribution::Fixed { value } => value,
                    _ => {
                        let w = weights.draw(&mut values, |w| support.contains(w), "w");
                        w.unwrap() as f32 as f64
                    }
                };
                let d = match pr.delay {
                    Distribution::Fixed { value } => delay_steps(value, dt, "d").unwrap(),
                    _ => delays.draw(&mut values, "d").unwrap(),
                };
                expected.push((s as usize, t, w.to_bits(), d));
            }
        }
        expected.sort_unstable();
        expected
    }

    #[test]
    fn runs_hold_the_synapses_the_draws_give() {
        // Drawn delays with a fixed weight, a fixed delay with drawn weights, and both drawn
        // (each held and written out differently), built on 2 threads: the listing equals
        // the draws made directly, and every run is sorted by target.
        let uniform = Distribution::Uniform {
            low: 0.5e-3,
            high: 3e-3,
        };
        let normal = Distribution::Normal {
            mean: 0.1,
            sd: 0.05,
        };
        let fixed = Distribution::Fixed { value: 1.5e-3 };
        for (delay, weight) in [
            (uniform, None),
            (fixed, Some(normal)),
            (uniform, Some(normal)),
        ] {
            let mut m = crate::builders::brunel2000(5.0, 2.0, 0.1);
            m.projections[0].delay = delay;
            if let Some(w) = weight {
                m.projections[0].weight = w;
            }
            let syn = build_on(&m, 0, 9, 1e-4, 2).unwrap();
            assert_eq!(
                listing(&syn),
                drawn_directly(&m, 9, 1e-4),
                "{delay:?}, {weight:?}"
            );
            for j in 0..syn.sources() {
                for (_, run) in syn.runs_of(j) {
                    let t: Vec<usize> = run.map(|k| syn.targets.get(k)).collect();
                    assert!(t.windows(2).all(|p| p[0] <= p[1]), "source {j}: {t:?}");
                }
            }
        }
    }

    #[test]
    fn the_largest_indegree_is_the_most_synapses_onto_one_target() {
        // Every rule (multapses on for total and out-degree, as they require), built on 1 and
        // 3 threads: max_indegree equals the largest per-target count from the listing.
        let rules = [
            (Connectivity::FixedIndegree { indegree: 100 }, false),
            (Connectivity::Probability { p: 0.1 }, false),
            (Connectivity::FixedTotal { total: 100_000 }, true),
            (Connectivity::FixedOutdegree { outdegree: 100 }, true),
        ];
        for (rule, multapses) in rules {
            let mut m = crate::builders::brunel2000(5.0, 2.0, 0.1);
            m.projections[0].connectivity = rule;
            m.projections[0].multapses = multapses;
            for threads in [1, 3] {
                let syn = build_on(&m, 0, 3, 1e-4, threads).unwrap();
                let mut counts = vec![0u64; m.population(m.projections[0].target).size];
                syn.each(|_, t, _, _| counts[t] += 1);
                let most = counts.iter().copied().max().unwrap();
                assert_eq!(syn.max_indegree, most, "{rule:?} on {threads} threads");
            }
        }
    }
}
