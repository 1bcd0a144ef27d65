//! `eibal stability` on `models/brunel2000.ei` reproduces the picture of Brunel (2000), J
//! Comput Neurosci 8:183, figures 2 and 8: the asynchronous state C (g=5, eta=2) is stable;
//! at B (g=6, eta=4) it loses stability to a fast global oscillation (Brunel: near 180 Hz);
//! at D (g=4.5, eta=0.9) to a slow one (Brunel: near 20-25 Hz; the bounds below allow the
//! frequency shift that the exact LIF transfer function gives against the paper's
//! approximations).

use serde_json::Value;
use std::process::Command;

fn stability(g: &str, eta: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_eibal"))
        .args(["stability", "models/brunel2000.ei", "--json", "--set"])
        .arg(format!("g={g}"))
        .arg("--set")
        .arg(format!("eta={eta}"))
        .output()
        .expect("eibal runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn leading(v: &Value) -> (f64, f64) {
    let r = &v["leading_roots"][0];
    (
        r["growth_rate_per_s"].as_f64().expect("growth rate"),
        r["frequency_hz"].as_f64().expect("frequency"),
    )
}

#[test]
fn state_c_is_stable() {
    let v = stability("5", "2");
    assert_eq!(v["stable"], true, "{v}");
    let roots = v["leading_roots"].as_array().expect("roots");
    assert!(
        roots
            .iter()
            .all(|r| r["growth_rate_per_s"].as_f64() < Some(0.0))
    );
}

#[test]
fn state_b_has_a_fast_oscillatory_instability() {
    let v = stability("6", "4");
    assert_eq!(v["stable"], false, "{v}");
    let (growth, f) = leading(&v);
    assert!(growth > 0.0 && (150.0..220.0).contains(&f), "{v}");
}

#[test]
fn state_d_has_a_slow_oscillatory_instability() {
    let v = stability("4.5", "0.9");
    assert_eq!(v["stable"], false, "{v}");
    let (growth, f) = leading(&v);
    assert!(growth > 0.0 && (10.0..35.0).contains(&f), "{v}");
}

#[test]
fn roots_are_ordered_by_growth_rate() {
    let v = stability("6", "4");
    let g: Vec<f64> = v["leading_roots"]
        .as_array()
        .expect("roots")
        .iter()
        .filter_map(|r| r["growth_rate_per_s"].as_f64())
        .collect();
    assert!(g.windows(2).all(|w| w[0] >= w[1]), "{g:?}");
}

/// `--exp-transfer taylor` switches exponential-synapse models to the Schuecker et al. (2015)
/// transfer function and names it; delta-synapse models are unaffected (no synaptic filter),
/// and an unknown form is bad input (exit 2).
#[test]
fn exp_transfer_taylor_is_named_and_checked() {
    let run = |file: &str, form: &str| {
        Command::new(env!("CARGO_BIN_EXE_eibal"))
            .args(["stability", file, "--json", "--exp-transfer", form])
            .output()
            .expect("eibal runs")
    };
    let out = run("models/brunel2000_exp.ei", "taylor");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["transfer"], "schuecker_diesmann_helias_2015");
    let out = run("models/brunel2000.ei", "taylor");
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["transfer"], "lindner_schimansky_geier_2001");
    assert_eq!(run("models/brunel2000.ei", "cubic").status.code(), Some(2));
}
