//! Stationary mean field of rate units, tau dx/dt = -x + sum_b W phi(x_b) + I
//! (Sompolinsky, Crisanti & Sommers 1988 convention).
//!
//! Across the units of population a the input x is taken Gaussian with mean and variance
//!   mu_a    = sum_b K_ab E[W_ab] <phi>_b + I_a,
//!   Delta_a = sum_b K_ab (E[W_ab^2] <phi^2>_b - c_ab E[W_ab]^2 <phi>_b^2) + noise_a^2 / 2,
//! the variance of a sum of K independent terms W phi(x) (c = 1 for fixed in-degree, p for
//! Bernoulli connections), plus the stationary variance of the unit's own white noise. The
//! averages <.>_b are over x_b ~ N(mu_b, Delta_b). For identical couplings and no noise this is
//! the "mean field of the mean", x = sum K W phi(x) + I; for zero-mean Gaussian couplings
//! J_ij ~ N(0, g^2/N) it is the static self-consistency Delta_0 = g^2 <phi^2> of SCS 1988 (the
//! static, non-chaotic solution: past g = 1 it coexists with chaos and is unstable).

use crate::numerics::quadrature;
use eibal_model::Transfer;
use std::f64::consts::{FRAC_1_SQRT_2, PI};

/// Gaussian averages of the transfer function over x ~ N(mu, variance).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GaussianMoments {
    /// <phi(x)>.
    pub mean: f64,
    /// <phi(x)^2>.
    pub second: f64,
    /// <phi'(x)>, the population gain.
    pub slope: f64,
}

/// Standard normal cumulative distribution.
pub fn normal_cdf(z: f64) -> f64 {
    0.5 * crate::numerics::special::erfc(-z * FRAC_1_SQRT_2)
}

/// Standard normal density.
pub fn normal_pdf(z: f64) -> f64 {
    (-0.5 * z * z).exp() / (2.0 * PI).sqrt()
}

/// <phi>, <phi^2>, <phi'> for x ~ N(mu, variance). Threshold-linear in closed form
/// (g [x - t]_+ with m = mu - t, s = sqrt(variance), z = m/s: <phi> = g (m Phi(z) + s phi(z)),
/// <phi^2> = g^2 ((m^2 + s^2) Phi(z) + m s phi(z)), <phi'> = g Phi(z)); tanh by Gauss-Legendre
/// panels over z in [-9, 9] (the Gaussian tail beyond carries < 1e-18).
pub fn gaussian_moments(transfer: &Transfer, mu: f64, variance: f64) -> GaussianMoments {
    let s = variance.max(0.0).sqrt();
    if s == 0.0 {
        let v = transfer.phi(mu);
        return GaussianMoments {
            mean: v,
            second: v * v,
            slope: transfer.slope(mu),
        };
    }
    match *transfer {
        Transfer::ThresholdLinear { gain, threshold } => {
            let m = mu - threshold;
            let z = m / s;
            let (cdf, pdf) = (normal_cdf(z), normal_pdf(z));
            GaussianMoments {
                mean: gain * (m * cdf + s * pdf),
                second: gain * gain * ((m * m + s * s) * cdf + m * s * pdf),
                slope: gain * cdf,
            }
        }
        Transfer::Tanh { .. } => {
            let mut acc = [0.0; 3];
            for k in 0..6 {
                let lo = -9.0 + 3.0 * k as f64;
                let mut f = |z: f64| normal_pdf(z) * transfer.phi(mu + s * z);
                acc[0] += quadrature::panel(&mut f, lo, lo + 3.0);
                let mut f2 = |z: f64| normal_pdf(z) * transfer.phi(mu + s * z).powi(2);
                acc[1] += quadrature::panel(&mut f2, lo, lo + 3.0);
                let mut f3 = |z: f64| normal_pdf(z) * transfer.slope(mu + s * z);
                acc[2] += quadrature::panel(&mut f3, lo, lo + 3.0);
            }
            GaussianMoments {
                mean: acc[0],
                second: acc[1],
                slope: acc[2],
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_linear_moments_match_numerical_gaussian_averages() {
        // Closed form against a plain Riemann sum over z (step 1e-4, |z| < 10).
        let t = Transfer::ThresholdLinear {
            gain: 2.0,
            threshold: 0.3,
        };
        let (mu, var) = (0.1, 0.7);
        let m = gaussian_moments(&t, mu, var);
        let (mut a, mut b) = (0.0, 0.0);
        let h = 1e-4;
        let mut z = -10.0;
        while z < 10.0 {
            let x = mu + var.sqrt() * z;
            a += normal_pdf(z) * t.phi(x) * h;
            b += normal_pdf(z) * t.phi(x).powi(2) * h;
            z += h;
        }
        assert!((m.mean - a).abs() < 1e-6 && (m.second - b).abs() < 1e-6);
    }
}
