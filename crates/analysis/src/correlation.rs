//! Pairwise spike-count correlations.

use eibal_model::rng::{Purpose, stream};
use rand::RngExt;

/// Mean Pearson correlation of the spike counts of neuron pairs in bins of `bin` seconds
/// within [t0, t1). Uses every pair when there are at most `max_pairs`, otherwise `max_pairs`
/// distinct-neuron pairs drawn with the given seed. Neurons whose count has zero variance
/// are left out. Returns (mean correlation, pairs used).
pub fn mean_pairwise_correlation(
    trains: &[Vec<f64>],
    t0: f64,
    t1: f64,
    bin: f64,
    max_pairs: usize,
    seed: u64,
) -> Option<(f64, usize)> {
    let bins = ((t1 - t0) / bin + 1e-9).floor() as usize;
    if bins < 2 || bin <= 0.0 {
        return None;
    }
    // Standardised count vectors of neurons with non-zero variance.
    let z: Vec<Vec<f64>> = trains
        .iter()
        .filter_map(|t| {
            let mut c = vec![0.0; bins];
            for &s in t {
                if s >= t0 {
                    let b = ((s - t0) / bin) as usize;
                    if b < bins {
                        c[b] += 1.0;
                    }
                }
            }
            let mean = c.iter().sum::<f64>() / bins as f64;
            let sd = (c.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / bins as f64).sqrt();
            (sd > 0.0).then(|| c.iter().map(|x| (x - mean) / sd).collect())
        })
        .collect();
    let n = z.len();
    if n < 2 {
        return None;
    }
    let corr =
        |a: usize, b: usize| z[a].iter().zip(&z[b]).map(|(x, y)| x * y).sum::<f64>() / bins as f64;
    let all_pairs = n * (n - 1) / 2;
    let (sum, used) = if all_pairs <= max_pairs {
        let mut s = 0.0;
        for a in 0..n {
            for b in a + 1..n {
                s += corr(a, b);
            }
        }
        (s, all_pairs)
    } else {
        let mut rng = stream(seed, Purpose::Initial, u64::MAX, 0);
        let mut s = 0.0;
        for _ in 0..max_pairs {
            let a = rng.random_range(0..n);
            let mut b = rng.random_range(0..n - 1);
            if b >= a {
                b += 1;
            }
            s += corr(a, b);
        }
        (s, max_pairs)
    };
    Some((sum / used as f64, used))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_trains_correlate_fully() {
        let t: Vec<f64> = vec![0.01, 0.03, 0.031, 0.2, 0.5, 0.51, 0.52, 0.9];
        let (c, pairs) =
            mean_pairwise_correlation(&[t.clone(), t], 0.0, 1.0, 0.05, 100, 1).unwrap();
        assert!((c - 1.0).abs() < 1e-12 && pairs == 1);
    }
}
