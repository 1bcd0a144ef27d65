//! Autocorrelation time of signals (rate and binary unit networks).

/// Normalised autocorrelation C(k) / C(0) of a mean-subtracted signal for lags 0..max_lag.
pub fn autocorrelation(x: &[f64], max_lag: usize) -> Option<Vec<f64>> {
    let n = x.len();
    if n < 3 {
        return None;
    }
    let m = x.iter().sum::<f64>() / n as f64;
    let d: Vec<f64> = x.iter().map(|v| v - m).collect();
    let c0: f64 = d.iter().map(|v| v * v).sum::<f64>() / n as f64;
    if c0 <= 0.0 {
        return None;
    }
    Some(
        (0..=max_lag.min(n - 1))
            .map(|k| {
                d[..n - k]
                    .iter()
                    .zip(&d[k..])
                    .map(|(a, b)| a * b)
                    .sum::<f64>()
                    / n as f64
                    / c0
            })
            .collect(),
    )
}

/// Time (s) at which the autocorrelation averaged over `signals` (sampled every `dt` s) first
/// falls below 1/e, interpolated linearly between lags. `None` if it never does within
/// `max_lag` lags or no signal varies.
pub fn autocorrelation_time(signals: &[Vec<f64>], dt: f64, max_lag: usize) -> Option<f64> {
    let acfs: Vec<Vec<f64>> = signals
        .iter()
        .filter_map(|s| autocorrelation(s, max_lag))
        .collect();
    let len = acfs.iter().map(Vec::len).min()?;
    let mean: Vec<f64> = (0..len)
        .map(|k| acfs.iter().map(|a| a[k]).sum::<f64>() / acfs.len() as f64)
        .collect();
    let level = (-1.0f64).exp();
    let k = mean.iter().position(|&c| c < level)?;
    let (c0, c1) = (mean[k - 1], mean[k]);
    Some(dt * ((k - 1) as f64 + (c0 - level) / (c0 - c1)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use eibal_model::rng::{Purpose, stream};
    use rand_distr::{Distribution, StandardNormal};

    #[test]
    fn ar1_process_has_its_known_time_constant() {
        // x_{t+1} = a x_t + noise has ACF a^k, so the 1/e time is -dt / ln a = 10 dt for
        // a = e^{-0.1}. Sampling error of the ACF at lag k over n = 200,000 samples is about
        // sqrt((1 + a^2) / (1 - a^2) / n) ~ 0.01, i.e. ~0.3 lags near the crossing.
        let a = (-0.1f64).exp();
        let mut rng = stream(3, Purpose::Neuron, 0, 0);
        let mut x = 0.0;
        let s: Vec<f64> = (0..200_000)
            .map(|_| {
                let z: f64 = StandardNormal.sample(&mut rng);
                x = a * x + z;
                x
            })
            .collect();
        let tau = autocorrelation_time(&[s], 1.0, 50).unwrap();
        assert!((tau - 10.0).abs() < 1.0, "{tau}");
    }
}
