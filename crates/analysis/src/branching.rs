//! Branching ratio by multistep regression (MR estimator; Wilting & Priesemann 2018,
//! Nat Commun 9:2325).
//!
//! For an activity series A_t (spike counts per bin, possibly of a subsample), the slopes
//! r_k = Cov(A_t, A_{t+k}) / Var(A_t) of the linear regressions of A_{t+k} on A_t decay as
//! r_k = b m^k for a branching process with ratio m, whatever the (unknown) subsampling factor
//! b. m and b are fitted by least squares over k = 1..k_max (for a given m the best b is
//! closed-form; m is found on a grid of step 1e-3 over (0, 1.5) and refined by golden section).

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BranchingFit {
    /// Branching ratio per bin.
    pub m: f64,
    /// Subsampling factor b.
    pub b: f64,
    pub k_max: usize,
    /// Autocorrelation time implied by m: -bin / ln m (s), when 0 < m < 1.
    pub tau_s: Option<f64>,
}

/// Regression slopes r_1..r_{k_max}.
pub fn regression_slopes(a: &[f64], k_max: usize) -> Vec<f64> {
    (1..=k_max)
        .map_while(|k| {
            if a.len() <= k + 2 {
                return None;
            }
            let x = &a[..a.len() - k];
            let y = &a[k..];
            let n = x.len() as f64;
            let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
            let (mut sxy, mut sxx) = (0.0, 0.0);
            for (xi, yi) in x.iter().zip(y) {
                sxy += (xi - mx) * (yi - my);
                sxx += (xi - mx) * (xi - mx);
            }
            (sxx > 0.0).then(|| sxy / sxx)
        })
        .collect()
}

fn residual(r: &[f64], m: f64) -> (f64, f64) {
    let (mut num, mut den) = (0.0, 0.0);
    let mut mk = 1.0;
    for rk in r {
        mk *= m;
        num += rk * mk;
        den += mk * mk;
    }
    let b = if den > 0.0 { num / den } else { 0.0 };
    let mut mk = 1.0;
    let res = r
        .iter()
        .map(|rk| {
            mk *= m;
            (rk - b * mk).powi(2)
        })
        .sum();
    (res, b)
}

/// MR estimate of the branching ratio of `activity` in bins of `bin_s` seconds.
pub fn mr_estimate(activity: &[f64], bin_s: f64, k_max: usize) -> Option<BranchingFit> {
    let r = regression_slopes(activity, k_max);
    if r.len() < 3 {
        return None;
    }
    let grid = (1..1500).map(|i| i as f64 * 1e-3);
    let best = grid.min_by(|&a, &b| residual(&r, a).0.total_cmp(&residual(&r, b).0))?;
    let (mut lo, mut hi) = ((best - 1e-3).max(1e-6), best + 1e-3);
    let g = 0.5 * (5f64.sqrt() - 1.0);
    for _ in 0..60 {
        let c = hi - g * (hi - lo);
        let d = lo + g * (hi - lo);
        if residual(&r, c).0 < residual(&r, d).0 {
            hi = d;
        } else {
            lo = c;
        }
    }
    let m = 0.5 * (lo + hi);
    let b = residual(&r, m).1;
    Some(BranchingFit {
        m,
        b,
        k_max: r.len(),
        tau_s: (m > 0.0 && m < 1.0).then(|| -bin_s / m.ln()),
    })
}
