//! Robustness past the parser (issue 17): every command ends, with a verdict that does not
//! contradict itself, and `check` refuses what the simulator would refuse, at its place in
//! the file. Each test is one class of defect with the example of the issue.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn eibal(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eibal"))
        .args(args)
        .output()
        .expect("eibal runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Writes `text` as `name` in a fresh temporary directory (kept alive by the returned guard).
fn model_file(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write model");
    (dir, path)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

const LIF: &str = "neuron lif = lif_delta { tau_m = 20 ms, theta = 20 mV, v_reset = 10 mV, \
                   t_ref = 2 ms, e_l = 0 mV }\n";

/// A population, which a model needs to pass `check`.
const ONE: &str = "neuron lif = lif_delta { tau_m = 20 ms, theta = 20 mV, v_reset = 10 mV, \
                   t_ref = 2 ms, e_l = 0 mV }\npopulation E : lif, excitatory { size = 1 }\n";

/// Brunel's model A with tau_m as a param (the shipped file fixes it at 20 ms).
fn brunel_with_tau_m() -> (tempfile::TempDir, PathBuf) {
    let text = std::fs::read_to_string("models/brunel2000.ei").expect("shipped model");
    let text = text
        .replace("param D = 1.5 ms", "param D = 1.5 ms\nparam tau_m = 20 ms")
        .replace("tau_m = 20 ms, theta", "tau_m = tau_m, theta");
    assert!(text.contains("tau_m = tau_m"), "the shipped model changed");
    model_file("brunel_tau.ei", &text)
}

// ---- item 1: every command ends ----

/// A connection probability below 1e-16 once made the skip length ln(1 - p) round to zero
/// and `simulate` loop forever; with ln_1p it ends (and, at p = 1e-17 on 10 neurons, draws
/// no synapse: the expected count is 1e-15).
#[test]
fn a_tiny_connection_probability_simulates_and_ends() {
    let (_d, path) = model_file(
        "tiny.ei",
        &format!(
            "model tiny\n{LIF}population E : lif, excitatory {{ size = 10 }}\n\
             connect E -> E {{ probability = 1e-17, weight = 0.1 mV, delay = 1.5 ms }}\n\
             drive E {{ poisson(rate = 20 kHz, indegree = 1, weight = 0.2 mV) }}\n\
             simulate {{ duration = 20 ms, dt = 0.1 ms, seed = 1, warmup = 0 ms }}\n"
        ),
    );
    let out = eibal(&["simulate", s(&path), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// A membrane time constant of 1 s puts the searched frequencies (up to 500 Hz) at
/// |lambda tau_m| ~ 3000, beyond the parabolic-cylinder continuation; the exact transfer
/// function is refused in words with what to try (it once ran 24 s and ended with "Taylor
/// continuation did not converge"), and the advice works.
#[test]
fn a_slow_membrane_ends_with_advice_that_works() {
    let (_d, path) = brunel_with_tau_m();
    let out = eibal(&["stability", s(&path), "--set", "tau_m=1s"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(text.contains("`--low-pass`"), "{text}");
    assert!(!text.contains("did not converge at z"), "{text}");
    let out = eibal(&["stability", s(&path), "--set", "tau_m=1s", "--low-pass"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The time limit stops the analysis with exit code 1 and says what to try; a limit that is
/// not a positive number is bad input.
#[test]
fn the_time_limit_stops_the_stability_search() {
    let out = eibal(&["stability", "models/brunel2000.ei", "--time-limit", "1e-6"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(text.contains("time limit of 0.000001 s"), "{text}");
    assert!(text.contains("--low-pass"), "{text}");
    for bad in ["0", "-1", "nan"] {
        let out = eibal(&["stability", "models/brunel2000.ei", "--time-limit", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
    }
}

// ---- item 3: no contradiction in one output ----

/// With J = 1e-3 mV Newton's method finds roots with positive growth rates that the
/// argument principle does not count. The verdict must not be `stable` next to growing
/// roots: it follows what both methods support and states the conflict.
#[test]
fn the_verdict_never_contradicts_the_roots_shown() {
    for j in ["1e-3mV", "0.1mV"] {
        let out = eibal(&[
            "stability",
            "models/brunel2000.ei",
            "--json",
            "--set",
            &format!("J={j}"),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        for fp in v["fixed_points"].as_array().expect("fixed points") {
            let growing = fp["leading_roots"]
                .as_array()
                .expect("roots")
                .iter()
                .any(|r| r["growth_rate_per_s"].as_f64().expect("growth") > 0.0);
            let counted = fp["unstable_roots"].as_u64().expect("count") > 0;
            let verdict = fp["verdict"].as_str().expect("verdict");
            assert_eq!(fp["stable"], verdict == "stable", "{fp}");
            if growing || counted {
                assert_ne!(verdict, "stable", "J = {j}: {fp}");
            }
            if growing != counted {
                assert!(fp["conflict"].is_string(), "J = {j}: {fp}");
            } else {
                assert!(fp["conflict"].is_null(), "J = {j}: {fp}");
            }
        }
    }
    // The table states the conflict next to the verdict.
    let out = eibal(&["stability", "models/brunel2000.ei", "--set", "J=1e-3mV"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("UNDETERMINED") && text.contains("conflict:"),
        "{text}"
    );
}

// ---- item 5: check refuses what simulate refuses, at its place ----

/// A size-1 population cannot draw an in-degree of 1 from itself without autapses, even
/// with multapses: `check` said ok, `simulate` refused.
#[test]
fn check_refuses_an_indegree_with_no_source() {
    let (_d, path) = model_file(
        "one.ei",
        &format!(
            "model one\n{LIF}population E : lif, excitatory {{ size = 1 }}\n\
             connect E -> E {{ indegree = 1, weight = 0.1 mV, delay = 1.5 ms, autapses = false }}\n"
        ),
    );
    for command in ["check", "theory", "simulate"] {
        let out = eibal(&[command, s(&path)]);
        assert_eq!(out.status.code(), Some(2), "{command}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("one.ei:4:29: error: in-degree 1"),
            "{}",
            stderr(&out)
        );
    }
}

/// A delay beyond the simulator's ring of 65535 steps is refused by `check` at the delay.
#[test]
fn check_refuses_a_delay_beyond_the_ring() {
    let out = eibal(&["check", "models/brunel2000.ei", "--set", "D=10s"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(
        text.contains("brunel2000.ei:29:57: error: the delay"),
        "{text}"
    );
    assert!(text.contains("65535 time steps"), "{text}");
    // 6.5 s at 0.1 ms is 65000 steps: accepted.
    let out = eibal(&["check", "models/brunel2000.ei", "--set", "D=6.5s"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

// ---- item 6: messages say what is true ----

/// `--set g=5 --set g=6`: the last one wins (as `ModelSource::with` does), and neither is
/// reported as naming a missing param.
#[test]
fn a_param_set_twice_takes_the_last_value() {
    let out = eibal(&[
        "show",
        "models/brunel2000.ei",
        "--json",
        "--set",
        "g=5",
        "--set",
        "g=6",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(param_si(&out, "g"), 6.0);
}

/// The SI value of param `name` in the JSON of `eibal show --json`.
fn param_si(out: &Output, name: &str) -> f64 {
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    v["model"]["params"]
        .as_array()
        .expect("params")
        .iter()
        .find(|p| p["name"] == name)
        .and_then(|p| p["value"]["si"].as_f64())
        .expect("param value")
}

/// A `--duration` below the time step, and `--out` naming an existing file, are refused
/// before the run (exit 2), not found out after it.
#[test]
fn run_options_the_run_would_not_honour_are_refused_first() {
    let out = eibal(&["simulate", "models/brunel2000.ei", "--duration", "0.01ms"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("shorter than the time step dt = 0.1 ms"));
    let (_d, file) = model_file("taken", "not a directory");
    let out = eibal(&[
        "simulate",
        "models/brunel2000.ei",
        "--duration",
        "1ms",
        "--out",
        s(&file),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(text.contains("a file of that name exists"), "{text}");
    assert!(!text.contains("os error"), "{text}");
}

/// A huge number is printed in scientific notation, not with 300 digits.
#[test]
fn huge_numbers_are_printed_short() {
    let out = eibal(&["show", "models/brunel2000.ei", "--set", "eta=1e300"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1e300"), "{text}");
    assert!(!text.contains(&"0".repeat(30)), "{text}");
}

/// Bytes that are not UTF-8 are located by line and column; a byte-order mark is accepted.
#[test]
fn encoding_problems_are_located_and_a_bom_is_accepted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.ei");
    std::fs::write(&bad, b"model x\nparam a = 1\xff\n").expect("write");
    let out = eibal(&["check", s(&bad)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("bad.ei:2:12: byte 0xff is not UTF-8"),
        "{}",
        stderr(&out)
    );
    let bom = dir.path().join("bom.ei");
    std::fs::write(&bom, b"\xef\xbb\xbfmodel x\nparam a = 1 mV + 2\n").expect("write");
    let out = eibal(&["check", s(&bom)]);
    assert_eq!(out.status.code(), Some(2));
    // The error is on line 2, and line 1 (with the mark) was read as `model x`.
    assert!(stderr(&out).contains("bom.ei:2:"), "{}", stderr(&out));
}

/// `-5 degC` alone is a temperature (268.15 K); in arithmetic it is still refused. Literals
/// beyond the doubles are refused at both ends, not only above 1.8e308.
#[test]
fn temperatures_below_zero_and_number_literals_at_both_ends() {
    let (_d, t) = model_file("t.ei", &format!("model x\nparam T = -5 degC\n{ONE}"));
    let out = eibal(&["show", s(&t), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!((param_si(&out, "T") - 268.15).abs() < 1e-9);
    let (_d, t) = model_file("t.ei", "model x\nparam T = 2 * -5 degC\n");
    let out = eibal(&["check", s(&t)]);
    assert!(
        stderr(&out).contains("cannot be used in arithmetic"),
        "{}",
        stderr(&out)
    );
    for (literal, word) in [("0.1e-400", "too small"), ("1e309", "too large")] {
        let (_d, n) = model_file("n.ei", &format!("model x\nparam a = {literal}\n"));
        let out = eibal(&["check", s(&n)]);
        assert_eq!(out.status.code(), Some(2), "{literal}");
        let text = stderr(&out);
        assert!(text.contains("n.ei:2:11") && text.contains(word), "{text}");
    }
    // A zero written with an exponent is still zero.
    let (_d, z) = model_file("z.ei", &format!("model x\nparam a = 0.0e-400\n{ONE}"));
    assert!(eibal(&["check", s(&z)]).status.success());
}
