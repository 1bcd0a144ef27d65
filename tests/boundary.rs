//! `eibal boundary`: phase diagrams in a plane of two params.
//!
//! References: Brunel (2000), J Comput Neurosci 8:183, fig. 2 and 8 (model A): state A
//! (g = 3, eta = 2) synchronous regular near saturation, B (g = 6, eta = 4) a fast global
//! oscillation near 180 Hz, C (g = 5, eta = 2) asynchronous irregular (stable), D (g = 4.5,
//! eta = 0.9) a slow oscillation near 20-25 Hz (the exact LIF transfer function puts its
//! linear onset near 29 Hz, hence the wider bound). The stability of points on either side of
//! a traced boundary is checked with `stability::analyse`, which counts the unstable roots by
//! the argument principle (an independent method: the plane tracks roots by Newton's method
//! only). The rate network's transition to chaos is at g G = 1 for tanh(G x) units
//! (Sompolinsky, Crisanti & Sommers 1988: radius g times the gain at the fixed point x = 0),
//! times sqrt(N / (N - 1)) without autapses (the variance of a row has N - 1 terms).

use eibal::theory::neuron::transfer::TransferForm;
use eibal::theory::phase_plane::{
    BoundaryOptions, Class, CurveKind, Indicator, PlaneEvaluator, phase_diagram,
};
use eibal::theory::{self, TheoryOptions, network::stability};
use std::process::Command;

fn brunel(x: (&str, &str), y: (&str, &str)) -> PlaneEvaluator {
    let source = std::fs::read_to_string("models/brunel2000.ei").unwrap();
    plane_of(&source, "models/brunel2000.ei", x, y)
}

/// The plane of `x` and `y` (param, `LO:HI` in display units) of a model source.
fn plane_of(source: &str, file: &str, x: (&str, &str), y: (&str, &str)) -> PlaneEvaluator {
    let space =
        std::sync::Arc::new(eibal::lang::ModelSource::from_text(source, file, &[]).unwrap());
    let axis = |(name, range): (&str, &str)| {
        let (lo, hi, _) =
            eibal::model::axis::read_range(space.as_ref(), name, range, false).unwrap();
        eibal::model::Axis::linspace(space.model(), name, lo, hi, 2).unwrap()
    };
    PlaneEvaluator::new(space.clone(), axis(x), axis(y), TransferForm::Exact).unwrap()
}

/// Stable according to the full root search (argument principle) at (g, eta).
fn stable_by_argument_principle(g: f64, eta: f64) -> bool {
    let model = eibal::lang::load(
        std::path::Path::new("models/brunel2000.ei"),
        &[format!("g={g}"), format!("eta={eta}")],
    )
    .unwrap();
    let network = theory::MeanFieldNetwork::compile(&model, 1.0).unwrap();
    let fixed = theory::solve_network(&network, &TheoryOptions::fixed_point_only()).unwrap();
    stability::analyse(&network, &fixed.fixed_points[0], TransferForm::Exact)
        .unwrap()
        .stable
}

#[test]
fn brunel_states_a_to_d_are_classified_as_in_brunel_2000() {
    let plane = brunel(("g", "3:8"), ("eta", "0.5:4"));
    let at = |g: f64, eta: f64| {
        plane
            .evaluate(g, eta, &[], true, Indicator::Stability)
            .unwrap()
    };
    let label = |p: &eibal::theory::phase_plane::PointState| {
        eibal::theory::phase_plane::regions::label(p, plane.kind)
    };
    // A: near saturation 1/t_ref = 500 Hz.
    let a = at(3.0, 2.0);
    assert_eq!(label(&a), "SR", "{a:?}");
    assert!(a.rates[0] > 250.0, "{a:?}");
    // B: fast oscillation.
    let b = at(6.0, 4.0);
    match b.class {
        Class::Oscillatory { frequency_hz } => {
            assert!((150.0..210.0).contains(&frequency_hz), "{b:?}")
        }
        _ => panic!("B should be oscillatory: {b:?}"),
    }
    assert_eq!(label(&b), "SI fast");
    // C: stable asynchronous irregular.
    let c = at(5.0, 2.0);
    assert_eq!(c.class, Class::Stable, "{c:?}");
    assert_eq!(label(&c), "AI");
    // D: slow oscillation.
    let d = at(4.5, 0.9);
    match d.class {
        Class::Oscillatory { frequency_hz } => {
            assert!((15.0..40.0).contains(&frequency_hz), "{d:?}")
        }
        _ => panic!("D should be oscillatory: {d:?}"),
    }
    assert_eq!(label(&d), "SI slow");
}

#[test]
fn the_fast_boundary_passes_between_c_and_b_and_separates_stable_from_unstable() {
    let plane = brunel(("g", "5:6.5"), ("eta", "2:4"));
    let options = BoundaryOptions {
        nx: 4,
        ny: 4,
        ..BoundaryOptions::default()
    };
    let diagram = phase_diagram(&plane, &options, &eibal::model::observe::Silent).unwrap();
    let hopf: Vec<_> = diagram
        .curves
        .iter()
        .filter(|c| c.kind == CurveKind::Hopf)
        .collect();
    assert_eq!(hopf.len(), 1, "{:?}", diagram.curves);
    let curve = &hopf[0].points;
    assert!(curve.len() > 10, "{curve:?}");
    // The curve crosses the straight line from C (5, 2) to B (6, 4): eta - 2 - 2 (g - 5)
    // changes sign along it.
    let side = |p: &eibal::theory::phase_plane::CurvePoint| p.y - 2.0 - 2.0 * (p.x - 5.0);
    assert!(
        curve.iter().any(|p| side(p) > 0.0) && curve.iter().any(|p| side(p) < 0.0),
        "{curve:?}"
    );
    // Every point is a fast crossing.
    for p in curve {
        let f = p.frequency_hz.unwrap();
        assert!((140.0..220.0).contains(&f), "{p:?}");
    }
    // Below the curve stable, above unstable, by the argument principle.
    let mid = curve[curve.len() / 2];
    assert!(stable_by_argument_principle(mid.x, mid.y - 0.1), "{mid:?}");
    assert!(!stable_by_argument_principle(mid.x, mid.y + 0.1), "{mid:?}");
}

/// models/rate_chaos.ei with the gain of the tanh as a second param G.
fn rate_chaos_with_gain() -> String {
    let source = std::fs::read_to_string("models/rate_chaos.ei")
        .unwrap()
        .replace("gain = 1,", "gain = G,")
        .replace("param N = 1000", "param N = 1000\nparam G = 1");
    assert!(source.contains("gain = G") && source.contains("param G = 1"));
    source
}

#[test]
fn the_rate_network_turns_chaotic_at_g_times_gain_one() {
    // rate_chaos.ei with the gain of the tanh as a second param G.
    let source = rate_chaos_with_gain();
    let plane = plane_of(
        &source,
        "rate_chaos_gain.ei",
        ("g", "0.5:2.5"),
        ("G", "0.8:1.6"),
    );
    let options = BoundaryOptions {
        nx: 6,
        ny: 5,
        ..BoundaryOptions::default()
    };
    let diagram = phase_diagram(&plane, &options, &eibal::model::observe::Silent).unwrap();
    let chaos: Vec<_> = diagram
        .curves
        .iter()
        .filter(|c| c.kind == CurveKind::Chaos)
        .collect();
    assert_eq!(chaos.len(), 1, "{:?}", diagram.curves);
    let n = 1000.0_f64;
    let correction = (n / (n - 1.0)).sqrt();
    let points = &chaos[0].points;
    // From G = 0.8 to 1.6 the curve g = 1 / G spans most of the plane.
    assert!(points.len() > 20, "{points:?}");
    for p in points {
        let g_c = correction / p.y;
        assert!((p.x - g_c).abs() < 2e-3 * g_c, "{p:?} against g_c = {g_c}");
    }
    // At G = 1 the analytic g_c = 1 of Sompolinsky, Crisanti & Sommers.
    let near = points
        .iter()
        .min_by(|a, b| (a.y - 1.0).abs().total_cmp(&(b.y - 1.0).abs()))
        .unwrap();
    assert!((near.x * near.y - 1.0).abs() < 5e-3, "{near:?}");
    assert_eq!(diagram.label_near(2.4, 1.5), "chaos");
    assert_eq!(diagram.label_near(0.6, 0.9), "stable");
}

fn eibal(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_eibal"))
        .args(args)
        .output()
        .expect("eibal runs")
}

#[test]
fn the_command_writes_curves_as_csv_and_json_and_a_plot() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let model = dir.path().join("rate_chaos_gain.ei");
    std::fs::write(&model, rate_chaos_with_gain()).unwrap();
    let run = eibal(&[
        "boundary",
        model.to_str().unwrap(),
        "--x",
        "g",
        "0.5:2",
        "--y",
        "G",
        "0.9:1.1",
        "--resolution",
        "5x4",
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let printed: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("boundary.json")).unwrap()).unwrap();
    assert_eq!(printed, written);
    assert_eq!(printed["x"]["param"], "g");
    let survey = printed["survey"].as_array().unwrap();
    assert_eq!(survey.len(), 20);
    for p in survey {
        let label = p["label"].as_str().unwrap();
        let expected = if p["radius"].as_f64().unwrap() > 1.0 {
            "chaos"
        } else {
            "stable"
        };
        assert_eq!(label, expected, "{p}");
    }
    let curves = printed["curves"].as_array().unwrap();
    assert!(!curves.is_empty());
    assert_eq!(curves[0]["kind"], "chaos");
    let csv = std::fs::read_to_string(out.join("boundary_curves.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("curve,kind,g,G,frequency_hz"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let total: usize = curves
        .iter()
        .map(|c| c["points"].as_array().unwrap().len())
        .sum();
    assert_eq!(rows.len(), total);
    for r in &rows {
        assert_eq!(r.len(), 5, "{r:?}");
        assert_eq!(r[1], "chaos");
        let (g, gain): (f64, f64) = (r[2].parse().unwrap(), r[3].parse().unwrap());
        assert!((g * gain - 1.0).abs() < 5e-3, "{r:?}");
        assert!(r[4].is_empty(), "no frequency for a chaos boundary: {r:?}");
    }
    let survey = std::fs::read_to_string(out.join("boundary_survey.csv")).unwrap();
    assert!(survey.starts_with("g,G,label,"));
    assert_eq!(survey.lines().count(), 21);
    let svg = std::fs::read_to_string(out.join("boundary.svg")).unwrap();
    assert!(svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("chaos"));
    let png = std::fs::read(out.join("boundary.png")).unwrap();
    assert_eq!(&png[..4], b"\x89PNG");
}

#[test]
fn bad_axes_are_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    for args in [
        [
            "--x",
            "nope",
            "0:1",
            "--y",
            "eta",
            "1:2",
            "--resolution",
            "3",
        ],
        ["--x", "g", "5:3", "--y", "eta", "1:2", "--resolution", "3"],
        ["--x", "g", "3:5", "--y", "g", "1:2", "--resolution", "3"],
        ["--x", "g", "3:5", "--y", "eta", "1:2", "--resolution", "1"],
    ] {
        let mut all = vec!["boundary", "models/brunel2000.ei", "--out", out];
        all.extend(args);
        let run = eibal(&all);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        assert!(!String::from_utf8_lossy(&run.stderr).contains("panicked"));
    }
}

#[test]
fn simulation_confirms_the_predicted_states_at_c_and_b() {
    // The corners (5, 2) and (6, 4) of a 2x2 survey are Brunel's C (AI) and B (SI fast);
    // the spiking network, simulated for 0.3 s (seed of the model file), must show the same.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let run = eibal(&[
        "boundary",
        "models/brunel2000.ei",
        "--x",
        "g",
        "5:6",
        "--y",
        "eta",
        "2:4",
        "--resolution",
        "2",
        "--no-trace",
        "--simulate",
        "1",
        "--out",
        out,
        "--json",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let printed: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let checks = printed["simulation_checks"].as_array().unwrap();
    let states: Vec<&str> = checks
        .iter()
        .map(|c| c["predicted"].as_str().unwrap())
        .collect();
    assert!(
        states.contains(&"AI") && states.contains(&"SI fast"),
        "{checks:?}"
    );
    for c in checks {
        assert_eq!(c["agrees"], true, "{c}");
    }
}
