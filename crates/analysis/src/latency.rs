//! First-spike latency after stimulus onsets: the statistic of feedforward inhibition's
//! "window of opportunity" (Pouille & Scanziani, Science 293:1159, 2001), where inhibition
//! arriving a delay after excitation limits the time in which a principal cell can fire.
//!
//! For each onset t_k and each neuron, the latency is L = t_first - t_k, where t_first is the
//! neuron's first spike in [t_k, t_k + window). Trials (neuron, onset) without a spike in the
//! window count as failures. The spread of L (standard deviation, 10-90 % range) measures the
//! width of the window in which the input can make the cell fire.

use serde::Serialize;
use statrs::statistics::{Data, OrderStatistics};

/// Summary of first-spike latencies (s).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LatencyStats {
    /// Trials: neurons times onsets.
    pub trials: usize,
    /// Trials with a spike in the window.
    pub responses: usize,
    /// responses / trials.
    pub response_probability: f64,
    pub mean_s: f64,
    /// Population standard deviation of the latencies.
    pub sd_s: f64,
    pub median_s: f64,
    /// 10th and 90th percentiles (statrs' `quantile`, the R-8 estimator).
    pub p10_s: f64,
    pub p90_s: f64,
}

/// Latencies of the first spike of each train after each onset, within `window` (s).
/// `trains` hold sorted spike times (s). Returns the latencies of the responding trials and
/// the number of trials.
pub fn first_spike_latencies(
    trains: &[Vec<f64>],
    onsets: &[f64],
    window: f64,
) -> (Vec<f64>, usize) {
    let mut out = Vec::new();
    for train in trains {
        for &t0 in onsets {
            let i = train.partition_point(|&t| t < t0);
            if let Some(&t) = train.get(i)
                && t < t0 + window
            {
                out.push(t - t0);
            }
        }
    }
    (out, trains.len() * onsets.len())
}

/// Statistics of [`first_spike_latencies`]; `None` without any response.
pub fn latency_stats(trains: &[Vec<f64>], onsets: &[f64], window: f64) -> Option<LatencyStats> {
    let (lat, trials) = first_spike_latencies(trains, onsets, window);
    if lat.is_empty() {
        return None;
    }
    let n = lat.len() as f64;
    let mean = lat.iter().sum::<f64>() / n;
    let sd = (lat.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
    let mut data = Data::new(lat.clone());
    Some(LatencyStats {
        trials,
        responses: lat.len(),
        response_probability: lat.len() as f64 / trials as f64,
        mean_s: mean,
        sd_s: sd,
        median_s: data.median(),
        p10_s: data.quantile(0.1),
        p90_s: data.quantile(0.9),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latencies_take_the_first_spike_in_the_window_only() {
        // Onsets at 0.1 and 0.2 s, window 20 ms.
        let trains = vec![
            vec![0.05, 0.103, 0.105, 0.215], // 3 ms, then 15 ms
            vec![0.13, 0.201],               // miss (30 ms is outside), then 1 ms
            vec![],                          // two misses
        ];
        let (lat, trials) = first_spike_latencies(&trains, &[0.1, 0.2], 0.02);
        assert_eq!(trials, 6);
        let want = [0.003, 0.015, 0.001];
        assert_eq!(lat.len(), 3);
        for (a, b) in lat.iter().zip(want) {
            assert!((a - b).abs() < 1e-12, "{a} vs {b}");
        }
        let s = latency_stats(&trains, &[0.1, 0.2], 0.02).unwrap();
        assert_eq!(s.responses, 3);
        assert!((s.response_probability - 0.5).abs() < 1e-12);
        // mean 19/3 ms; population sd of {3, 15, 1} ms = sqrt(152/9 - ...) computed by hand:
        // deviations -3.333, 8.667, -5.333 -> squares 11.11, 75.11, 28.44 -> mean 38.22.
        assert!((s.mean_s - 0.019 / 3.0).abs() < 1e-12);
        assert!((s.sd_s - 38.222_222e-6_f64.sqrt()).abs() < 1e-8);
        assert!((s.median_s - 0.003).abs() < 1e-12);
    }

    #[test]
    fn uniform_latencies_have_the_uniform_spread() {
        // 1000 neurons, latency k * 10 us for neuron k: uniform on [0, 10 ms): sd = 10 ms /
        // sqrt(12), 10th and 90th percentiles near 1 and 9 ms.
        let trains: Vec<Vec<f64>> = (0..1000).map(|k| vec![1.0 + k as f64 * 1e-5]).collect();
        let s = latency_stats(&trains, &[1.0], 0.05).unwrap();
        assert_eq!(s.responses, 1000);
        assert!((s.sd_s - 0.01 / 12f64.sqrt()).abs() < 1e-5, "{}", s.sd_s);
        assert!((s.p10_s - 0.001).abs() < 2e-5, "{}", s.p10_s);
        assert!((s.p90_s - 0.009).abs() < 2e-5, "{}", s.p90_s);
        assert!(latency_stats(&[vec![0.5]], &[1.0], 0.05).is_none());
    }
}
