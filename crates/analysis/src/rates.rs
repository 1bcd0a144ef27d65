//! Firing rates: population means and the distribution of single-neuron rates.

use serde::Serialize;

/// Summary of the single-neuron rates of a population (Hz).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateDistribution {
    pub mean_hz: f64,
    pub sd_hz: f64,
    pub median_hz: f64,
    pub p10_hz: f64,
    pub p90_hz: f64,
    /// Fraction of neurons without a spike in the window.
    pub fraction_silent: f64,
}

/// Rates of neurons with `counts` spikes in a window of `duration` seconds.
/// `None` for an empty population or a window of zero length.
pub fn rate_distribution(counts: &[u32], duration: f64) -> Option<RateDistribution> {
    if counts.is_empty() || duration <= 0.0 {
        return None;
    }
    let mut r: Vec<f64> = counts.iter().map(|&c| c as f64 / duration).collect();
    let n = r.len() as f64;
    let mean = r.iter().sum::<f64>() / n;
    let sd = (r.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
    r.sort_by(f64::total_cmp);
    let q = |p: f64| {
        // Linear interpolation between order statistics (numpy's default).
        let pos = p * (r.len() - 1) as f64;
        let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
        r[lo] + (r[hi] - r[lo]) * (pos - lo as f64)
    };
    Some(RateDistribution {
        mean_hz: mean,
        sd_hz: sd,
        median_hz: q(0.5),
        p10_hz: q(0.1),
        p90_hz: q(0.9),
        fraction_silent: counts.iter().filter(|&&c| c == 0).count() as f64 / n,
    })
}

/// Sums of consecutive groups of `bin` entries (a trailing partial group is dropped).
pub fn bin_counts(counts: &[u32], bin: usize) -> Vec<u64> {
    let bin = bin.max(1);
    counts
        .chunks_exact(bin)
        .map(|c| c.iter().map(|&x| x as u64).sum())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_distribution_of_known_counts() {
        let d = rate_distribution(&[0, 2, 4, 6, 8], 2.0).unwrap();
        assert_eq!(d.mean_hz, 2.0);
        assert_eq!(d.median_hz, 2.0);
        assert!((d.sd_hz - 2f64.sqrt()).abs() < 1e-12);
        assert!((d.p10_hz - 0.4).abs() < 1e-12);
        assert_eq!(d.fraction_silent, 0.2);
        assert_eq!(bin_counts(&[1, 2, 3, 4, 5], 2), vec![3, 7]);
    }
}
