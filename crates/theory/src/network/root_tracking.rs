//! The leading roots of the LIF characteristic equation det(I - W(lambda)) = 0 at one
//! parameter point, tracked from a neighbouring point (Brunel & Hakim 1999; Brunel 2000 sec. 4).
//!
//! Newton's method ([`super::characteristic::newton_root`]) is started from the roots of a
//! neighbouring point (continuation) and, in the survey, from fixed seeds on the imaginary
//! axis; seeds where W is negligible are skipped. With the exact transfer function of
//! Lindner & Schimansky-Geier (2001) this costs a few milliseconds per point, against about half
//! a second for the full argument-principle count of [`super::stability::analyse`]; it is what
//! `eibal boundary` and `eibal sweep` evaluate at every point.

use super::characteristic::newton_root;
use super::input::{MeanFieldNetwork, Response};
use super::result::FixedPoint;
use super::stability;
use crate::neuron::transfer::TransferForm;
use eibal_model::error::Result;
use num_complex::Complex64;
use std::f64::consts::PI;

/// Seeds on the imaginary axis for the survey (Hz): they cover the slow (tens of Hz) and
/// fast (around 1/(4 delay)) oscillations of E/I networks with millisecond delays.
pub const SURVEY_SEEDS_HZ: [f64; 7] = [0.0, 15.0, 35.0, 70.0, 120.0, 180.0, 280.0];
/// Newton steps per seed: from a neighbour's root a few suffice; seeds that have not
/// converged by then are far from any root.
const NEWTON_STEPS: usize = 25;
/// |det(I - W) - 1| below this at a fixed seed: no root near it.
const NEGLIGIBLE_W: f64 = 1e-3;
/// Roots kept per point (seeds for the neighbours).
const KEPT_ROOTS: usize = 4;
/// Roots further left than this (1/s) or faster than this (Hz) are dropped.
const GROWTH_FLOOR: f64 = -600.0;
const FREQUENCY_CEILING: f64 = 1000.0;

/// Whether every population of `model` is a LIF neuron with delta or exponential synapses,
/// the networks whose roots [`leading_roots_tracked`] finds.
pub fn trackable(network: &MeanFieldNetwork) -> bool {
    network
        .populations
        .iter()
        .all(|p| matches!(p.response, Response::LifDelta(_) | Response::LifExp(_)))
}

/// The leading roots (Im >= 0, largest growth rate first, at most four) of the characteristic
/// equation at `fixed`, found by Newton's method from `seeds` (roots of a neighbouring point)
/// and, if `survey`, from [`SURVEY_SEEDS_HZ`]. An empty list means no root within reach of
/// the imaginary axis (every root far in the left half plane: stable).
pub fn leading_roots_tracked(
    network: &MeanFieldNetwork,
    fixed: &FixedPoint,
    form: TransferForm,
    seeds: &[Complex64],
    survey: bool,
) -> Result<Vec<Complex64>> {
    let linear = stability::linearise(network, fixed, form)?;
    let mut starts: Vec<Complex64> = seeds.to_vec();
    if survey {
        starts.extend(
            SURVEY_SEEDS_HZ
                .iter()
                .map(|f| Complex64::new(0.0, 2.0 * PI * f)),
        );
    }
    let mut roots: Vec<Complex64> = Vec::new();
    for (k, s) in starts.into_iter().enumerate() {
        // A fixed seed where W is negligible (|det(I - W) - 1| small: e.g. a silent or
        // saturated population, whose transfer function is tiny) has no root within
        // reach; Newton would only wander off for its whole step budget.
        if k >= seeds.len() {
            match linear.characteristic(s) {
                Ok(f) if (f - 1.0).norm() < NEGLIGIBLE_W => continue,
                Ok(_) => {}
                Err(_) => continue,
            }
        }
        let root = match newton_root(&linear, s, NEWTON_STEPS) {
            Ok(Some(r)) => r,
            // A seed that does not converge (or meets a pole of H) gives no root.
            Ok(None) | Err(_) => continue,
        };
        let root = if root.im < 0.0 { root.conj() } else { root };
        let inside = root.re >= GROWTH_FLOOR && root.im / (2.0 * PI) <= FREQUENCY_CEILING;
        if inside && roots.iter().all(|r| (r - root).norm() > 1e-3) {
            roots.push(root);
        }
    }
    roots.sort_by(|a, b| b.re.total_cmp(&a.re));
    roots.truncate(KEPT_ROOTS);
    Ok(roots)
}
