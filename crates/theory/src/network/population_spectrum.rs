//! Power spectra of the population rates and mean pairwise spike-count correlations of a
//! finite network, by linear response around a stable fixed point.
//!
//! Each neuron's spike train is its unperturbed train (the source) plus its linear response to
//! the fluctuations of the population rates it receives. Averaged over the N_a neurons of each
//! population, the cross-spectral matrix of the population rates r_a(t) = (1/N_a) sum_i s_i(t)
//! is (Lindner, Doiron & Longtin 2005, PRE 72:061919; Trousdale, Hu, Shea-Brown & Josic 2012,
//! PLoS Comput Biol 8:e1002408, eq. 7 at the population level; Bos, Diesmann & Helias 2016,
//! PLoS Comput Biol 12:e1004547, eq. 18; NNMT 1.3's `nnmt.lif.exp.power_spectra`)
//!
//! ```text
//! C(f) = (1 - M(f))^{-1} D(f) (1 - M(f))^{-H},     D(f) = diag(A_a(f) / N_a),
//! ```
//!
//! with M(f) = W(2 pi i f) the effective connectivity of the stability analysis
//! ([`super::characteristic::LinearisedNetwork::effective_connectivity`]: K J tau_m times the
//! transfer function times the delay kernel, with the synaptic low pass and, for delta
//! synapses, the variance channel), and A_a(f) the spike-train spectrum of one neuron of
//! population a driven by independent input noise: the Poisson approximation A_a = nu_a
//! (white, as NNMT), or the self-consistent spike-train spectrum of
//! [`super::second_order`] where that scheme applies (its low-frequency power
//! nu_a CV_a^2 is below nu_a for the regular trains of recurrent networks). The power of
//! population a is C_aa(f), TWO-sided, in Hz^2/Hz (NNMT's convention; a one-sided Welch
//! estimate is twice this). At high frequencies M -> 0 and C_aa -> A_a / N_a, the shot noise of
//! N_a neurons.
//!
//! The mean cross-spectrum of two distinct neurons of population a follows by removing the
//! N_a auto-spectra from the population's spectrum: c_a(f) = (N_a C_aa(f) - A_a(f)) / (N_a - 1).
//! The spike-count correlation coefficient in windows of length T is
//!
//! ```text
//! rho_a(T) = int c_a(f) K_T(f) df / int A_a(f) K_T(f) df,   K_T(f) = sin^2(pi f T) / (pi f)^2,
//! ```
//!
//! integrated over all f (both integrands are even); int K_T df = T gives the Poisson part of
//! the denominator exactly, the rest is the trapezoidal rule on the frequency grid (the
//! cross-spectrum beyond the grid's last frequency is left out: M is small there). For long
//! windows rho_a(inf) = c_a(0) / A_a(0).
//!
//! Assumes a linearly stable fixed point: around an unstable one the formula still has a value
//! on the imaginary axis (NNMT evaluates it regardless), but it is not a stationary prediction
//! (the variance of the linearised dynamics diverges). The caller says which case applies and
//! then predicts the rhythm from the fastest-growing root instead (`eibal_study::theory`).

use super::characteristic::LinearisedNetwork;
use super::second_order::PowerSpectrum;
use eibal_model::error::{Error, Result};
use nalgebra::DMatrix;
use num_complex::Complex64;
use serde::Serialize;
use std::f64::consts::PI;

/// The spike-train spectrum of a single neuron that drives the population fluctuations.
#[derive(Debug, Clone, PartialEq)]
pub enum NoiseSource {
    /// A_a(f) = nu_a: Poisson trains (Bos et al. 2016, NNMT).
    Poisson,
    /// A_a(f) from the self-consistent second-order scheme, one spectrum per population
    /// (interpolated linearly; nu_a beyond its last frequency).
    SpikeSpectra(Vec<PowerSpectrum>),
}

impl NoiseSource {
    /// The name printed in the output.
    pub fn name(&self) -> &'static str {
        match self {
            NoiseSource::Poisson => "poisson",
            NoiseSource::SpikeSpectra(_) => super::second_order::METHOD,
        }
    }

    /// A_a(f) (Hz).
    fn auto_spectrum(&self, a: usize, rate: f64, f: f64) -> f64 {
        match self {
            NoiseSource::Poisson => rate,
            NoiseSource::SpikeSpectra(s) => s.get(a).map_or(rate, |s| interpolate(s, f, rate)),
        }
    }
}

/// Linear interpolation of `s` at `f`; `beyond` above its last frequency.
fn interpolate(s: &PowerSpectrum, f: f64, beyond: f64) -> f64 {
    let (fs, ps) = (&s.frequency_hz, &s.power);
    match fs.iter().position(|&x| x >= f) {
        None => beyond,
        Some(0) => ps.first().copied().unwrap_or(beyond),
        Some(k) => {
            let t = (f - fs[k - 1]) / (fs[k] - fs[k - 1]);
            ps[k - 1] + t * (ps[k] - ps[k - 1])
        }
    }
}

/// The population-rate spectra and correlations of one network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PopulationSpectra {
    pub frequency_hz: Vec<f64>,
    /// power[a][k]: two-sided power of population a's rate at frequency_hz[k] (Hz^2/Hz).
    pub power: Vec<Vec<f64>>,
    /// cross[a][k]: mean cross-spectrum of two distinct neurons of population a (Hz).
    pub cross: Vec<Vec<f64>>,
    /// auto[a][k]: the single-neuron source spectrum A_a (Hz).
    pub auto: Vec<Vec<f64>>,
    /// `poisson` or `self_consistent_spike_spectrum`.
    pub source: &'static str,
}

/// The default frequency grid: 0 to 500 Hz in 1 Hz steps (the simulation's 1 ms bins reach
/// 500 Hz).
pub fn default_frequencies() -> Vec<f64> {
    (0..=500).map(f64::from).collect()
}

/// C_aa(f) on `frequencies_hz` (>= 0, increasing) for a network linearised around rates
/// `rates` (Hz) with `sizes` neurons per population.
pub fn population_spectra(
    linear: &LinearisedNetwork,
    rates: &[f64],
    sizes: &[usize],
    source: &NoiseSource,
    frequencies_hz: &[f64],
) -> Result<PopulationSpectra> {
    let n = linear.len();
    if rates.len() != n || sizes.len() != n {
        return Err(Error::BadInput(format!(
            "population spectrum: {n} populations need {n} rates and sizes, got {} and {}",
            rates.len(),
            sizes.len()
        )));
    }
    if rates.iter().any(|r| !(r.is_finite() && *r >= 0.0)) || sizes.contains(&0) {
        return Err(Error::BadInput(
            "population spectrum: rates must be finite and >= 0, sizes >= 1".into(),
        ));
    }
    let increasing = frequencies_hz.windows(2).all(|w| w[1] > w[0]);
    if frequencies_hz.is_empty()
        || !increasing
        || frequencies_hz.iter().any(|f| !(f.is_finite() && *f >= 0.0))
    {
        return Err(Error::BadInput(
            "population spectrum: frequencies must be finite, >= 0 and increasing".into(),
        ));
    }
    let mut power = vec![Vec::with_capacity(frequencies_hz.len()); n];
    let mut cross = power.clone();
    let mut auto = power.clone();
    for &f in frequencies_hz {
        let a_f: Vec<f64> = (0..n)
            .map(|a| source.auto_spectrum(a, rates[a], f).max(0.0))
            .collect();
        let c = cross_spectral_matrix(linear, f, &a_f, sizes)?;
        for a in 0..n {
            let c_aa = c[(a, a)].re;
            let size = sizes[a] as f64;
            power[a].push(c_aa);
            cross[a].push(if sizes[a] > 1 {
                (size * c_aa - a_f[a]) / (size - 1.0)
            } else {
                0.0
            });
            auto[a].push(a_f[a]);
        }
    }
    Ok(PopulationSpectra {
        frequency_hz: frequencies_hz.to_vec(),
        power,
        cross,
        auto,
        source: source.name(),
    })
}

/// The mean cross-spectrum X_bc(f) of a neuron of b and a distinct neuron of c (Hz):
/// C_bc(f) for b != c, (N_b C_bb - A_b) / (N_b - 1) on the diagonal (module doc).
pub fn pair_cross_spectra(
    linear: &LinearisedNetwork,
    rates: &[f64],
    sizes: &[usize],
    source: &NoiseSource,
    f: f64,
) -> Result<DMatrix<Complex64>> {
    let n = linear.len();
    if rates.len() != n || sizes.len() != n || sizes.contains(&0) {
        return Err(Error::BadInput(format!(
            "pair cross-spectra: {n} populations need {n} rates and sizes >= 1"
        )));
    }
    let a_f: Vec<f64> = (0..n)
        .map(|a| source.auto_spectrum(a, rates[a], f).max(0.0))
        .collect();
    let mut c = cross_spectral_matrix(linear, f, &a_f, sizes)?;
    for b in 0..n {
        let size = sizes[b] as f64;
        c[(b, b)] = if sizes[b] > 1 {
            Complex64::new((size * c[(b, b)].re - a_f[b]) / (size - 1.0), 0.0)
        } else {
            Complex64::new(0.0, 0.0)
        };
    }
    Ok(c)
}

/// C(f) = Q D Q^H with Q = (1 - M(f))^{-1}, D = diag(A_a / N_a).
fn cross_spectral_matrix(
    linear: &LinearisedNetwork,
    f: f64,
    auto: &[f64],
    sizes: &[usize],
) -> Result<DMatrix<Complex64>> {
    let n = linear.len();
    let w = linear.effective_connectivity(Complex64::new(0.0, 2.0 * PI * f))?;
    let one_minus = DMatrix::<Complex64>::identity(n, n) - w;
    let q = one_minus.try_inverse().ok_or_else(|| {
        Error::Runtime(format!(
            "population spectrum: 1 - M(f) is singular at {f} Hz (a root of the \
             characteristic equation on the imaginary axis: the fixed point is marginally \
             stable there)"
        ))
    })?;
    let d = DMatrix::<Complex64>::from_fn(n, n, |a, b| {
        if a == b {
            Complex64::new(auto[a] / sizes[a] as f64, 0.0)
        } else {
            Complex64::new(0.0, 0.0)
        }
    });
    let c = &q * d * q.adjoint();
    if c.iter().any(|x| !(x.re.is_finite() && x.im.is_finite())) {
        return Err(Error::Runtime(format!(
            "population spectrum: the cross-spectral matrix is not finite at {f} Hz"
        )));
    }
    Ok(c)
}

impl PopulationSpectra {
    /// rho_a(T): the mean pairwise spike-count correlation coefficient of population a in
    /// windows of `window_s` (module doc); `None` for a silent population.
    pub fn count_correlation(&self, a: usize, window_s: f64) -> Option<f64> {
        let (fs, cross, auto) = (&self.frequency_hz, self.cross.get(a)?, self.auto.get(a)?);
        let rate = *auto.last()?;
        if window_s.is_nan() || window_s <= 0.0 || rate <= 0.0 || fs.len() < 2 {
            return None;
        }
        let kernel = |f: f64| {
            let x = PI * f * window_s;
            if x.abs() < 1e-8 {
                window_s * window_s
            } else {
                (x.sin() / (PI * f)).powi(2)
            }
        };
        // Even integrands: int over all f = 2 int_0^inf (trapezoids from the first frequency).
        let mut covariance = 0.0;
        let mut excess = 0.0;
        for k in 1..fs.len() {
            let (f0, f1) = (fs[k - 1], fs[k]);
            let h = 0.5 * (f1 - f0);
            covariance += h * (cross[k - 1] * kernel(f0) + cross[k] * kernel(f1));
            excess += h * ((auto[k - 1] - rate) * kernel(f0) + (auto[k] - rate) * kernel(f1));
        }
        let variance = rate * window_s + 2.0 * excess;
        let rho = 2.0 * covariance / variance;
        (variance > 0.0 && rho.is_finite()).then_some(rho)
    }

    /// rho_a(inf) = c_a(0) / A_a(0), when the grid starts at 0 Hz.
    pub fn long_window_correlation(&self, a: usize) -> Option<f64> {
        if self.frequency_hz.first() != Some(&0.0) {
            return None;
        }
        let (c, s) = (*self.cross.get(a)?.first()?, *self.auto.get(a)?.first()?);
        (s > 0.0).then_some(c / s)
    }

    /// The frequency of population a's spectral peak, if it has one: the largest local
    /// maximum above `min_hz` that rises at least `prominence` times over the lowest power
    /// between it and `min_hz`. `None`: the spectrum falls or rises monotonically (no peak).
    pub fn peak(&self, a: usize, min_hz: f64, prominence: f64) -> Option<(f64, f64)> {
        spectral_peak(&self.frequency_hz, self.power.get(a)?, min_hz, prominence)
    }
}

/// The largest interior local maximum of `power` above `min_hz` whose power is at least
/// `prominence` times the lowest power between `min_hz` and it: (frequency, power).
pub fn spectral_peak(
    frequency_hz: &[f64],
    power: &[f64],
    min_hz: f64,
    prominence: f64,
) -> Option<(f64, f64)> {
    let start = frequency_hz.iter().position(|&f| f >= min_hz)?;
    let mut best: Option<(f64, f64)> = None;
    let mut lowest = f64::INFINITY;
    for k in start..power.len() {
        lowest = lowest.min(power[k]);
        let interior = k > start && k + 1 < power.len();
        let local_max = interior && power[k] >= power[k - 1] && power[k] > power[k + 1];
        if local_max && power[k] >= prominence * lowest && best.is_none_or(|(_, p)| power[k] > p) {
            best = Some((frequency_hz[k], power[k]));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::characteristic::UnitTransfer;

    /// One population with a low-pass transfer function and no delay: M(f) = w / (1 + i 2 pi
    /// f tau), so C(f) = (nu / N) |1 + i 2 pi f tau|^2 / |1 + i 2 pi f tau - w|^2.
    #[test]
    fn one_population_low_pass_matches_the_closed_form() {
        let (w, tau, nu, size) = (-2.0, 0.01, 10.0, 100);
        let linear = LinearisedNetwork::with_units(
            DMatrix::from_element(1, 1, w),
            DMatrix::from_element(1, 1, 0.0),
            vec![UnitTransfer::LowPass { gain: 1.0, tau }],
        )
        .unwrap();
        let fs = [0.0, 5.0, 50.0, 400.0];
        let s = population_spectra(&linear, &[nu], &[size], &NoiseSource::Poisson, &fs).unwrap();
        for (k, f) in fs.iter().enumerate() {
            let z = Complex64::new(1.0, 2.0 * PI * f * tau);
            let expected = nu / size as f64 * z.norm_sqr() / (z - w).norm_sqr();
            assert!((s.power[0][k] - expected).abs() < 1e-12 * expected, "{f}");
        }
        // Inhibitory feedback: negative pairwise correlation in long windows,
        // c(0) = (N C(0) - nu) / (N - 1) with C(0) = (nu / N) / (1 - w)^2.
        let c0 = (nu / (1.0 - w).powi(2) - nu) / (size as f64 - 1.0);
        let rho = s.long_window_correlation(0).unwrap();
        assert!((rho - c0 / nu).abs() < 1e-12, "{rho}");
    }

    #[test]
    fn uncoupled_poisson_neurons_are_uncorrelated_and_peakless() {
        let linear = LinearisedNetwork::with_units(
            DMatrix::from_element(1, 1, 0.0),
            DMatrix::from_element(1, 1, 0.001),
            vec![UnitTransfer::LowPass {
                gain: 1.0,
                tau: 0.01,
            }],
        )
        .unwrap();
        let fs = default_frequencies();
        let s = population_spectra(&linear, &[5.0], &[1000], &NoiseSource::Poisson, &fs).unwrap();
        assert!(s.power[0].iter().all(|p| (p - 5.0 / 1000.0).abs() < 1e-15));
        assert_eq!(s.count_correlation(0, 0.01), Some(0.0));
        assert!(s.peak(0, 2.0, 1.01).is_none());
    }

    #[test]
    fn a_resonance_is_found_and_a_flat_spectrum_is_not() {
        let fs: Vec<f64> = (0..100).map(f64::from).collect();
        let bump: Vec<f64> = fs
            .iter()
            .map(|f| 1.0 + 3.0 * (-((f - 40.0) / 5.0).powi(2)).exp())
            .collect();
        assert_eq!(spectral_peak(&fs, &bump, 2.0, 1.5), Some((40.0, 4.0)));
        let falling: Vec<f64> = fs.iter().map(|f| 1.0 / (1.0 + f)).collect();
        assert!(spectral_peak(&fs, &falling, 2.0, 1.01).is_none());
    }

    #[test]
    fn bad_input_is_refused() {
        let linear = LinearisedNetwork::with_units(
            DMatrix::from_element(1, 1, 0.0),
            DMatrix::from_element(1, 1, 0.0),
            vec![UnitTransfer::LowPass {
                gain: 1.0,
                tau: 0.01,
            }],
        )
        .unwrap();
        let p = NoiseSource::Poisson;
        assert!(population_spectra(&linear, &[1.0], &[0], &p, &[1.0]).is_err());
        assert!(population_spectra(&linear, &[1.0], &[1], &p, &[2.0, 1.0]).is_err());
        assert!(population_spectra(&linear, &[f64::NAN], &[1], &p, &[1.0]).is_err());
    }
}
