//! Cross-validation against simulators eibal did not write: the same `.ei` file simulated by
//! eibal and, through `eibal export`, by NEST 3.10.0 or Brian2 2.9.0 (pinned; installed with
//! pip into the venv `target/venvs/crosscheck`, or `$EIBAL_VENV_DIR/crosscheck`). A peer that
//! cannot be installed FAILS the check under `CI=true` and is skipped loudly elsewhere. Every
//! compared statistic appends a row to `target/crosscheck-summary/CHECK.md`, which `.ci/run`
//! prints as one table (cargo hides the output of passing tests).
//!
//! - `tests/fixtures/brunel_small.ei` (lif_delta, Brunel 2000 model A scaled down) against
//!   NEST (`iaf_psc_delta`) and Brian2: population rates and mean CVs;
//! - `tests/fixtures/brunel_small_exp.ei` (lif_exp, fixed totals) against NEST
//!   (`iaf_psc_exp`, `fixed_total_number`): rates and CVs;
//! - `tests/fixtures/coba_small.ei` (lif_cond, fixed out-degrees) against NEST
//!   (`iaf_cond_exp`, `fixed_outdegree`): rates and CVs;
//! - opt-in (`#[ignore]`d, long; run with `-- --ignored`): the four states of Brunel's figure 8 at full
//!   size (`models/brunel2000.ei`) against NEST, several seeds each side: rates and CVs, and at
//!   B and D the population-rate spectral peak;
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
/// The versions the README quotes. Brian2 2.9.0 wraps `ndarray.ptp`, which NumPy 2.4 removed
/// (and the anchors' notes say 2.9 wants NumPy < 2.3).
const PACKAGES: &[&str] = &["nest-simulator==3.10.0", "brian2==2.9.0", "numpy==2.2.6"];
/// Refuses a venv holding other versions than the pinned ones.
const PROBE: &str = "import nest, brian2, sys; \
    sys.exit(0 if (nest.__version__, brian2.__version__) == ('3.10.0', '2.9.0') else 1)";

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

/// The venv's python; `None` after a loud skip notice (outside CI only: under `CI=true` a
/// peer that cannot be installed panics, failing the test).
fn python(check: &str) -> Option<PathBuf> {
    match common::venv::python_with("crosscheck", PACKAGES, PROBE) {
        Ok(p) => Some(p),
        Err(why) => {
            common::venv::unavailable(check, &why);
            None
        }
    }
}

/// Appends the rows of one check to `target/crosscheck-summary/{slug}.md` (the file is
/// rewritten by each run of that check).
fn write_summary(slug: &str, rows: &[String]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("crosscheck-summary");
    let text: String = rows.iter().map(|r| format!("{r}\n")).collect();
    if let Err(e) = std::fs::create_dir_all(&dir)
        .and_then(|_| std::fs::write(dir.join(format!("{slug}.md")), text))
    {
        eprintln!("could not write the cross-check summary: {e}");
    }
}

/// One cross-check: a model (with `--set` overrides), the peer, seeds on each side and the
/// statistics compared.
struct Check<'a> {
    slug: &'a str,
    target: &'a str,
    model: &'a str,
    set: &'a [&'a str],
    n_eibal: u64,
    n_other: u64,
    stats: &'a [(&'a str, &'a str)],
    /// Simulated time in ms on both sides, `None` for the model's own.
    duration_ms: Option<u32>,
}

/// Exports the model to the peer, runs eibal and the script over their seeds, and compares
/// the mean over seeds of every (population, field) with Welch's bound.
fn crosscheck(python: &Path, check: &Check) {
    let Check {
        slug,
        target,
        model,
        set,
        n_eibal,
        n_other,
        stats,
        duration_ms,
    } = *check;
    let sets: Vec<String> = set
        .iter()
        .flat_map(|s| ["--set".to_string(), s.to_string()])
        .collect();
    let (ours_duration, their_duration): (Vec<String>, Vec<String>) = match duration_ms {
        Some(ms) => (
            vec!["--duration".into(), format!("{ms}ms")],
            vec!["--duration".into(), ms.to_string()],
        ),
        None => (Vec::new(), Vec::new()),
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let script = dir.path().join("run.py");
    let out = eibal()
        .args(["export", "--to", target, model, "-o"])
        .arg(&script)
        .args(&sets)
        .output()
        .expect("eibal export runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ours: Vec<Value> = (1..=n_eibal)
        .map(|seed| {
            let out = eibal()
                .args(["simulate", model, "--json", "--quiet", "--seed"])
                .arg(seed.to_string())
                .args(&sets)
                .args(&ours_duration)
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
    // The peer's seeds start far from eibal's (independent runs on each side).
    let theirs: Vec<Value> = (1001..=1000 + n_other)
        .map(|seed| {
            let out = Command::new(python)
                .arg(&script)
                .args(["--seed", &seed.to_string()])
                .args(&their_duration)
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
    let mut rows = Vec::new();
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
        rows.push(format!(
            "| {slug} | {name} | {field} | {ma:.4} ± {:.4} (n {}) | {mb:.4} ± {:.4} (n {}) | {:.4} | {:.4} | {} |",
            va.sqrt(),
            a.len(),
            vb.sqrt(),
            b.len(),
            ma - mb,
            t * se,
            if within { "ok" } else { "DIFFERENT" }
        ));
        if !within {
            failures.push(line);
        }
    }
    write_summary(slug, &rows);
    eprintln!("{report}");
    assert!(
        failures.is_empty(),
        "eibal and {target} disagree:\n{}",
        failures.join("\n")
    );
}

const RATES_AND_CVS: &[(&str, &str)] =
    &[("E", "rate_hz"), ("E", "cv"), ("I", "rate_hz"), ("I", "cv")];
/// (population, field of the statistics JSON) pairs to compare.
type Stats = &'static [(&'static str, &'static str)];

const RATES_CVS_AND_PEAKS: Stats = &[
    ("E", "rate_hz"),
    ("E", "cv"),
    ("I", "rate_hz"),
    ("I", "cv"),
    ("E", "spectrum_peak_hz"),
    ("I", "spectrum_peak_hz"),
];
const ACTIVITIES: &[(&str, &str)] = &[("E", "mean_activity"), ("I", "mean_activity")];

/// Runs `check` when the peer is available (see [`python`]).
fn run(what: &str, check: Check) {
    if let Some(python) = python(what) {
        crosscheck(&python, &check);
    }
}

#[test]
fn nest_and_eibal_agree_on_lif_delta_rates_and_cvs() {
    run(
        "lif_delta against NEST",
        Check {
            slug: "nest_lif_delta",
            target: "nest",
            model: "tests/fixtures/brunel_small.ei",
            set: &[],
            n_eibal: N_EIBAL,
            n_other: 5,
            stats: RATES_AND_CVS,
            duration_ms: None,
        },
    );
}

#[test]
fn nest_and_eibal_agree_on_lif_exp_with_fixed_totals() {
    run(
        "lif_exp (iaf_psc_exp, fixed_total_number) against NEST",
        Check {
            slug: "nest_lif_exp",
            target: "nest",
            model: "tests/fixtures/brunel_small_exp.ei",
            set: &[],
            n_eibal: N_EIBAL,
            n_other: 4,
            stats: RATES_AND_CVS,
            duration_ms: None,
        },
    );
}

#[test]
fn nest_and_eibal_agree_on_lif_cond_with_fixed_outdegrees() {
    run(
        "lif_cond (iaf_cond_exp, fixed_outdegree) against NEST",
        Check {
            slug: "nest_lif_cond",
            target: "nest",
            model: "tests/fixtures/coba_small.ei",
            set: &[],
            n_eibal: N_EIBAL,
            n_other: 4,
            stats: RATES_AND_CVS,
            duration_ms: None,
        },
    );
}

#[test]
fn brian2_and_eibal_agree_on_lif_delta_rates_and_cvs() {
    run(
        "lif_delta against Brian2",
        Check {
            slug: "brian2_lif_delta",
            target: "brian2",
            model: "tests/fixtures/brunel_small.ei",
            set: &[],
            n_eibal: N_EIBAL,
            n_other: 3,
            stats: RATES_AND_CVS,
            duration_ms: None,
        },
    );
}

#[test]
fn nest_and_eibal_agree_on_binary_mean_activity() {
    run(
        "binary units against NEST",
        Check {
            slug: "nest_binary",
            target: "nest",
            model: "tests/fixtures/vvs_binary_small.ei",
            set: &[],
            n_eibal: N_EIBAL,
            n_other: 5,
            stats: ACTIVITIES,
            duration_ms: None,
        },
    );
}

#[test]
fn brian2_and_eibal_agree_on_delayed_rate_units() {
    run(
        "rate units against Brian2",
        Check {
            slug: "brian2_rate",
            target: "brian2",
            model: "tests/fixtures/rate_delayed_inhibition.ei",
            set: &[],
            n_eibal: N_EIBAL,
            n_other: 5,
            stats: ACTIVITIES,
            duration_ms: None,
        },
    );
}

#[test]
fn nest_and_eibal_agree_on_delayed_rate_units() {
    run(
        "rate units against NEST",
        Check {
            slug: "nest_rate",
            target: "nest",
            model: "tests/fixtures/rate_delayed_inhibition.ei",
            set: &[],
            n_eibal: N_EIBAL,
            n_other: 4,
            stats: ACTIVITIES,
            duration_ms: None,
        },
    );
}

/// Brunel (2000) figure 8 at full size (N_E = 10,000, C_E = 1000), the four states
/// A (g 3, eta 2), B (6, 4), C (5, 2), D (4.5, 0.9), against NEST with 4 seeds each side:
/// rates and CVs within the Welch bound. At B and D (global oscillations) the seed spread is
/// large (issue 16: at B the E CV is 0.80 to 0.87 over five NEST seeds), which the bound
/// takes from the runs themselves. Opt-in: about an hour on 2 cores (`EIBAL_FULL_STATES=BCD` for a
/// subset).
#[test]
#[ignore = "opt-in, about an hour on 2 cores: `cargo test --release --test export_crosscheck four_states -- --ignored`"]
fn nest_and_eibal_agree_on_the_four_states_of_brunel_figure_8_at_full_size() {
    // At B (fast) and D (slow global oscillations) also the peak of the population-rate
    // spectrum (the same Welch estimate on both sides, `export::python::STATISTICS`).
    // A fires at about 330 Hz (nine times C's synaptic events): 300 ms give each neuron about
    // 100 ISIs, and keep NEST's run near two minutes per seed.
    let states: [(&str, [&str; 2], Stats, Option<u32>); 4] = [
        ("brunel_fig8_A", ["g=3", "eta=2"], RATES_AND_CVS, Some(300)),
        ("brunel_fig8_B", ["g=6", "eta=4"], RATES_CVS_AND_PEAKS, None),
        ("brunel_fig8_C", ["g=5", "eta=2"], RATES_AND_CVS, None),
        (
            "brunel_fig8_D",
            ["g=4.5", "eta=0.9"],
            RATES_CVS_AND_PEAKS,
            None,
        ),
    ];
    // `EIBAL_FULL_STATES=BCD` runs a subset (A, at 100+ Hz, is by far the most expensive).
    let only = std::env::var("EIBAL_FULL_STATES").unwrap_or_else(|_| "ABCD".into());
    // `EIBAL_FULL_SEEDS=8` runs more seeds a side (a narrower Welch bound).
    let seeds: u64 = std::env::var("EIBAL_FULL_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|&n| n >= 2)
        .unwrap_or(4);
    for (slug, set, stats, duration_ms) in &states {
        if !slug.ends_with(|c: char| only.contains(c)) {
            continue;
        }
        run(
            "Brunel figure 8 at full size against NEST",
            Check {
                slug,
                target: "nest",
                model: "models/brunel2000.ei",
                set,
                n_eibal: seeds,
                n_other: seeds,
                stats,
                duration_ms: *duration_ms,
            },
        );
    }
}

/// The full microcircuit (77,169 neurons, 296 M synapses) exported and run for 20 ms in NEST
/// on 1 and 2 threads: NEST must build it (before the synapse models were split it failed in
/// `Connect`: "Too many connections ... per virtual process and synapse model") and every
/// population must report a finite rate. Opt-in (ignored unless `-- --ignored`): NEST needs
/// about 15 GB for it (README).
#[test]
#[ignore = "opt-in, needs ~15 GB: `cargo test --release --test export_crosscheck microcircuit -- --ignored`"]
fn nest_builds_and_runs_the_full_microcircuit_on_one_and_two_threads() {
    let Some(python) = python("the full microcircuit in NEST") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let script = dir.path().join("run.py");
    let out = eibal()
        .args(["export", "--to", "nest", "models/microcircuit.ei", "-o"])
        .arg(&script)
        .output()
        .expect("eibal export runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for threads in ["1", "2"] {
        let out = Command::new(&python)
            .arg(&script)
            .args(["--threads", threads, "--duration", "20", "--warmup", "0"])
            .env("PYNEST_QUIET", "1")
            .output()
            .expect("python runs");
        assert!(
            out.status.success(),
            "{threads} threads: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json = last_json(&out.stdout);
        for name in ["L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I"] {
            let rate = statistic(&json, name, "rate_hz");
            assert!(rate.is_finite() && rate >= 0.0, "{name}: {rate}");
        }
    }
}
