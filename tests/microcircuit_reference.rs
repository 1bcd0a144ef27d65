//! `models/microcircuit.ei` states the published model: a fixed total number of synapses per
//! projection whose mean in-degrees are the published fractional K of Potjans & Diesmann
//! (2014) in the Bos et al. (2016) variant (../shared/reference/microcircuit_bos2016.toml),
//! and its eight mean-field rates equal NNMT 1.3.0 run with those fractional in-degrees.
//!
//! NNMT's numbers below were printed on 2026-12-06 by
//!     python tests/references/nnmt_microcircuit.py ../shared/reference/microcircuit_bos2016.toml
//! in a venv with nnmt==1.3.0 (numpy 2.2.6): nnmt.lif.exp._firing_rates(method='shift') with
//! the published K (not rounded), J = w tau_s / C. With the in-degrees rounded to integers (the
//! model file before the `total` rule) the rates differ from these by up to 1.6 %.

use eibal::theory::{self, TheoryOptions};
use std::path::Path;

/// (population, NNMT rate in Hz), in the model's order.
const NNMT_RATES: [(&str, f64); 8] = [
    ("L23E", 0.7221919843112284),
    ("L23I", 2.688214211684724),
    ("L4E", 4.189313481900359),
    ("L4I", 5.671296605964165),
    ("L5E", 6.5575299697468195),
    ("L5I", 8.285608472839849),
    ("L6E", 1.128507943499083),
    ("L6I", 7.674739500058075),
];

/// The published K[target][source] (the reference table's, rows and columns L23E..L6I).
const K: [[f64; 8]; 8] = [
    [
        2199.864860,
        1079.320070,
        979.241261,
        467.578108,
        159.240826,
        0.0,
        109.819852,
        0.0,
    ],
    [
        2990.005830,
        860.261056,
        703.691807,
        289.693864,
        380.735859,
        0.0,
        60.586390,
        0.0,
    ],
    [
        159.875428,
        34.522519,
        1117.173120,
        675.0,
        32.604335,
        0.319553,
        667.325211,
        0.0,
    ],
    [
        1480.973540,
        16.943238,
        1813.020260,
        953.325789,
        16.031393,
        0.0,
        1608.122830,
        0.0,
    ],
    [
        2188.365980,
        374.651134,
        1135.629690,
        31.319588,
        420.770722,
        496.471959,
        296.694639,
        0.0,
    ],
    [
        1165.667610,
        159.083568,
        570.579343,
        12.066667,
        300.095775,
        404.172770,
        124.332394,
        0.0,
    ],
    [
        325.197985, 38.632025, 467.354637, 91.714762, 285.670372, 21.189927, 581.635915, 752.183189,
    ],
    [
        766.905020, 5.836839, 74.638060, 2.740163, 136.240841, 8.554274, 979.791723, 459.402985,
    ],
];

fn model() -> eibal::Model {
    eibal::lang::load(Path::new("models/microcircuit.ei"), &[]).expect("the model loads")
}

#[test]
fn mean_indegrees_are_the_published_fractional_ones() {
    let m = model();
    let mut seen = [[0.0; 8]; 8];
    for pr in &m.projections {
        assert!(
            matches!(
                pr.connectivity,
                eibal::model::Connectivity::FixedTotal { .. }
            ),
            "every projection uses the fixed-total rule of the original"
        );
        seen[pr.target.0][pr.source.0] += m.mean_indegree(pr);
    }
    for (a, row) in K.iter().enumerate() {
        let n_target = m.populations[a].size as f64;
        for (b, &k) in row.iter().enumerate() {
            // The total is K N_target rounded to an integer (the table gives K to 6 decimals,
            // so K N_target is within 0.11 of one): |K_eibal - K| <= 0.5 / N_target.
            assert!(
                (seen[a][b] - k).abs() <= 0.5 / n_target,
                "K[{a}][{b}]: eibal {} vs published {k}",
                seen[a][b]
            );
        }
    }
}

#[test]
fn mean_field_rates_equal_nnmt_with_the_published_indegrees() {
    let m = model();
    let r = theory::solve(&m, &TheoryOptions::default()).expect("theory solves");
    let pops = &r.fixed_points[0].populations;
    for (a, (name, rate)) in NNMT_RATES.iter().enumerate() {
        assert_eq!(m.populations[a].name, *name);
        let rel = (pops[a].rate - rate).abs() / rate;
        assert!(
            rel < 1e-6,
            "{name}: eibal {} Hz, NNMT {rate} Hz (relative {rel:.2e})",
            pops[a].rate
        );
    }
}
