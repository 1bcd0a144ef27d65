//! Irregularity of spike trains: coefficient of variation of inter-spike intervals and Fano
//! factor of spike counts.

/// Mean over neurons of CV = sd(ISI) / mean(ISI) (population standard deviation, as numpy's
/// `std` in the NEST anchor script), over neurons with at least 3 spikes (2 intervals).
/// Returns (mean CV, number of neurons used); `None` when no neuron has 3 spikes.
pub fn mean_cv_isi(trains: &[Vec<f64>]) -> Option<(f64, usize)> {
    let cvs: Vec<f64> = trains
        .iter()
        .filter(|t| t.len() >= 3)
        .filter_map(|t| {
            let isi: Vec<f64> = t.windows(2).map(|w| w[1] - w[0]).collect();
            let n = isi.len() as f64;
            let mean = isi.iter().sum::<f64>() / n;
            let var = isi.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
            (mean > 0.0).then(|| var.sqrt() / mean)
        })
        .collect();
    (!cvs.is_empty()).then(|| (cvs.iter().sum::<f64>() / cvs.len() as f64, cvs.len()))
}

/// Mean over neurons of the Fano factor F = Var(N) / E(N) of spike counts N in consecutive
/// windows of length `window` within [t0, t1) (unbiased variance over windows), over neurons
/// with a non-zero mean count. Needs at least two windows. Returns (F, neurons used).
pub fn mean_fano_factor(
    trains: &[Vec<f64>],
    t0: f64,
    t1: f64,
    window: f64,
) -> Option<(f64, usize)> {
    // The small tolerance keeps e.g. 0.2 s / 0.1 s from flooring to 1.
    let windows = ((t1 - t0) / window + 1e-9).floor() as usize;
    if windows < 2 || window <= 0.0 {
        return None;
    }
    let mut counts = vec![0u32; windows];
    let fanos: Vec<f64> = trains
        .iter()
        .filter_map(|t| {
            counts.fill(0);
            for &s in t {
                if s >= t0 {
                    let w = ((s - t0) / window) as usize;
                    if w < windows {
                        counts[w] += 1;
                    }
                }
            }
            let n = windows as f64;
            let mean = counts.iter().map(|&c| c as f64).sum::<f64>() / n;
            let var = counts
                .iter()
                .map(|&c| (c as f64 - mean).powi(2))
                .sum::<f64>()
                / (n - 1.0);
            (mean > 0.0).then(|| var / mean)
        })
        .collect();
    (!fanos.is_empty()).then(|| (fanos.iter().sum::<f64>() / fanos.len() as f64, fanos.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_train_has_zero_cv_and_zero_fano() {
        let t: Vec<f64> = (0..100).map(|k| 0.01 * k as f64 + 0.005).collect();
        let (cv, n) = mean_cv_isi(&[t.clone(), vec![0.1, 0.2]]).unwrap();
        assert!(cv < 1e-9 && n == 1);
        let (f, _) = mean_fano_factor(&[t], 0.0, 1.0, 0.1).unwrap();
        assert!(f < 1e-12);
    }
}
