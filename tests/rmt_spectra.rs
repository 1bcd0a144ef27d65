//! Random-matrix predictions (bulk radius, outliers) against sampled spectra.
//!
//! Tolerances come from the edge statistics of finite random matrices ([`edge_matches`]): the
//! largest modulus of an N x N matrix whose bulk has radius r lies, on average, above r by
//! r sqrt(gamma_N / 4N) and fluctuates around that by a Gumbel law of scale
//! r / sqrt(4 N gamma_N), gamma_N = ln(N / 2 pi) - 2 ln ln N (Rider 2003, J. Phys. A 36:3401,
//! for the Ginibre ensemble; the same edge law holds for real i.i.d. matrices). A sample
//! passes within four standard deviations of that law; every seed is fixed.

use eibal::model::{
    Compartment, Connectivity, Distribution, Model, Neuron, NeuronId, NeuronKind, Origin,
    Population, PopulationId, Projection, RateUnit, Sign, Simulation, Transfer,
};
use eibal::theory::network::connectivity_matrix::{SampleOptions, sample_connectivity};
use eibal::theory::network::rmt::BlockStatistics;
use eibal::theory::network::spectrum::{arnoldi_ritz, bulk_radius, dense_eigenvalues};
use num_complex::Complex64;

/// A rate-unit model with the given populations (size, sign) and projections
/// (source, target, connectivity, weight law).
fn model(
    pops: &[(usize, Sign)],
    projections: &[(usize, usize, Connectivity, Distribution)],
) -> Model {
    let m = Model {
        name: "test".into(),
        file: "test".into(),
        params: vec![],
        definitions: vec![],
        neurons: vec![Neuron {
            name: "unit".into(),
            kind: NeuronKind::Rate(RateUnit {
                tau: 0.01,
                transfer: Transfer::Tanh {
                    gain: 1.0,
                    threshold: 0.0,
                },
                noise: 0.0,
            }),
            origin: Origin::default(),
        }],
        populations: pops
            .iter()
            .enumerate()
            .map(|(i, &(size, sign))| Population {
                name: format!("P{i}"),
                size,
                neuron: NeuronId(0),
                sign,
                origin: Origin::default(),
            })
            .collect(),
        projections: projections
            .iter()
            .map(|&(s, t, connectivity, weight)| Projection {
                source: PopulationId(s),
                target: PopulationId(t),
                connectivity,
                weight,
                delay: Distribution::fixed(1e-3),
                autapses: true,
                multapses: false,
                compartment: Compartment::Soma,
                origin: Origin::default(),
            })
            .collect(),
        drives: vec![],
        plasticity: vec![],
        simulation: Simulation::default(),
        sweeps: vec![],
    };
    m.validate().unwrap();
    m
}

fn gaussian(sd: f64) -> Distribution {
    Distribution::Normal { mean: 0.0, sd }
}

const FULL: Connectivity = Connectivity::Probability { p: 1.0 };

/// Empirical bulk radius (dense, faer) with `outliers` eigenvalues removed, and prediction.
fn radii(m: &Model, outliers: usize, seed: u64) -> (f64, f64) {
    let sampled = sample_connectivity(
        m,
        &SampleOptions {
            seed,
            row_gains: None,
        },
    )
    .unwrap();
    let eig = dense_eigenvalues(&sampled.to_dense()).unwrap();
    let predicted = BlockStatistics::from_model(m, None).unwrap().bulk_radius();
    (bulk_radius(&eig, outliers), predicted)
}

/// Whether the largest modulus `empirical` of an n x n sample agrees with a bulk of radius
/// `predicted`: within 4 standard deviations (sd = pi / sqrt 6 times the Gumbel scale) of
/// the finite-size mean predicted (1 + sqrt(gamma_N / 4N)) (see the module doc).
fn edge_matches(empirical: f64, predicted: f64, n: usize) -> bool {
    let n = n as f64;
    let gamma = (n / (2.0 * std::f64::consts::PI)).ln() - 2.0 * n.ln().ln();
    let mean = predicted * (1.0 + (gamma / (4.0 * n)).sqrt());
    let sd = predicted * std::f64::consts::PI / 6f64.sqrt() / (4.0 * n * gamma).sqrt();
    (empirical - mean).abs() < 4.0 * sd
}

/// Total network size of the default tests; `at_n_2000` (ignored by default, ~2 min on
/// 2 cores: `cargo test --release --test rmt_spectra -- --ignored`) repeats them at N = 2000,
/// the size the issue names.
const DEFAULT_N: usize = 1000;

#[test]
fn block_structures_at_default_size() {
    iid_gaussian_disc_has_radius_g(DEFAULT_N);
    balanced_ei_columns_match_rajan_abbott(DEFAULT_N);
    three_blocks_with_unequal_variances_match_aljadeff(DEFAULT_N);
    ei_outliers_sit_at_the_eigenvalues_of_the_mean_matrix(DEFAULT_N);
}

#[test]
#[ignore = "about 2 minutes: N = 2000 dense spectra"]
fn block_structures_at_n_2000() {
    iid_gaussian_disc_has_radius_g(2000);
    balanced_ei_columns_match_rajan_abbott(2000);
    three_blocks_with_unequal_variances_match_aljadeff(2000);
    ei_outliers_sit_at_the_eigenvalues_of_the_mean_matrix(2000);
    sompolinsky_crisanti_sommers_at(2000);
}

fn iid_gaussian_disc_has_radius_g(n: usize) {
    // Girko's circular law: J_ij ~ N(0, g^2 / N) fills the disc of radius g.
    let g = 1.5;
    let m = model(
        &[(n, Sign::Mixed)],
        &[(0, 0, FULL, gaussian(g / (n as f64).sqrt()))],
    );
    let (empirical, predicted) = radii(&m, 0, 1);
    assert!((predicted - g).abs() < 1e-12, "prediction {predicted}");
    assert!(edge_matches(empirical, g, n), "empirical {empirical}");
}

#[test]
fn sompolinsky_crisanti_sommers_critical_coupling_is_one() {
    sompolinsky_crisanti_sommers_at(DEFAULT_N);
}

fn sompolinsky_crisanti_sommers_at(n: usize) {
    // SCS 1988: the fixed point x = 0 of x' = -x + J tanh(x) destabilises where the radius of
    // the spectrum of J crosses 1, at g_c = 1. Below and above it the radius is on either side.
    for (g, expect_stable) in [(0.9, true), (1.0, false), (1.1, false)] {
        let m = model(
            &[(n, Sign::Mixed)],
            &[(0, 0, FULL, gaussian(g / (n as f64).sqrt()))],
        );
        let (empirical, predicted) = radii(&m, 0, 2);
        assert!(edge_matches(empirical, g, n), "g = {g}: {empirical}");
        assert!((predicted - g).abs() < 1e-12);
        if g != 1.0 {
            assert_eq!(
                empirical < 1.0,
                expect_stable,
                "g = {g}: radius {empirical}"
            );
        }
    }
}

fn balanced_ei_columns_match_rajan_abbott(n: usize) {
    // Rajan & Abbott 2006: E and I columns with different variances and balanced means.
    // Fixed in-degree with K_E J = K_I g J makes every row sum exactly zero (no outlier).
    // Predicted r^2 = N_E p_E (1 - p_E) J^2 + N_I p_I (1 - p_I) (g J)^2, evaluated here by hand.
    let (ne, ni) = (n * 4 / 5, n / 5);
    let (ke, ki, g) = (ne / 10, ni / 10, 4.0);
    let (pe, pi) = (ke as f64 / ne as f64, ki as f64 / ni as f64);
    let j = 1.0 / (ne as f64 * pe * (1.0 - pe) + ni as f64 * pi * (1.0 - pi) * g * g).sqrt();
    let fixed = |k| Connectivity::FixedIndegree { indegree: k };
    let m = model(
        &[(ne, Sign::Excitatory), (ni, Sign::Inhibitory)],
        &[
            (0, 0, fixed(ke), Distribution::fixed(j)),
            (0, 1, fixed(ke), Distribution::fixed(j)),
            (1, 0, fixed(ki), Distribution::fixed(-g * j)),
            (1, 1, fixed(ki), Distribution::fixed(-g * j)),
        ],
    );
    let (empirical, predicted) = radii(&m, 0, 3);
    assert!((predicted - 1.0).abs() < 1e-12, "prediction {predicted}");
    assert!(edge_matches(empirical, 1.0, n), "empirical {empirical}");
    let outliers = BlockStatistics::from_model(&m, None)
        .unwrap()
        .predict()
        .outliers;
    assert!(outliers.is_empty(), "{outliers:?}");
}

fn three_blocks_with_unequal_variances_match_aljadeff(total: usize) {
    // Aljadeff, Stern & Sharpee 2015: r^2 = largest eigenvalue of M_cd = alpha_d g_cd^2.
    // The prediction is checked against the characteristic polynomial of the 3x3 matrix
    // (power iteration here, an independent evaluation) and the sample.
    let sizes = [total / 2, total * 3 / 10, total / 5];
    let n: usize = sizes.iter().sum();
    let gains = [[0.5, 2.0, 1.0], [1.5, 0.3, 2.5], [1.0, 1.0, 0.2]];
    let mut projections = vec![];
    for (a, row) in gains.iter().enumerate() {
        for (b, &g) in row.iter().enumerate() {
            projections.push((b, a, FULL, gaussian(g / (n as f64).sqrt())));
        }
    }
    let pops: Vec<_> = sizes.iter().map(|&s| (s, Sign::Mixed)).collect();
    let m = model(&pops, &projections);
    // Power iteration on M_cd = alpha_d g_cd^2 (positive matrix: converges to Perron root).
    let mut v = [1.0; 3];
    let mut lambda = 0.0;
    for _ in 0..500 {
        let w: Vec<f64> = (0..3)
            .map(|c| {
                (0..3)
                    .map(|d| sizes[d] as f64 / n as f64 * gains[c][d].powi(2) * v[d])
                    .sum()
            })
            .collect();
        lambda = w.iter().map(|x: &f64| x.abs()).fold(0.0, f64::max);
        v = [w[0] / lambda, w[1] / lambda, w[2] / lambda];
    }
    let (empirical, predicted) = radii(&m, 0, 4);
    assert!(
        (predicted - lambda.sqrt()).abs() < 1e-10,
        "{predicted} vs {}",
        lambda.sqrt()
    );
    assert!(
        edge_matches(empirical, predicted, n),
        "{empirical} vs {predicted}"
    );
}

/// Eigenvalues of a real 2x2 matrix by the quadratic formula.
fn eig2(a: f64, b: f64, c: f64, d: f64) -> [Complex64; 2] {
    let tr = a + d;
    let det = a * d - b * c;
    let disc = Complex64::new(tr * tr / 4.0 - det, 0.0).sqrt();
    [tr / 2.0 + disc, tr / 2.0 - disc]
}

fn ei_outliers_sit_at_the_eigenvalues_of_the_mean_matrix(n: usize) {
    // Bernoulli E/I network whose 2x2 mean matrix Mbar_ab = K_ab J_ab has two real
    // eigenvalues outside the unit-ish bulk. Outliers fluctuate by O(r / sqrt(N)) ~ 2% of r
    // at N = 2000: tolerance 0.1 absolute (outliers are at |lambda| ~ 3-6); at N = 1000 the
    // mean matrix is scaled by the same p N, so the same p keeps K J fixed only up to the
    // factor N / 2000, which the prediction includes.
    let (ne, ni) = (n * 4 / 5, n / 5);
    let p = 0.1 * 2000.0 / n as f64;
    let (jee, jie, jei, jii) = (0.04, 0.03, -0.1, -0.04);
    let bern = Connectivity::Probability { p };
    let m = model(
        &[(ne, Sign::Excitatory), (ni, Sign::Inhibitory)],
        &[
            (0, 0, bern, Distribution::fixed(jee)),
            (0, 1, bern, Distribution::fixed(jie)),
            (1, 0, bern, Distribution::fixed(jei)),
            (1, 1, bern, Distribution::fixed(jii)),
        ],
    );
    let k = |n: usize| p * n as f64;
    let want = eig2(k(ne) * jee, k(ni) * jei, k(ne) * jie, k(ni) * jii);
    let predicted = BlockStatistics::from_model(&m, None).unwrap().predict();
    assert_eq!(predicted.outliers.len(), 2, "{predicted:?}");
    for w in want {
        assert!(predicted.outliers.iter().any(|o| (o - w).norm() < 1e-9));
    }
    let sampled = sample_connectivity(
        &m,
        &SampleOptions {
            seed: 5,
            row_gains: None,
        },
    )
    .unwrap();
    let eig = dense_eigenvalues(&sampled.to_dense()).unwrap();
    for w in want {
        let nearest = eig
            .iter()
            .map(|e| (e - w).norm())
            .fold(f64::INFINITY, f64::min);
        assert!(
            nearest < 0.1,
            "no eigenvalue near {w}: nearest at {nearest}"
        );
    }
    let radius = bulk_radius(&eig, 2);
    assert!(
        edge_matches(radius, predicted.radius, n),
        "{radius} vs {}",
        predicted.radius
    );
}

#[test]
fn arnoldi_finds_the_outlier_of_a_large_sparse_matrix() {
    // N = 10^4, fixed in-degree and fixed weights: every row sums to K_E J - K_I g J = 3
    // exactly, so 3 is an exact eigenvalue (eigenvector: all ones), far outside the bulk.
    let (ne, ni, ke, ki) = (8000usize, 2000usize, 400usize, 100usize);
    let g = 3.0;
    let j = 3.0 / (ke as f64 - g * ki as f64);
    let fixed = |k| Connectivity::FixedIndegree { indegree: k };
    let m = model(
        &[(ne, Sign::Excitatory), (ni, Sign::Inhibitory)],
        &[
            (0, 0, fixed(ke), Distribution::fixed(j)),
            (0, 1, fixed(ke), Distribution::fixed(j)),
            (1, 0, fixed(ki), Distribution::fixed(-g * j)),
            (1, 1, fixed(ki), Distribution::fixed(-g * j)),
        ],
    );
    let predicted = BlockStatistics::from_model(&m, None).unwrap().predict();
    assert!(
        predicted.radius < 1.2 && predicted.outliers.len() == 1,
        "{predicted:?}"
    );
    assert!((predicted.outliers[0] - 3.0).norm() < 1e-9);
    let csr = sample_connectivity(
        &m,
        &SampleOptions {
            seed: 6,
            row_gains: None,
        },
    )
    .unwrap()
    .to_csr();
    let ritz = arnoldi_ritz(&csr, 60, 7).unwrap();
    assert!((ritz[0].value - 3.0).norm() < 1e-8, "{:?}", ritz[0]);
    assert!(ritz[0].residual < 1e-8);
    // The remaining Ritz values lie inside the predicted bulk (a lower bound of its radius).
    assert!(ritz[1].value.norm() < predicted.radius * 1.03);
}

#[test]
fn sampler_honours_fixed_indegree_autapses_and_dale() {
    // Every target gets exactly K sources from each source population, never itself when
    // autapses are off, and truncated Normal weights keep the sign of their source.
    let fixed = |k| Connectivity::FixedIndegree { indegree: k };
    let mut m = model(
        &[(300, Sign::Excitatory), (100, Sign::Inhibitory)],
        &[
            (0, 0, fixed(30), Distribution::Normal { mean: 0.1, sd: 0.2 }),
            (
                1,
                0,
                fixed(10),
                Distribution::Normal {
                    mean: -0.4,
                    sd: 0.5,
                },
            ),
        ],
    );
    m.projections[0].autapses = false;
    let sampled = sample_connectivity(
        &m,
        &SampleOptions {
            seed: 8,
            row_gains: None,
        },
    )
    .unwrap();
    let mut from_e = vec![0usize; 300];
    let mut from_i = vec![0usize; 300];
    for (i, j, &w) in sampled.matrix.triplet_iter() {
        assert!(i < 300, "only E is a target");
        assert_ne!(i, j, "autapse");
        if j < 300 {
            from_e[i] += 1;
            assert!(w >= 0.0);
        } else {
            from_i[i] += 1;
            assert!(w <= 0.0);
        }
    }
    assert!(from_e.iter().all(|&k| k == 30) && from_i.iter().all(|&k| k == 10));
    // A law with almost no mass on the allowed side is rejected, not silently clamped.
    m.projections[0].weight = Distribution::Normal {
        mean: -1.0,
        sd: 0.1,
    };
    assert!(sample_connectivity(&m, &SampleOptions::default()).is_err());
}

#[test]
fn restarted_arnoldi_matches_the_dense_spectrum_with_a_small_basis() {
    // N = 1500 E/I matrix with an outlier: 30 Krylov vectors per cycle, restarted until the
    // three largest Ritz values converge, against all eigenvalues from faer.
    let (ne, ni, ke, ki) = (1200usize, 300usize, 120usize, 30usize);
    let fixed = |k| Connectivity::FixedIndegree { indegree: k };
    let m = model(
        &[(ne, Sign::Excitatory), (ni, Sign::Inhibitory)],
        &[
            (0, 0, fixed(ke), Distribution::fixed(0.05)),
            (0, 1, fixed(ke), Distribution::fixed(0.05)),
            (1, 0, fixed(ki), Distribution::fixed(-0.1)),
            (1, 1, fixed(ki), Distribution::fixed(-0.1)),
        ],
    );
    let sampled = sample_connectivity(
        &m,
        &SampleOptions {
            seed: 3,
            row_gains: None,
        },
    )
    .unwrap();
    let dense = dense_eigenvalues(&sampled.to_dense()).unwrap();
    let run =
        eibal::theory::network::spectrum::arnoldi_restarted(&sampled.to_csr(), 30, 3, 200, 1e-9, 5)
            .unwrap();
    assert!(run.converged && run.cycles > 1, "{} cycles", run.cycles);
    // Row sums are exact: 120 * 0.05 - 30 * 0.1 = 3 is an eigenvalue.
    assert!((run.ritz[0].value - Complex64::new(3.0, 0.0)).norm() < 1e-8);
    assert!((dense[0] - Complex64::new(3.0, 0.0)).norm() < 1e-8);
    // The next largest moduli agree with the dense solver (conjugate pairs have equal moduli).
    for (i, (r, d)) in run.ritz.iter().zip(&dense).enumerate().take(3).skip(1) {
        let (a, b) = (r.value.norm(), d.norm());
        assert!((a - b).abs() < 1e-6 * b, "{i}: {a} vs {b}");
    }
}

#[test]
fn multapses_raise_the_entry_variance_of_dense_fixed_indegree_blocks() {
    // Fixed in-degree with replacement (multapses) at p = 0.3: an entry is a Binomial(K, 1/A)
    // count of weights, variance (K/A) w^2 - (K/A^2) w^2 instead of p (1 - p) w^2 for distinct
    // sources. Radius^2 = sum_b K_b w_b^2 (1 - 1/A_b) = 0.048 + 0.192 (0.49), against 0.41 if
    // the multapses were ignored. The mean input is balanced (outlier at 0, inside the bulk).
    let (ne, ni, ke, ki) = (1200usize, 300usize, 360usize, 90usize);
    let fixed = |k| Connectivity::FixedIndegree { indegree: k };
    let mut m = model(
        &[(ne, Sign::Excitatory), (ni, Sign::Inhibitory)],
        &[
            (0, 0, fixed(ke), Distribution::fixed(0.01)),
            (0, 1, fixed(ke), Distribution::fixed(0.01)),
            (1, 0, fixed(ki), Distribution::fixed(-0.04)),
            (1, 1, fixed(ki), Distribution::fixed(-0.04)),
        ],
    );
    m.projections.iter_mut().for_each(|p| p.multapses = true);
    let expected =
        (360.0f64 * 1e-4 * (1.0 - 1.0 / 1200.0) + 90.0 * 16e-4 * (1.0 - 1.0 / 300.0)).sqrt();
    let (sampled, predicted) = radii(&m, 0, 11);
    assert!(
        (predicted - expected).abs() < 1e-12,
        "{predicted} vs {expected}"
    );
    // N = 1500: the edge fluctuates by ~2-3% (module doc); ignoring multapses would be 16% off.
    assert!(
        (sampled / predicted - 1.0).abs() < 0.04,
        "{sampled} vs {predicted}"
    );
}
