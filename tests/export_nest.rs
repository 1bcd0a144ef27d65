//! Cross-validation against NEST: the same `.ei` file simulated by eibal and, through
//! `eibal export --to nest`, by NEST 3 (installed with pip into `target/venvs/nest`). Their
//! population rates and mean CVs must agree within the run-to-run spread.
//!
//! Statistics: eibal runs `N_EIBAL` seeds and NEST `N_NEST` seeds of the same network. Under
//! the hypothesis that both simulate the same stochastic process, the difference of the two
//! sample means has standard error s_p sqrt(1/n1 + 1/n2), where s_p is the pooled standard
//! deviation across seeds; the test fails when the difference exceeds the two-sided 99.9 %
//! quantile of Student's t with n1 + n2 - 2 degrees of freedom times that standard error
//! (a false alarm once in a thousand runs if the simulators agree).

mod common;

use serde_json::Value;
use statrs::distribution::{ContinuousCDF, StudentsT};
use std::path::Path;
use std::process::Command;

const MODEL: &str = "tests/fixtures/brunel_small.ei";
const N_EIBAL: usize = 6;
const N_NEST: usize = 3;

fn eibal() -> Command {
    Command::new(env!("CARGO_BIN_EXE_eibal"))
}

/// (rate_hz, cv) per population from a statistics JSON.
fn rates_and_cvs(json: &Value) -> Vec<(String, f64, f64)> {
    json["populations"]
        .as_array()
        .expect("populations list")
        .iter()
        .map(|p| {
            (
                p["name"].as_str().expect("name").to_string(),
                p["rate_hz"].as_f64().expect("rate_hz"),
                p["cv"].as_f64().expect("cv"),
            )
        })
        .collect()
}

/// The whole output if it is JSON (eibal), else its last line that is (NEST prints banners).
fn last_json_line(stdout: &[u8]) -> Value {
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

fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let m = xs.iter().sum::<f64>() / n;
    let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0);
    (m, v.sqrt())
}

#[test]
fn nest_and_eibal_agree_on_rates_and_cvs() {
    let python = match common::venv::python_with("nest", &["nest-simulator"], "import nest") {
        Ok(p) => p,
        Err(why) => {
            common::venv::skip_loudly("cross-validation against NEST", &why);
            return;
        }
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let script = dir.path().join("run.py");
    let out = eibal()
        .args(["export", "--to", "nest", MODEL, "-o"])
        .arg(&script)
        .output()
        .expect("eibal export runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let mut ours: Vec<Vec<(String, f64, f64)>> = Vec::new();
    for seed in 1..=N_EIBAL {
        let out = eibal()
            .args(["simulate", MODEL, "--json", "--quiet", "--seed"])
            .arg(seed.to_string())
            .output()
            .expect("eibal simulate runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        ours.push(rates_and_cvs(&last_json_line(&out.stdout)));
    }
    let mut theirs: Vec<Vec<(String, f64, f64)>> = Vec::new();
    for seed in 1..=N_NEST {
        let out = Command::new(&python)
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
        theirs.push(rates_and_cvs(&last_json_line(&out.stdout)));
    }

    let df = (N_EIBAL + N_NEST - 2) as f64;
    let t = StudentsT::new(0.0, 1.0, df)
        .expect("valid t")
        .inverse_cdf(1.0 - 0.001 / 2.0);
    let mut report = String::new();
    let mut failures = Vec::new();
    for (p, (name, _, _)) in ours[0].iter().enumerate() {
        for (what, pick) in [("rate_hz", 1usize), ("cv", 2usize)] {
            let get = |runs: &[Vec<(String, f64, f64)>]| -> Vec<f64> {
                runs.iter()
                    .map(|r| if pick == 1 { r[p].1 } else { r[p].2 })
                    .collect()
            };
            let (a, b) = (get(&ours), get(&theirs));
            let ((ma, sa), (mb, sb)) = (mean_sd(&a), mean_sd(&b));
            let pooled =
                (((a.len() - 1) as f64 * sa * sa + (b.len() - 1) as f64 * sb * sb) / df).sqrt();
            let se = pooled * (1.0 / a.len() as f64 + 1.0 / b.len() as f64).sqrt();
            let line = format!(
                "{name} {what}: eibal {ma:.4} (sd {sa:.4}, n {}), NEST {mb:.4} (sd {sb:.4}, n {}), \
                 difference {:.4}, allowed {:.4}",
                a.len(),
                b.len(),
                ma - mb,
                t * se
            );
            report.push_str(&line);
            report.push('\n');
            if (ma - mb).abs() > t * se {
                failures.push(line);
            }
        }
    }
    eprintln!("{report}");
    assert!(
        failures.is_empty(),
        "eibal and NEST disagree:\n{}",
        failures.join("\n")
    );
    assert!(Path::new(&script).exists());
}
