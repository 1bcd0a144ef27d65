//! Random-matrix predictions for the eigenvalues of block-structured random connectivity.
//!
//! A neuron-level matrix W (N x N) whose entries W_ij are independent with a mean m_ab and a
//! variance v_ab that depend only on the populations a (of the target i) and b (of the
//! source j). Its eigenvalues split into
//!
//! - a bulk filling a disc of radius r around 0 with (Aljadeff, Stern & Sharpee 2015, PRL
//!   114:088101, eq. 3: J_ij = g_{c_i d_j} Jt_ij / sqrt(N), r^2 = largest eigenvalue of
//!   M_cd = alpha_d g_cd^2 with alpha_d = N_d / N; here v_cd = g_cd^2 / N)
//!
//!   ```text
//!   r^2 = Lambda_max(M),   M_ab = N_b v_ab,
//!   ```
//!
//!   which for column structure (v_ab = v_b: Rajan & Abbott 2006, PRL 97:188104) reduces to
//!   r^2 = sum_b N_b v_b, and for i.i.d. entries of variance g^2/N to r = g (Girko's circular
//!   law; Sompolinsky, Crisanti & Sommers 1988 for the transition to chaos at g = 1);
//! - outliers near the eigenvalues of the population-level mean matrix Mbar_ab = N_b m_ab
//!   (the mean matrix has rank n and these as its non-zero eigenvalues), where they lie
//!   outside the bulk (Tao 2013, PTRF 155:231). Finite-size caveats: an outlier fluctuates by
//!   O(r / sqrt(N)) around its predicted position, and an eigenvalue of Mbar within O(N^{-1/2})
//!   of the bulk edge may be swallowed by the bulk. With fixed in-degree and fixed weights the
//!   row sums are exact and the outlier of a homogeneous row sum is exact too.

use eibal_model::error::{Error, Result};
use eibal_model::{Connectivity, Model};
use nalgebra::DMatrix;
use num_complex::Complex64;

/// Entry statistics of a block-structured random matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockStatistics {
    /// N_b: the number of neurons of each population.
    pub sizes: Vec<usize>,
    /// m_ab: mean of an entry W_ij, i in a, j in b (zeros of absent synapses included).
    pub mean: DMatrix<f64>,
    /// v_ab: variance of an entry.
    pub variance: DMatrix<f64>,
}

/// The spectrum predicted for a [`BlockStatistics`].
#[derive(Debug, Clone, PartialEq)]
pub struct PredictedSpectrum {
    /// Bulk radius r.
    pub radius: f64,
    /// Eigenvalues of the mean matrix Mbar_ab = N_b m_ab lying outside the bulk, by modulus
    /// (largest first).
    pub outliers: Vec<Complex64>,
}

impl BlockStatistics {
    pub fn new(
        sizes: Vec<usize>,
        mean: DMatrix<f64>,
        variance: DMatrix<f64>,
    ) -> Result<BlockStatistics> {
        let n = sizes.len();
        if n == 0 || mean.shape() != (n, n) || variance.shape() != (n, n) {
            return Err(Error::BadInput(format!(
                "block statistics: {n} populations need {n}x{n} mean and variance matrices"
            )));
        }
        if sizes.contains(&0)
            || mean.iter().any(|m| !m.is_finite())
            || variance.iter().any(|v| !(v.is_finite() && *v >= 0.0))
        {
            return Err(Error::BadInput(
                "block statistics: sizes must be positive, means finite, variances >= 0".into(),
            ));
        }
        Ok(BlockStatistics {
            sizes,
            mean,
            variance,
        })
    }

    /// The entry statistics of the connectivity of a model: for each projection b -> a
    /// with connection probability p (Bernoulli p, or fixed in-degree K out of the available
    /// sources, p = K / N_b) and weight law w: m_ab = p E[w], v_ab = p E[w^2] - p^2 E[w]^2
    /// (moments of the untruncated weight law; with multapses, fixed in-degree draws with
    /// replacement: v_ab = p E[w^2] - (p / A) E[w]^2 for A available sources). Entries of several projections between the same
    /// pair of populations add. `row_gains`, if given, scales the rows of population a by
    /// gain_a (the linearised dynamics delta nu_i = gain_a sum_j W_ij delta nu_j).
    pub fn from_model(model: &Model, row_gains: Option<&[f64]>) -> Result<BlockStatistics> {
        let n = model.populations.len();
        if let Some(g) = row_gains
            && (g.len() != n || g.iter().any(|x| !x.is_finite()))
        {
            return Err(Error::BadInput(format!(
                "row gains: need {n} finite values, got {}",
                g.len()
            )));
        }
        let sizes: Vec<usize> = model.populations.iter().map(|p| p.size).collect();
        let mut mean = DMatrix::zeros(n, n);
        let mut variance = DMatrix::zeros(n, n);
        for pr in &model.projections {
            let (a, b) = (pr.target.0, pr.source.0);
            if a >= n || b >= n {
                return Err(Error::BadInput(
                    "projection names a missing population".into(),
                ));
            }
            let exclude_self = a == b && !pr.autapses;
            let available = if exclude_self {
                sizes[b].saturating_sub(1)
            } else {
                sizes[b]
            };
            let p = match pr.connectivity {
                Connectivity::Probability { p } => p * available as f64 / sizes[b] as f64,
                Connectivity::FixedIndegree { indegree } => indegree as f64 / sizes[b] as f64,
                // The exact mean in-degree (total / N_a, K_out N_b / N_a) over N_b.
                Connectivity::FixedTotal { .. } | Connectivity::FixedOutdegree { .. } => {
                    model.mean_indegree(pr) / sizes[b] as f64
                }
            };
            // Moments of the law actually sampled (Dale's-law truncation, see `sampled_weight`).
            let w = super::sampled_weight::sampled_moments(
                &pr.weight,
                eibal_model::Support::of_weights(model, pr),
            );
            let (w1, w2) = (w.mean, w.second_moment());
            let gain = row_gains.map_or(1.0, |g| g[a]);
            mean[(a, b)] += gain * p * w1;
            // With multapses the K sources are drawn with replacement from A available: the
            // entry is a sum over a Binomial(K, 1/A) count c of i.i.d. weights, so
            // Var = E[c] E[w^2] + Var(c) E[w]^2 - ... = (K/A) E[w^2] - (K/A^2) E[w]^2, larger
            // than the p E[w^2] - p^2 E[w]^2 of distinct sources when p is not small.
            // A fixed total T puts a Binomial(T, 1/(A N_a)) count on each of the A N_a allowed
            // pairs and a fixed out-degree K a Binomial(K, 1/A_t) count (A_t the available
            // targets): the same formula with the number of cells in place of A.
            let targets_available = if exclude_self {
                sizes[a].saturating_sub(1)
            } else {
                sizes[a]
            };
            let entry_variance = match pr.connectivity {
                Connectivity::FixedIndegree { .. } if pr.multapses && available > 0 => {
                    p * w2 - p / available as f64 * w1 * w1
                }
                Connectivity::FixedTotal { .. } if available > 0 => {
                    p * w2 - p / (available as f64 * sizes[a] as f64) * w1 * w1
                }
                Connectivity::FixedOutdegree { .. } if pr.multapses && targets_available > 0 => {
                    p * w2 - p / targets_available as f64 * w1 * w1
                }
                _ => p * w2 - p * p * w1 * w1,
            };
            variance[(a, b)] += gain * gain * entry_variance;
        }
        BlockStatistics::new(sizes, mean, variance)
    }

    /// The population-level mean matrix Mbar_ab = N_b m_ab (for a model: K_ab E[w]).
    pub fn mean_matrix(&self) -> DMatrix<f64> {
        let n = self.sizes.len();
        DMatrix::from_fn(n, n, |a, b| self.sizes[b] as f64 * self.mean[(a, b)])
    }

    /// The matrix M_ab = N_b v_ab whose largest eigenvalue is r^2.
    pub fn variance_matrix(&self) -> DMatrix<f64> {
        let n = self.sizes.len();
        DMatrix::from_fn(n, n, |a, b| self.sizes[b] as f64 * self.variance[(a, b)])
    }

    /// Bulk radius r = sqrt(Lambda_max(M)) (Aljadeff et al. 2015). M is non-negative, so its
    /// largest eigenvalue is real and equals its spectral radius (Perron-Frobenius).
    pub fn bulk_radius(&self) -> f64 {
        let m = self.variance_matrix();
        let perron = m
            .complex_eigenvalues()
            .iter()
            .map(|l| l.norm())
            .fold(0.0, f64::max);
        perron.sqrt()
    }

    /// The predicted bulk radius and outliers.
    pub fn predict(&self) -> PredictedSpectrum {
        let radius = self.bulk_radius();
        let mut outliers: Vec<Complex64> = self
            .mean_matrix()
            .complex_eigenvalues()
            .iter()
            .map(|l| Complex64::new(l.re, l.im))
            .filter(|l| l.norm() > radius)
            .collect();
        outliers.sort_by(|a, b| b.norm().total_cmp(&a.norm()));
        PredictedSpectrum { radius, outliers }
    }
}
