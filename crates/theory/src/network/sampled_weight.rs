//! The moments of the weight law the simulation actually samples.
//!
//! Every back end redraws a weight whose sign breaks Dale's law for its source (and every
//! negative conductance), see `eibal_model::Support`: the law sampled is the declared one
//! truncated to the support. Mean-field theory must use the moments of that truncated law,
//! not of the declared one (`weight = normal(mean = -0.01 mV, sd = 2 mV)` from an inhibitory
//! source samples a mean of about -1.6 mV, not -0.01 mV).
//!
//! Normal N(mu, sigma^2) truncated to [a, inf), with alpha = (a - mu) / sigma and the inverse
//! Mills ratio lambda = phi(alpha) / (1 - Phi(alpha)) (Johnson, Kotz & Balakrishnan,
//! *Continuous Univariate Distributions* Vol. 1, 2nd ed., 1994, ch. 13, sec. 10.1, eqs. 13.134
//! and 13.135):
//!   E[w]   = mu + sigma lambda,
//!   Var[w] = sigma^2 (1 + alpha lambda - lambda^2).
//! lambda = sqrt(2/pi) / erfcx(alpha / sqrt 2) stays accurate deep in either tail. The upper
//! truncation (-inf, 0] is the mirror image. A uniform law truncated to the support is uniform
//! on the intersection; log-normal and fixed laws already have one sign (a wrong one is refused
//! when the network is built).

use crate::numerics::special::erfcx;
use eibal_model::{Distribution, Support};

/// Mean and variance of the weight law `law` as sampled on `support`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SampledMoments {
    pub mean: f64,
    pub variance: f64,
}

impl SampledMoments {
    /// E[w^2] = mean^2 + variance.
    pub fn second_moment(&self) -> f64 {
        self.mean * self.mean + self.variance
    }
}

/// The moments of `law` truncated to `support` (see the module doc).
pub fn sampled_moments(law: &Distribution, support: Support) -> SampledMoments {
    let untruncated = SampledMoments {
        mean: law.mean(),
        variance: law.variance(),
    };
    match (*law, support) {
        (Distribution::Normal { mean, sd }, Support::NonNegative) if sd > 0.0 => {
            normal_above_zero(mean, sd)
        }
        (Distribution::Normal { mean, sd }, Support::NonPositive) if sd > 0.0 => {
            let m = normal_above_zero(-mean, sd);
            SampledMoments {
                mean: -m.mean,
                variance: m.variance,
            }
        }
        (Distribution::Uniform { low, high }, Support::NonNegative) if low < 0.0 && high > 0.0 => {
            uniform(0.0, high)
        }
        (Distribution::Uniform { low, high }, Support::NonPositive) if low < 0.0 && high > 0.0 => {
            uniform(low, 0.0)
        }
        _ => untruncated,
    }
}

/// N(mu, sigma^2) truncated to [0, inf) (JKB eqs. 13.134-13.135 with a = 0).
fn normal_above_zero(mu: f64, sigma: f64) -> SampledMoments {
    let alpha = -mu / sigma;
    let lambda = (2.0 / std::f64::consts::PI).sqrt() / erfcx(alpha / std::f64::consts::SQRT_2);
    SampledMoments {
        mean: mu + sigma * lambda,
        variance: (sigma * sigma * (1.0 + alpha * lambda - lambda * lambda)).max(0.0),
    }
}

fn uniform(low: f64, high: f64) -> SampledMoments {
    SampledMoments {
        mean: 0.5 * (low + high),
        variance: (high - low).powi(2) / 12.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The closed form against a midpoint rule over the truncated density (an independent
    /// route), for a law mostly inside and one mostly outside the support.
    #[test]
    fn truncated_normal_moments_match_quadrature() {
        for &(mu, sigma) in &[(0.1f64, 0.2f64), (-0.01, 2.0), (-3.0, 1.0), (2.0, 0.5)] {
            let n = 400_000;
            let hi = mu.max(0.0) + 12.0 * sigma;
            let h = hi / n as f64;
            let (mut z, mut m1, mut m2) = (0.0, 0.0, 0.0);
            for i in 0..n {
                let x = (i as f64 + 0.5) * h;
                let f = (-0.5 * ((x - mu) / sigma).powi(2)).exp();
                z += f;
                m1 += x * f;
                m2 += x * x * f;
            }
            let (mean, second) = (m1 / z, m2 / z);
            let got = sampled_moments(
                &Distribution::Normal {
                    mean: mu,
                    sd: sigma,
                },
                Support::NonNegative,
            );
            assert!(
                (got.mean - mean).abs() < 1e-6 * sigma,
                "{mu} {sigma}: {got:?} vs {mean}"
            );
            assert!(
                (got.second_moment() - second).abs() < 1e-6 * second,
                "{mu} {sigma}: {got:?} vs {second}"
            );
            // The mirror image.
            let neg = sampled_moments(
                &Distribution::Normal {
                    mean: -mu,
                    sd: sigma,
                },
                Support::NonPositive,
            );
            assert!((neg.mean + got.mean).abs() < 1e-15 && neg.variance == got.variance);
        }
    }

    #[test]
    fn untruncated_laws_keep_their_moments() {
        let law = Distribution::Normal {
            mean: -1.0,
            sd: 2.0,
        };
        assert_eq!(sampled_moments(&law, Support::Any).mean, -1.0);
        let u = sampled_moments(
            &Distribution::Uniform {
                low: -1.0,
                high: 3.0,
            },
            Support::NonNegative,
        );
        assert!((u.mean - 1.5).abs() < 1e-15 && (u.variance - 0.75).abs() < 1e-15);
    }
}
