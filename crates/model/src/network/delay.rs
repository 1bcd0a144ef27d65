//! Drawing a synapse's delay in whole steps.
//!
//! The law of a delay in steps is that of the continuous delay X redrawn below `dt` and
//! rounded: n = max(1, round(X / dt)) (`super::delay_steps`). For a normal X ~ N(mu, sd^2)
//! that law is discrete and known in closed form:
//!
//!   P(n = k) = [Phi(b_k) - Phi(a_k)] / [1 - Phi(dt)],
//!   a_1 = dt, a_k = (k - 1/2) dt (k >= 2), b_k = (k + 1/2) dt,
//!
//! with Phi the normal CDF of X, Phi(x) = erfc(-(x - mu) / (sd sqrt 2)) / 2. [`DelaySteps`]
//! draws it from one 64-bit uniform with Walker's alias table (Walker 1977, ACM TOMS 3:253;
//! Vose 1991, IEEE TSE 17:972) instead of a ziggurat normal, a redraw loop and a division
//! and rounding per synapse (a quarter of the microcircuit's build).
//!
//! Precision: each bin's probability is computed from the upper (or lower) tail with
//! erfc, relative error about 1e-15; the table covers mu +- 38.5 sd, beyond which the normal
//! has less than 1e-320 of its mass (not representable in f64, so none is lost in practice);
//! the column and the alias choice come from one u64 (the high and low halves of u * n), so
//! every bin's probability is reproduced to within n / 2^64 (below 4e-15 for 65,536 bins).
//! The law is the same as the continuous draw's up to these errors and up to the rounding
//! of X / dt at bin edges (measure zero); the drawn values differ (another random use of the
//! same stream). Other laws (uniform, log-normal), normal laws with almost no mass above `dt`,
//! or more than 65,535 steps in the table's range keep the continuous draw.

use super::sampler::Sampler;
use crate::Distribution;
use crate::error::Result;
use crate::rng::SimRng;
use errorfunctions::RealErrorFunctions;
use rand::Rng;

/// Delay draws in steps for one projection.
#[derive(Debug, Clone)]
pub enum DelaySteps {
    /// Normal law: alias table over the steps `first..first + columns`.
    Table(AliasTable),
    /// Any other law: continuous draw, redrawn below `dt`, rounded (`super::delay_steps`).
    Continuous { sampler: Sampler, dt: f64 },
}

impl DelaySteps {
    /// The delay law `law` at time step `dt`.
    pub fn new(law: &Distribution, dt: f64, what: &str) -> Result<DelaySteps> {
        let sampler = Sampler::new(law, what)?;
        if let Distribution::Normal { mean, sd } = *law
            && let Some(probabilities) = normal_steps(mean, sd, dt)
        {
            return Ok(DelaySteps::Table(AliasTable::new(
                probabilities.0,
                &probabilities.1,
            )));
        }
        Ok(DelaySteps::Continuous { sampler, dt })
    }

    /// One delay in steps.
    #[inline(always)]
    pub fn draw(&self, rng: &mut SimRng, what: &str) -> Result<u16> {
        match self {
            DelaySteps::Table(t) => Ok(t.draw(rng.next_u64())),
            DelaySteps::Continuous { sampler, dt } => {
                let x = sampler.draw(rng, |x| x >= *dt, what)?;
                super::delay_steps(x, *dt, what)
            }
        }
    }
}

/// The first step and P(n = k) for k = first, first + 1, ... of a normal delay law (module
/// doc), or None when the continuous draw is kept.
fn normal_steps(mean: f64, sd: f64, dt: f64) -> Option<(u16, Vec<f64>)> {
    if !(sd > 0.0 && sd.is_finite() && mean.is_finite() && dt > 0.0) {
        return None;
    }
    let hi = ((mean + 38.5 * sd) / dt).ceil();
    if hi.is_nan() || hi >= u16::MAX as f64 {
        return None;
    }
    let lo = ((mean - 38.5 * sd) / dt).floor().max(1.0);
    let (lo, hi) = (lo as u16, (hi as u16).max(lo as u16));
    // Mass of X in [x0, x1), from the tail on the side of the mean: no cancellation.
    let s = sd * std::f64::consts::SQRT_2;
    let erfc = RealErrorFunctions::erfc;
    let mass = |x0: f64, x1: f64| {
        if x0 >= mean {
            0.5 * (erfc((x0 - mean) / s) - erfc((x1 - mean) / s))
        } else {
            0.5 * (erfc((mean - x1) / s) - erfc((mean - x0) / s))
        }
        .max(0.0)
    };
    let p: Vec<f64> = (lo..=hi)
        .map(|k| {
            let a = if k == 1 { dt } else { (k as f64 - 0.5) * dt };
            mass(a, (k as f64 + 0.5) * dt)
        })
        .collect();
    let total: f64 = p.iter().sum();
    // Below 1e-3 above dt, the continuous draw's redraw limit decides (as before).
    if total.is_nan() || total < 1e-3 {
        return None;
    }
    Some((lo, p.into_iter().map(|x| x / total).collect()))
}

/// Walker's alias table over the values `first..first + n`.
#[derive(Debug, Clone)]
pub struct AliasTable {
    first: u16,
    /// Per column: keep the column's own value when the low half of u * n is below the
    /// threshold, else take the alias (an offset from `first`).
    columns: Vec<(u64, u16)>,
}

impl AliasTable {
    /// The table of probabilities `p` (summing to 1) of `first`, `first + 1`, ...; built by
    /// Vose's method.
    pub fn new(first: u16, p: &[f64]) -> AliasTable {
        let n = p.len();
        let mut scaled: Vec<f64> = p.iter().map(|&x| x * n as f64).collect();
        let mut columns = vec![(u64::MAX, 0u16); n];
        let (mut small, mut large): (Vec<usize>, Vec<usize>) =
            (0..n).partition(|&k| scaled[k] < 1.0);
        while let (Some(s), Some(&l)) = (small.pop(), large.last()) {
            columns[s] = (threshold(scaled[s]), l as u16);
            scaled[l] -= 1.0 - scaled[s];
            if scaled[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        // What is left has probability 1 up to rounding: keeps its own value.
        for k in small.into_iter().chain(large) {
            columns[k] = (u64::MAX, k as u16);
        }
        AliasTable { first, columns }
    }

    /// The value for the 64-bit uniform `u`.
    #[inline(always)]
    pub fn draw(&self, u: u64) -> u16 {
        let m = u as u128 * self.columns.len() as u128;
        let (column, low) = ((m >> 64) as usize, m as u64);
        let (keep, alias) = self.columns[column];
        // Branch-free select: the choice is random, a branch on it mispredicts half the time.
        let own = ((low < keep) as u16).wrapping_neg();
        self.first + ((column as u16 & own) | (alias & !own))
    }

    /// The probability of each value (the table read back; for tests).
    pub fn probabilities(&self) -> Vec<f64> {
        let n = self.columns.len() as f64;
        let mut p = vec![0.0; self.columns.len()];
        for (k, &(keep, alias)) in self.columns.iter().enumerate() {
            let own = keep as f64 / 2f64.powi(64);
            p[k] += own / n;
            p[alias as usize] += (1.0 - own) / n;
        }
        p
    }

    /// The first value.
    pub fn first(&self) -> u16 {
        self.first
    }
}

/// A probability in [0, 1] as a threshold on a 64-bit uniform.
fn threshold(q: f64) -> u64 {
    if q >= 1.0 {
        u64::MAX
    } else {
        (q.max(0.0) * 2f64.powi(64)) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Purpose, stream};

    /// P(a <= X < b) for X ~ N(mean, sd^2) by composite Simpson's rule on the density
    /// (independent of erfc).
    fn simpson(mean: f64, sd: f64, a: f64, b: f64) -> f64 {
        let n = 2000;
        let h = (b - a) / n as f64;
        let f = |x: f64| {
            (-(x - mean).powi(2) / (2.0 * sd * sd)).exp()
                / (sd * (2.0 * std::f64::consts::PI).sqrt())
        };
        let mut s = f(a) + f(b);
        for i in 1..n {
            s += f(a + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
        }
        s * h / 3.0
    }

    #[test]
    fn table_probabilities_match_the_integrated_density() {
        // The microcircuit's inhibitory delay law, N(0.75 ms, 0.375 ms) at dt = 0.1 ms:
        // P(n = k) from Simpson integration of the density over [a_k, b_k), normalised by
        // the integral over [dt, mu + 12 sd) (the rest is below 1e-32).
        let (mean, sd, dt) = (0.75e-3, 0.375e-3, 1e-4);
        let DelaySteps::Table(t) =
            DelaySteps::new(&Distribution::Normal { mean, sd }, dt, "d").unwrap()
        else {
            panic!("a normal delay law gets a table");
        };
        assert_eq!(t.first(), 1);
        let p = t.probabilities();
        let top = ((mean + 12.0 * sd) / dt).ceil() as usize;
        let total = simpson(mean, sd, dt, (top as f64 + 0.5) * dt);
        for (i, &pk) in p.iter().enumerate().take(top) {
            let k = i + 1;
            let a = if k == 1 { dt } else { (k as f64 - 0.5) * dt };
            let expected = simpson(mean, sd, a, (k as f64 + 0.5) * dt) / total;
            assert!((pk - expected).abs() < 1e-12, "k = {k}: {pk} vs {expected}");
        }
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn table_draws_agree_with_the_continuous_draw_in_distribution() {
        // 400,000 draws each of the table and of the redraw-and-round path (N(1.5 ms,
        // 0.75 ms) at dt = 0.1 ms): the two-sample chi-square of the histograms over the bins
        // with at least 20 counts in both together, against its 99.99 % quantile.
        let law = Distribution::Normal {
            mean: 1.5e-3,
            sd: 0.75e-3,
        };
        let dt = 1e-4;
        let table = DelaySteps::new(&law, dt, "d").unwrap();
        let continuous = DelaySteps::Continuous {
            sampler: Sampler::new(&law, "d").unwrap(),
            dt,
        };
        let n = 400_000;
        let mut h = [vec![0f64; 200], vec![0f64; 200]];
        for (which, d) in [&table, &continuous].into_iter().enumerate() {
            let mut rng = stream(5, Purpose::SynapseValues, 0, which as u64);
            for _ in 0..n {
                let k = d.draw(&mut rng, "d").unwrap() as usize;
                h[which][k.min(199)] += 1.0;
            }
        }
        let (mut chi2, mut df) = (0.0, 0);
        for (&a, &b) in h[0].iter().zip(&h[1]) {
            if a + b >= 20.0 {
                chi2 += (a - b) * (a - b) / (a + b);
                df += 1;
            }
        }
        assert!((35..=50).contains(&df), "{df} bins");
        // Upper 1e-4 quantile of chi-square with df - 1 degrees of freedom (Wilson &
        // Hilferty 1931: (1 - 2/(9 nu) + z sqrt(2/(9 nu)))^3 nu, z = 3.719).
        let nu = (df - 1) as f64;
        let bound = nu * (1.0 - 2.0 / (9.0 * nu) + 3.719 * (2.0 / (9.0 * nu)).sqrt()).powi(3);
        assert!(chi2 < bound, "chi2 = {chi2} over {df} bins (bound {bound})");
    }

    #[test]
    fn other_laws_and_degenerate_normals_keep_the_continuous_draw() {
        let dt = 1e-4;
        let cont = |law: Distribution| {
            matches!(
                DelaySteps::new(&law, dt, "d").unwrap(),
                DelaySteps::Continuous { .. }
            )
        };
        assert!(cont(Distribution::Uniform {
            low: 1e-3,
            high: 2e-3
        }));
        assert!(cont(Distribution::Normal {
            mean: 1e-3,
            sd: 0.0
        }));
        // Almost all mass below dt.
        assert!(cont(Distribution::Normal {
            mean: -1e-3,
            sd: 1e-4
        }));
        // Beyond 65,535 steps.
        assert!(cont(Distribution::Normal { mean: 6.0, sd: 0.1 }));
    }
}
