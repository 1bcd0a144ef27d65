//! The branching ratio of the linearised network: expected offspring spikes per spike.
//!
//! Definition (Beggs & Plenz 2003, J Neurosci 23:11167; Haldeman & Beggs 2005, PRL
//! 94:058101): the expected number of descendant events one event causes. Linearised (Larremore
//! et al. 2011, PRL 106:058101: criticality where the largest eigenvalue of the propagation
//! matrix is 1): one spike of a neuron of population b reaches on average K_ab N_a / N_b
//! neurons of a, moving each one's mean input by J_ab for tau_m (delta synapses: the integral of
//! the PSP is J_ab tau_m), which adds d nu_a / d mu_a J_ab tau_m expected spikes. The propagation
//! matrix of population spike counts is therefore
//!
//! ```text
//! B_ab = (N_a / N_b) K_ab |d nu_a / d mu_a J_ab tau_m| = (N_a / N_b) |W_ab(0)|,
//! ```
//!
//! similar to |W(0)| (diag(N) |W(0)| diag(N)^{-1}), so its spectral radius is the Perron root of
//! |W(0)|, the elementwise absolute effective connectivity at zero frequency (which for LIF
//! populations also carries the variance channel). This is `ratio`: inhibitory spikes count as
//! offspring too (they change spike counts by as much). `net` is the largest real eigenvalue of
//! the signed W(0), inhibition subtracting (Larremore et al. 2014, PRL 112:138103): its
//! crossing of 1 is the zero-frequency (rate) instability. For rate and binary units "spike"
//! reads "unit of activity".

use eibal_model::error::{Error, Result};
use nalgebra::DMatrix;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BranchingRatio {
    /// Spectral radius of B = |W(0)| (similarity-transformed): offspring per spike.
    pub ratio: f64,
    /// Largest real eigenvalue of the signed W(0).
    pub net: f64,
}

/// The branching ratio from the effective connectivity at zero frequency.
pub fn branching_ratio(w0: &DMatrix<f64>) -> Result<BranchingRatio> {
    if w0.nrows() != w0.ncols() || w0.nrows() == 0 || w0.iter().any(|w| !w.is_finite()) {
        return Err(Error::BadInput(
            "branching ratio: W(0) must be a non-empty finite square matrix".into(),
        ));
    }
    let absolute = w0.map(f64::abs);
    // |W(0)| is non-negative: its spectral radius is its Perron root.
    let ratio = absolute
        .complex_eigenvalues()
        .iter()
        .map(|l| l.norm())
        .fold(0.0, f64::max);
    let net = w0
        .complex_eigenvalues()
        .iter()
        .map(|l| l.re)
        .fold(f64::NEG_INFINITY, f64::max);
    Ok(BranchingRatio { ratio, net })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_population_ratio_is_the_perron_root() {
        // Identical rows (Brunel-like): |W| = [[a, b], [a, b]] has Perron root a + b; the signed
        // W = [[a, -b], [a, -b]] has eigenvalues 0 and a - b.
        let (a, b) = (0.8, 1.5);
        let w = DMatrix::from_row_slice(2, 2, &[a, -b, a, -b]);
        let r = branching_ratio(&w).unwrap();
        assert!((r.ratio - (a + b)).abs() < 1e-12);
        assert!((r.net - 0.0f64.max(a - b)).abs() < 1e-12);
    }
}
