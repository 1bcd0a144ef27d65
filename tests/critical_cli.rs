//! `eibal critical`, `eibal spectrum` and the new `eibal stability` fields from the command
//! line: values, JSON shape, plots and exit codes.

use serde_json::Value;
use std::process::{Command, Output};

fn eibal(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eibal"))
        .args(args)
        .output()
        .unwrap()
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn critical_scs_coupling_from_the_command_line() {
    let v = json(&eibal(&[
        "critical",
        "models/rate_chaos.ei",
        "--param",
        "g",
        "--range",
        "0.5:1.5",
        "--criterion",
        "radius",
        "--tol",
        "1e-10",
        "--json",
    ]));
    // Without autapses: g_c = sqrt(N / (N - 1)) at N = 1000.
    let expected = (1000.0f64 / 999.0).sqrt();
    assert!(
        (v["value"].as_f64().unwrap() - expected).abs() < 1e-9,
        "{v}"
    );
    assert_eq!(v["criterion"], "radius");
}

#[test]
fn critical_bad_input_exits_2_and_no_crossing_exits_1() {
    let base = ["critical", "models/rate_chaos.ei", "--param"];
    for extra in [
        &["g", "--range", "2:1"][..],
        &["g", "--range", "x"][..],
        &["nope", "--range", "0.5:1.5", "--criterion", "radius"][..],
        &["g", "--range", "0.5:1.5", "--criterion", "wobble"][..],
        &["g", "--range", "0.5:1.5", "--tol", "-1"][..],
    ] {
        let args: Vec<&str> = base.iter().chain(extra).copied().collect();
        let out = eibal(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
    let out = eibal(&[
        "critical",
        "models/rate_chaos.ei",
        "--param",
        "g",
        "--range",
        "0.1:0.5",
        "--criterion",
        "radius",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("widen the range"));
}

#[test]
fn spectrum_reports_prediction_and_sample_and_plots() {
    let dir = tempfile::tempdir().unwrap();
    let plot = dir.path().join("s.svg");
    let plot_arg = plot.to_string_lossy().to_string();
    let v = json(&eibal(&[
        "spectrum",
        "models/rate_chaos.ei",
        "--set",
        "N=600",
        "--plot",
        &plot_arg,
        "--json",
    ]));
    // Predicted: g sqrt((N - 1)/N) with g = 1.5. Sampled at N = 600: the edge fluctuates by
    // a few per cent (tests/rmt_spectra.rs checks 3% at N = 2000).
    let predicted = v["predicted"]["bulk_radius"].as_f64().unwrap();
    assert!((predicted - 1.5 * (599.0f64 / 600.0).sqrt()).abs() < 1e-12);
    let sampled = v["sampled"]["bulk_radius"].as_f64().unwrap();
    assert!((sampled / predicted - 1.0).abs() < 0.06, "{v}");
    assert_eq!(v["sampled"]["eigenvalues"], 600);
    let svg = std::fs::read_to_string(&plot).unwrap();
    assert!(svg.contains("models/rate_chaos.ei") && svg.contains("predicted bulk radius"));
    let out = eibal(&["spectrum", "models/rate_chaos.ei", "--plot", "s.pdf"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn stability_json_reports_isn_branching_and_radius() {
    let v = json(&eibal(&["stability", "models/vvs_binary.ei", "--json"]));
    assert!(v["isn"]["isn"].is_boolean(), "{v}");
    assert!(v["isn"]["inhibitory"][0]["paradoxical"].is_boolean());
    assert!(v["branching_ratio"].as_f64().unwrap() > 0.0);
    assert!(v["gain_scaled_radius"].as_f64().unwrap() > 0.0);
}

#[test]
fn stability_of_a_model_with_a_silent_population_succeeds() {
    // models/feedforward_inhibition.ei has a population without noise below threshold; it has
    // no linear response and must not fail the analysis.
    let v = json(&eibal(&[
        "stability",
        "models/feedforward_inhibition.ei",
        "--json",
    ]));
    assert!(v["stable"].is_boolean(), "{v}");
}
