//! External input: Poisson background drive and time-dependent currents (constant, steps,
//! pulses).
//!
//! A Poisson drive of `K` independent sources of rate `nu` onto one neuron delivers, per time
//! step `dt`, a count distributed as Poisson(K nu dt) (the superposition of independent
//! Poisson processes is Poisson). One count is drawn per neuron and step from the neuron's own
//! stream, by inversion of a precomputed cumulative table with a guide table (Chen & Asau 1974;
//! Devroye 1986, ch. III.2): one 64-bit draw and, on average, about one comparison.

use eibal_model::error::{Error, Result};
use eibal_model::rng::{BLOCK, SimRng};
use eibal_model::{DriveKind, Model, PopulationId};
use rand::Rng;

/// The flag of a guide cell that contains a threshold (table indices stay far below it).
const STRADDLES: u32 = 1 << 31;

/// Inversion sampler for a Poisson law of fixed mean.
#[derive(Debug, Clone)]
pub struct PoissonSampler {
    /// Smallest count in the table (counts below it have probability < 1e-300).
    first: u32,
    /// thresholds[k] = P(X <= first + k) scaled to 2^64 (saturating); the last is u64::MAX.
    thresholds: Vec<u64>,
    /// guide[j] = smallest k with thresholds[k] > j * 2^64 / guide.len(), or'ed with
    /// `STRADDLES` when a threshold falls inside cell j (only then must `count` compare).
    guide: Vec<u32>,
    guide_shift: u32,
    mean: f64,
}

impl PoissonSampler {
    /// A sampler of Poisson(mean). `mean` must be finite and >= 0.
    pub fn new(mean: f64) -> Result<PoissonSampler> {
        if !(mean.is_finite() && mean >= 0.0) {
            return Err(Error::BadInput(format!(
                "Poisson drive: mean count per step {mean} is not a finite non-negative number"
            )));
        }
        if mean > 1e9 {
            return Err(Error::BadInput(format!(
                "Poisson drive: {mean} events per step is too many; reduce the rate or indegree"
            )));
        }
        // Counts with log-probability above ~ -700 (probability > 1e-304) are tabulated.
        let spread = 40.0 * mean.sqrt() + 40.0;
        let lo = (mean - spread).max(0.0).floor() as u64;
        let hi = (mean + spread).ceil() as u64;
        let ln_mean = mean.ln();
        let mut pmf: Vec<f64> = (lo..=hi)
            .map(|k| {
                if mean == 0.0 {
                    if k == 0 { 1.0 } else { 0.0 }
                } else {
                    (-mean + k as f64 * ln_mean - statrs::function::gamma::ln_gamma(k as f64 + 1.0))
                        .exp()
                }
            })
            .collect();
        let total: f64 = pmf.iter().sum();
        pmf.iter_mut().for_each(|p| *p /= total);
        let scale = 2f64.powi(64);
        let mut cum = 0.0;
        let mut thresholds: Vec<u64> = pmf
            .iter()
            .map(|p| {
                cum += p;
                let t = cum * scale;
                if t >= scale { u64::MAX } else { t as u64 }
            })
            .collect();
        if let Some(last) = thresholds.last_mut() {
            *last = u64::MAX;
        }
        // Trim the tail that is unreachable (thresholds equal to MAX repeated).
        while thresholds.len() > 1 && thresholds[thresholds.len() - 2] == u64::MAX {
            thresholds.pop();
        }
        // About 64 guide cells per table entry: the search then almost never moves, which keeps
        // the branch predictable (at most 2^16 cells, 256 kB, for very large means).
        let guide_bits = ((thresholds.len() as f64).log2().ceil() + 6.0).clamp(8.0, 16.0) as u32;
        let guide_len = 1usize << guide_bits;
        let guide_shift = 64 - guide_bits;
        let mut guide = Vec::with_capacity(guide_len);
        let mut k = 0usize;
        for j in 0..guide_len {
            let start = (j as u64) << guide_shift;
            while thresholds[k] <= start {
                k += 1;
            }
            let end = start | (u64::MAX >> guide_bits);
            let straddles = k + 1 < thresholds.len() && thresholds[k] <= end;
            guide.push(k as u32 | if straddles { STRADDLES } else { 0 });
        }
        Ok(PoissonSampler {
            first: lo as u32,
            thresholds,
            guide,
            guide_shift,
            mean,
        })
    }

    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// One Poisson count.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> u32 {
        self.count(rng.next_u64())
    }

    /// The count for the uniform 64-bit draw `u` (inversion).
    #[inline(always)]
    pub fn count(&self, u: u64) -> u32 {
        let cell = self.guide[(u >> self.guide_shift) as usize];
        if cell & STRADDLES == 0 {
            // No threshold inside the cell: its first candidate is the count.
            return self.first + cell;
        }
        let mut k = (cell & !STRADDLES) as usize;
        // thresholds is non-decreasing with last == u64::MAX, so this terminates in range.
        while k + 1 < self.thresholds.len() && self.thresholds[k] <= u {
            k += 1;
        }
        self.first + k as u32
    }

    /// Fills `out[i]` with `weight` times one count, neuron i drawing from the stream of its
    /// block, `rngs[i / BLOCK]`, in neuron order.
    pub fn fill_weighted(&self, rngs: &mut [SimRng], weight: f64, out: &mut [f64]) {
        for (rng, chunk) in rngs.iter_mut().zip(out.chunks_mut(BLOCK)) {
            for x in chunk {
                *x = weight * self.count(rng.next_u64()) as f64;
            }
        }
    }

    /// Like `fill_weighted`, adding to `out`.
    pub fn add_weighted(&self, rngs: &mut [SimRng], weight: f64, out: &mut [f64]) {
        for (rng, chunk) in rngs.iter_mut().zip(out.chunks_mut(BLOCK)) {
            for x in chunk {
                *x += weight * self.count(rng.next_u64()) as f64;
            }
        }
    }
}

/// A Poisson drive onto one population as the engine uses it.
#[derive(Debug, Clone)]
pub struct PoissonDrive {
    pub sampler: PoissonSampler,
    /// Weight of one event (unit of the target's kind).
    pub weight: f64,
}

/// Draws the summed external Poisson input of every neuron for one step into `out`
/// (zero without drives). Neurons draw from the stream of their block of `BLOCK` neurons, in
/// neuron order, one drive after the other.
pub fn draw_external(drives: &[PoissonDrive], rngs: &mut [SimRng], out: &mut [f64]) {
    match drives.split_first() {
        None => out.fill(0.0),
        Some((first, rest)) => {
            first.sampler.fill_weighted(rngs, first.weight, out);
            for d in rest {
                d.sampler.add_weighted(rngs, d.weight, out);
            }
        }
    }
}

/// The sum of the current drives onto a population as a function of the step index:
/// constant currents, steps and pulses, switched on the grid (a current active from `start`
/// is applied in every step whose start time t = s dt satisfies start <= t < stop).
#[derive(Debug, Clone, Default)]
pub struct CurrentSchedule {
    /// (first step, one past the last step, amplitude); `u64::MAX` for "never off".
    pieces: Vec<(u64, u64, f64)>,
}

impl CurrentSchedule {
    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// Total current (unit of the target kind's input amplitude) in step `s`.
    #[inline]
    pub fn at(&self, s: u64) -> f64 {
        self.pieces
            .iter()
            .filter(|(a, b, _)| *a <= s && s < *b)
            .map(|p| p.2)
            .sum()
    }

    /// Mean current over steps [from, to).
    pub fn mean_over(&self, from: u64, to: u64) -> f64 {
        if to <= from {
            return 0.0;
        }
        let total: f64 = self
            .pieces
            .iter()
            .map(|&(a, b, amp)| {
                let lo = a.max(from);
                let hi = b.min(to);
                if hi > lo { amp * (hi - lo) as f64 } else { 0.0 }
            })
            .sum();
        total / (to - from) as f64
    }
}

/// The Poisson drives and current schedule of one population.
#[derive(Debug, Clone, Default)]
pub struct PopulationInput {
    pub poisson: Vec<PoissonDrive>,
    pub current: CurrentSchedule,
}

fn to_step(t: f64, dt: f64) -> u64 {
    if t <= 0.0 { 0 } else { (t / dt).round() as u64 }
}

/// Collects every drive of the model per population.
pub fn population_inputs(model: &Model, dt: f64) -> Result<Vec<PopulationInput>> {
    let mut out = vec![PopulationInput::default(); model.populations.len()];
    for d in &model.drives {
        let PopulationId(p) = d.target;
        let slot = out.get_mut(p).ok_or_else(|| {
            Error::BadInput(format!("drive at {} names a missing population", d.origin))
        })?;
        match &d.kind {
            DriveKind::Poisson {
                rate,
                indegree,
                weight,
            } => {
                let kind = model.kind_of(d.target);
                if kind.lif().is_none() {
                    return Err(Error::BadInput(format!(
                        "drive at {}: Poisson drive onto {} units is not supported; use a current",
                        d.origin,
                        kind.keyword()
                    )));
                }
                slot.poisson.push(PoissonDrive {
                    sampler: PoissonSampler::new(rate * *indegree as f64 * dt)?,
                    weight: *weight,
                });
            }
            DriveKind::Current {
                amplitude,
                start,
                stop,
            } => {
                let a = to_step(*start, dt);
                let b = stop.map_or(u64::MAX, |t| to_step(t, dt));
                slot.current.pieces.push((a, b, *amplitude));
            }
            DriveKind::Pulses {
                amplitude,
                width,
                times,
            } => {
                for &t in times {
                    let a = to_step(t, dt);
                    let b = a + to_step(*width, dt).max(1);
                    slot.current.pieces.push((a, b, *amplitude));
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use eibal_model::rng::{Purpose, stream};

    #[test]
    fn poisson_sampler_has_poisson_moments() {
        // Mean and variance both equal lambda; with n draws the sample mean has standard error
        // sqrt(lambda / n) and the sample variance about lambda sqrt(2 / n): 5 sigma bounds.
        for &lambda in &[0.05, 2.0, 37.5, 2500.0] {
            let s = PoissonSampler::new(lambda).unwrap();
            let mut rng = stream(7, Purpose::Neuron, 0, lambda.to_bits());
            let n = 200_000usize;
            let xs: Vec<f64> = (0..n).map(|_| s.sample(&mut rng) as f64).collect();
            let mean = xs.iter().sum::<f64>() / n as f64;
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
            assert!(
                (mean - lambda).abs() < 5.0 * (lambda / n as f64).sqrt(),
                "{lambda} {mean}"
            );
            let var_tol = 5.0 * lambda * (2.0 / n as f64 + 1.0 / (lambda * n as f64)).sqrt();
            assert!((var - lambda).abs() < var_tol, "{lambda} {var}");
        }
        // P(X = 0) for lambda = 2 is exp(-2) = 0.1353; binomial standard error over 200k draws.
        let s = PoissonSampler::new(2.0).unwrap();
        let mut rng = stream(8, Purpose::Neuron, 0, 0);
        let zeros = (0..200_000).filter(|_| s.sample(&mut rng) == 0).count() as f64 / 2e5;
        let p0 = (-2.0f64).exp();
        assert!((zeros - p0).abs() < 5.0 * (p0 * (1.0 - p0) / 2e5).sqrt());
    }

    #[test]
    fn guided_count_is_the_inverse_of_the_cumulative_table() {
        // The count of u is the smallest k with P(X <= first + k) 2^64 > u: a bisection of
        // the thresholds, against the guide table's shortcut, at random draws and at the
        // edges of every guide cell (where a cell that straddles a threshold must compare).
        let mut rng = stream(11, Purpose::Neuron, 0, 0);
        for mean in [0.0, 0.01, 1.6, 30.0, 1e4] {
            let p = PoissonSampler::new(mean).unwrap();
            let inverse = |u: u64| {
                let k = p.thresholds.partition_point(|&t| t <= u);
                p.first + k.min(p.thresholds.len() - 1) as u32
            };
            let cells = (0..p.guide.len() as u64).flat_map(|j| {
                let start = j << p.guide_shift;
                [start, start | (u64::MAX >> (64 - p.guide_shift))]
            });
            let thresholds = p.thresholds.iter().flat_map(|&t| [t.wrapping_sub(1), t]);
            let random = (0..100_000).map(|_| rng.next_u64());
            for u in cells.chain(thresholds).chain(random) {
                assert_eq!(p.count(u), inverse(u), "mean {mean}, u {u}");
            }
        }
    }

    #[test]
    fn current_schedule_sums_active_pieces() {
        let c = CurrentSchedule {
            pieces: vec![(0, u64::MAX, 1.0), (10, 20, 2.0)],
        };
        assert_eq!(c.at(5), 1.0);
        assert_eq!(c.at(10), 3.0);
        assert_eq!(c.at(20), 1.0);
        assert!((c.mean_over(0, 40) - 1.5).abs() < 1e-12);
    }
}
