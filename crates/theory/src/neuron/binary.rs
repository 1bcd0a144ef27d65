//! Stationary mean field of binary units (van Vreeswijk & Sompolinsky 1998, eqs. 4.1-4.4):
//! the input of a unit of population a is Gaussian across units and time with
//!   u_a     = sum_b K_ab E[J_ab] m_b + I_a,
//!   alpha_a = sum_b K_ab (E[J_ab^2] m_b - c_ab E[J_ab]^2 m_b^2),
//! and the mean activity is the probability that it exceeds the threshold,
//!   m_a = H((theta_a - u_a) / sqrt(alpha_a)) = erfc((theta_a - u_a) / sqrt(2 alpha_a)) / 2.
//!
//! alpha is the variance of a sum of K independent terms C J S with S ~ Bernoulli(m):
//! c = 1 for fixed in-degree (K terms, each of variance E[J^2] m - E[J]^2 m^2) and c = p for
//! Bernoulli connections of probability p. For p -> 0 (K << N) it becomes VvS's
//! alpha_a = sum_b K_ab J_ab^2 m_b, which keeps the quenched in-degree variance.

use super::rate_units::normal_pdf;
use crate::network::input::Coupling;
use crate::numerics::special::erfc;
use std::f64::consts::FRAC_1_SQRT_2;

/// Input statistics and activity of one binary population.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BinaryState {
    /// Mean input u.
    pub mean: f64,
    /// Input variance alpha.
    pub variance: f64,
    /// Mean activity m.
    pub activity: f64,
    /// dm/du.
    pub slope: f64,
    pub input_e: f64,
    pub input_i: f64,
    pub input_ext: f64,
}

/// The state of a binary population with threshold `theta` and constant input `current`.
pub fn binary_state(theta: f64, current: f64, row: &[Coupling], m: &[f64]) -> BinaryState {
    let (mut input_e, mut input_i, mut variance) = (0.0, 0.0, 0.0);
    for (c, &mb) in row.iter().zip(m) {
        let mean = c.mean * mb;
        if mean >= 0.0 {
            input_e += mean;
        } else {
            input_i += mean;
        }
        variance += c.second_moment * mb - c.mean_square * mb * mb;
    }
    let variance = variance.max(0.0);
    let mean = input_e + input_i + current;
    let (activity, slope) = if variance > 0.0 {
        let sd = variance.sqrt();
        let z = (theta - mean) / sd;
        (0.5 * erfc(z * FRAC_1_SQRT_2), normal_pdf(z) / sd)
    } else if mean > theta {
        (1.0, 0.0)
    } else {
        (0.0, 0.0)
    };
    BinaryState {
        mean,
        variance,
        activity,
        slope,
        input_e,
        input_i,
        input_ext: current,
    }
}
