//! Stability of rate and binary units, the ISN condition and the paradoxical response, against
//! analytic results for threshold-linear rate models (Tsodyks et al. 1997; Ozeki et al. 2009).
//!
//! The models use K = 100 inputs of weight w / 100 with fixed in-degree, so the mean field is
//! exactly the deterministic threshold-linear network x = W r + h (no input variance), and
//! every expected value below is computed by hand from W, h, tau and the delay d.

use eibal::lang::{ModelSource, Override, compile_source};
use eibal::model::Quantity;
use eibal::theory::network::chaos::{Criterion, CriticalOptions, critical_value};
use eibal::theory::network::problem::MeanFieldProblem;
use eibal::theory::network::stability::{analyse, linearise};
use eibal::theory::neuron::transfer::TransferForm;
use eibal::theory::{MeanFieldNetwork, TheoryOptions, solve};
use num_complex::Complex64;

const TWO_POPULATIONS: &str = "
model isn_two_pop
param w_EE = 1.5
param w_EI = 2
param w_IE = 2
param w_II = 1
neuron unit = rate { tau = 10 ms, transfer = threshold_linear, gain = 1, threshold = 0 }
population E : unit, excitatory { size = 100 }
population I : unit, inhibitory { size = 100 }
connect E -> E { indegree = 100, weight = w_EE / 100, delay = 1 ms }
connect I -> E { indegree = 100, weight = -w_EI / 100, delay = 1 ms }
connect E -> I { indegree = 100, weight = w_IE / 100, delay = 1 ms }
connect I -> I { indegree = 100, weight = -w_II / 100, delay = 1 ms }
drive E { constant(amplitude = 1) }
drive I { constant(amplitude = 0.5) }
simulate { duration = 1 s, dt = 0.1 ms, seed = 1 }
";

const SELF_INHIBITION: &str = "
model self_inhibition
param w = -0.5
neuron unit = rate { tau = 10 ms, transfer = threshold_linear, gain = 1, threshold = 0 }
population X : unit, inhibitory { size = 1 }
connect X -> X { indegree = 1, weight = w, delay = 2 ms }
drive X { constant(amplitude = 1) }
simulate { duration = 1 s, dt = 0.1 ms, seed = 1 }
";

fn set(name: &str, value: f64) -> Override {
    Override::Value {
        name: name.into(),
        value: Quantity::dimensionless(value),
    }
}

#[test]
fn isn_and_paradox_follow_the_threshold_linear_analysis() {
    let (w_ei, w_ie, w_ii) = (2.0, 2.0, 1.0);
    for &w_ee in &[0.5, 0.8, 1.2, 1.5, 1.8] {
        let model = compile_source(TWO_POPULATIONS, "isn.ei", &[set("w_EE", w_ee)]).unwrap();
        let result = solve(&model, &TheoryOptions::fixed_point_only()).unwrap();
        let fixed = &result.fixed_points[0];
        // By hand: (I - W) r = h with W = [[w_EE, -w_EI], [w_IE, -w_II]], h = (1, 0.5).
        let det = (1.0 - w_ee) * (1.0 + w_ii) + w_ei * w_ie;
        let r_e = ((1.0 + w_ii) * 1.0 - w_ei * 0.5) / det;
        let r_i = (w_ie * 1.0 + (1.0 - w_ee) * 0.5) / det;
        assert!(
            r_e > 0.0 && r_i > 0.0,
            "test parameters must keep both active"
        );
        assert!(
            (fixed.populations[0].rate - r_e).abs() < 1e-8,
            "w_EE {w_ee}"
        );
        assert!(
            (fixed.populations[1].rate - r_i).abs() < 1e-8,
            "w_EE {w_ee}"
        );
        let s = analyse(
            &eibal::theory::MeanFieldNetwork::compile(&model, 1.0).unwrap(),
            fixed,
            TransferForm::Exact,
        )
        .unwrap();
        let isn = s.isn.expect("E and I populations");
        assert!((isn.ee_eigenvalue - w_ee).abs() < 1e-9, "{isn:?}");
        assert_eq!(isn.isn, w_ee > 1.0, "w_EE {w_ee}");
        let expected = (1.0 - w_ee) / det;
        let response = &isn.inhibitory[0];
        assert!(
            (response.relative_response - expected).abs() < 1e-9,
            "{response:?} vs {expected}"
        );
        // Ozeki et al. 2009: at a stable fixed point, paradoxical iff ISN.
        assert!(s.stable);
        assert_eq!(response.paradoxical, isn.isn);
        // Branching: Perron root of |W| by hand.
        let (a, b, c, d) = (w_ee, w_ei, w_ie, w_ii);
        let perron = 0.5 * ((a + d) + ((a - d).powi(2) + 4.0 * b * c).sqrt());
        assert!((s.branching.ratio - perron).abs() < 1e-9);
    }
}

#[test]
fn rate_roots_solve_the_scalar_characteristic_equations() {
    // With one delay d and one tau for all, det((1 + lambda tau) I - W e^{-lambda d}) factors
    // into (1 + lambda tau) e^{lambda d} = mu_k for the eigenvalues mu_k of W
    // (here 0.25 +- i sqrt(2.4375)).
    let (tau, d) = (0.01, 0.001);
    let model = compile_source(TWO_POPULATIONS, "isn.ei", &[]).unwrap();
    let result = solve(&model, &TheoryOptions::fixed_point_only()).unwrap();
    let s = analyse(
        &eibal::theory::MeanFieldNetwork::compile(&model, 1.0).unwrap(),
        &result.fixed_points[0],
        TransferForm::Exact,
    )
    .unwrap();
    assert!(!s.roots.roots.is_empty());
    let mu = [
        Complex64::new(0.25, 2.4375f64.sqrt()),
        Complex64::new(0.25, -(2.4375f64.sqrt())),
    ];
    for r in &s.roots.roots {
        let lambda = r.lambda();
        let lhs = (1.0 + lambda * tau) * (lambda * d).exp();
        let best = mu.iter().map(|m| (lhs - m).norm()).fold(f64::MAX, f64::min);
        assert!(best < 1e-6, "root {r:?}: residual {best}");
    }
    // The leading pair: Re lambda < 0 (stable), as s.stable says.
    assert!(s.stable && s.roots.roots[0].growth_rate_per_s < 0.0);
}

#[test]
fn self_inhibition_critical_coupling_is_the_delay_hopf_point() {
    // 1 + lambda tau = w e^{-lambda d} at lambda = i omega: omega d + atan(omega tau) = pi and
    // w_c = -sqrt(1 + omega^2 tau^2). Solved here by bisection on omega.
    let (tau, d): (f64, f64) = (0.01, 0.002);
    let (mut lo, mut hi): (f64, f64) = (0.0, 1e5);
    for _ in 0..200 {
        let m = 0.5 * (lo + hi);
        if m * d + (m * tau).atan() < std::f64::consts::PI {
            lo = m;
        } else {
            hi = m;
        }
    }
    let w_c = -(1.0 + (lo * tau).powi(2)).sqrt(); // -8.502425
    let prepared = ModelSource::from_text(SELF_INHIBITION, "self.ei", &[]).unwrap();
    let options = CriticalOptions {
        criterion: Criterion::Growth,
        tol: 1e-7,
        ..CriticalOptions::default()
    };
    let c = critical_value(&prepared, "w", -20.0, -1.0, &options).unwrap();
    assert!((c.crossing.value - w_c).abs() < 1e-6, "{c:?} vs {w_c}");
    // The frequency at the crossing.
    let model = compile_source(SELF_INHIBITION, "self.ei", &[set("w", w_c)]).unwrap();
    let result = solve(&model, &TheoryOptions::fixed_point_only()).unwrap();
    let s = analyse(
        &eibal::theory::MeanFieldNetwork::compile(&model, 1.0).unwrap(),
        &result.fixed_points[0],
        TransferForm::Exact,
    )
    .unwrap();
    let lead = s.roots.roots[0];
    assert!(lead.growth_rate_per_s.abs() < 1e-3, "{lead:?}");
    assert!((lead.frequency_hz - lo / (2.0 * std::f64::consts::PI)).abs() < 1e-4);
}

#[test]
fn binary_static_connectivity_is_the_jacobian_of_the_mean_field_map() {
    // Analytic chain rule (mean and variance channels) against forward differences of the
    // map the solver uses.
    let model = eibal::lang::load(std::path::Path::new("models/vvs_binary.ei"), &[]).unwrap();
    let network = eibal::theory::MeanFieldNetwork::compile(&model, 1.0).unwrap();
    let result =
        eibal::theory::solve_network(&network, &TheoryOptions::fixed_point_only()).unwrap();
    let fixed = &result.fixed_points[0];
    let w0 = linearise(&network, fixed, TransferForm::Exact)
        .unwrap()
        .static_connectivity()
        .unwrap();
    let network = MeanFieldNetwork::compile(&model, 1.0).unwrap();
    let problem = MeanFieldProblem::new(&network);
    let jac = problem.finite_difference_jacobian(&fixed.rates());
    for a in 0..2 {
        for b in 0..2 {
            let fd = jac[a][b] + if a == b { 1.0 } else { 0.0 };
            let tol = 1e-4 * fd.abs().max(1.0);
            assert!(
                (w0[(a, b)] - fd).abs() < tol,
                "W0[{a},{b}] {} vs {fd}",
                w0[(a, b)]
            );
        }
    }
}

#[test]
fn conductance_fixed_points_are_analysed() {
    // The low-pass approximation for lif_cond: every fixed point gets a finite verdict.
    let model = eibal::lang::load(std::path::Path::new("models/coba.ei"), &[]).unwrap();
    let result = solve(&model, &TheoryOptions::default()).unwrap();
    for f in &result.fixed_points {
        let s = analyse(
            &eibal::theory::MeanFieldNetwork::compile(&model, 1.0).unwrap(),
            f,
            TransferForm::Exact,
        )
        .unwrap();
        assert_eq!(s.transfer, "low_pass");
        assert!(s.branching.ratio.is_finite() && s.gain_scaled_radius.is_finite());
        assert!(
            s.roots
                .roots
                .iter()
                .all(|r| r.growth_rate_per_s.is_finite())
        );
    }
}
