//! Building the network: one compressed sparse row (CSR) table per projection, indexed by
//! source neuron, listing target neurons (as `u32` indices local to the target population).
//!
//! Construction never holds a list of (source, target) pairs. Every target neuron draws its
//! sources from its own random stream (seed, projection, target); a first pass counts the
//! out-degree of every source, a second pass replays the same streams and writes each target
//! into its source's row. Targets are visited in increasing order, so every row is sorted,
//! which keeps the spike delivery cache-friendly and lets threads split rows by target range.
//!
//! Weights and delays are stored once per projection when their law is `Fixed`; otherwise per
//! synapse (f32 weight, u16 delay in steps), drawn from a separate stream per target.
//! Truncation follows `model::Distribution`: weights of the wrong sign for the source
//! (Dale's law; conductances >= 0) and delays below `dt` are redrawn.

use crate::connection_rule;
use crate::error::{Error, Result};
use crate::rng::{Purpose, SimRng, stream, unit_f64};
use crate::{Connectivity, Distribution, Model, Projection};
use rand::{Rng, RngExt};
use rand_distr::{Distribution as _, LogNormal, Normal};

/// Connections of one projection, by source neuron.
#[derive(Debug, Clone)]
pub struct Csr {
    /// Row `j` is `targets[offsets[j]..offsets[j + 1]]`.
    pub offsets: Vec<u64>,
    pub targets: Vec<u32>,
    /// Per-synapse weights (only when the weight law is not `Fixed`).
    pub weights: Option<Vec<f32>>,
    /// Per-synapse delays in steps (only when the delay law is not `Fixed`).
    pub delays: Option<Vec<u16>>,
}

impl Csr {
    #[inline]
    pub fn row(&self, source: usize) -> std::ops::Range<usize> {
        self.offsets[source] as usize..self.offsets[source + 1] as usize
    }

    pub fn synapse_count(&self) -> usize {
        self.targets.len()
    }
}

/// A weight or delay law ready to sample, with its truncation.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Sampler {
    Fixed(f64),
    Normal(Normal<f64>),
    /// Log-normal of |mean|, multiplied by `sign`.
    LogNormal(LogNormal<f64>, f64),
    Uniform(f64, f64),
}

impl Sampler {
    pub(crate) fn new(d: &Distribution, what: &str) -> Result<Sampler> {
        let bad = |e: &dyn std::fmt::Display| Error::BadInput(format!("{what}: {e}"));
        Ok(match *d {
            Distribution::Fixed { value } => Sampler::Fixed(value),
            Distribution::Normal { mean, sd } => {
                Sampler::Normal(Normal::new(mean, sd).map_err(|e| bad(&e))?)
            }
            Distribution::LogNormal { mean, sd } => {
                if mean == 0.0 {
                    return Err(Error::BadInput(format!("{what}: log-normal with mean 0")));
                }
                let s2 = (1.0 + sd * sd / (mean * mean)).ln();
                let mu = mean.abs().ln() - 0.5 * s2;
                Sampler::LogNormal(
                    LogNormal::new(mu, s2.sqrt()).map_err(|e| bad(&e))?,
                    mean.signum(),
                )
            }
            Distribution::Uniform { low, high } => Sampler::Uniform(low, high),
        })
    }

    /// A sample accepted by `accept`, redrawing up to 10,000 times.
    pub(crate) fn draw(
        &self,
        rng: &mut SimRng,
        accept: impl Fn(f64) -> bool,
        what: &str,
    ) -> Result<f64> {
        for _ in 0..10_000 {
            let x = match self {
                Sampler::Fixed(v) => *v,
                Sampler::Normal(n) => n.sample(rng),
                Sampler::LogNormal(l, s) => s * l.sample(rng),
                Sampler::Uniform(a, b) => a + (b - a) * unit_f64(rng.next_u64()),
            };
            if accept(x) {
                return Ok(x);
            }
        }
        Err(Error::BadInput(format!(
            "{what}: 10,000 draws in a row fell outside the allowed range (sign or minimum delay); \
             the distribution has almost no mass there"
        )))
    }
}

/// Draws the sources of one target neuron into `out` (cleared first).
#[allow(clippy::too_many_arguments)]
fn draw_sources(
    rule: Connectivity,
    n_source: usize,
    target: usize,
    same_population: bool,
    autapses: bool,
    multapses: bool,
    rng: &mut SimRng,
    taken: &mut [bool],
    out: &mut Vec<u32>,
) {
    out.clear();
    let forbidden = if same_population && !autapses {
        Some(target)
    } else {
        None
    };
    match rule {
        Connectivity::FixedIndegree { indegree } => {
            while out.len() < indegree {
                let s = rng.random_range(0..n_source);
                if Some(s) == forbidden || (!multapses && taken[s]) {
                    continue;
                }
                if !multapses {
                    taken[s] = true;
                }
                out.push(s as u32);
            }
            if !multapses {
                for &s in out.iter() {
                    taken[s as usize] = false;
                }
            }
        }
        // Drawn per target as fixed in-degrees, or per source (see `connection_rule`).
        Connectivity::FixedTotal { .. } | Connectivity::FixedOutdegree { .. } => {}
        Connectivity::Probability { p } => {
            if p <= 0.0 {
                return;
            }
            if p >= 1.0 {
                out.extend(
                    (0..n_source)
                        .filter(|&s| Some(s) != forbidden)
                        .map(|s| s as u32),
                );
                return;
            }
            // Geometric skips between successes (Batagelj & Brandes 2005).
            // ln(1 - p) by ln_1p: for p below about 1e-16, 1 - p rounds to 1 and the skip
            // length would be ln U / 0, an endless loop of zero-length skips.
            let log_q = (-p).ln_1p();
            let mut s: f64 = -1.0;
            loop {
                let u = 1.0 - unit_f64(rng.next_u64()); // in (0, 1]
                s += 1.0 + (u.ln() / log_q).floor();
                if s >= n_source as f64 {
                    break;
                }
                let si = s as usize;
                if Some(si) != forbidden {
                    out.push(si as u32);
                }
            }
        }
    }
}

/// Builds the CSR table of projection `index` of `model` with time step `dt`.
pub fn build(model: &Model, index: usize, seed: u64, dt: f64) -> Result<Csr> {
    let pr: &Projection = &model.projections[index];
    let n_source = model.population(pr.source).size;
    let n_target = model.population(pr.target).size;
    if n_target > u32::MAX as usize || n_source > u32::MAX as usize {
        return Err(Error::BadInput(
            "populations above 4 billion neurons are not supported".into(),
        ));
    }
    let same = pr.source == pr.target;
    let what = format!("projection at {}", pr.origin);
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
    match pr.connectivity {
        Connectivity::FixedOutdegree { outdegree } => {
            return connection_rule::build_outdegree(model, index, seed, dt, outdegree);
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
    // A fixed total is a fixed in-degree per target once the total is split over targets.
    let counts = connection_rule::target_counts(model, index, seed);
    let mut taken = vec![false; if pr.multapses { 0 } else { n_source }];
    let mut sources = Vec::new();
    // Both passes draw target t's sources from the same stream, so they see the same ones.
    let draw = |t: usize, taken: &mut Vec<bool>, sources: &mut Vec<u32>| {
        let mut rng = stream(seed, Purpose::Sources, index as u64, t as u64);
        let rule = counts
            .as_ref()
            .map_or(pr.connectivity, |c| Connectivity::FixedIndegree {
                indegree: c[t] as usize,
            });
        draw_sources(
            rule,
            n_source,
            t,
            same,
            pr.autapses,
            pr.multapses,
            &mut rng,
            taken,
            sources,
        );
    };

    // Pass 1: out-degrees.
    let mut offsets = vec![0u64; n_source + 1];
    for t in 0..n_target {
        draw(t, &mut taken, &mut sources);
        for &s in &sources {
            offsets[s as usize + 1] += 1;
        }
    }
    for j in 0..n_source {
        offsets[j + 1] += offsets[j];
    }
    let total = offsets[n_source] as usize;

    let support = crate::Support::of_weights(model, pr);
    let weight_ok = move |w: f64| support.contains(w);
    let weight_sampler = Sampler::new(&pr.weight, &what)?;
    let delay_sampler = Sampler::new(&pr.delay, &what)?;
    let mut weights = (!pr.weight.is_fixed()).then(|| vec![0f32; total]);
    let mut delays = (!pr.delay.is_fixed()).then(|| vec![0u16; total]);

    // Pass 2: fill rows in increasing target order.
    let mut cursor: Vec<u64> = offsets[..n_source].to_vec();
    let mut targets = vec![0u32; total];
    for t in 0..n_target {
        draw(t, &mut taken, &mut sources);
        let mut values = (weights.is_some() || delays.is_some())
            .then(|| stream(seed, Purpose::SynapseValues, index as u64, t as u64));
        for &s in &sources {
            let pos = cursor[s as usize] as usize;
            cursor[s as usize] += 1;
            targets[pos] = t as u32;
            if let Some(rng) = values.as_mut() {
                if let Some(w) = weights.as_mut() {
                    w[pos] = weight_sampler.draw(rng, weight_ok, &what)? as f32;
                }
                if let Some(d) = delays.as_mut() {
                    let x = delay_sampler.draw(rng, |x| x >= dt, &what)?;
                    d[pos] = delay_steps(x, dt, &what)?;
                }
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
        let csr = build(&m, 0, 1, 1e-4).unwrap();
        let w = csr.weights.clone().unwrap();
        assert_eq!(w.len(), 1000 * 100);
        assert!(w.iter().all(|&x| x >= 0.0));
        let mean = w.iter().map(|&x| x as f64).sum::<f64>() / w.len() as f64;
        assert!((mean - 0.20184).abs() < 0.003, "{mean}");
        let d = csr.delays.clone().unwrap();
        assert!(d.iter().all(|&x| (1..=20).contains(&x)));
        // Rows are sorted by target.
        for j in 0..1000 {
            let row = &csr.targets[csr.row(j)];
            assert!(row.windows(2).all(|p| p[0] <= p[1]));
        }
    }
}
