//! The connection rules `total` (NEST's fixed_total_number) and `outdegree`: the language
//! accepts them, the theory uses their exact mean in-degree, the realiser samples their law,
//! and the exports map them to NEST and Brian2 (issue 16, items 1, 2 and 6).
//!
//! Sampling checks use the laws' own moments: under a fixed total T onto N targets the
//! in-degrees are multinomial (mean T/N, variance T (1/N)(1 - 1/N)); under a fixed out-degree
//! K every source has exactly K targets. Tolerances are 5 standard errors of the statistic
//! (a false alarm less than once in a million runs).

use eibal::lang::compile_source;
use eibal::model::network::build;
use eibal::model::{Connectivity, Model};
use eibal::theory::{self, TheoryOptions};
use std::process::Command;

fn model(connect: &str) -> Model {
    let source = format!(
        r#"
model rules
neuron lif = lif_delta {{ tau_m = 20 ms, theta = 20 mV, v_reset = 10 mV, t_ref = 2 ms }}
population E : lif, excitatory {{ size = 400 }}
population I : lif, inhibitory {{ size = 100 }}
{connect}
drive E, I {{ poisson(rate = 20 Hz, indegree = 1000, weight = 0.1 mV) }}
simulate {{ duration = 100 ms, dt = 0.1 ms, seed = 3, warmup = 0 ms }}
"#
    );
    compile_source(&source, "rules.ei", &[]).unwrap_or_else(|e| panic!("{e}"))
}

fn mean_var(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let m = xs.iter().sum::<f64>() / n;
    (
        m,
        xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0),
    )
}

/// In-degree of every target of projection 0 (built with `seed`).
fn indegrees(m: &Model, seed: u64) -> Vec<f64> {
    let csr = build(m, 0, seed, m.simulation.dt).expect("build");
    let n_target = m.population(m.projections[0].target).size;
    let mut k = vec![0.0; n_target];
    csr.each(|_, t, _, _| k[t] += 1.0);
    k
}

#[test]
fn mean_indegrees_are_exact_and_fractional_where_the_rule_makes_them_so() {
    let m = model(
        "connect E -> I { total = 12345, weight = 0.1 mV, delay = 1.5 ms }\n\
         connect E -> E { outdegree = 30, weight = 0.1 mV, delay = 1.5 ms }\n\
         connect I -> E { outdegree = 7, weight = -0.5 mV, delay = 1.5 ms }",
    );
    assert_eq!(m.mean_indegree(&m.projections[0]), 123.45);
    assert_eq!(m.mean_indegree(&m.projections[1]), 30.0);
    assert_eq!(m.mean_indegree(&m.projections[2]), 7.0 * 100.0 / 400.0);
}

#[test]
fn a_fixed_total_has_the_multinomial_indegree_law_and_exactly_its_total() {
    // T = 40,000 onto 100 targets: mean 400, variance 400 (1 - 1/100) = 396.
    let m = model("connect E -> I { total = 40000, weight = 0.1 mV, delay = 1.5 ms }");
    let mut means = Vec::new();
    let mut vars = Vec::new();
    for seed in 1..=20 {
        let k = indegrees(&m, seed);
        assert_eq!(k.iter().sum::<f64>(), 40000.0, "the total is exact");
        let (mean, var) = mean_var(&k);
        means.push(mean);
        vars.push(var);
    }
    // The sample variance of 100 near-normal cells has sd ~ var sqrt(2/99); averaged over
    // 20 seeds the standard error is that / sqrt(20).
    let (v, _) = mean_var(&vars);
    let se = 396.0 * (2.0f64 / 99.0).sqrt() / 20f64.sqrt();
    assert!(
        (v - 396.0).abs() < 5.0 * se,
        "in-degree variance {v}, expected 396"
    );
    // A fixed in-degree of 400 would give variance 0, Bernoulli p = 0.1 gives 360: the check
    // tells them apart (5 se = 14).
    assert!(means.iter().all(|&x| x == 400.0));
}

#[test]
fn fixed_total_sources_are_uniform_and_autapses_are_redrawn() {
    // I -> I without autapses: no self-connection; every source equally likely.
    let m = model(
        "connect I -> I { total = 100000, weight = -0.5 mV, delay = 1.5 ms, autapses = false }",
    );
    let csr = build(&m, 0, 5, m.simulation.dt).expect("build");
    let mut out = Vec::new();
    for s in 0..100 {
        let row = csr.row(s);
        assert!(row.clone().all(|k| csr.targets.get(k) != s));
        out.push(row.len() as f64);
    }
    // Out-degrees: multinomial, mean 1000, variance 1000 (1 - 1/100) = 990 per source.
    let (mean, var) = mean_var(&out);
    assert_eq!(mean, 1000.0);
    let se = 990.0 * (2.0f64 / 99.0).sqrt();
    assert!((var - 990.0).abs() < 5.0 * se, "out-degree variance {var}");
}

#[test]
fn a_fixed_outdegree_gives_every_source_exactly_k_distinct_targets_when_asked() {
    let m = model(
        "connect E -> I { outdegree = 20, weight = 0.1 mV, delay = normal(1.5 ms, 0.5 ms), multapses = false }",
    );
    let csr = build(&m, 0, 9, m.simulation.dt).expect("build");
    for s in 0..400 {
        let mut row: Vec<usize> = csr.row(s).map(|k| csr.targets.get(k)).collect();
        assert_eq!(row.len(), 20);
        // Sorted by target within each run of one delay (the order delivery needs).
        for (_, run) in csr.runs_of(s) {
            let t: Vec<usize> = run.map(|k| csr.targets.get(k)).collect();
            assert!(t.windows(2).all(|w| w[0] < w[1]), "sorted within runs");
        }
        row.sort_unstable();
        assert!(row.windows(2).all(|w| w[0] < w[1]), "distinct");
    }
    assert_eq!(csr.count(), 8000);
    assert!(
        csr.runs.len() > 400,
        "delays drawn per synapse give several runs per source"
    );
    // In-degrees: mean K N_E / N_I = 80; each a sum of 400 Bernoulli(20/100) draws, variance
    // 400 0.2 0.8 = 64.
    let k = indegrees(&m, 9);
    let (mean, var) = mean_var(&k);
    assert_eq!(mean, 80.0);
    assert!(
        (var - 64.0).abs() < 5.0 * 64.0 * (2.0f64 / 99.0).sqrt(),
        "{var}"
    );
}

#[test]
fn the_same_seed_builds_the_same_network_and_another_seed_another() {
    for rule in ["total = 5000", "outdegree = 12"] {
        let m = model(&format!(
            "connect E -> I {{ {rule}, weight = 0.1 mV, delay = 1.5 ms }}"
        ));
        let a = build(&m, 0, 1, 1e-4).expect("build");
        let b = build(&m, 0, 1, 1e-4).expect("build");
        let c = build(&m, 0, 2, 1e-4).expect("build");
        assert_eq!((&a.first, &a.targets), (&b.first, &b.targets), "{rule}");
        assert_ne!(a.targets, c.targets, "{rule}");
    }
}

#[test]
fn the_theory_sees_a_total_as_its_mean_indegree() {
    // total = K N_target with integer K gives the same input as a fixed in-degree K.
    let total = model(
        "connect E -> E { total = 40000, weight = 0.1 mV, delay = 1.5 ms }\n\
         connect I -> E { total = 10000, weight = -0.5 mV, delay = 1.5 ms }",
    );
    let fixed = model(
        "connect E -> E { indegree = 100, weight = 0.1 mV, delay = 1.5 ms }\n\
         connect I -> E { indegree = 25, weight = -0.5 mV, delay = 1.5 ms }",
    );
    let a = theory::solve(&total, &TheoryOptions::default()).expect("theory");
    let b = theory::solve(&fixed, &TheoryOptions::default()).expect("theory");
    let (ra, rb) = (
        &a.fixed_points[0].populations,
        &b.fixed_points[0].populations,
    );
    for (x, y) in ra.iter().zip(rb) {
        assert!(
            (x.rate - y.rate).abs() <= 1e-12 * y.rate.max(1.0),
            "{} {}",
            x.rate,
            y.rate
        );
        assert!((x.mu - y.mu).abs() <= 1e-15);
    }
}

#[test]
fn rules_show_their_name_and_mean_indegree() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("m.ei");
    std::fs::write(
        &file,
        "neuron n = lif_delta { tau_m = 20 ms, theta = 20 mV, v_reset = 10 mV, t_ref = 2 ms }\n\
         population E : n, excitatory { size = 400 }\n\
         population I : n, inhibitory { size = 100 }\n\
         connect E -> I { total = 12345, weight = 0.1 mV, delay = 1.5 ms }\n\
         connect I -> E { outdegree = 7, weight = -0.5 mV, delay = 1.5 ms }\n",
    )
    .expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_eibal"))
        .arg("show")
        .arg(&file)
        .output()
        .expect("eibal runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("rule") && text.contains("mean K"), "{text}");
    assert!(
        text.contains("total 12345") && text.contains("123.45"),
        "{text}"
    );
    assert!(
        text.contains("outdegree 7") && text.contains("1.75"),
        "{text}"
    );
}

#[test]
fn an_indegree_above_the_source_population_is_a_warning_at_its_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("w.ei");
    std::fs::write(
        &file,
        "neuron n = lif_delta { tau_m = 20 ms, theta = 20 mV, v_reset = 10 mV, t_ref = 2 ms }\n\
         population E : n, excitatory { size = 50 }\n\
         connect E -> E { indegree = 80, weight = 0.1 mV, delay = 1.5 ms }\n",
    )
    .expect("write");
    let (_, warnings) = eibal::lang::load_with_warnings(&file, &[]).expect("legal");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let first = warnings[0].lines().next().unwrap_or("");
    assert!(
        first.ends_with("w.ei:3:29: warning: in-degree 80 exceeds the 50 neurons of E: some pairs get several synapses"),
        "{first}"
    );
    // The command line prints it on stderr and still succeeds.
    let out = Command::new(env!("CARGO_BIN_EXE_eibal"))
        .arg("check")
        .arg(&file)
        .output()
        .expect("eibal runs");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning: in-degree 80"));
    // Within the population: no warning.
    std::fs::write(
        &file,
        "neuron n = lif_delta { tau_m = 20 ms, theta = 20 mV, v_reset = 10 mV, t_ref = 2 ms }\n\
         population E : n, excitatory { size = 50 }\n\
         connect E -> E { indegree = 50, weight = 0.1 mV, delay = 1.5 ms }\n",
    )
    .expect("write");
    let (_, warnings) = eibal::lang::load_with_warnings(&file, &[]).expect("legal");
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn exports_map_the_rules_to_nest_and_brian2() {
    let m = model(
        "connect E -> I { total = 12345, weight = 0.1 mV, delay = 1.5 ms, autapses = false }\n\
         connect I -> E { outdegree = 7, weight = -0.5 mV, delay = 1.5 ms, multapses = false }",
    );
    let nest = eibal::export::nest::generate(&m).expect("nest");
    assert!(
        nest.contains("\"rule\": \"fixed_total_number\", \"N\": 12345, \"allow_autapses\": False, \"allow_multapses\": True"),
        "{nest}"
    );
    assert!(
        nest.contains("\"rule\": \"fixed_outdegree\", \"outdegree\": 7, \"allow_autapses\": True, \"allow_multapses\": False"),
        "{nest}"
    );
    assert!(nest.contains("nest.CopyModel(\"static_synapse\", \"eibal_static_synapse_0\")"));
    let brian = eibal::export::brian2::generate(&m).expect("brian2");
    assert!(
        brian.contains("fixed_total(400, 100, 12345, False, False)"),
        "{brian}"
    );
    assert!(
        brian.contains("fixed_outdegree(100, 400, 7, True, False, False)"),
        "{brian}"
    );
}

#[test]
fn nest_export_keeps_every_synapse_model_below_the_connection_limit() {
    // 300,000 targets x in-degree 1000 = 3e8 synapses: three pieces of at most 134,217,726,
    // each on its own copy of static_synapse.
    let source = "neuron n = lif_delta { tau_m = 20 ms, theta = 20 mV, v_reset = 10 mV, t_ref = 2 ms }\n\
         population E : n, excitatory { size = 300000 }\n\
         connect E -> E { indegree = 1000, weight = 0.1 mV, delay = 1.5 ms }\n";
    let m = compile_source(source, "big.ei", &[]).expect("model");
    let nest = eibal::export::nest::generate(&m).expect("nest");
    let connects: Vec<&str> = nest
        .lines()
        .filter(|l| l.starts_with("nest.Connect(pop[\"E\"], pop[\"E\"]["))
        .collect();
    assert_eq!(connects.len(), 3, "{nest}");
    assert!(
        connects[0].contains("pop[\"E\"][0:134217]"),
        "{}",
        connects[0]
    );
    assert!(connects[2].ends_with("pop[\"E\"][268434:300000], {\"rule\": \"fixed_indegree\", \"indegree\": 1000, \"allow_autapses\": True, \"allow_multapses\": True},"));
    for c in 0..3 {
        assert!(nest.contains(&format!("\"synapse_model\": \"eibal_static_synapse_{c}\"")));
    }
    assert!(!nest.contains("eibal_static_synapse_3"));
    assert!(matches!(
        m.projections[0].connectivity,
        Connectivity::FixedIndegree { .. }
    ));
}
