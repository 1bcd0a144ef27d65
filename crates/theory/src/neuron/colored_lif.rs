//! One LIF neuron driven by stationary Gaussian noise of a prescribed power spectrum, sampled
//! by Monte Carlo: the sampled half of the second-order self-consistent scheme
//! ([`crate::network::second_order`]; Dummer, Wieland & Lindner 2014, Front Comput Neurosci
//! 8:104, section 2.2; Vellmer & Lindner 2019, Phys Rev Research 1:023024).
//!
//! The neuron (voltages relative to rest, times in s):
//!
//! ```text
//! dV/dt = (mu - V) / tau_m + x(t),    V >= theta: spike, V -> v_reset for t_ref,
//! ```
//!
//! where x(t) is zero-mean Gaussian noise with two-sided power spectral density S_x(f)
//! ((V/s)^2/Hz). For delta synapses x is the summed input spike trains times their jumps minus
//! their mean, S_x(f) = sum_b K_ab J_ab^2 S_b(f) (S_b the spike-train spectrum of source b,
//! Poisson: S_b = nu_b); with S_x = D constant this is the diffusion limit of Brunel (2000)
//! with sigma^2 = tau_m D. For exponential synapses x is the synaptic current, S_x is the same
//! sum times the low-pass 1 / (1 + (2 pi f tau_s)^2).
//!
//! Numerics:
//! - x is synthesised block by block by spectral synthesis (random phases and Gaussian
//!   amplitudes on the FFT grid, f_k = k / (N dt), variance sum_k S_x(f_k) / (N dt)); blocks are
//!   independent, the voltage carries over;
//! - the membrane is integrated exactly for constant input over a step,
//!   V' = mu + (V - mu) e^{-dt/tau} + x dt;
//! - for delta synapses the white part D = S_x(f -> inf) of the noise crosses the threshold
//!   between grid points too: a step that ends below threshold fires with the Brownian-bridge
//!   probability exp(-2 (theta - V) (theta - V') / (D dt)) (the first-passage probability of a
//!   Brownian bridge; without it the rate is biased low by O(sqrt(dt))).
//!
//! Estimates and their sampling errors: rate (spikes / time, error from the block-to-block
//! scatter), CV of the ISIs (all intervals pooled; error from batch means over groups of
//! blocks), Fano factor of counts in windows (as the simulation analysis measures it), the
//! spike-train power spectrum (periodogram of the binned train, averaged over blocks and then
//! over neighbouring frequencies; relative error about 1 / sqrt(blocks x bins averaged)), and
//! the susceptibility chi(f) of the firing rate to an additive perturbation of x (below).
//! Deterministic: the seed fixes every random number.
//!
//! **Susceptibility from the cross-spectrum (Furutsu-Novikov).** For a system driven by
//! stationary Gaussian noise x, the Furutsu-Novikov theorem (Furutsu 1963; Novikov 1965)
//! gives <y(t) x(t')> = int <delta y(t) / delta x(s)> C_xx(s - t') ds, and the mean functional
//! derivative is the linear response function of <y> to a deterministic additive perturbation
//! of x. In the frequency domain, for the spike train y:
//!
//! ```text
//! S_yx(f) = chi(f) S_xx(f),     chi(f) = S_yx(f) / S_xx(f)
//! ```
//!
//! (used for integrate-and-fire neurons by Lindner 2022, PRL 129:198101, and Stubenrauch &
//! Lindner 2024, PRX 14:041047, who state it for coloured Gaussian noise). chi is in Hz per
//! (V/s): a perturbation eps(t) added to x changes the rate by int chi(t - s) eps(s) ds; for
//! white noise chi(f) = tau_m H(2 pi i f) with H the transfer function with respect to mu
//! (Lindner & Schimansky-Geier 2001). Estimate: the ratio of the block-averaged cross
//! periodogram Y_k X_k^* to the block-averaged |X_k|^2 (X_k the synthesised Fourier
//! coefficients of the noise, Y_k those of the binned train), both smoothed as the spectrum;
//! standard error from the scatter of the same ratio over [`BATCHES`] groups of blocks. The
//! noise of a block is periodic while the neuron's memory spans the block boundary, which
//! biases chi by about (memory time) / (block length), below 1 % for blocks of seconds.

use num_complex::Complex64;
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use rustfft::FftPlanner;

/// The neuron of the Monte Carlo (SI units, voltages relative to rest).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColoredLif {
    pub tau_m: f64,
    pub t_ref: f64,
    pub theta: f64,
    pub v_reset: f64,
    /// Mean input (the free membrane potential's mean), V.
    pub mu: f64,
    /// White-noise intensity D of the noise's high-frequency limit ((V/s)^2/Hz) for the
    /// Brownian-bridge crossings; 0 for filtered (smooth) noise.
    pub white_intensity: f64,
}

/// Sampling set-up: `blocks` blocks of `block_len` steps of `dt`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SamplingOptions {
    pub dt: f64,
    /// Steps per block, a power of two.
    pub block_len: usize,
    pub blocks: usize,
    /// Window of the Fano factor (s).
    pub fano_window: f64,
    pub seed: u64,
    /// Estimate the susceptibility chi (about 10 % more time); off: it is left empty.
    pub susceptibility: bool,
}

impl Default for SamplingOptions {
    fn default() -> SamplingOptions {
        SamplingOptions {
            dt: 5e-5,
            block_len: 1 << 16,
            blocks: 40,
            fano_window: 0.1,
            seed: 0x005e_ed0f_5ec0,
            susceptibility: false,
        }
    }
}

impl SamplingOptions {
    /// Frequency resolution 1 / (N dt) of the spectra (Hz).
    pub fn df(&self) -> f64 {
        1.0 / (self.block_len as f64 * self.dt)
    }

    /// Frequency bins 0..=N/2 of the spectra.
    pub fn bins(&self) -> usize {
        self.block_len / 2 + 1
    }

    /// Sampled time (s).
    pub fn duration(&self) -> f64 {
        self.dt * (self.block_len * self.blocks) as f64
    }
}

/// What the Monte Carlo measured, with standard errors.
#[derive(Debug, Clone, PartialEq)]
pub struct SampledStatistics {
    pub rate: f64,
    pub rate_se: f64,
    /// CV of the ISIs (NaN with fewer than 3 spikes).
    pub cv: f64,
    pub cv_se: f64,
    pub fano: f64,
    pub fano_se: f64,
    /// Two-sided spike-train power spectrum (Hz) at f_k = k df, k = 0..=N/2, smoothed; the
    /// k = 0 value is extrapolated from its neighbours (each block's mean is removed).
    pub spectrum: Vec<f64>,
    /// chi(f_k) = S_yx / S_xx (Hz per V/s), the rate's response to an additive perturbation
    /// of the input x (module doc), on the spectrum's grid; k = 0 from its neighbour. Empty
    /// unless [`SamplingOptions::susceptibility`].
    pub susceptibility: Vec<Complex64>,
    /// Standard error of |chi - estimate| per frequency (batch scatter; NaN for one batch).
    pub susceptibility_se: Vec<f64>,
    pub spikes: usize,
}

/// Samples the neuron driven by noise of spectrum `input_psd` (values at f_k = k df, k = 0..=N/2).
pub fn sample(
    neuron: &ColoredLif,
    input_psd: &[f64],
    options: &SamplingOptions,
) -> SampledStatistics {
    let n = options.block_len;
    let dt = options.dt;
    let mut planner = FftPlanner::<f64>::new();
    let inverse = planner.plan_fft_inverse(n);
    let forward = planner.plan_fft_forward(n);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(options.seed);
    // Amplitude of each Fourier coefficient: sqrt(S N / dt) (see the module doc).
    let amplitude: Vec<f64> = (0..options.bins())
        .map(|k| (input_psd.get(k).copied().unwrap_or(0.0).max(0.0) * n as f64 / dt).sqrt())
        .collect();
    let decay = (-dt / neuron.tau_m).exp();
    let bridge = if neuron.white_intensity > 0.0 {
        2.0 / (neuron.white_intensity * dt)
    } else {
        0.0
    };
    let refractory_steps = (neuron.t_ref / dt).round() as usize;
    let mut state = MembraneState {
        v: neuron.v_reset,
        refractory: 0,
    };
    let mut spectrum = vec![0.0; options.bins()];
    let batches = BATCHES.min(options.blocks).max(1);
    let per_batch = options.blocks / batches;
    let sums = if options.susceptibility {
        options.bins()
    } else {
        0
    };
    let mut cross = vec![CrossSums::new(sums); batches];
    let mut buffer = vec![Complex64::new(0.0, 0.0); n];
    let mut noise = vec![Complex64::new(0.0, 0.0); sums];
    let mut block_counts = Vec::with_capacity(options.blocks);
    let mut intervals: Vec<Vec<f64>> = Vec::with_capacity(options.blocks);
    let mut fano_blocks = Vec::with_capacity(options.blocks);
    let mut last_spike: Option<f64> = None;
    let per_window = ((options.fano_window / dt).round() as usize).max(1);
    for block in 0..options.blocks {
        synthesise(&amplitude, &mut rng, &mut buffer);
        if options.susceptibility {
            noise.copy_from_slice(&buffer[..options.bins()]);
        }
        inverse.process(&mut buffer);
        let scale = 1.0 / n as f64;
        let mut spike_steps = Vec::new();
        for (i, x) in buffer.iter().enumerate() {
            if state.step(
                neuron,
                x.re * scale,
                decay,
                dt,
                bridge,
                refractory_steps,
                &mut rng,
            ) {
                spike_steps.push(i);
            }
        }
        let t0 = block as f64 * n as f64 * dt;
        let mut isi = Vec::with_capacity(spike_steps.len());
        for &i in &spike_steps {
            let t = t0 + (i + 1) as f64 * dt;
            if let Some(previous) = last_spike {
                isi.push(t - previous);
            }
            last_spike = Some(t);
        }
        intervals.push(isi);
        block_counts.push(spike_steps.len());
        fano_blocks.push(window_counts(&spike_steps, per_window, n));
        add_periodogram(
            &spike_steps,
            n,
            dt,
            forward.as_ref(),
            &mut buffer,
            &mut spectrum,
        );
        // `buffer` now holds Y_k, the transform of the binned train.
        if options.susceptibility {
            cross[(block / per_batch.max(1)).min(batches - 1)].add(&buffer, &noise);
        }
    }
    for s in &mut spectrum {
        *s /= options.blocks as f64;
    }
    let (susceptibility, susceptibility_se) = if options.susceptibility {
        susceptibility(&cross)
    } else {
        (Vec::new(), Vec::new())
    };
    let mut stats = summarise(
        options,
        block_counts,
        &intervals,
        &fano_blocks,
        smooth(&spectrum),
    );
    stats.susceptibility = susceptibility;
    stats.susceptibility_se = susceptibility_se;
    stats
}

/// Block sums of the cross periodogram Y_k X_k^* and of |X_k|^2 over one batch of blocks.
#[derive(Clone)]
struct CrossSums {
    cross_re: Vec<f64>,
    cross_im: Vec<f64>,
    noise: Vec<f64>,
}

impl CrossSums {
    fn new(bins: usize) -> CrossSums {
        CrossSums {
            cross_re: vec![0.0; bins],
            cross_im: vec![0.0; bins],
            noise: vec![0.0; bins],
        }
    }

    fn add(&mut self, y: &[Complex64], x: &[Complex64]) {
        for (k, xk) in x.iter().enumerate() {
            let c = y[k] * xk.conj();
            self.cross_re[k] += c.re;
            self.cross_im[k] += c.im;
            self.noise[k] += xk.norm_sqr();
        }
    }

    /// chi_k = smooth(cross) / smooth(|X|^2) (0 where the noise has no power).
    fn ratio(&self) -> Vec<Complex64> {
        let (re, im, x) = (
            smooth(&self.cross_re),
            smooth(&self.cross_im),
            smooth(&self.noise),
        );
        (0..x.len())
            .map(|k| {
                if x[k] > 0.0 {
                    Complex64::new(re[k] / x[k], im[k] / x[k])
                } else {
                    Complex64::new(0.0, 0.0)
                }
            })
            .collect()
    }
}

/// chi from all batches together and its standard error from their scatter.
fn susceptibility(batches: &[CrossSums]) -> (Vec<Complex64>, Vec<f64>) {
    let Some(first) = batches.first() else {
        return (Vec::new(), Vec::new());
    };
    let mut total = CrossSums::new(first.noise.len());
    for b in batches {
        for k in 0..total.noise.len() {
            total.cross_re[k] += b.cross_re[k];
            total.cross_im[k] += b.cross_im[k];
            total.noise[k] += b.noise[k];
        }
    }
    let chi = total.ratio();
    let per_batch: Vec<Vec<Complex64>> = batches.iter().map(CrossSums::ratio).collect();
    let m = per_batch.len() as f64;
    let se = (0..chi.len())
        .map(|k| {
            if per_batch.len() < 2 {
                return f64::NAN;
            }
            let mean = per_batch.iter().map(|c| c[k]).sum::<Complex64>() / m;
            let var = per_batch
                .iter()
                .map(|c| (c[k] - mean).norm_sqr())
                .sum::<f64>()
                / (m - 1.0);
            (var / m).sqrt()
        })
        .collect();
    (chi, se)
}

/// The membrane's state between steps.
struct MembraneState {
    v: f64,
    /// Steps left in the refractory period.
    refractory: usize,
}

impl MembraneState {
    /// One step with input x (V/s); true if the neuron fired in it.
    #[allow(clippy::too_many_arguments)]
    fn step(
        &mut self,
        neuron: &ColoredLif,
        x: f64,
        decay: f64,
        dt: f64,
        bridge: f64,
        refractory_steps: usize,
        rng: &mut Xoshiro256PlusPlus,
    ) -> bool {
        if self.refractory > 0 {
            self.refractory -= 1;
            return false;
        }
        let v0 = self.v;
        let v1 = neuron.mu + (v0 - neuron.mu) * decay + x * dt;
        let fired = v1 >= neuron.theta
            || (bridge > 0.0
                && rng.random::<f64>()
                    < (-bridge * (neuron.theta - v0) * (neuron.theta - v1)).exp());
        if fired {
            self.v = neuron.v_reset;
            self.refractory = refractory_steps;
        } else {
            self.v = v1;
        }
        fired
    }
}

/// Hermitian random Fourier coefficients with E|X_k|^2 = amplitude_k^2 (k = 0..=N/2 given).
fn synthesise(amplitude: &[f64], rng: &mut Xoshiro256PlusPlus, buffer: &mut [Complex64]) {
    let n = buffer.len();
    buffer[0] = Complex64::new(amplitude[0] * normal(rng), 0.0);
    buffer[n / 2] = Complex64::new(amplitude[n / 2] * normal(rng), 0.0);
    for k in 1..n / 2 {
        let a = amplitude[k] * std::f64::consts::FRAC_1_SQRT_2;
        let z = Complex64::new(a * normal(rng), a * normal(rng));
        buffer[k] = z;
        buffer[n - k] = z.conj();
    }
}

/// A standard normal number (Box-Muller, one of the pair).
fn normal(rng: &mut Xoshiro256PlusPlus) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>();
    let u2: f64 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// Spike counts in consecutive windows of `per_window` steps inside one block.
fn window_counts(spike_steps: &[usize], per_window: usize, n: usize) -> Vec<f64> {
    let mut counts = vec![0.0; n / per_window];
    for &i in spike_steps {
        if let Some(c) = counts.get_mut(i / per_window) {
            *c += 1.0;
        }
    }
    counts
}

/// Adds the periodogram dt / N |FFT(b - mean b)|^2 of the binned train b = counts / dt.
fn add_periodogram(
    spike_steps: &[usize],
    n: usize,
    dt: f64,
    forward: &dyn rustfft::Fft<f64>,
    buffer: &mut [Complex64],
    spectrum: &mut [f64],
) {
    let mean = spike_steps.len() as f64 / (n as f64 * dt);
    for b in buffer.iter_mut() {
        *b = Complex64::new(-mean, 0.0);
    }
    for &i in spike_steps {
        buffer[i].re += 1.0 / dt;
    }
    forward.process(buffer);
    for (k, s) in spectrum.iter_mut().enumerate() {
        *s += buffer[k].norm_sqr() * dt / n as f64;
    }
}

/// Running mean over neighbouring bins, the half-width growing with frequency (2 bins at the
/// bottom, k/16 above): a spectrum varies on the scale of its own frequency.
pub fn smooth(spectrum: &[f64]) -> Vec<f64> {
    let len = spectrum.len();
    let mut prefix = vec![0.0; len + 1];
    for (i, s) in spectrum.iter().enumerate() {
        prefix[i + 1] = prefix[i] + s;
    }
    let mut out: Vec<f64> = (0..len)
        .map(|k| {
            let w = (k / 16).max(2);
            let lo = k.saturating_sub(w).max(1);
            let hi = (k + w).min(len - 1);
            if hi < lo {
                return spectrum[k];
            }
            (prefix[hi + 1] - prefix[lo]) / (hi + 1 - lo) as f64
        })
        .collect();
    if len > 1 {
        out[0] = out[1];
    }
    out
}

fn mean_and_se(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    if values.len() < 2 {
        return (mean, f64::NAN);
    }
    let var = values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

fn cv_of(intervals: &[f64]) -> f64 {
    if intervals.len() < 2 {
        return f64::NAN;
    }
    let n = intervals.len() as f64;
    let mean = intervals.iter().sum::<f64>() / n;
    let var = intervals.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    var.sqrt() / mean
}

/// Number of batches for the batch-means error of the CV and Fano factor.
const BATCHES: usize = 8;

fn summarise(
    options: &SamplingOptions,
    block_counts: Vec<usize>,
    intervals: &[Vec<f64>],
    fano_blocks: &[Vec<f64>],
    spectrum: Vec<f64>,
) -> SampledStatistics {
    let block_time = options.dt * options.block_len as f64;
    let rates: Vec<f64> = block_counts
        .iter()
        .map(|&c| c as f64 / block_time)
        .collect();
    let (rate, rate_se) = mean_and_se(&rates);
    let batches = BATCHES.min(options.blocks).max(1);
    let per_batch = options.blocks / batches;
    let group = |b: usize| b * per_batch..((b + 1) * per_batch).min(options.blocks);
    let all: Vec<f64> = intervals.iter().flatten().copied().collect();
    let cv = cv_of(&all);
    let batch_cvs: Vec<f64> = (0..batches)
        .map(|b| cv_of(&intervals[group(b)].concat()))
        .filter(|c| c.is_finite())
        .collect();
    let counts: Vec<f64> = fano_blocks.iter().flatten().copied().collect();
    let fano_of = |c: &[f64]| {
        let (m, _) = mean_and_se(c);
        let var = c.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (c.len() as f64 - 1.0);
        var / m
    };
    let fano = fano_of(&counts);
    let batch_fanos: Vec<f64> = (0..batches)
        .map(|b| fano_of(&fano_blocks[group(b)].concat()))
        .filter(|f| f.is_finite())
        .collect();
    SampledStatistics {
        rate,
        rate_se,
        cv,
        cv_se: mean_and_se(&batch_cvs).1,
        fano,
        fano_se: mean_and_se(&batch_fanos).1,
        spectrum,
        susceptibility: Vec::new(),
        susceptibility_se: Vec::new(),
        spikes: block_counts.iter().sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::neuron::cv::cv_isi;
    use crate::neuron::siegert::siegert_rate;

    /// The neuron of Brunel (2000) appendix A (SI units) used by the white-noise checks.
    const TAU: f64 = 0.02;
    const T_REF: f64 = 0.002;
    const THETA: f64 = 0.02;
    const V_RESET: f64 = 0.01;

    /// That neuron with mean input `mu` under white noise of standard deviation `sigma`, and
    /// the noise intensity D = sigma^2 / tau_m.
    fn white_noise_neuron(mu: f64, sigma: f64) -> (ColoredLif, f64) {
        let d = sigma * sigma / TAU;
        let neuron = ColoredLif {
            tau_m: TAU,
            t_ref: T_REF,
            theta: THETA,
            v_reset: V_RESET,
            mu,
            white_intensity: d,
        };
        (neuron, d)
    }

    /// White noise of intensity D: the neuron of Brunel (2000) appendix A. The sampled rate and
    /// CV must match the Siegert rate and the CV double integral within a few standard errors
    /// (plus the O(dt) bias of the grid).
    #[test]
    fn white_noise_matches_siegert_rate_and_cv() {
        let (tau, t_ref, theta, vr) = (TAU, T_REF, THETA, V_RESET);
        for (mu, sigma) in [(0.019, 0.005), (0.015, 0.004), (0.024, 0.002)] {
            let options = SamplingOptions {
                blocks: 24,
                ..SamplingOptions::default()
            };
            let (neuron, d) = white_noise_neuron(mu, sigma);
            let s = sample(&neuron, &vec![d; options.bins()], &options);
            let rate = siegert_rate(tau, t_ref, theta, vr, mu, sigma);
            let cv = cv_isi(tau, t_ref, theta, vr, mu, sigma);
            assert!(
                (s.rate - rate).abs() < 4.0 * s.rate_se + 0.005 * rate,
                "mu {mu}: rate {} +- {} vs Siegert {rate}",
                s.rate,
                s.rate_se
            );
            assert!(
                (s.cv - cv).abs() < 4.0 * s.cv_se + 0.005,
                "mu {mu}: CV {} +- {} vs {cv}",
                s.cv,
                s.cv_se
            );
            // A renewal train: Fano factor of long windows -> CV^2; spectrum -> rate at high f.
            let high = &s.spectrum[s.spectrum.len() / 2..];
            let high_mean = high.iter().sum::<f64>() / high.len() as f64;
            assert!(
                (high_mean / s.rate - 1.0).abs() < 0.03,
                "{high_mean} vs {}",
                s.rate
            );
        }
    }

    /// Furutsu-Novikov: under white noise the susceptibility estimated from the cross-spectrum
    /// of train and noise must equal tau_m H(2 pi i f), H the analytical transfer function of
    /// Lindner & Schimansky-Geier (2001) (an independent computation: parabolic cylinder
    /// functions), within a few standard errors plus the O(dt) bias of the grid.
    #[test]
    fn white_noise_susceptibility_matches_the_analytical_transfer_function() {
        use crate::neuron::transfer::{
            LifOperatingPoint, LifTransfer, SynapticFilter, TransferForm,
        };
        let (tau, t_ref, theta, vr, mu, sigma) = (TAU, T_REF, THETA, V_RESET, 0.019, 0.005);
        let options = SamplingOptions {
            blocks: 32,
            susceptibility: true,
            ..SamplingOptions::default()
        };
        let (neuron, d) = white_noise_neuron(mu, sigma);
        let s = sample(&neuron, &vec![d; options.bins()], &options);
        let point = LifOperatingPoint {
            tau_m: tau,
            t_ref,
            v_th: theta,
            v_reset: vr,
            mu,
            sigma,
            rate: siegert_rate(tau, t_ref, theta, vr, mu, sigma),
        };
        let h = LifTransfer::new(point, SynapticFilter::None, TransferForm::Exact).unwrap();
        for f in [2.0, 10.0, 30.0, 60.0, 120.0, 250.0] {
            let k = (f / options.df()).round() as usize;
            let fk = k as f64 * options.df();
            let expected = h
                .eval(Complex64::new(0.0, 2.0 * std::f64::consts::PI * fk))
                .unwrap()
                * tau;
            let (chi, se) = (s.susceptibility[k], s.susceptibility_se[k]);
            assert!(
                (chi - expected).norm() < 4.0 * se + 0.03 * expected.norm(),
                "{f} Hz: sampled chi {chi} +- {se}, analytical {expected}"
            );
            assert!(se < 0.1 * expected.norm(), "{f} Hz: se {se} vs {expected}");
        }
    }

    #[test]
    fn same_seed_same_numbers() {
        let options = SamplingOptions {
            blocks: 2,
            block_len: 1 << 12,
            ..SamplingOptions::default()
        };
        let neuron = ColoredLif {
            tau_m: 0.02,
            t_ref: 0.002,
            theta: 0.02,
            v_reset: 0.01,
            mu: 0.019,
            white_intensity: 1e-3,
        };
        let psd = vec![1e-3; options.bins()];
        assert_eq!(
            sample(&neuron, &psd, &options),
            sample(&neuron, &psd, &options)
        );
    }
}
