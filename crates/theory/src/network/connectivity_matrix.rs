//! Sampling the neuron-level connectivity matrix of a [`Model`].
//!
//! Entry W_ij is the summed weight of the synapses from neuron j onto neuron i (rows are
//! targets), in the model's weight unit for the target kind, optionally scaled by a gain per
//! target population. Neurons are numbered population by population in model order.
//!
//! Sampling follows the model's rules (`eibal_model::distribution`): fixed in-degree draws
//! K distinct sources per target (or K with replacement when multapses are allowed),
//! Bernoulli connects each pair independently (geometric skipping between connections);
//! autapses are excluded unless allowed; weights whose sign contradicts Dale's law for the
//! source are redrawn, and a log-normal with a negative mean is mirrored.

use eibal_model::error::{Error, Result};
use eibal_model::{Connectivity, Distribution, Model, Sign};
use nalgebra_sparse::{CooMatrix, CsrMatrix};
use rand::{Rng, RngExt, SeedableRng};
use rand_distr::Distribution as _;
use rand_xoshiro::Xoshiro256PlusPlus;

/// Options for [`sample_connectivity`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SampleOptions {
    pub seed: u64,
    /// Gain per population, multiplying the rows of its neurons (e.g. d nu / d mu times
    /// tau_m for LIF populations). `None`: no scaling.
    pub row_gains: Option<Vec<f64>>,
}

/// A sampled connectivity matrix in triplet form (duplicates, from multapses, add).
#[derive(Debug, Clone)]
pub struct SampledConnectivity {
    pub matrix: CooMatrix<f64>,
    /// First neuron index of each population.
    pub offsets: Vec<usize>,
}

impl SampledConnectivity {
    pub fn size(&self) -> usize {
        self.matrix.nrows()
    }

    /// The compressed sparse row form (duplicates summed).
    pub fn to_csr(&self) -> CsrMatrix<f64> {
        CsrMatrix::from(&self.matrix)
    }

    /// The dense form as a faer matrix.
    pub fn to_dense(&self) -> faer::Mat<f64> {
        let n = self.size();
        let mut m = faer::Mat::<f64>::zeros(n, n);
        for (i, j, v) in self.matrix.triplet_iter() {
            m[(i, j)] += *v;
        }
        m
    }
}

/// Largest matrix this sampler builds (entries of the triplet list), a guard against
/// exhausting memory with a typo in a size.
const MAX_SYNAPSES: usize = 500_000_000;

/// Samples the neuron-level connectivity of `model`.
pub fn sample_connectivity(model: &Model, options: &SampleOptions) -> Result<SampledConnectivity> {
    let npop = model.populations.len();
    if let Some(g) = &options.row_gains
        && (g.len() != npop || g.iter().any(|x| !x.is_finite()))
    {
        return Err(Error::BadInput(format!(
            "row gains: need {npop} finite values, got {}",
            g.len()
        )));
    }
    let mut offsets = Vec::with_capacity(npop);
    let mut n = 0usize;
    for p in &model.populations {
        offsets.push(n);
        n += p.size;
    }
    let expected: f64 = model
        .projections
        .iter()
        .map(|pr| model.mean_indegree(pr) * model.population(pr.target).size as f64)
        .sum();
    if expected > MAX_SYNAPSES as f64 {
        return Err(Error::BadInput(format!(
            "connectivity matrix would hold about {expected:.3e} synapses (limit {MAX_SYNAPSES})"
        )));
    }
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(options.seed);
    let mut coo = CooMatrix::new(n, n);
    for pr in &model.projections {
        let (a, b) = (pr.target.0, pr.source.0);
        if a >= npop || b >= npop {
            return Err(Error::BadInput(
                "projection names a missing population".into(),
            ));
        }
        let (na, nb) = (model.populations[a].size, model.populations[b].size);
        let sign = model.populations[b].sign;
        let gain = options.row_gains.as_ref().map_or(1.0, |g| g[a]);
        let weights = WeightSampler::new(&pr.weight, sign)?;
        let same = a == b && !pr.autapses;
        let mut sources = Vec::new();
        for i in 0..na {
            sources.clear();
            match pr.connectivity {
                Connectivity::FixedIndegree { indegree } => {
                    let available = if same { nb - 1 } else { nb };
                    if indegree > 0 && available == 0 {
                        return Err(Error::BadInput(format!(
                            "projection at {}: no sources available",
                            pr.origin
                        )));
                    }
                    if pr.multapses {
                        sources.extend((0..indegree).map(|_| rng.random_range(0..available)));
                    } else {
                        if indegree > available {
                            return Err(Error::BadInput(format!(
                                "projection at {}: in-degree {indegree} exceeds the \
                                 {available} available sources",
                                pr.origin
                            )));
                        }
                        sources.extend(rand::seq::index::sample(&mut rng, available, indegree));
                    }
                    if same {
                        // Sources were drawn from the nb - 1 others: skip over i itself.
                        for s in &mut sources {
                            if *s >= i {
                                *s += 1;
                            }
                        }
                    }
                }
                Connectivity::Probability { p } => bernoulli_sources(&mut rng, nb, p, &mut sources),
            }
            for &j in &sources {
                if same && j == i {
                    continue;
                }
                let w = weights.draw(&mut rng);
                coo.push(offsets[a] + i, offsets[b] + j, gain * w);
            }
        }
    }
    Ok(SampledConnectivity {
        matrix: coo,
        offsets,
    })
}

/// Indices j in 0..n each kept with probability p, by geometric skipping.
fn bernoulli_sources<R: Rng>(rng: &mut R, n: usize, p: f64, out: &mut Vec<usize>) {
    if p <= 0.0 {
        return;
    }
    if p >= 1.0 {
        out.extend(0..n);
        return;
    }
    let log_q = (1.0 - p).ln();
    let mut j = 0usize;
    loop {
        // Gap ~ Geometric(p): floor(ln U / ln(1 - p)).
        let u: f64 = rng.random::<f64>();
        let gap = ((1.0 - u).ln() / log_q).floor();
        if !gap.is_finite() || gap >= (n - j) as f64 {
            return;
        }
        j += gap as usize;
        out.push(j);
        j += 1;
        if j >= n {
            return;
        }
    }
}

/// Draws weights from a [`Distribution`] truncated to the sign allowed by Dale's law.
enum WeightSampler {
    Fixed(f64),
    Normal(rand_distr::Normal<f64>, Sign),
    LogNormal(rand_distr::LogNormal<f64>, f64),
    Uniform(rand_distr::Uniform<f64>, Sign),
}

/// A weight law must put at least this mass on the sign Dale's law allows (otherwise the
/// model is nonsensical, e.g. a Normal(-1, 0.01) excitatory weight, and is rejected).
const MIN_ALLOWED_MASS: f64 = 1e-3;
/// Redraws before clamping at zero; with at least MIN_ALLOWED_MASS allowed, 10^5 redraws
/// all failing has probability below e^{-100}.
const MAX_REDRAWS: usize = 100_000;

impl WeightSampler {
    fn new(d: &Distribution, sign: Sign) -> Result<WeightSampler> {
        let bad = |e: &dyn std::fmt::Display| Error::BadInput(format!("weight law {d:?}: {e}"));
        Ok(match *d {
            Distribution::Fixed { value } => WeightSampler::Fixed(value),
            Distribution::Normal { mean, sd } => {
                // Mass on the side Dale's law allows: P(w >= 0) = erfc(-mean / (sd sqrt 2)) / 2.
                let positive = if sd > 0.0 {
                    0.5 * statrs::function::erf::erfc(-mean / (sd * std::f64::consts::SQRT_2))
                } else if mean >= 0.0 {
                    1.0
                } else {
                    0.0
                };
                let allowed = match sign {
                    Sign::Excitatory => positive,
                    Sign::Inhibitory => 1.0 - positive,
                    Sign::Mixed => 1.0,
                };
                if allowed.is_nan() || allowed < MIN_ALLOWED_MASS {
                    return Err(bad(&format!(
                        "only a fraction {allowed:.1e} of it has the sign Dale's law allows"
                    )));
                }
                WeightSampler::Normal(
                    rand_distr::Normal::new(mean, sd).map_err(|e| bad(&e))?,
                    sign,
                )
            }
            Distribution::LogNormal { mean, sd } => {
                if mean == 0.0 {
                    return Err(bad(&"log-normal mean must be non-zero"));
                }
                let s2 = (1.0 + sd * sd / (mean * mean)).ln();
                let mu = mean.abs().ln() - s2 / 2.0;
                WeightSampler::LogNormal(
                    rand_distr::LogNormal::new(mu, s2.sqrt()).map_err(|e| bad(&e))?,
                    mean.signum(),
                )
            }
            Distribution::Uniform { low, high } => {
                let allowed = match sign {
                    Sign::Excitatory => (high.max(0.0) - low.max(0.0)) / (high - low),
                    Sign::Inhibitory => (high.min(0.0) - low.min(0.0)) / (high - low),
                    Sign::Mixed => 1.0,
                };
                if allowed.is_nan() || allowed < MIN_ALLOWED_MASS {
                    return Err(bad(&"no part of it has the sign Dale's law allows"));
                }
                WeightSampler::Uniform(
                    rand_distr::Uniform::new(low, high).map_err(|e| bad(&e))?,
                    sign,
                )
            }
        })
    }

    fn draw<R: Rng>(&self, rng: &mut R) -> f64 {
        match self {
            WeightSampler::Fixed(v) => *v,
            WeightSampler::LogNormal(d, s) => s * d.sample(rng),
            WeightSampler::Normal(d, sign) => truncated(|| d.sample(rng), *sign),
            WeightSampler::Uniform(d, sign) => truncated(|| d.sample(rng), *sign),
        }
    }
}

fn truncated(mut draw: impl FnMut() -> f64, sign: Sign) -> f64 {
    let mut w = draw();
    for _ in 0..MAX_REDRAWS {
        if sign.allows(w) {
            return w;
        }
        w = draw();
    }
    // Unreachable in practice (see MAX_REDRAWS).
    0.0
}
