//! Theory and simulation describe the same network (issue 17, items 2 and 4): the weight law
//! the realiser samples (Dale's-law truncation) is the one the theory uses and `show` prints;
//! a delay the time step rounds gets a warning (the Model keeps it as written); `theory` on a
//! model too large for dense matrices refuses before allocating.

use eibal::lang::compile_source;
use eibal::model::network::build;
use eibal::model::{Model, Support};
use eibal::theory::network::input::MeanFieldNetwork;
use eibal::theory::network::sampled_weight::sampled_moments;
use std::process::{Command, Output};

fn eibal(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eibal"))
        .args(args)
        .output()
        .expect("eibal runs")
}

/// E excitatory, I inhibitory; I -> E with weights normal(mean = -0.01 mV, sd = 2 mV).
const TRUNCATED: &str = r#"
model truncated
neuron lif = lif_delta { tau_m = 20 ms, theta = 20 mV, v_reset = 10 mV, t_ref = 2 ms }
population E : lif, excitatory { size = 400 }
population I : lif, inhibitory { size = 100 }
connect I -> E { indegree = 100, weight = normal(mean = -0.01 mV, sd = 2 mV), delay = 1.5 ms }
drive E, I { poisson(rate = 20 Hz, indegree = 1000, weight = 0.1 mV) }
simulate { duration = 100 ms, dt = 0.1 ms, seed = 3, warmup = 0 ms }
"#;

fn truncated_model() -> Model {
    compile_source(TRUNCATED, "truncated.ei", &[]).unwrap_or_else(|e| panic!("{e}"))
}

/// The realiser redraws positive weights from the inhibitory source, so it samples
/// N(-0.01 mV, 2 mV) truncated to (-inf, 0]: mean -1.5994 mV (JKB 13.134;
/// scipy 1.17.1 `truncnorm(-inf, 0.005, loc=-0.01, scale=2).mean()` gives -1.59941), not -0.01 mV.
/// The sample of 40,000 synapses is compared with the theory's moments within 5 standard
/// errors: SE(mean) = sd / sqrt(n); SE(variance) = sqrt((m4 - s^4) / n) with the sample's
/// own fourth central moment m4.
#[test]
fn theory_uses_the_moments_of_the_weights_the_simulation_samples() {
    let m = truncated_model();
    let pr = &m.projections[0];
    let support = Support::of_weights(&m, pr);
    assert_eq!(support, Support::NonPositive);
    let theory = sampled_moments(&pr.weight, support);
    let csr = build(&m, 0, 11, 1e-4).expect("builds");
    let w: Vec<f64> = csr
        .weights
        .expect("distributed weights are stored per synapse")
        .iter()
        .map(|&x| x as f64)
        .collect();
    let n = w.len() as f64;
    assert_eq!(w.len(), 400 * 100);
    assert!(w.iter().all(|&x| x <= 0.0), "Dale's law");
    let mean = w.iter().sum::<f64>() / n;
    let var = w.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let m4 = w.iter().map(|x| (x - mean).powi(4)).sum::<f64>() / n;
    let se_mean = (var / n).sqrt();
    let se_var = ((m4 - var * var) / n).sqrt();
    assert!(
        (mean - theory.mean).abs() < 5.0 * se_mean,
        "sample mean {mean} vs theory {} (SE {se_mean})",
        theory.mean
    );
    assert!(
        (var - theory.variance).abs() < 5.0 * se_var,
        "sample variance {var} vs theory {} (SE {se_var})",
        theory.variance
    );
    // The declared mean is far outside: the test can fail if the theory used it.
    assert!((mean - pr.weight.mean()).abs() > 100.0 * se_mean);
    // The mean-field input of E from I uses these moments: K E[J] and K E[J^2].
    let net = MeanFieldNetwork::compile(&m, 1.0).expect("theory compiles");
    let c = &net.couplings[0][1];
    assert!((c.mean - 100.0 * theory.mean).abs() < 1e-12 * c.mean.abs());
    assert!((c.second_moment - 100.0 * theory.second_moment()).abs() < 1e-12 * c.second_moment);
}

#[test]
fn show_prints_the_sampled_moments() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("truncated.ei");
    std::fs::write(&file, TRUNCATED).expect("write");
    let out = eibal(&["show", file.to_str().expect("utf-8")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    // scipy 1.17.1: truncnorm(-inf, 0.005, loc=-0.01, scale=2) has mean -1.59941 and sd
    // 1.20743 (in mV).
    assert!(
        text.contains("sampled (wrong signs redrawn): mean = -1.59941 mV, sd = 1.20743 mV"),
        "{text}"
    );
}

/// Writes `text` as `name` in a fresh temporary directory (kept alive by the returned guard).
fn model_file(name: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write model");
    (dir, path)
}

const ROUNDED: &str =
    "neuron lif = lif_delta { tau_m = 20 ms, theta = 20 mV, v_reset = 10 mV, t_ref = 2 ms }
population E : lif, excitatory { size = 10 }
connect E -> E { indegree = 2, weight = 0.1 mV, delay = 1.5 ms }
simulate { duration = 100 ms, dt = 0.4 ms, warmup = 0 ms }
";

/// dt = 0.4 ms turns 1.5 ms into 4 steps = 1.6 ms in the simulator (`delay_steps`, nearest
/// step as in NEST): the check warns at the delay, and the model of the network (theory, show)
/// carries 1.6 ms too (`eibal_model::time_grid`).
#[test]
fn a_delay_rounded_by_the_time_step_gets_a_warning_at_its_place() {
    let (_dir, file) = model_file("rounded.ei", ROUNDED);
    let (m, warnings) = eibal::lang::load_with_warnings(&file, &[]).expect("legal");
    // The simulator resolves the written 1.5 ms as 4 steps, the 1.6 ms the model carries.
    assert_eq!(
        eibal::model::network::delay_steps(1.5e-3, 4e-4, "test").unwrap(),
        4
    );
    let d = m.projections[0].delay.mean();
    assert!((d - 1.6e-3).abs() < 1e-15, "{d}");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let first = warnings[0].lines().next().unwrap_or("");
    assert!(
        first.ends_with(
            "rounded.ei:3:57: warning: the delay 1.5 ms is not a whole number of time steps \
             dt = 0.4 ms: simulation, theory and show use 1.6 ms, the nearest step (a sweep \
             along it stays continuous)"
        ),
        "{first}"
    );
    let out = eibal(&["show", file.to_str().expect("utf-8")]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("1.6 ms") && !text.contains("1.5 ms"),
        "{text}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning: the delay 1.5 ms"));
    // On the grid: no warning, and the delay is kept as written.
    let (_dir, file) = model_file("grid.ei", &ROUNDED.replace("1.5 ms", "1.2 ms"));
    let (m, warnings) = eibal::lang::load_with_warnings(&file, &[]).expect("legal");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(m.projections[0].delay.mean(), 1.2e-3);
}

/// dt > tau_m / 5 is a warning at `dt`; dt = tau_m / 5 is not.
#[test]
fn a_time_step_too_coarse_for_the_membrane_gets_a_warning() {
    let coarse = ROUNDED
        .replace("tau_m = 20 ms", "tau_m = 1.5 ms")
        .replace("delay = 1.5 ms", "delay = 1.2 ms");
    let (_dir, file) = model_file("coarse.ei", &coarse);
    let (_, warnings) = eibal::lang::load_with_warnings(&file, &[]).expect("legal");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let first = warnings[0].lines().next().unwrap_or("");
    assert!(
        first.ends_with(
            "coarse.ei:4:36: warning: the time step dt = 0.4 ms is longer than tau_m / 5 = \
             0.3 ms of neuron `lif`"
        ),
        "{first}"
    );
    let ok = coarse.replace("tau_m = 1.5 ms", "tau_m = 2 ms");
    let (_dir, file) = model_file("fine.ei", &ok);
    let (_, warnings) = eibal::lang::load_with_warnings(&file, &[]).expect("legal");
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// `theory` on 20,000 one-neuron populations would need 20,000^2 dense pairs (tens of GB):
/// it refuses before allocating, with exit 2, the estimate and what to do.
#[test]
fn theory_on_thousands_of_populations_refuses_before_allocating() {
    let mut text = String::from(
        "neuron lif = lif_delta { tau_m = 20 ms, theta = 20 mV, v_reset = 10 mV, t_ref = 2 ms }\n",
    );
    for i in 0..20_000 {
        text.push_str(&format!(
            "population P{i} : lif, excitatory {{ size = 1 }}\n"
        ));
    }
    text.push_str("drive P0 { poisson(rate = 20 Hz, indegree = 1000, weight = 0.1 mV) }\n");
    let (_dir, file) = model_file("many.ei", &text);
    let out = eibal(&["theory", file.to_str().expect("utf-8")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let need = eibal::theory::network::dense_memory::estimate(20_000) as f64 / (1u64 << 30) as f64;
    assert!(
        err.contains("20000 populations need dense 20000 x 20000 matrices")
            && err.contains(&format!("{need:.1} GiB"))
            && err.contains("merge identical populations"),
        "{err}"
    );
}

/// A ring of 1,000 populations: the mean-field solve takes tens of seconds (a dense Jacobian
/// of 1000 x 1000 transfer-function evaluations per Newton step), so a time limit of 0.2 s runs
/// out in the fixed point from rest: exit code 1 and a message that names the limit and what
/// to try, instead of a command that runs as long as the model makes it.
#[test]
fn theory_stops_at_its_time_limit_with_what_to_try() {
    let mut text = String::from(
        "neuron lif = lif_delta { tau_m = 20 ms, theta = 20 mV, v_reset = 10 mV, t_ref = 2 ms }\n",
    );
    let n = 1000;
    for i in 0..n {
        text.push_str(&format!(
            "population P{i} : lif, excitatory {{ size = 10 }}\n"
        ));
    }
    for i in 0..n {
        text.push_str(&format!(
            "connect P{i} -> P{} {{ indegree = 5, weight = 0.1 mV, delay = 1.5 ms }}\n\
             drive P{i} {{ poisson(rate = 20 Hz, indegree = 1000, weight = 0.1 mV) }}\n",
            (i + 1) % n
        ));
    }
    let (_dir, file) = model_file("ring.ei", &text);
    let path = file.to_str().expect("utf-8");
    let out = eibal(&["theory", path, "--no-second-order", "--time-limit", "0.2"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("did not finish within the time limit of 0.2 s")
            && err.contains("--no-search")
            && err.contains("--time-limit"),
        "{err}"
    );
    // A limit that is not a positive number is bad input.
    let out = eibal(&["theory", path, "--time-limit", "-1"]);
    assert_eq!(out.status.code(), Some(2));
}
