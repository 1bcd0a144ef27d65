//! Dense spectrum of an N x N Gaussian random matrix (entries N(0, 1/N)) with faer, at
//! N = 1000, 2000, 4000. The peer figure comes from `benches/numpy_eigvals.py` (numpy's
//! `linalg.eigvals`, LAPACK dgeev) on the same matrices' law, run right after:
//!
//! ```text
//! cargo bench --bench spectrum                         # N = 1000, 2000
//! EIBAL_BENCH_LARGE=1 cargo bench --bench spectrum     # also N = 4000 (~20 min on 2 cores)
//! /root/.venvs/anchors/bin/python benches/numpy_eigvals.py
//! ```

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use eibal::theory::network::spectrum::dense_eigenvalues;
use faer::Mat;
use rand::SeedableRng;
use rand_distr::{Distribution, Normal};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::hint::black_box;
use std::time::Duration;

fn gaussian_matrix(n: usize, seed: u64) -> Mat<f64> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let normal = Normal::new(0.0, 1.0 / (n as f64).sqrt()).expect("valid normal law");
    Mat::from_fn(n, n, |_, _| normal.sample(&mut rng))
}

fn dense_spectrum(c: &mut Criterion) {
    let mut group = c.benchmark_group("dense_eigenvalues_faer");
    group.sample_size(10);
    let large = std::env::var_os("EIBAL_BENCH_LARGE").is_some();
    let sizes: &[usize] = if large {
        &[1000, 2000, 4000]
    } else {
        &[1000, 2000]
    };
    for &n in sizes {
        let m = gaussian_matrix(n, 1);
        group.measurement_time(Duration::from_secs(if n >= 4000 { 60 } else { 15 }));
        group.bench_with_input(BenchmarkId::from_parameter(n), &m, |b, m| {
            b.iter(|| dense_eigenvalues(black_box(m)).expect("eigenvalues"))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    // No plots: the plotting back end needs system fonts that a headless machine may lack.
    config = Criterion::default().without_plots();
    targets = dense_spectrum
}
criterion_main!(benches);
