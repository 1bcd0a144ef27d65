//! Sampling one target's synapses: its sources by connection rule, and weights and delays by
//! their laws with the truncation of `model::Distribution` (weights of the wrong sign for the
//! source, Dale's law, and conductances below 0 are redrawn; so are delays below `dt`).

use crate::error::{Error, Result};
use crate::rng::{SimRng, unit_f64};
use crate::{Connectivity, Distribution};
use rand::Rng;
use rand_distr::{Distribution as _, LogNormal, Normal};

/// A weight or delay law ready to sample, with its truncation.
#[derive(Debug, Clone, Copy)]
pub enum Sampler {
    Fixed(f64),
    Normal(Normal<f64>),
    /// Log-normal of |mean|, multiplied by `sign`.
    LogNormal(LogNormal<f64>, f64),
    Uniform(f64, f64),
}

impl Sampler {
    pub fn new(d: &Distribution, what: &str) -> Result<Sampler> {
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
    pub fn draw(&self, rng: &mut SimRng, accept: impl Fn(f64) -> bool, what: &str) -> Result<f64> {
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
pub fn draw_sources(
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
                let s = crate::rng::below(rng, n_source);
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
