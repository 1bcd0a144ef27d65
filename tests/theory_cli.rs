//! The `eibal theory` command end to end.

use std::process::Command;

fn eibal(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_eibal"))
        .args(args)
        .output()
        .expect("run eibal")
}

#[test]
fn theory_json_has_the_documented_schema() {
    let out = eibal(&["theory", "models/brunel2000.ei", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let p = &v["populations"][0];
    assert_eq!(p["name"], "E");
    // NNMT 1.3.0: 37.94969708576336 Hz (see tests/theory_lif.rs).
    assert!((p["rate_hz"].as_f64().unwrap() - 37.949_697_085_763_36).abs() < 1e-6);
    for key in [
        "cv",
        "mu_mv",
        "sigma_mv",
        "input_e_mv",
        "input_i_mv",
        "dnu_dmu_hz_per_mv",
    ] {
        assert!(p[key].is_number(), "{key}");
    }
    assert!(v["fixed_points"].is_array() && v["balanced_limit"]["valid"].is_boolean());
    // The population-rate spectrum by linear response (two-sided, 0 to 500 Hz in 1 Hz steps),
    // driven by the self-consistent spike-train spectra, and the pairwise correlations.
    assert_eq!(v["rate_spectrum"]["applied"], true);
    assert_eq!(
        v["rate_spectrum"]["source"],
        "self_consistent_spike_spectrum"
    );
    let s = &p["rate_spectrum"];
    let (f, power) = (
        s["frequency_hz"].as_array().unwrap(),
        s["power"].as_array().unwrap(),
    );
    assert_eq!((f.len(), power.len()), (501, 501));
    assert!(power.iter().all(|x| x.as_f64().is_some_and(|x| x > 0.0)));
    let peak = p["rate_spectrum_peak_hz"]
        .as_f64()
        .expect("a peak at state C");
    assert!((100.0..150.0).contains(&peak), "{peak}");
    for key in ["pairwise_correlation", "pairwise_correlation_long_window"] {
        let rho = p[key].as_f64().expect(key);
        assert!(rho.abs() < 0.2, "{key} {rho}");
    }
}

#[test]
fn theory_table_and_scale_k() {
    let out = eibal(&[
        "theory",
        "models/brunel2000.ei",
        "--scale-k",
        "10",
        "--no-search",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("in-degrees scaled by 10"), "{text}");
    // Reference: the Siegert self-consistency solved independently with scipy
    // (`python tests/references/brunel_scale_k_siegert.py` prints 62.932670 Hz; scipy quad
    // and brentq at 1e-12, so 1e-5 Hz covers both methods' errors).
    let out = eibal(&[
        "theory",
        "models/brunel2000.ei",
        "--scale-k",
        "10",
        "--no-search",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let rate = v["populations"][0]["rate_hz"].as_f64().expect("rate");
    assert!((rate - 62.932670).abs() < 1e-5, "rate {rate}");
}

#[test]
fn bad_scale_k_is_exit_code_2() {
    let out = eibal(&["theory", "models/brunel2000.ei", "--scale-k", "-1"]);
    assert_eq!(out.status.code(), Some(2));
}
