//! Power spectrum of the population rate (Welch 1967) and its peak.

use rustfft::{FftPlanner, num_complex::Complex};
use serde::Serialize;

/// One-sided power spectral density estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct Spectrum {
    pub frequencies_hz: Vec<f64>,
    /// Power spectral density (signal unit^2 per Hz).
    pub power: Vec<f64>,
}

/// The spectral peak away from zero frequency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpectralPeak {
    pub frequency_hz: f64,
    /// Peak power over the median power of the spectrum: ~1 means no peak at all.
    pub prominence: f64,
}

/// Welch's estimate: the mean-subtracted `signal` (sampled every `dt` s) is cut into segments
/// of `segment` samples (a power of two at most the signal length) overlapping by half, each
/// Hann-windowed; their periodograms are averaged. `None` if the signal is shorter than 16
/// samples.
pub fn welch(signal: &[f64], dt: f64, segment: usize) -> Option<Spectrum> {
    if signal.len() < 16 || dt <= 0.0 {
        return None;
    }
    let mut seg = segment.max(16).min(signal.len()).next_power_of_two();
    if seg > signal.len() {
        seg /= 2;
    }
    let mean = signal.iter().sum::<f64>() / signal.len() as f64;
    let window: Vec<f64> = (0..seg)
        .map(|k| 0.5 - 0.5 * (2.0 * std::f64::consts::PI * k as f64 / seg as f64).cos())
        .collect();
    let norm: f64 = window.iter().map(|w| w * w).sum::<f64>();
    let fft = FftPlanner::new().plan_fft_forward(seg);
    let half = seg / 2 + 1;
    let mut power = vec![0.0; half];
    let mut buf = vec![Complex::new(0.0, 0.0); seg];
    let mut segments = 0usize;
    let mut start = 0;
    while start + seg <= signal.len() {
        for k in 0..seg {
            buf[k] = Complex::new((signal[start + k] - mean) * window[k], 0.0);
        }
        fft.process(&mut buf);
        for (k, p) in power.iter_mut().enumerate() {
            let one_sided = if k == 0 || k == seg / 2 { 1.0 } else { 2.0 };
            *p += one_sided * buf[k].norm_sqr() * dt / norm;
        }
        segments += 1;
        start += seg / 2;
    }
    power.iter_mut().for_each(|p| *p /= segments as f64);
    let df = 1.0 / (seg as f64 * dt);
    Some(Spectrum {
        frequencies_hz: (0..half).map(|k| k as f64 * df).collect(),
        power,
    })
}

/// The largest spectral density at or above `min_hz` (and above the first two bins).
pub fn peak(s: &Spectrum, min_hz: f64) -> Option<SpectralPeak> {
    let candidates: Vec<(f64, f64)> = s
        .frequencies_hz
        .iter()
        .zip(&s.power)
        .skip(2)
        .filter(|(f, _)| **f >= min_hz)
        .map(|(&f, &p)| (f, p))
        .collect();
    let &(f, p) = candidates.iter().max_by(|a, b| a.1.total_cmp(&b.1))?;
    // A flat zero spectrum (a silent population) has no peak; the maximum of zeros would
    // name the last frequency, the Nyquist frequency.
    if !(p > 0.0 && p.is_finite()) {
        return None;
    }
    let mut sorted: Vec<f64> = candidates.iter().map(|c| c.1).collect();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    Some(SpectralPeak {
        frequency_hz: f,
        prominence: if median > 0.0 {
            p / median
        } else {
            f64::INFINITY
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sine_peaks_at_its_frequency_and_parseval_holds() {
        // A 40 Hz sine of amplitude 2 sampled at 1 kHz: power sum * df = variance = 2.
        let dt = 1e-3;
        let x: Vec<f64> = (0..8192)
            .map(|k| 2.0 * (2.0 * std::f64::consts::PI * 40.0 * k as f64 * dt).sin())
            .collect();
        let s = welch(&x, dt, 1024).unwrap();
        let p = peak(&s, 1.0).unwrap();
        assert!((p.frequency_hz - 40.0).abs() <= 1.0);
        let df = s.frequencies_hz[1];
        let total: f64 = s.power.iter().sum::<f64>() * df;
        assert!((total - 2.0).abs() < 0.02, "{total}");
    }

    #[test]
    fn a_silent_signal_has_no_peak() {
        // Once the maximum of an all-zero spectrum named the Nyquist frequency (500 Hz).
        let s = welch(&[0.0; 4096], 1e-3, 1024).unwrap();
        assert!(peak(&s, 1.0).is_none());
    }
}
