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
            // Threads on one machine, and nothing in Python that loops over neurons.
            let threads = if target == "nest" {
                "\"local_num_threads\": args.threads"
            } else {
                "openmp_threads = args.threads"
            };
            assert!(script.contains(threads), "{model} -> {target}: threads");
            for per_neuron in ["for j in range(n_tgt)", "np.split(", "for i in range"] {
                assert!(
                    !script.contains(per_neuron),
                    "{model} -> {target}: {per_neuron}"
                );
            }
            assert_valid_python(&script, &format!("{model} -> {target}"));
        }
    }
}

#[test]
fn rate_networks_export_to_nest_rate_neurons() {
    let out = eibal(&["export", "--to", "nest", "models/rate_chaos.ei"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let script = String::from_utf8_lossy(&out.stdout);
    // eibal's tau dx/dt = -x + sum W tanh(x) is NEST's tanh_rate_ipn with the nonlinearity on
    // each input (linear_summation False) and lambda 1.
    assert!(script.contains("\"tanh_rate_ipn\""));
    assert!(script.contains("\"linear_summation\": False"));
    assert!(script.contains("\"lambda\": 1.0"));
    assert!(script.contains("rate_connection_delayed"));
    assert_valid_python(&script, "rate_chaos -> nest");
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
    let out = eibal(&["export", "--to", "brian2", "models/vvs_binary.ei"]);
    assert_eq!(out.status.code(), Some(2), "binary units -> brian2");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("binary unit"), "{err}");
}

#[test]
fn binary_networks_export_to_mcculloch_pitts_neurons() {
    let out = eibal(&[
        "export",
        "--to",
        "nest",
        "tests/fixtures/vvs_binary_small.ei",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let script = String::from_utf8_lossy(&out.stdout);
    // van Vreeswijk-Sompolinsky with K = 100: tau_E = 10 ms, tau_I = 9 ms; couplings
    // 1/sqrt(K) = 0.1, -2/sqrt(K) = -0.2, -1.8/sqrt(K) = -0.18. The constant inputs
    // m0 sqrt(K) = 1 and 0.8 m0 sqrt(K) = 0.8 are folded into the thresholds 1 and 0.7:
    // theta_E = 0, theta_I = -0.1, each lowered by 1e-9 times the largest |weight| onto the
    // population (0.2 onto E, 0.18 onto I) so that NEST's h > theta acts as eibal's h >= theta.
    assert!(
        script.contains("\"mcculloch_pitts_neuron\", 1000"),
        "{script}"
    );
    assert!(
        script.contains("\"tau_m\": 10.0, \"theta\": -2e-10}"),
        "{script}"
    );
    assert!(
        script.contains("\"tau_m\": 9.0, \"theta\": -0.10000000018}"),
        "{script}"
    );
    for w in ["0.1", "-0.2", "-0.18"] {
        assert!(script.contains(&format!("\"weight\": {w},")), "weight {w}");
    }
    assert!(script.contains("\"record_from\": [\"S\"]"));
    assert!(
        !script.contains("dc_generator"),
        "binary units take no generators"
    );
    assert!(!script.contains("for i in range"), "no per-neuron loops");
    assert_valid_python(&script, "vvs_binary_small -> nest");
}

#[test]
fn binary_features_nest_cannot_express_are_refused_with_their_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("binary.ei");
    let source = std::fs::read_to_string("tests/fixtures/vvs_binary_small.ei").expect("fixture");
    let source = source.replace(
        "connect I -> I { probability = K / N,",
        "connect I -> I { indegree = K, multapses = true,",
    );
    std::fs::write(
        &path,
        format!("{source}drive E {{ step(amplitude = 0.1, start = 200 ms, stop = 300 ms) }}\n"),
    )
    .expect("write model");
    let multapse_line = source
        .lines()
        .position(|l| l.contains("multapses = true"))
        .expect("edited line")
        + 1;
    let drive_line = source.lines().count() + 1;
    let out = eibal(&["export", "--to", "nest", path.to_str().expect("utf-8 path")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("binary.ei:{multapse_line}:")),
        "{err}"
    );
    assert!(err.contains("multapses onto binary units"), "{err}");
    assert!(err.contains(&format!("binary.ei:{drive_line}:")), "{err}");
    assert!(err.contains("other than a constant input"), "{err}");
    assert!(out.stdout.is_empty(), "nothing written on refusal");
}

#[test]
fn rate_networks_export_to_brian2_with_a_delay_buffer() {
    let out = eibal(&[
        "export",
        "--to",
        "brian2",
        "tests/fixtures/rate_delayed_inhibition.ei",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let script = String::from_utf8_lossy(&out.stdout);
    // tau dx/dt = -x + u + noise: Heun for the noisy units; delays of 1 ms and 5 ms are 10 and
    // 50 steps of 0.1 ms, so the history ring holds 50 steps; inhibitory weight -0.1 g = -0.2.
    assert!(script.contains("dx/dt = (u - x) / tau + sigma * xi * tau**-0.5 : 1"));
    assert!(script.contains("method=\"heun\""));
    assert!(script.contains("\"tau\": 10.0*ms, \"sigma\": 0.2"));
    assert!(script.contains("\"tau\": 5.0*ms, \"sigma\": 0.2"));
    assert!(script.contains("SLOTS = 50"));
    assert!(script.contains("np.full(len(pre), -0.2), 50))"), "{script}");
    assert!(script.contains("np.full(len(pre), 0.02), 10))"), "{script}");
    assert!(script.contains("lambda x: 1.0 * np.maximum(0.0, x - 0.0)"));
    assert!(script.contains("default=\"runtime\""));
    assert!(!script.contains("for i in range"), "no per-neuron loops");
    assert_valid_python(&script, "rate_delayed_inhibition -> brian2");
    let out = eibal(&["export", "--to", "brian2", "models/rate_chaos.ei"]);
    assert!(out.status.success());
    let script = String::from_utf8_lossy(&out.stdout);
    assert!(
        script.contains("method=\"exact\""),
        "no noise: exact integration"
    );
    assert_valid_python(&script, "rate_chaos -> brian2");
}

#[test]
fn delay_distributions_between_rate_units_are_refused_for_brian2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("rate.ei");
    let source = std::fs::read_to_string("tests/fixtures/rate_delayed_inhibition.ei")
        .expect("fixture")
        .replace("delay = 5 ms", "delay = uniform(low = 4 ms, high = 6 ms)");
    std::fs::write(&path, &source).expect("write model");
    let line = source
        .lines()
        .position(|l| l.contains("uniform("))
        .expect("edited line")
        + 1;
    let out = eibal(&[
        "export",
        "--to",
        "brian2",
        path.to_str().expect("utf-8 path"),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("rate.ei:{line}:")), "{err}");
    assert!(
        err.contains("delay distribution between rate units"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn unknown_target_is_bad_input() {
    let out = eibal(&["export", "--to", "neuron", "models/brunel2000.ei"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nest"));
}
