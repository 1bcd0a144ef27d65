//! The common part of a neuron's input: the cross-correlations between the spike trains it
//! receives, predicted by linear response, as an extra input spectrum for the second-order
//! scheme ([`super::second_order`]).
//!
//! The input of a neuron of population a is x_a(t) = sum_b J_ab sum_{j in inputs from b}
//! s_j(t) (delta synapses; filtered by the synaptic low pass L_ab for exponential ones). Its
//! power spectrum is the sum of the K_ab auto-spectra (the independent part the scheme already
//! has, sum_b K_ab J_ab^2 S_b |L_ab|^2) plus the cross-spectra of all distinct pairs of inputs:
//!
//! ```text
//! S_common,a(f) = sum_{b,c} K_ab J_ab L_ab(f) (K_ac J_ac L_ac(f))^* X_bc(f),
//! ```
//!
//! with X_bc(f) the mean cross-spectrum of a neuron of b and a distinct neuron of c
//! ([`super::population_spectrum::pair_cross_spectra`]: (1 - M)^{-1} diag(A / N)
//! (1 - M)^{-H} without the auto part; Trousdale et al. 2012; Bos, Diesmann & Helias 2016).
//! The pairs of inputs are counted as K_ab K_ac (the K_ab instead of K_ab - 1 distinct partners
//! within one population is a 1/K error) and the inputs of one neuron are taken as a random
//! sample of their populations (no connectivity motifs). All inputs are taken to arrive with
//! the same delay, so that the delays drop out of the cross terms (exact for Brunel's
//! models, an approximation where the delays differ by population). The neuron's own
//! contribution to the network's fluctuations (its spikes coming back through the loop) is an
//! O(1/N) effect and is left out.
//!
//! The scheme iterates: spike spectra A and rates -> X(f) by linear response -> S_common ->
//! the single-neuron Monte Carlo with the total input spectrum -> new A and rates.

use super::characteristic::LinearisedNetwork;
use super::input::{MeanFieldNetwork, Response};
use super::population_spectrum::{NoiseSource, pair_cross_spectra};
use super::second_order::PowerSpectrum;
use eibal_model::error::Result;
use num_complex::Complex64;
use std::f64::consts::PI;

/// S_common,a(f) on `frequencies_hz` (module doc), one spectrum per population
/// ((V/s)^2/Hz, two-sided, the unit of the scheme's input spectra). `linear` is the network
/// linearised around `rates`; `source` the single-neuron spike-train spectra.
pub fn common_input_spectra(
    network: &MeanFieldNetwork,
    linear: &LinearisedNetwork,
    rates: &[f64],
    source: &NoiseSource,
    frequencies_hz: &[f64],
) -> Result<Vec<PowerSpectrum>> {
    let n = network.len();
    let sizes: Vec<usize> = network.model.populations.iter().map(|p| p.size).collect();
    let mut power = vec![Vec::with_capacity(frequencies_hz.len()); n];
    for &f in frequencies_hz {
        let x = pair_cross_spectra(linear, rates, &sizes, source, f)?;
        for (a, p) in network.populations.iter().enumerate() {
            let filtered = matches!(p.response, Response::LifExp(_));
            let w: Vec<Complex64> = network.couplings[a]
                .iter()
                .map(|c| {
                    let tau_s = if filtered && c.second_moment > 0.0 {
                        c.second_moment_tau / c.second_moment
                    } else {
                        0.0
                    };
                    Complex64::new(c.mean, 0.0) / Complex64::new(1.0, 2.0 * PI * f * tau_s)
                })
                .collect();
            let mut s = Complex64::new(0.0, 0.0);
            for b in 0..n {
                for c in 0..n {
                    s += w[b] * w[c].conj() * x[(b, c)];
                }
            }
            power[a].push(s.re);
        }
    }
    Ok(power
        .into_iter()
        .map(|p| PowerSpectrum {
            frequency_hz: frequencies_hz.to_vec(),
            power: p,
        })
        .collect())
}
