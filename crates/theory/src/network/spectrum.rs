//! Empirical eigenvalues of a sampled connectivity matrix.
//!
//! - Dense: all eigenvalues by faer's Hessenberg QR (for N up to a few thousand).
//! - Sparse (N >= 10^4): the eigenvalues of largest modulus by the Arnoldi process on the CSR
//!   matrix (Saad 2011, "Numerical methods for large eigenvalue problems", alg. 6.2, with full
//!   re-orthogonalisation), returned as Ritz values with their residual norms
//!   ||W x - theta x|| = h_{m+1,m} |e_m^T y|. Isolated outliers converge within a few tens of
//!   steps; the bulk edge is dense with eigenvalues, so the outermost bulk Ritz values
//!   approach the radius only slowly from inside: use them as a lower bound for the radius
//!   and compare the radius with the prediction from `rmt` rather than trusting them alone.

use eibal_model::error::{Error, Result};
use faer::Mat;
use nalgebra_sparse::CsrMatrix;
use num_complex::Complex64;
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// All eigenvalues of a dense square matrix, sorted by modulus (largest first).
pub fn dense_eigenvalues(matrix: &Mat<f64>) -> Result<Vec<Complex64>> {
    if matrix.nrows() != matrix.ncols() {
        return Err(Error::BadInput(format!(
            "eigenvalues of a non-square {}x{} matrix",
            matrix.nrows(),
            matrix.ncols()
        )));
    }
    if matrix.nrows() == 0 {
        return Ok(Vec::new());
    }
    let mut values: Vec<Complex64> = matrix
        .eigenvalues()
        .map_err(|e| Error::Runtime(format!("dense eigenvalue solver failed: {e:?}")))?
        .into_iter()
        .map(|c| Complex64::new(c.re, c.im))
        .collect();
    sort_by_modulus(&mut values);
    Ok(values)
}

/// The largest modulus among `eigenvalues`.
pub fn spectral_radius(eigenvalues: &[Complex64]) -> f64 {
    eigenvalues.iter().map(|l| l.norm()).fold(0.0, f64::max)
}

/// The radius of the bulk: the largest modulus after removing the `outliers` largest
/// eigenvalues (those predicted outside the bulk).
pub fn bulk_radius(eigenvalues: &[Complex64], outliers: usize) -> f64 {
    let mut moduli: Vec<f64> = eigenvalues.iter().map(|l| l.norm()).collect();
    moduli.sort_by(|a, b| b.total_cmp(a));
    moduli.get(outliers).copied().unwrap_or(0.0)
}

/// A Ritz value from the Arnoldi process and its residual norm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RitzValue {
    pub value: Complex64,
    /// ||W x - value x|| for the unit Ritz vector x: small means converged.
    pub residual: f64,
}

/// Ritz values of `matrix` from `krylov_dim` Arnoldi steps from a random start vector
/// (seeded), sorted by modulus (largest first).
pub fn arnoldi_ritz(
    matrix: &CsrMatrix<f64>,
    krylov_dim: usize,
    seed: u64,
) -> Result<Vec<RitzValue>> {
    Ok(arnoldi_restarted(matrix, krylov_dim, 1, 0, 0.0, seed)?.ritz)
}

/// The outcome of [`arnoldi_restarted`].
#[derive(Debug, Clone, PartialEq)]
pub struct RestartedRitz {
    /// Ritz values of the last cycle, largest modulus first.
    pub ritz: Vec<RitzValue>,
    /// Cycles run (1 = no restart).
    pub cycles: usize,
    /// Whether the `wanted` largest Ritz values met the residual tolerance.
    pub converged: bool,
}

/// Explicitly restarted Arnoldi (Saad 2011, sec. 6.3.1): cycles of `krylov_dim` steps, each
/// restarted from the normalised sum of the real and imaginary parts of the `wanted` Ritz
/// vectors of largest modulus, until their residuals are below `tol` times the largest modulus
/// or `restarts` restarts are used. Memory stays at krylov_dim + 1 vectors of length N.
pub fn arnoldi_restarted(
    matrix: &CsrMatrix<f64>,
    krylov_dim: usize,
    wanted: usize,
    restarts: usize,
    tol: f64,
    seed: u64,
) -> Result<RestartedRitz> {
    let n = matrix.nrows();
    if n != matrix.ncols() || n == 0 {
        return Err(Error::BadInput(format!(
            "Arnoldi needs a non-empty square matrix, got {}x{}",
            n,
            matrix.ncols()
        )));
    }
    let m = krylov_dim.clamp(1, n);
    let wanted = wanted.clamp(1, m);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut start: Vec<f64> = (0..n).map(|_| rng.random::<f64>() - 0.5).collect();
    let mut cycles = 0;
    loop {
        cycles += 1;
        let cycle = arnoldi_cycle(matrix, start, m)?;
        let scale = cycle
            .ritz
            .first()
            .map_or(0.0, |(r, _)| r.value.norm())
            .max(f64::MIN_POSITIVE);
        let converged = cycle
            .ritz
            .iter()
            .take(wanted)
            .all(|(r, _)| r.residual <= tol * scale);
        let exhausted = cycle.steps < m;
        if converged || exhausted || cycles > restarts {
            return Ok(RestartedRitz {
                ritz: cycle.ritz.into_iter().map(|(r, _)| r).collect(),
                cycles,
                converged: converged || exhausted,
            });
        }
        // New start: sum of the wanted Ritz vectors x = V y (real and imaginary parts).
        let mut next = vec![0.0; n];
        for (_, y) in cycle.ritz.iter().take(wanted) {
            let mut re = vec![0.0; n];
            let mut im = vec![0.0; n];
            for (k, q) in cycle.basis.iter().take(cycle.steps).enumerate() {
                axpy(y[k].re, q, &mut re);
                axpy(y[k].im, q, &mut im);
            }
            normalise(&mut re);
            normalise(&mut im);
            axpy(1.0, &re, &mut next);
            axpy(1.0, &im, &mut next);
        }
        if dot(&next, &next) == 0.0 {
            next = (0..n).map(|_| rng.random::<f64>() - 0.5).collect();
        }
        start = next;
    }
}

/// One Arnoldi cycle: the basis, the steps taken and the Ritz pairs (value, eigenvector y of
/// the Hessenberg matrix), largest modulus first.
struct Cycle {
    basis: Vec<Vec<f64>>,
    steps: usize,
    ritz: Vec<(RitzValue, Vec<Complex64>)>,
}

fn arnoldi_cycle(matrix: &CsrMatrix<f64>, start: Vec<f64>, m: usize) -> Result<Cycle> {
    let mut basis: Vec<Vec<f64>> = Vec::with_capacity(m + 1);
    let mut v = start;
    normalise(&mut v);
    basis.push(v);
    let mut h = Mat::<f64>::zeros(m + 1, m);
    let mut steps = m;
    for k in 0..m {
        let mut w = csr_times(matrix, &basis[k]);
        // Modified Gram-Schmidt, twice (full re-orthogonalisation).
        for _ in 0..2 {
            for (i, q) in basis.iter().enumerate() {
                let c = dot(q, &w);
                h[(i, k)] += c;
                axpy(-c, q, &mut w);
            }
        }
        let norm = dot(&w, &w).sqrt();
        h[(k + 1, k)] = norm;
        if norm <= 1e-12 * h.col(k).norm_l2().max(f64::MIN_POSITIVE) {
            // Invariant subspace found: the Ritz values are exact eigenvalues.
            steps = k + 1;
            break;
        }
        w.iter_mut().for_each(|x| *x /= norm);
        basis.push(w);
    }
    let hm = h.subrows(0, steps).subcols(0, steps).to_owned();
    let beta = h[(steps, steps - 1)];
    let eigen = hm
        .eigen()
        .map_err(|e| Error::Runtime(format!("Hessenberg eigenproblem failed: {e:?}")))?;
    let s = eigen.S();
    let u = eigen.U();
    let mut ritz: Vec<(RitzValue, Vec<Complex64>)> = (0..steps)
        .map(|i| {
            let value = s.column_vector()[i];
            let col = u.col(i);
            let norm = col.norm_l2().max(f64::MIN_POSITIVE);
            let last = col[steps - 1];
            let y: Vec<Complex64> = (0..steps)
                .map(|k| Complex64::new(col[k].re, col[k].im) / norm)
                .collect();
            (
                RitzValue {
                    value: Complex64::new(value.re, value.im),
                    residual: beta * (last.re.hypot(last.im)) / norm,
                },
                y,
            )
        })
        .collect();
    ritz.sort_by(|a, b| b.0.value.norm().total_cmp(&a.0.value.norm()));
    Ok(Cycle { basis, steps, ritz })
}

fn sort_by_modulus(values: &mut [Complex64]) {
    values.sort_by(|a, b| b.norm().total_cmp(&a.norm()));
}

fn csr_times(m: &CsrMatrix<f64>, x: &[f64]) -> Vec<f64> {
    m.row_iter()
        .map(|row| {
            row.col_indices()
                .iter()
                .zip(row.values())
                .map(|(&j, &v)| v * x[j])
                .sum()
        })
        .collect()
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn axpy(alpha: f64, x: &[f64], y: &mut [f64]) {
    y.iter_mut().zip(x).for_each(|(yi, xi)| *yi += alpha * xi);
}

fn normalise(v: &mut [f64]) {
    let n = dot(v, v).sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}
