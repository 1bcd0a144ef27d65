//! End-to-end `eibal sweep` on a small network with Brunel's (2000) in-degrees.
//! - Theory monotone where it must be: more external drive (eta) raises the rate, stronger
//!   inhibition (g) lowers it (Brunel 2000, fig. 2 and eq. 21's balanced-state rate, which
//!   falls with g and rises with eta).
//! - The critical delay lies inside the interval where the predicted stability flips, and
//!   `eibal stability` (the single-point command) agrees on both sides of it.
//! - CSV and JSON have the shapes the documentation states.

mod common;

use common::workflow::{Sweep, stable};
use eibal::model::sink::Directory;
use eibal::report::plot::ImageFormat;
use eibal::report::sweep::write_files;
use eibal::study::SimulateAt;
use serde_json::Value;
use std::process::{Command, Output};

const MODEL: &str = "tests/fixtures/sweep_small.ei";

fn eibal(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eibal"))
        .args(args)
        .output()
        .expect("eibal runs")
}

/// The `--json` document of a sweep of [`MODEL`] along `params` (theory only).
fn sweep_json(params: &[(&str, &str)], low_pass: bool) -> Value {
    Sweep {
        file: MODEL,
        params,
        low_pass,
        ..Sweep::default()
    }
    .run()
    .1
}

fn rates(v: &Value, population: usize) -> Vec<f64> {
    v["theory"]
        .as_array()
        .expect("theory")
        .iter()
        .map(|t| t["rates"][population].as_f64().expect("a rate"))
        .collect()
}

fn stable_at(delay_ms: f64) -> bool {
    stable(MODEL, &[&format!("D={delay_ms}ms")])
}

#[test]
fn delay_sweep_end_to_end_with_critical_value_and_files() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let (report, v) = Sweep {
        file: MODEL,
        params: &[("D", "2ms:3.5ms:0.5ms")],
        simulate: SimulateAt::Every(3),
        seeds: 2,
        duration: Some(0.3),
        ..Sweep::default()
    }
    .run();
    write_files(&report, &Directory::new(&out_dir), ImageFormat::Png).expect("files written");
    // Axes in SI: 2 ms .. 3.5 ms.
    let values = v["axes"][0]["values_si"].as_array().unwrap();
    assert_eq!(values.len(), 4);
    assert!((values[3].as_f64().unwrap() - 3.5e-3).abs() < 1e-12);
    assert_eq!(v["axes"][0]["unit"], "ms");
    // The delay does not enter the stationary rates (Brunel 2000, eqs. 4-5).
    let e = rates(&v, 0);
    assert!(e.iter().all(|r| (r - e[0]).abs() < 1e-9 * e[0]), "{e:?}");
    // Stability flips once; the critical value lies between the two neighbours.
    let theory = v["theory"].as_array().unwrap();
    let stable: Vec<bool> = theory
        .iter()
        .map(|t| t["stable"].as_bool().expect("stability computed"))
        .collect();
    let flips: Vec<usize> = (1..stable.len())
        .filter(|&k| stable[k] != stable[k - 1])
        .collect();
    assert_eq!(flips.len(), 1, "{stable:?}");
    let k = flips[0];
    let (lo, hi) = (
        theory[k - 1]["values"][0].as_f64().unwrap(),
        theory[k]["values"][0].as_f64().unwrap(),
    );
    let critical = v["critical"].as_array().unwrap();
    assert_eq!(critical.len(), 1);
    let c = critical[0]["value"].as_f64().unwrap();
    let tol = critical[0]["tolerance"].as_f64().unwrap();
    assert!(lo < c && c < hi, "{lo} < {c} < {hi}");
    assert!(tol <= 1e-6, "a thousandth of the 0.5 ms step: {tol}");
    assert_eq!(critical[0]["method"], "brent");
    // The single-point command agrees on both sides. It describes the simulated network, whose
    // delay is a whole number of dt = 0.1 ms steps (`eibal_model::time_grid`), while the scan is
    // continuous: ask at the grid points at least 0.02 ms (40 tolerances) below and above.
    let below = ((c * 1e3 - 0.02) / 0.1).floor() * 0.1;
    let above = ((c * 1e3 + 0.02) / 0.1).ceil() * 0.1;
    assert_eq!(stable_at(below), stable[k - 1], "D = {below} ms");
    assert_eq!(stable_at(above), stable[k], "D = {above} ms");
    // Simulations at D = 2 and 3.5 ms, two seeds each, every run completed.
    let sims = v["simulations"].as_array().unwrap();
    assert_eq!(sims.len(), 2);
    for s in sims {
        assert_eq!(s["seeds"].as_array().unwrap().len(), 2);
        assert!(s["errors"].as_array().unwrap().is_empty(), "{s}");
        for p in 0..2 {
            let r = &s["rate_hz"][p];
            assert_eq!(r["n"], 2);
            assert!(r["mean"].as_f64().unwrap() > 0.0);
            assert!(r["se"].as_f64().unwrap() >= 0.0);
        }
    }
    // Files: CSV shapes (2 populations), JSON equal to the document, the plot.
    let theory_csv = std::fs::read_to_string(out_dir.join("sweep_theory.csv")).unwrap();
    let lines: Vec<&str> = theory_csv.lines().collect();
    assert_eq!(
        lines[0],
        "D_si,rate_E,cv_E,rate_I,cv_I,stable,growth_rate_per_s,frequency_hz,error"
    );
    assert_eq!(lines.len(), 5);
    assert!(
        lines[1..].iter().all(|l| l.split(',').count() == 9),
        "{theory_csv}"
    );
    let sim_csv = std::fs::read_to_string(out_dir.join("sweep_simulation.csv")).unwrap();
    let lines: Vec<&str> = sim_csv.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(
        lines.iter().all(|l| l.split(',').count() == 13),
        "{sim_csv}"
    );
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("sweep.json")).unwrap())
            .unwrap();
    assert_eq!(file["critical"], v["critical"]);
    let png = std::fs::read(out_dir.join("rate_curve.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
}

#[test]
fn theory_is_monotone_in_drive_and_inhibition() {
    // The model's own `sweep eta from 1 to 3 step 0.5` is the default axis.
    let v = sweep_json(&[], false);
    assert_eq!(v["axes"][0]["param"], "eta");
    assert_eq!(v["transfer"], "lindner_schimansky_geier_2001");
    for p in 0..2 {
        let r = rates(&v, p);
        assert_eq!(r.len(), 5);
        assert!(r.windows(2).all(|w| w[1] > w[0]), "eta: {r:?}");
    }
    // 81 points, all with the exact transfer function; `--low-pass` asks for the
    // approximation, and the notes say what it misses.
    let v = sweep_json(&[("g", "4:8:0.05")], false);
    assert_eq!(v["transfer"], "lindner_schimansky_geier_2001");
    assert_eq!(v["theory"].as_array().unwrap().len(), 81);
    let low = sweep_json(&[("g", "4:8:0.5")], true);
    assert_eq!(low["transfer"], "low_pass");
    assert!(
        low["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n.as_str().is_some_and(|n| n.contains("--low-pass"))),
        "{}",
        low["notes"]
    );
    for p in 0..2 {
        let r = rates(&v, p);
        assert!(r.windows(2).all(|w| w[1] < w[0]), "g: {r:?}");
    }
}

#[test]
fn bad_ranges_are_bad_input() {
    for args in [
        &["--param", "nope", "1:2:1"][..],
        &["--param", "J", "1ms:2ms:1ms"],
        &["--param", "g", "8:4:1"],
        &["--param", "g", "4:8"],
        &["--param", "g", "4:8:1", "--set", "g=3"],
        &["--param", "g", "4:8:1", "--simulate-every", "0"],
    ] {
        let mut all = vec!["sweep", MODEL, "--quiet"];
        all.extend_from_slice(args);
        let out = eibal(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
}

#[test]
fn two_axes_first_varies_fastest_in_json_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let (report, v) = Sweep {
        file: MODEL,
        params: &[("g", "4:8:0.5"), ("eta", "1:3:0.25")],
        ..Sweep::default()
    }
    .run();
    write_files(&report, &Directory::new(dir.path()), ImageFormat::Svg).expect("files written");
    let theory = v["theory"].as_array().unwrap();
    assert_eq!(theory.len(), 81);
    // Point i + 9 j is (g_i, eta_j).
    let at = |k: usize, axis: usize| theory[k]["values"][axis].as_f64().unwrap();
    assert_eq!((at(1, 0), at(1, 1)), (4.5, 1.0));
    assert_eq!((at(9, 0), at(9, 1)), (4.0, 1.25));
    assert_eq!((at(80, 0), at(80, 1)), (8.0, 3.0));
    // Along each curve of fixed eta the rate falls with g.
    for j in 0..9 {
        let r: Vec<f64> = (0..9)
            .map(|i| theory[i + 9 * j]["rates"][0].as_f64().unwrap())
            .collect();
        assert!(r.windows(2).all(|w| w[1] < w[0]), "eta index {j}: {r:?}");
    }
    let csv = std::fs::read_to_string(dir.path().join("sweep_theory.csv")).unwrap();
    assert!(csv.starts_with("g_si,eta_si,rate_E,"));
    assert_eq!(csv.lines().count(), 82);
    assert!(dir.path().join("rate_curve.svg").exists());
}

/// More than 64 points, every one with the exact LIF transfer function (roots tracked by
/// Newton along the axis): Brunel's (2000) model A at g = 6 loses stability to fast
/// oscillations (about 176 Hz) at eta = 3.25501, the root on the imaginary axis that an
/// independent script finds with mpmath's parabolic cylinder functions and scipy
/// (`tests/references/brunel_critical_eta_lsg.py`, which shares no code with eibal). The
/// tracked crossing is refined by Brent's method to a thousandth of the 0.04 step (4e-5); 1e-3
/// leaves room for that and for the two codes' quadratures (relative errors near 1e-6 in the
/// rate), not for a different answer. The low-pass approximation finds no crossing here at all.
#[test]
fn long_brunel_sweep_finds_the_oscillatory_critical_drive() {
    let (_, v) = Sweep {
        file: "models/brunel2000.ei",
        set: &["g=6"],
        params: &[("eta", "1:4:0.04")],
        ..Sweep::default()
    }
    .run();
    assert!(v["theory"].as_array().expect("theory").len() > 64);
    assert_eq!(v["transfer"], "lindner_schimansky_geier_2001");
    let critical = v["critical"].as_array().expect("critical");
    assert_eq!(critical.len(), 1, "{critical:?}");
    let eta = critical[0]["value"].as_f64().expect("a value");
    assert_eq!(critical[0]["method"], "brent", "{critical:?}");
    assert!((eta - 3.25501).abs() < 1e-3, "critical eta {eta}");
    assert_eq!(critical[0]["change"], "stable -> unstable");
}
