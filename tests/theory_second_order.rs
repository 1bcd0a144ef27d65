//! The second-order self-consistent scheme (theory::network::second_order, Dummer, Wieland &
//! Lindner 2014) against NEST 3.10.0: the CV of the ISIs within 0.05 of NEST's, the rate
//! within 1 % of the diffusion fixed point, at Brunel's state C, three other stationary
//! (g, eta) points and one point of the exponential-synapse variant.
//!
//! NEST numbers: tests/references/nest_brunel_second_order.py in a venv with
//! `pip install nest-simulator==3.10.0`, run on 2026-12-06 (one thread, dt 0.1 ms, seed 1,
//! 200 ms warm-up), e.g.
//!   python tests/references/nest_brunel_second_order.py 5 2 delta 3000 200 1
//! The CV is the mean over E neurons of sd(ISI)/mean(ISI); its group standard error in NEST
//! is below 0.002, the scheme's sampling error about 0.005 to 0.015 (reported with it).

use eibal::theory::network::input::MeanFieldNetwork;
use eibal::theory::network::second_order::{
    SecondOrder, SecondOrderOptions, SecondOrderResult, solve_second_order,
};
use eibal::theory::{self, TheoryOptions};
use std::path::Path;

fn load(name: &str, set: &[&str]) -> eibal::Model {
    let set: Vec<String> = set.iter().map(|s| s.to_string()).collect();
    eibal::lang::load(Path::new(&format!("models/{name}")), &set).unwrap()
}

/// Diffusion rates and the second-order result of one model point.
fn run(name: &str, set: &[&str]) -> (Vec<f64>, SecondOrderResult) {
    let model = load(name, set);
    let network = MeanFieldNetwork::compile(&model, 1.0).unwrap();
    let r = theory::solve_network(&network, &TheoryOptions::fixed_point_only()).unwrap();
    let rates = r.fixed_points[0].rates();
    match solve_second_order(&network, &rates, &SecondOrderOptions::default()).unwrap() {
        SecondOrder::Solved(s) => (rates, s),
        SecondOrder::NotApplicable(why) => panic!("{why}"),
    }
}

/// CV within 0.05 of NEST's E population, rate within `rate_tolerance` of `reference_rate`
/// (the diffusion rate if `None`), converged.
fn check(name: &str, set: &[&str], nest_cv: f64) {
    check_with(name, set, nest_cv, None, 0.01);
}

fn check_with(
    name: &str,
    set: &[&str],
    nest_cv: f64,
    reference_rate: Option<f64>,
    rate_tolerance: f64,
) {
    let (rates, s) = run(name, set);
    assert!(s.converged, "{name} {set:?}: not converged");
    for (p, diffusion) in s.populations.iter().zip(&rates) {
        let rate = reference_rate.unwrap_or(*diffusion);
        assert!(
            (p.cv - nest_cv).abs() < 0.05,
            "{name} {set:?}: CV {:.4} +- {:.4} vs NEST {nest_cv}",
            p.cv,
            p.cv_se
        );
        assert!(
            (p.rate / rate - 1.0).abs() < rate_tolerance,
            "{name} {set:?}: rate {:.3} vs {rate:.3}",
            p.rate
        );
        // The spectrum approaches the rate at high frequencies and is below it at low
        // frequencies (a train more regular than Poisson).
        let power = &p.spectrum.power;
        assert!((power[power.len() - 1] / p.rate - 1.0).abs() < 0.1);
        assert!(power[1] < 0.5 * p.rate);
    }
}

#[test]
fn state_c_matches_nest() {
    // NEST: rate_E=37.517 cv_E=0.4282 cv_se_E=0.0003 fano_E=0.2167 (5 2 delta 3000 200 1).
    // Diffusion approximation: CV 0.675.
    check("brunel2000.ei", &["g=5", "eta=2"], 0.4282);
}

#[test]
fn near_the_fast_hopf_line_matches_nest() {
    // NEST: rate_E=39.927 cv_E=0.5836 cv_se_E=0.0005 fano_E=0.3684 (6 3 delta 2000 200 1).
    // Diffusion approximation: CV 0.752.
    check("brunel2000.ei", &["g=6", "eta=3"], 0.5836);
}

#[test]
fn stronger_drive_matches_nest() {
    // NEST: rate_E=65.386 cv_E=0.3984 cv_se_E=0.0004 fano_E=0.1835 (5 3 delta 1000 200 1).
    // Diffusion approximation: 65.04 Hz, CV 0.638.
    check("brunel2000.ei", &["g=5", "eta=3"], 0.3984);
}

#[test]
fn stronger_inhibition_matches_nest() {
    // NEST: rate_E=22.424 cv_E=0.5538 cv_se_E=0.0010 fano_E=0.3918 (6 2 delta 1000 200 1).
    // Diffusion approximation: 22.85 Hz, CV 0.764. The scheme's rate (22.59 Hz) is 1.1 %
    // below the diffusion rate, which is 1.9 % above NEST: held against NEST within 1.5 %.
    check_with(
        "brunel2000.ei",
        &["g=6", "eta=2"],
        0.5538,
        Some(22.424),
        0.015,
    );
}

#[test]
fn exponential_synapses_match_nest() {
    // NEST: rate_E=35.834 cv_E=0.3640 cv_se_E=0.0006 fano_E=0.1790 (5 2 exp 1000 200 1).
    // Diffusion approximation with the Fourcaud-Brunel shift: 36.24 Hz, CV 0.678. The scheme
    // samples the filtered noise exactly (no shift) and lands 2 % below the shifted diffusion
    // rate, 1 % below NEST (the shift is first order in sqrt(tau_s / tau_m) = 0.16): the rate
    // is held against NEST here, within 1.5 % (NEST's rate SE ~0.3 %, the scheme's ~0.4 %).
    check_with(
        "brunel2000_exp.ei",
        &["g=5", "eta=2"],
        0.3640,
        Some(35.834),
        0.015,
    );
}

#[test]
fn does_not_apply_to_rate_units() {
    let model = load("rate_chaos.ei", &[]);
    let network = MeanFieldNetwork::compile(&model, 1.0).unwrap();
    let r = theory::solve_network(&network, &TheoryOptions::fixed_point_only()).unwrap();
    match solve_second_order(&network, &r.fixed_points[0].rates(), &Default::default()) {
        Ok(SecondOrder::NotApplicable(why)) => assert!(why.contains("rate or binary"), "{why}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn theory_json_has_best_cv_and_poisson_cv() {
    let report = eibal::study::theory(
        &load("brunel2000.ei", &[]),
        &eibal::study::TheoryRequest {
            search: false,
            ..Default::default()
        },
    )
    .unwrap();
    let v = serde_json::to_value(&report).unwrap();
    let p = &v["populations"][0];
    assert_eq!(p["method"], "self_consistent_spike_spectrum");
    let (cv, poisson) = (
        p["cv"].as_f64().unwrap(),
        p["cv_poisson_input"].as_f64().unwrap(),
    );
    assert!(
        (poisson - 0.675).abs() < 0.001 && (cv - 0.4282).abs() < 0.05,
        "{cv} {poisson}"
    );
    assert!(p["cv_sampling_error"].as_f64().unwrap() < 0.02);
    assert!(p["fano"].as_f64().is_some());
    let spectrum = &p["spike_spectrum"];
    assert_eq!(
        spectrum["frequency_hz"].as_array().map(Vec::len),
        spectrum["power"].as_array().map(Vec::len)
    );
    assert_eq!(v["second_order"]["applied"], true);
    assert_eq!(v["fixed_points"][0]["populations"][0]["cv"], p["cv"]);
}

#[test]
fn an_oscillatory_state_falls_back_with_a_reason() {
    // Brunel's state B (g = 6, eta = 4): synchronous irregular with a fast global
    // oscillation; `eibal stability` finds its fixed point linearly unstable.
    let report = eibal::study::theory(
        &load("brunel2000.ei", &["g=6", "eta=4"]),
        &eibal::study::TheoryRequest {
            search: false,
            ..Default::default()
        },
    )
    .unwrap();
    let v = serde_json::to_value(&report).unwrap();
    eprintln!("{}", v["second_order"]);
    assert_eq!(v["second_order"]["applied"], false);
    let why = v["second_order"]["reason"].as_str().unwrap();
    assert!(why.contains("unstable"), "{why}");
    assert_eq!(v["populations"][0]["method"], "diffusion_approximation");
    assert_eq!(
        v["populations"][0]["cv"],
        v["populations"][0]["cv_poisson_input"]
    );
}

/// The scheme with the common input from the predicted cross-correlations of the input trains
/// (`eibal theory --input-correlations`, theory::network::input_correlation), at state C.
/// Measured: CV 0.430 +- 0.005 (0.420 without; NEST 0.428, eibal 20 s runs 0.431), Fano
/// factor 0.193 +- 0.008 (0.191 without; eibal 20 s runs 0.215: the common input leaves the
/// Fano gap open). Held here: the CV target against NEST and the rate target; and the Fano
/// factor not below the independent-input one by more than
/// two combined sampling errors (the common input adds power at low frequencies). Rate 38.10
/// Hz: within the 1 % of the diffusion rate (37.95 Hz), as without (38.03 Hz).
#[test]
fn input_correlations_keep_the_targets_at_state_c() {
    let request = |input_correlations| eibal::study::TheoryRequest {
        search: false,
        input_correlations,
        ..Default::default()
    };
    let model = load("brunel2000.ei", &[]);
    let with = eibal::study::theory(&model, &request(true)).unwrap();
    let without = eibal::study::theory(&model, &request(false)).unwrap();
    assert!(with.second_order.input_correlations);
    assert!(!without.second_order.input_correlations);
    let e = |r: &eibal::study::TheoryReport| match &r.populations[0] {
        eibal::study::theory::PopulationReport::Spiking(p) => p.clone(),
        _ => panic!("spiking E expected"),
    };
    let (w, wo) = (e(&with), e(&without));
    let cv = w.cv.unwrap();
    assert!((cv - 0.4282).abs() < 0.05, "CV {cv}");
    let (rate, diffusion) = (w.rate_second_order_hz.unwrap(), w.rate_hz.unwrap());
    assert!(
        (rate / diffusion - 1.0).abs() < 0.01,
        "rate {rate}, diffusion {diffusion}"
    );
    let (f1, f0) = (w.fano.unwrap(), wo.fano.unwrap());
    let se = w
        .fano_sampling_error
        .unwrap()
        .hypot(wo.fano_sampling_error.unwrap());
    assert!(f1 > f0 - 2.0 * se, "Fano {f1} with, {f0} without (+- {se})");
}
