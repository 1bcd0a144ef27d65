//! Which rings count spikes instead of summing weights (`history`): per channel, the weight
//! of one count, when counting is exact and cannot overflow.
//!
//! A channel counts when every projection into it
//! - has spiking sources (each spike has amplitude 1; rate and binary sources emit graded or
//!   signed amplitudes),
//! - has one fixed weight w (no per-synapse weights), nonzero and finite, and
//! - w is a whole multiple m >= 1 of the channel's unit u, the weight of smallest magnitude
//!   among its projections, to within 4 ulps: |m u - w| <= 4 eps |w|. Decimal weights are
//!   rarely exact multiples in binary (0.6 mV / 0.2 mV = 2.9999999999999996); counting reads
//!   m u for w, a change of the weight below 1e-15 relative, where f32 sums round each
//!   step's input to 6e-8;
//!
//! and, for every target population, the cell of one target in one step cannot exceed
//! 2^16 - 1: each source spikes at most once per step, so a cell receives at most
//! sum over the projections onto the population of m x (its largest in-degree).
//! The cortical microcircuit's channels count (weights w, 2w and -4w with in-degrees up to
//! about 3,000); so does Brunel's network (J and -gJ, in-degrees 1,000 and 250).

use super::populations::{Emits, Pop};
use crate::engine::wiring::Wiring;

/// Per ring (indexed by `wiring::Channel`), the weight of one count, or `None` when the
/// ring sums f32 weights.
pub fn units(wiring: &[Wiring], pops: &[Pop], rings: usize) -> Vec<Option<f64>> {
    (0..rings)
        .map(|c| {
            let into: Vec<&Wiring> = wiring.iter().filter(|w| w.channel as usize == c).collect();
            unit(&into, pops)
        })
        .collect()
}

/// The multiple of `unit` that a projection of weight `weight` adds per spike, if whole
/// (to within 4 ulps of `weight`).
pub fn multiple(weight: f64, unit: f64) -> Option<u16> {
    let m = (weight / unit).round();
    let close = (m * unit - weight).abs() <= 4.0 * f64::EPSILON * weight.abs();
    (m >= 1.0 && m <= u16::MAX as f64 && close).then_some(m as u16)
}

/// The unit of a channel receiving the projections `into`, if it can count.
fn unit(into: &[&Wiring], pops: &[Pop]) -> Option<f64> {
    let countable = |w: &Wiring| {
        pops[w.source].emits == Emits::Spikes
            && w.by_target.is_none()
            && w.synapses.weights.is_none()
            && w.weight.is_finite()
            && w.weight != 0.0
    };
    if !into.iter().all(|w| countable(w)) {
        return None;
    }
    let Some(unit) = into
        .iter()
        .map(|w| w.weight)
        .min_by(|a, b| a.abs().total_cmp(&b.abs()))
    else {
        // Nothing arrives: the smaller cells cost nothing.
        return Some(1.0);
    };
    let mut most_per_target = vec![0u64; pops.len()];
    for w in into {
        let m = multiple(w.weight, unit)? as u64;
        most_per_target[w.target] =
            most_per_target[w.target].saturating_add(m.saturating_mul(w.synapses.max_indegree));
    }
    most_per_target
        .iter()
        .all(|&most| most <= u16::MAX as u64)
        .then_some(unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiples_are_whole_to_four_ulps() {
        let w = 87.8e-12;
        assert_eq!(multiple(w, w), Some(1));
        assert_eq!(multiple(2.0 * w, w), Some(2));
        assert_eq!(multiple(-4.0 * w, -4.0 * w), Some(1));
        // Decimal multiples that binary misses by an ulp count: 0.6e-3 / 0.2e-3 rounds to
        // 2.9999999999999996, and 3 x 0.2e-3 is 6.000000000000001e-4.
        assert_ne!(3.0 * 0.2e-3, 0.6e-3);
        assert_eq!(multiple(0.6e-3, 0.2e-3), Some(3));
        // Opposite sign, a fraction, a miss of 1e-12 relative, or too many units do not.
        assert_eq!(multiple(-w, w), None);
        assert_eq!(multiple(1.5 * w, w), None);
        assert_eq!(multiple(3.0 * w * (1.0 + 1e-12), w), None);
        assert_eq!(multiple(70_000.0 * w, w), None);
    }
}
