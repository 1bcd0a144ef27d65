//! Cross-validation against simulators eibal did not write: the same `.ei` file simulated by
//! eibal and, through `eibal export`, by NEST 3 or Brian2 (installed with pip into the venv
//! `target/venvs/crosscheck`; when that fails the checks are skipped with a loud notice).
//!
//! - `tests/fixtures/brunel_small.ei` (LIF, Brunel 2000 model A scaled down) against NEST:
//!   population rates and mean CVs;
//! - `tests/fixtures/vvs_binary_small.ei` (binary units, van Vreeswijk & Sompolinsky 1998)
//!   against NEST's `mcculloch_pitts_neuron`: mean activities;
//! - `tests/fixtures/rate_delayed_inhibition.ei` (threshold-linear rate units with delayed
//!   inhibition and noise) against Brian2 and against NEST's `threshold_lin_rate_ipn`: mean
//!   activities.
//!
//! Statistics: eibal runs `N_EIBAL` seeds and the other simulator `n_other` seeds of the same
//! network. Under the hypothesis that both simulate the same stochastic process, the difference
//! of the two sample means over seeds has standard error sqrt(s_a^2/n_a + s_b^2/n_b); the
//! check fails when the difference exceeds the two-sided 99.9 % quantile of Student's t with
//! the Welch-Satterthwaite degrees of freedom times that standard error (a false alarm once in
//! a thousand runs if the simulators agree). Welch rather than a pooled variance because the
//! two sides may estimate with different precision (eibal's mean activity samples 100 units,
//! the NEST script 1000). The tolerance therefore comes from the seed-to-seed spread only.

mod common;

use serde_json::Value;
use statrs::distribution::{ContinuousCDF, StudentsT};
use std::path::{Path, PathBuf};
use std::process::Command;

const N_EIBAL: u64 = 8;
/// Brian2 2.9.0 wraps `ndarray.ptp`, which NumPy 2.4 removed.
const PACKAGES: &[&str] = &["nest-simulator", "brian2", "numpy<2.4"];

fn eibal() -> Command {
    Command::new(env!("CARGO_BIN_EXE_eibal"))
}

/// The whole output if it is JSON (eibal), else its last line that is (NEST prints banners).
fn last_json(stdout: &[u8]) -> Value {
    let text = String::from_utf8_lossy(stdout);
    if let Ok(v) = serde_json::from_str(&text) {
        return v;
    }
    let line = text
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .unwrap_or_else(|| panic!("no JSON line in output:\n{text}"));
    serde_json::from_str(line).expect("valid JSON")
}

/// `field` of population `name` (the exported scripts list binary and rate populations in a
/// separate entry carrying `mean_activity`).
fn statistic(json: &Value, name: &str, field: &str) -> f64 {
    json["populations"]
        .as_array()
        .expect("populations list")
        .iter()
        .filter(|p| p["name"] == name)
        .find_map(|p| p[field].as_f64())
        .unwrap_or_else(|| panic!("no {field} for {name} in {json}"))
}

fn mean_var(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let m = xs.iter().sum::<f64>() / n;
    let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0);
    (m, v)
}

/// The venv's python, or `None` after a loud skip notice.
fn python(check: &str) -> Option<PathBuf> {
    match common::venv::python_with("crosscheck", PACKAGES, "import nest, brian2") {
        Ok(p) => Some(p),
        Err(why) => {
            common::venv::skip_loudly(check, &why);
            None
        }
    }
}

/// Exports `model` to `target`, runs eibal and the script over their seeds, and compares the
/// mean over seeds of every (population, field) with Welch's bound.
fn crosscheck(python: &Path, target: &str, model: &str, n_other: u64, stats: &[(&str, &str)]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = dir.path().join("run.py");
    let out = eibal()
        .args(["export", "--to", target, model, "-o"])
        .arg(&script)
        .output()
        .expect("eibal export runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ours: Vec<Value> = (1..=N_EIBAL)
        .map(|seed| {
            let out = eibal()
                .args(["simulate", model, "--json", "--quiet", "--seed"])
                .arg(seed.to_string())
                .output()
                .expect("eibal simulate runs");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            last_json(&out.stdout)
        })
        .collect();
    let theirs: Vec<Value> = (1..=n_other)
        .map(|seed| {
            let out = Command::new(python)
                .arg(&script)
                .args(["--seed", &seed.to_string()])
                .env("PYNEST_QUIET", "1")
                .current_dir(dir.path())
                .output()
                .expect("python runs");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            last_json(&out.stdout)
        })
        .collect();

    let mut report = String::new();
    let mut failures = Vec::new();
    for &(name, field) in stats {
        let a: Vec<f64> = ours.iter().map(|j| statistic(j, name, field)).collect();
        let b: Vec<f64> = theirs.iter().map(|j| statistic(j, name, field)).collect();
        let ((ma, va), (mb, vb)) = (mean_var(&a), mean_var(&b));
        let (ea, eb) = (va / a.len() as f64, vb / b.len() as f64);
        let se = (ea + eb).sqrt();
        let df =
            (ea + eb).powi(2) / (ea * ea / (a.len() - 1) as f64 + eb * eb / (b.len() - 1) as f64);
        let t = StudentsT::new(0.0, 1.0, df)
            .expect("valid t")
            .inverse_cdf(1.0 - 0.001 / 2.0);
        let line = format!(
            "{model} {name} {field}: eibal {ma:.4} (sd {:.4}, n {}), {target} {mb:.4} (sd {:.4}, n {}), \
             difference {:.4}, allowed {:.4} (Welch df {df:.1})",
            va.sqrt(),
            a.len(),
            vb.sqrt(),
            b.len(),
            ma - mb,
            t * se
        );
        report.push_str(&line);
        report.push('\n');
        // A NaN (no spread at all) fails too.
        let within = (ma - mb).abs() <= t * se;
        if !within {
            failures.push(line);
        }
    }
    eprintln!("{report}");
    assert!(
        failures.is_empty(),
        "eibal and {target} disagree:\n{}",
        failures.join("\n")
    );
}

#[test]
fn nest_and_eibal_agree_on_lif_rates_and_cvs() {
    let Some(python) = python("cross-validation of LIF networks against NEST") else {
        return;
    };
    crosscheck(
        &python,
        "nest",
        "tests/fixtures/brunel_small.ei",
        5,
        &[("E", "rate_hz"), ("E", "cv"), ("I", "rate_hz"), ("I", "cv")],
    );
}

#[test]
fn nest_and_eibal_agree_on_binary_mean_activity() {
    let Some(python) = python("cross-validation of binary units against NEST") else {
        return;
    };
    crosscheck(
        &python,
        "nest",
        "tests/fixtures/vvs_binary_small.ei",
        5,
        &[("E", "mean_activity"), ("I", "mean_activity")],
    );
}

#[test]
fn brian2_and_eibal_agree_on_delayed_rate_units() {
    let Some(python) = python("cross-validation of rate units against Brian2") else {
        return;
    };
    crosscheck(
        &python,
        "brian2",
        "tests/fixtures/rate_delayed_inhibition.ei",
        5,
        &[("E", "mean_activity"), ("I", "mean_activity")],
    );
}

#[test]
fn nest_and_eibal_agree_on_delayed_rate_units() {
    let Some(python) = python("cross-validation of rate units against NEST") else {
        return;
    };
    crosscheck(
        &python,
        "nest",
        "tests/fixtures/rate_delayed_inhibition.ei",
        4,
        &[("E", "mean_activity"), ("I", "mean_activity")],
    );
}
