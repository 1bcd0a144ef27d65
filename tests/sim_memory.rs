//! The memory guard (issue 14, item 4; issue 17, item 2): runs whose estimated memory exceeds
//! what the machine has are refused before anything is built, with exit code 2 and a message
//! that gives the estimate and what to do; recordings of many GB get a warning.
//!
//! The networks here need terabytes (N_E = 4e8 with C_E = 0.1 N_E: 2e16 synapses; ten
//! neurons with 1e9 inputs each: 1e10 synapses, 40 GB), far above any test machine, so the
//! refusal does not depend on where the test runs. Without the guard both grew past 7 GB
//! within 30 s and were stopped by the kernel: a refusal here means nothing was built.

use std::process::Command;

fn eibal() -> Command {
    Command::new(env!("CARGO_BIN_EXE_eibal"))
}

fn scratch(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("eibal_sim_memory_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn assert_refused(path: &std::path::Path) {
    let out = eibal()
        .args(["simulate", "--quiet"])
        .arg(path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{}: {stderr}", path.display());
    assert!(stderr.contains("needs about"), "{stderr}");
    assert!(stderr.contains("TB") || stderr.contains("GB"), "{stderr}");
    assert!(stderr.contains("export"), "what to do: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_brunel_network_of_4e8_neurons_is_refused_with_the_estimate() {
    let text = std::fs::read_to_string("models/brunel2000.ei")
        .unwrap()
        .replace("let N_E = 10000", "let N_E = 4e8");
    assert!(text.contains("N_E = 4e8"));
    assert_refused(&scratch("huge_brunel.ei", &text));
}

#[test]
fn ten_neurons_with_a_billion_inputs_each_are_refused() {
    let text = r#"
model dense
neuron lif = lif_delta { tau_m = 20 ms, theta = 20 mV, v_reset = 10 mV, t_ref = 2 ms }
population E : lif, excitatory { size = 10 }
connect E -> E { indegree = 1000000000, weight = 0.1 mV, delay = 1.5 ms, multapses = true }
simulate { duration = 100 ms, dt = 0.1 ms, warmup = 0 ms }
"#;
    assert_refused(&scratch("dense.ei", text));
}

#[test]
fn max_memory_refuses_what_would_fit_and_many_gb_of_recordings_warn() {
    // Brunel model A needs about 70 MB; a limit of 10 MB refuses it.
    let out = eibal()
        .args([
            "simulate",
            "models/brunel2000.ei",
            "--quiet",
            "--max-memory",
            "10MB",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--max-memory"), "{stderr}");
    // Voltages of all 10,000 E neurons every 0.1 ms for 200 s: 14 bytes x 2e6 steps x 1e4
    // = 280 GB of CSV. The warning comes before the run; the memory limit then stops it, so
    // nothing is written.
    let text = std::fs::read_to_string("models/brunel2000.ei")
        .unwrap()
        .replace("voltage(E, 10)", "voltage(E, 10000)")
        .replace("duration = 1 s", "duration = 200 s");
    let path = scratch("loud.ei", &text);
    let out = eibal()
        .args(["simulate", "--quiet", "--max-memory", "1MB"])
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning") && stderr.contains("on disk"),
        "{stderr}"
    );
}
