//! Exported scripts: valid Python for every exportable model, and refusals that name the
//! feature and its line for what a target cannot express.

use std::process::Command;

fn eibal(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_eibal"))
        .args(args)
        .output()
        .expect("eibal runs")
}

/// `python3 -m py_compile` accepts the script (syntax only: NEST and Brian2 need not be
/// installed for this test).
fn assert_valid_python(script: &str, label: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("run.py");
    std::fs::write(&path, script).expect("write script");
    let out = Command::new("python3")
        .args(["-m", "py_compile"])
        .arg(&path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{label}: not valid Python:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn spiking_models_export_to_valid_python_for_both_targets() {
    for model in [
        "models/brunel2000.ei",
        "models/brunel2000_exp.ei",
        "models/coba.ei",
        "models/microcircuit.ei",
        "tests/fixtures/brunel_small.ei",
    ] {
        for target in ["nest", "brian2"] {
            let out = eibal(&["export", "--to", target, model]);
            assert!(
                out.status.success(),
                "{model} -> {target}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let script = String::from_utf8_lossy(&out.stdout);
            assert!(
                script.contains("json.dumps"),
                "{model} -> {target}: prints no JSON"
            );
            assert_valid_python(&script, &format!("{model} -> {target}"));
        }
    }
}

#[test]
fn nest_script_uses_the_models_numbers_in_nests_units() {
    let out = eibal(&[
        "export",
        "--to",
        "nest",
        "models/brunel2000.ei",
        "--set",
        "g=6",
    ]);
    assert!(out.status.success());
    let script = String::from_utf8_lossy(&out.stdout);
    // Brunel model A: J = 0.1 mV, g = 6 -> inhibitory weight -0.6 mV; nu_thr = 10 Hz, eta = 2,
    // C_E = 1000 sources -> one generator at 20 kHz; 1.5 ms delays; 10000 + 2500 neurons.
    assert!(script.contains("\"iaf_psc_delta\", 10000"));
    assert!(script.contains("\"iaf_psc_delta\", 2500"));
    assert!(script.contains("\"weight\": -0.6"), "{script}");
    assert!(script.contains("\"rate\": 20000.0"), "{script}");
    assert!(script.contains("\"indegree\": 1000"));
    assert!(script.contains("\"indegree\": 250"));
    assert!(script.contains("\"delay\": 1.5"));
    assert!(!script.contains("for i in range"), "no per-neuron loops");
}

#[test]
fn unsupported_features_are_refused_with_their_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("scaled.ei");
    let source = std::fs::read_to_string("tests/fixtures/brunel_small.ei").expect("fixture");
    std::fs::write(
        &path,
        format!("{source}\nplasticity scaling onto E {{ target_rate = 5 Hz, tau = 100 s }}\n"),
    )
    .expect("write model");
    let line = source.lines().count() + 2;
    for target in ["nest", "brian2"] {
        let out = eibal(&["export", "--to", target, path.to_str().expect("utf-8 path")]);
        assert_eq!(out.status.code(), Some(2), "refusal is bad input");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("scaled.ei:{line}:")), "{err}");
        assert!(err.contains("synaptic scaling"), "{err}");
        assert!(out.stdout.is_empty(), "nothing written on refusal");
    }
    for model in ["models/rate_chaos.ei", "models/vvs_binary.ei"] {
        let out = eibal(&["export", "--to", "nest", model]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("unit"), "{model}: {err}");
    }
}

#[test]
fn unknown_target_is_bad_input() {
    let out = eibal(&["export", "--to", "neuron", "models/brunel2000.ei"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nest"));
}
