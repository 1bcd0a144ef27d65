//! The population-rate spectrum in `compare`: the predicted spectrum
//! ([`crate::theory::rate_spectrum_of`]) against the simulated one, its peak frequency and its
//! low-frequency power, with verdicts whose tolerances come from the simulated spectrum's
//! statistical error.
//!
//! Simulated spectrum: the population rate in 1 ms bins after the warm-up (as
//! [`eibal_analysis`] takes it), Welch's estimate with Hann windows of a power of two of bins
//! at most a third of the run (so at least about five segments), overlapping by half; halved to
//! the two-sided density the theory prints. Each bin of a Welch estimate from K segments has a
//! relative standard error of about 1 / sqrt(K) (Welch 1967; 50 % overlap of Hann windows
//! makes neighbouring segments nearly independent), so a running mean over 3 bins has about
//! 1 / sqrt(2 K) (neighbouring Hann bins are correlated: 1.5 bins of equivalent noise bandwidth).
//!
//! - **Peak frequency.** The simulated peak is the predicted one's rule
//!   ([`crate::theory::PEAK_MIN_HZ`]) on the smoothed estimate, but a local maximum counts only
//!   when its prominence exceeds what noise gives, 1 + Z sqrt(2) se_rel. The tolerance is the
//!   largest distance from the simulated peak to a bin whose smoothed estimate is not Z
//!   standard errors of a difference below the peak power, i.e. within a factor
//!   exp(Z sqrt(2) se_rel) of it (both are noisy estimates; the frequencies the data cannot
//!   tell from the peak), plus half a bin. A rule that treated the peak as exact (a factor
//!   1 + Z se_rel) put the main command's E peak at 101.6 to 117.2 Hz from a 1 s run, while
//!   three 20 s runs give 124.7 +- 1.6 Hz (`tests/population_spectrum.rs`). Both without a peak agree ("neither has a peak"); one without disagrees.
//! - **Low-frequency power**: the mean density over [`LOW_BAND_HZ`], the theory interpolated to
//!   the same bins; standard error mean / sqrt(K n / 1.5) for n bins; tolerance Z SE plus the
//!   diffusion approximation's error scale (as every other row).
//!
//! Aliasing and the 1 ms binning (a factor sinc^2(pi f 1 ms) on the non-white part, 0.9 at
//! 170 Hz) are not applied to the prediction: they move neither the peak nor the
//! low-frequency power noticeably.

use crate::compare::{Compared, Verdict, Z};
use crate::theory::{PEAK_MIN_HZ, PEAK_PROMINENCE, RateSpectrum};
use eibal_analysis::{SPECTRUM_BIN, rates, spectrum};
use eibal_sim::SimResult;
use eibal_theory::network::population_spectrum::spectral_peak;
use eibal_theory::network::second_order::PowerSpectrum;
use serde::Serialize;

/// Band of the low-frequency power (Hz).
pub const LOW_BAND_HZ: (f64, f64) = (5.0, 30.0);

/// The simulated spectrum of one population with its number of Welch segments.
#[derive(Debug, Clone, Serialize)]
pub struct SimulatedSpectrum {
    /// Two-sided density (Hz^2/Hz).
    #[serde(flatten)]
    pub spectrum: PowerSpectrum,
    pub segments: usize,
}

/// Predicted and simulated spectra of one population (for the figure and the JSON).
#[derive(Debug, Clone, Serialize)]
pub struct SpectrumPair {
    pub name: String,
    /// The linear-response spectrum; a prediction only when `theory_is_prediction`.
    pub theory: Option<PowerSpectrum>,
    /// False around a fixed point that is unstable (or of unknown stability): the curve is
    /// the formula on the imaginary axis, kept for reference, not a stationary prediction.
    pub theory_is_prediction: bool,
    /// The predicted rhythm (Hz): the spectral peak around a stable fixed point, the
    /// fastest-growing mode's frequency around an unstable one.
    pub predicted_rhythm_hz: Option<f64>,
    pub simulation: Option<SimulatedSpectrum>,
}

/// The Welch estimate of population `p`'s rate (module doc); `None` for fewer than 64 bins.
pub fn simulated_spectrum(result: &SimResult, p: usize) -> Option<SimulatedSpectrum> {
    let info = result.populations.get(p)?;
    let bin = ((SPECTRUM_BIN / result.dt).round() as usize).max(1);
    let counts = result.population_counts.get(p)?;
    let start = result.warmup_steps().min(counts.len());
    let rate: Vec<f64> = rates::bin_counts(&counts[start..], bin)
        .iter()
        .map(|&c| c as f64 / (info.size.max(1) as f64 * bin as f64 * result.dt))
        .collect();
    if rate.len() < 64 {
        return None;
    }
    let mut segment = 1usize;
    while segment * 2 <= rate.len() / 3 {
        segment *= 2;
    }
    let segment = segment.clamp(32, 1024);
    let s = spectrum::welch(&rate, bin as f64 * result.dt, segment)?;
    let segments = (rate.len() - segment) / (segment / 2) + 1;
    Some(SimulatedSpectrum {
        spectrum: PowerSpectrum {
            frequency_hz: s.frequencies_hz,
            power: s.power.iter().map(|p| 0.5 * p).collect(),
        },
        segments,
    })
}

/// Running mean over 3 bins (2 at the ends).
fn smooth3(p: &[f64]) -> Vec<f64> {
    (0..p.len())
        .map(|k| {
            let lo = k.saturating_sub(1);
            let hi = (k + 1).min(p.len() - 1);
            p[lo..=hi].iter().sum::<f64>() / (hi - lo + 1) as f64
        })
        .collect()
}

/// Linear interpolation of `s` at `f` (`None` outside its grid).
fn at(s: &PowerSpectrum, f: f64) -> Option<f64> {
    let k = s.frequency_hz.iter().position(|&x| x >= f)?;
    if k == 0 {
        return (s.frequency_hz[0] == f).then_some(s.power[0]);
    }
    let (f0, f1) = (s.frequency_hz[k - 1], s.frequency_hz[k]);
    let t = (f - f0) / (f1 - f0);
    Some(s.power[k - 1] + t * (s.power[k] - s.power[k - 1]))
}

/// The two spectrum rows of one population: (peak frequency, low-frequency power).
/// `rhythm` is the frequency of the fastest-growing mode when the fixed point is unstable
/// (`stable == Some(false)`; `None`: that mode does not oscillate): it is then the predicted
/// peak, and the spectrum's own peak is not used. `epsilon` is the diffusion approximation's
/// error scale of the population.
pub fn spectrum_rows(
    theory: Option<&PowerSpectrum>,
    stable: Option<bool>,
    rhythm: Option<f64>,
    sim: Option<&SimulatedSpectrum>,
    epsilon: f64,
) -> (Compared, Compared) {
    let (Some(th), Some(sim)) = (theory, sim) else {
        let why = if theory.is_none() {
            "the theory gives no population-rate spectrum here (see the theory's notes)"
        } else {
            "the run is too short for a spectrum (fewer than 64 bins of 1 ms)"
        };
        return (Compared::not_applicable(why), Compared::not_applicable(why));
    };
    let k = sim.segments.max(1) as f64;
    let se_rel = 1.0 / (2.0 * k).sqrt();
    let f = &sim.spectrum.frequency_hz;
    let smooth = smooth3(&sim.spectrum.power);
    let unstable = stable == Some(false);
    if unstable && rhythm.is_none() {
        let why = "the fixed point is unstable through a non-oscillatory mode: no rhythm is \
                   predicted, and the linear spectrum around it is not a prediction";
        return (Compared::not_applicable(why), Compared::not_applicable(why));
    }
    let predicted = if unstable {
        rhythm.map(|f| (f, f64::NAN))
    } else {
        spectral_peak(&th.frequency_hz, &th.power, PEAK_MIN_HZ, PEAK_PROMINENCE)
    };
    let threshold = 1.0 + Z * std::f64::consts::SQRT_2 * se_rel;
    let simulated = spectral_peak(f, &smooth, PEAK_MIN_HZ, threshold);
    let df = f.get(1).copied().unwrap_or(1.0);
    let mut peak = match (predicted, simulated) {
        (Some((ft, _)), Some((fs, ps))) => {
            // Every bin above PEAK_MIN_HZ the data cannot tell from the peak (a noise dip
            // between them does not split the band): both the bin and the peak are estimates
            // with relative error se_rel, so their log-power difference has standard error
            // sqrt(2) se_rel (the maximum of noisy bins is biased upwards besides).
            let ratio = (Z * std::f64::consts::SQRT_2 * se_rel).exp();
            let floor = ps / ratio;
            let near: Vec<f64> = f
                .iter()
                .zip(&smooth)
                .filter(|(x, p)| **x >= PEAK_MIN_HZ && **p >= floor)
                .map(|(x, _)| *x)
                .collect();
            let lo = near.iter().copied().fold(fs, f64::min);
            let hi = near.iter().copied().fold(fs, f64::max);
            let tolerance = (fs - lo).max(hi - fs) + 0.5 * df;
            let d = ft - fs;
            let agrees = d.abs() <= tolerance;
            Compared {
                theory: Some(ft),
                simulation: Some(fs),
                difference: Some(d),
                uncertainty: Some(tolerance / Z),
                tolerance: Some(tolerance),
                verdict: Verdict::of(agrees),
                reason: format!(
                    "tolerance: the farthest frequency ({lo:.1} to {hi:.1} Hz) where the \
                     smoothed simulated spectrum is not {Z} standard errors of a difference \
                     below its peak (a factor {ratio:.2} in power, {segments} Welch segments), \
                     plus half a bin",
                    segments = sim.segments
                ),
            }
        }
        (None, None) => Compared {
            verdict: Verdict::Agrees,
            reason: "neither spectrum has a peak".into(),
            ..Compared::not_applicable("")
        },
        (Some((ft, _)), None) => Compared {
            theory: Some(ft),
            verdict: Verdict::Disagrees,
            reason: format!(
                "the theory predicts a peak at {ft:.1} Hz; the simulated spectrum has none \
                 above its noise (prominence {threshold:.2} needed)"
            ),
            ..Compared::not_applicable("")
        },
        (None, Some((fs, _))) => Compared {
            simulation: Some(fs),
            verdict: Verdict::Disagrees,
            reason: format!(
                "the simulated spectrum peaks at {fs:.1} Hz; the predicted one has no peak"
            ),
            ..Compared::not_applicable("")
        },
    };
    if unstable {
        peak.reason = format!(
            "{}; the fixed point is linearly unstable, so the prediction is the frequency of \
             the fastest-growing mode (Im lambda / 2 pi of the leading root), not a peak of \
             the linear spectrum",
            peak.reason
        );
    }
    let low = low_frequency_row(th, sim, stable, epsilon);
    (peak, low)
}

/// The mean density over [`LOW_BAND_HZ`] (module doc).
fn low_frequency_row(
    th: &PowerSpectrum,
    sim: &SimulatedSpectrum,
    stable: Option<bool>,
    epsilon: f64,
) -> Compared {
    if stable == Some(false) {
        return Compared::not_applicable(
            "the fixed point is linearly unstable: the predicted power is not a prediction",
        );
    }
    let bins: Vec<(f64, f64)> = sim
        .spectrum
        .frequency_hz
        .iter()
        .zip(&sim.spectrum.power)
        .skip(2) // Welch's mean subtraction biases the lowest bins
        .filter(|(f, _)| **f >= LOW_BAND_HZ.0 && **f <= LOW_BAND_HZ.1)
        .map(|(&f, &p)| (f, p))
        .collect();
    let predicted: Option<Vec<f64>> = bins.iter().map(|(f, _)| at(th, *f)).collect();
    let (Some(predicted), false) = (predicted, bins.is_empty()) else {
        return Compared::not_applicable("no simulated bin in the low-frequency band");
    };
    let n = bins.len() as f64;
    let s = bins.iter().map(|b| b.1).sum::<f64>() / n;
    let t = predicted.iter().sum::<f64>() / n;
    let se = s / (sim.segments.max(1) as f64 * n / 1.5).sqrt();
    let tolerance = Z * se + epsilon * t.abs();
    let d = t - s;
    let agrees = d.abs() <= tolerance;
    Compared {
        theory: Some(t),
        simulation: Some(s),
        difference: Some(d),
        uncertainty: Some(se),
        tolerance: Some(tolerance),
        verdict: Verdict::of(agrees),
        reason: format!(
            "mean two-sided density over {:.0}-{:.0} Hz ({} bins, {} Welch segments); {}",
            LOW_BAND_HZ.0,
            LOW_BAND_HZ.1,
            bins.len(),
            sim.segments,
            if agrees {
                format!("within {Z} standard errors plus the diffusion error scale")
            } else {
                format!("the prediction is {:.2} times the simulated power", t / s)
            }
        ),
    }
}

/// The predicted spectrum of population `a` and the fixed point's stability.
pub fn predicted(spectrum: &RateSpectrum, a: usize) -> (Option<PowerSpectrum>, Option<bool>) {
    match spectrum {
        RateSpectrum::Computed {
            spectra, stable, ..
        } => (
            spectra.power.get(a).map(|p| PowerSpectrum {
                frequency_hz: spectra.frequency_hz.clone(),
                power: p.clone(),
            }),
            *stable,
        ),
        RateSpectrum::NotApplicable(_) => (None, None),
    }
}

/// The frequency of the fastest-growing mode when the fixed point is unstable and that mode
/// oscillates (Hz).
pub fn unstable_rhythm(spectrum: &RateSpectrum) -> Option<f64> {
    match spectrum {
        RateSpectrum::Computed {
            stable: Some(false),
            leading: Some(r),
            ..
        } if r.frequency_hz > 0.0 => Some(r.frequency_hz),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim(power: Vec<f64>, segments: usize) -> SimulatedSpectrum {
        SimulatedSpectrum {
            spectrum: PowerSpectrum {
                frequency_hz: (0..power.len()).map(|k| 2.0 * k as f64).collect(),
                power,
            },
            segments,
        }
    }

    fn lorentz(f0: f64, n: usize, df: f64) -> PowerSpectrum {
        let frequency_hz: Vec<f64> = (0..n).map(|k| df * k as f64).collect();
        let power = frequency_hz
            .iter()
            .map(|f| 1.0 + 10.0 / (1.0 + ((f - f0) / 4.0).powi(2)))
            .collect();
        PowerSpectrum {
            frequency_hz,
            power,
        }
    }

    #[test]
    fn equal_peaks_agree_and_distant_ones_do_not() {
        let th = lorentz(100.0, 251, 1.0);
        let s = sim(lorentz(100.0, 126, 2.0).power, 50);
        let (peak, low) = spectrum_rows(Some(&th), Some(true), None, Some(&s), 0.0);
        assert_eq!(peak.verdict, Verdict::Agrees, "{}", peak.reason);
        assert_eq!(low.verdict, Verdict::Agrees, "{}", low.reason);
        let s = sim(lorentz(150.0, 126, 2.0).power, 50);
        let (peak, _) = spectrum_rows(Some(&th), Some(true), None, Some(&s), 0.0);
        assert_eq!(peak.verdict, Verdict::Disagrees, "{}", peak.reason);
    }

    #[test]
    fn flat_spectra_have_no_peak_and_agree_without_contradiction() {
        let th = PowerSpectrum {
            frequency_hz: (0..251).map(f64::from).collect(),
            power: vec![1.0; 251],
        };
        let s = sim(vec![1.0; 126], 8);
        let (peak, _) = spectrum_rows(Some(&th), Some(true), None, Some(&s), 0.0);
        assert_eq!(peak.verdict, Verdict::Agrees);
        assert!(peak.theory.is_none() && peak.simulation.is_none());
        assert!(peak.reason.contains("neither"));
        // A predicted peak against a flat simulation: one verdict, saying which has none.
        let (peak, _) = spectrum_rows(
            Some(&lorentz(100.0, 251, 1.0)),
            Some(true),
            None,
            Some(&s),
            0.0,
        );
        assert_eq!(peak.verdict, Verdict::Disagrees);
        assert!(peak.reason.contains("has none"), "{}", peak.reason);
    }
}
