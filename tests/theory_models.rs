//! `eibal theory` on the shipped model files (read by the language front end).

use eibal::theory::{self, TheoryOptions};
use std::path::Path;

fn load(name: &str, set: &[&str]) -> eibal::Model {
    let set: Vec<String> = set.iter().map(|s| s.to_string()).collect();
    eibal::lang::load(Path::new(&format!("models/{name}")), &set).unwrap()
}

#[test]
fn brunel2000_file_matches_nnmt() {
    // NNMT 1.3.0 nnmt.lif.delta._firing_rates at g = 5, eta = 2, run here on 2026-11-23:
    // 37.94969708576336 Hz (the same value as ../shared/reference/README.md's 37.9497 Hz).
    let r = theory::solve(&load("brunel2000.ei", &[]), &TheoryOptions::default()).unwrap();
    for p in &r.fixed_points[0].populations {
        assert!(
            ((p.rate - 37.949_697_085_763_36) / 37.95).abs() < 1e-6,
            "{}",
            p.rate
        );
    }
}

#[test]
fn brunel2000_file_with_set_overrides_moves_the_rate() {
    // State A of Brunel (2000), g = 3, eta = 2: excitation dominates and the rate is high.
    let a = theory::solve(
        &load("brunel2000.ei", &["g=3"]),
        &TheoryOptions::fixed_point_only(),
    )
    .unwrap();
    assert!(a.fixed_points[0].populations[0].rate > 100.0);
}

#[test]
fn microcircuit_file_rates_are_in_the_published_range() {
    // ../shared/reference/README.md: all eight between 0.5 and 10 Hz, L2/3E and L6E lowest.
    // The file states the published fixed totals (rates against NNMT in
    // tests/microcircuit_reference.rs).
    let r = theory::solve(&load("microcircuit.ei", &[]), &TheoryOptions::default()).unwrap();
    let fp = &r.fixed_points[0];
    assert_eq!(fp.populations.len(), 8);
    let mut by_rate: Vec<_> = fp.populations.iter().collect();
    by_rate.sort_by(|a, b| a.rate.total_cmp(&b.rate));
    for p in &fp.populations {
        assert!(p.rate > 0.5 && p.rate < 10.0, "{} {}", p.name, p.rate);
    }
    let lowest = [by_rate[0].name.as_str(), by_rate[1].name.as_str()];
    assert!(
        lowest.contains(&"L23E") && lowest.contains(&"L6E"),
        "{lowest:?}"
    );
}

#[test]
fn vvs_binary_file_has_a_valid_balanced_limit() {
    // VvS (1998) values: balanced activities m_E = m_I = m0 = 0.1 and E/I > J_E/J_I > 1.
    let r = theory::solve(&load("vvs_binary.ei", &[]), &TheoryOptions::default()).unwrap();
    let b = &r.balanced_limit.solution;
    assert!(b.valid && b.vvs.as_ref().unwrap().satisfied);
    for m in b.rates.as_ref().unwrap() {
        assert!((m - 0.1).abs() < 1e-12);
    }
    assert!(!r.spiking);
}

#[test]
fn other_model_files_solve() {
    for name in ["brunel2000_exp.ei", "coba.ei", "rate_chaos.ei"] {
        let r = theory::solve(&load(name, &[]), &TheoryOptions::default());
        assert!(r.is_ok(), "{name}: {r:?}");
    }
}
