//! The `.ei` language end to end: valid and invalid files, the models in `models/`,
//! `--set` overrides, the formatter and the command line.
//!
//! Invalid files in `tests/lang/invalid/` each have a `.expected` file next to them with
//! the exact diagnostics, so that a change of wording is a visible diff. After a deliberate
//! change, regenerate them with `EIBAL_BLESS=1 cargo test --release --test lang` and review
//! the diff before committing.

use eibal::lang::{self, Override};
use eibal::model::*;
use std::path::{Path, PathBuf};

fn ei_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ei"))
        .collect();
    files.sort();
    files
}

fn load(path: &str) -> Model {
    lang::load(Path::new(path), &[]).unwrap_or_else(|e| panic!("{path}:\n{e}"))
}

fn load_with(path: &str, set: &[&str]) -> Result<Model, String> {
    let set: Vec<String> = set.iter().map(|s| s.to_string()).collect();
    lang::load(Path::new(path), &set).map_err(|e| e.to_string())
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-300)
}

#[test]
fn invalid_files_match_their_expected_diagnostics() {
    let bless = std::env::var_os("EIBAL_BLESS").is_some();
    let mut failures = Vec::new();
    let files = ei_files("tests/lang/invalid");
    assert!(files.len() >= 20, "the invalid corpus went missing");
    for file in files {
        let name = file.to_string_lossy().into_owned();
        let err = match lang::load(&file, &[]) {
            Ok(_) => {
                failures.push(format!("{name}: checked fine but should fail"));
                continue;
            }
            Err(e) => e,
        };
        assert_eq!(err.exit_code(), 2, "{name}: bad input must exit with 2");
        let got = format!("{err}\n");
        let expected_path = file.with_extension("expected");
        if bless {
            std::fs::write(&expected_path, &got).expect("write .expected");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            failures.push(format!(
                "{name}: diagnostics differ\n--- expected\n{expected}--- got\n{got}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_diagnostic_has_position_source_line_and_caret() {
    for file in ei_files("tests/lang/invalid") {
        let Err(err) = lang::load(&file, &[]) else {
            continue;
        };
        let text = err.to_string();
        let first = text.lines().next().unwrap_or("");
        // `path:line:col: error: message`
        let parts: Vec<&str> = first.splitn(4, ':').collect();
        assert_eq!(parts.len(), 4, "{}: {first}", file.display());
        assert!(parts[1].parse::<u32>().is_ok(), "{first}");
        assert!(parts[2].parse::<u32>().is_ok(), "{first}");
        assert!(parts[3].starts_with(" error: "), "{first}");
        assert!(text.contains('^'), "{}: no caret\n{text}", file.display());
        // Raw pest rule names never reach the user.
        for raw in ["kw_", "EOI", "operand", "multiply_operator", "Rule::"] {
            assert!(
                !text.contains(raw),
                "{}: raw parser words\n{text}",
                file.display()
            );
        }
    }
}

#[test]
fn valid_corpus_and_models_check() {
    let mut files = ei_files("tests/lang/valid");
    files.extend(ei_files("models"));
    files.extend(ei_files("models/lib"));
    assert!(files.len() >= 14);
    for f in files {
        let m = lang::load(&f, &[]).unwrap_or_else(|e| panic!("{}:\n{e}", f.display()));
        assert!(m.validate().is_ok(), "{}", f.display());
    }
}

#[test]
fn brunel2000_matches_the_paper() {
    // Brunel (2000) model A, state C; values from ../shared/reference/README.md.
    let m = load("models/brunel2000.ei");
    assert_eq!(m.populations.len(), 2);
    let e = m.population_by_name("E").expect("E");
    let i = m.population_by_name("I").expect("I");
    assert_eq!(m.population(e).size, 10000);
    assert_eq!(m.population(i).size, 2500);
    let lif = m.kind_of(e).lif().expect("lif").clone();
    assert!(matches!(m.kind_of(e), NeuronKind::LifDelta { .. }));
    assert!(close(lif.tau_m, 20e-3, 1e-12));
    assert!(close(lif.v_th, 20e-3, 1e-12));
    assert!(close(lif.v_reset, 10e-3, 1e-12));
    assert!(close(lif.t_ref, 2e-3, 1e-12));
    assert_eq!(lif.e_l, 0.0);
    // nu_thr = theta / (J C_E tau_m) = 20 mV / (0.1 mV * 1000 * 20 ms) = 10 Hz.
    let nu_thr = m
        .definitions
        .iter()
        .find(|d| d.name == "nu_thr")
        .expect("nu_thr");
    assert_eq!(nu_thr.value.dim, Dimension::RATE);
    assert!(close(nu_thr.value.si, 10.0, 1e-12));
    // Four projections: E->E, E->I (K = 1000, J), I->E, I->I (K = 250, -g J = -0.5 mV).
    assert_eq!(m.projections.len(), 4);
    for p in &m.projections {
        let (k, w) = if p.source == e {
            (1000, 0.1e-3)
        } else {
            (250, -0.5e-3)
        };
        assert_eq!(p.connectivity, Connectivity::FixedIndegree { indegree: k });
        assert!(close(p.weight.mean(), w, 1e-12));
        assert!(close(p.delay.mean(), 1.5e-3, 1e-12));
        assert!(p.autapses && p.multapses);
    }
    // Poisson drive: C_E sources at eta nu_thr = 20 Hz, weight J, onto both populations.
    assert_eq!(m.drives.len(), 2);
    for d in &m.drives {
        let DriveKind::Poisson {
            rate,
            indegree,
            weight,
        } = d.kind
        else {
            panic!("expected a Poisson drive");
        };
        assert!(close(rate, 20.0, 1e-12));
        assert_eq!(indegree, 1000);
        assert!(close(weight, 0.1e-3, 1e-12));
    }
    for (name, value) in [
        ("g", 5.0),
        ("eta", 2.0),
        ("J", 1e-4),
        ("D", 1.5e-3),
        ("V_reset", 1e-2),
    ] {
        let p = m.param(name).unwrap_or_else(|| panic!("param {name}"));
        assert!(close(p.value.si, value, 1e-12), "{name}");
    }
    // g from 3 to 8 step 0.1 has 51 points; eta from 0.5 to 4 step 0.1 has 36.
    assert_eq!(m.sweeps.len(), 2);
    assert_eq!(m.sweeps[0].values_si.len(), 51);
    assert_eq!(m.sweeps[1].values_si.len(), 36);
    assert!(close(
        *m.sweeps[0].values_si.last().expect("last"),
        8.0,
        1e-9
    ));
}

#[test]
fn exponential_synapses_deliver_the_delta_models_charge() {
    // w = J C / tau_s = 0.1 mV * 250 pF / 0.5 ms = 50 pA (the definition).
    let m = load("models/brunel2000_exp.ei");
    let e = m.population_by_name("E").expect("E");
    let NeuronKind::LifExp {
        tau_syn_ex,
        tau_syn_in,
        lif,
    } = m.kind_of(e)
    else {
        panic!("lif_exp expected");
    };
    assert!(close(*tau_syn_ex, 0.5e-3, 1e-12) && close(*tau_syn_in, 0.5e-3, 1e-12));
    assert!(close(lif.c_m, 250e-12, 1e-12));
    let w_ee = m
        .projections
        .iter()
        .find(|p| p.source == e)
        .expect("E->")
        .weight
        .mean();
    assert!(close(w_ee, 50e-12, 1e-9), "{w_ee}");
    // Changing tau_s keeps the charge: w tau_s is constant.
    let m2 = load_with("models/brunel2000_exp.ei", &["tau_s=2 ms"]).expect("set tau_s");
    let w2 = m2
        .projections
        .iter()
        .find(|p| p.source == e)
        .expect("E->")
        .weight
        .mean();
    assert!(close(w2 * 2e-3, w_ee * 0.5e-3, 1e-9));
}

#[test]
fn microcircuit_matches_the_reference_table() {
    // ../shared/reference/microcircuit_bos2016.toml and README: 8 populations, PSC 87.8 pA,
    // J = w tau_s / C = 0.1756 mV, inhibitory -g w with g = 4, L4E -> L2/3E doubled.
    let m = load("models/microcircuit.ei");
    let names = ["L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I"];
    let sizes = [20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948];
    let k_ext = [1600, 1500, 1780, 1900, 2000, 1900, 2900, 2100];
    for ((n, s), k) in names.iter().zip(sizes).zip(k_ext) {
        let id = m.population_by_name(n).unwrap_or_else(|| panic!("{n}"));
        assert_eq!(m.population(id).size, s, "{n}");
        let d = m.drives.iter().find(|d| d.target == id).expect("drive");
        assert!(
            matches!(d.kind, DriveKind::Poisson { indegree, rate, .. } if indegree == k && rate == 8.0)
        );
    }
    let pop = |n: &str| m.population_by_name(n).expect("population");
    let find = |s: &str, t: &str| {
        m.projections
            .iter()
            .find(|p| p.source == pop(s) && p.target == pop(t))
    };
    // A few entries of K[target][source] as fixed totals K N_target (rounded to integers):
    // 2199.86486 * 20683, 8.554274 * 2948, 0.319553 * 21915, 752.183189 * 14395.
    let total = |s: &str, t: &str| match find(s, t).map(|p| p.connectivity) {
        Some(Connectivity::FixedTotal { total }) => total,
        _ => 0,
    };
    assert_eq!(total("L23E", "L23E"), 45_499_805);
    assert_eq!(total("L5I", "L6I"), 25_218);
    assert_eq!(total("L5I", "L4E"), 7_003);
    assert_eq!(total("L6I", "L6E"), 10_827_677);
    let w = |s: &str, t: &str| find(s, t).expect("projection").weight.mean();
    assert!(close(w("L23E", "L23I"), 87.8e-12, 1e-12));
    assert!(close(w("L4E", "L23E"), 2.0 * 87.8e-12, 1e-12));
    assert!(close(w("L23I", "L23E"), -4.0 * 87.8e-12, 1e-12));
    let NeuronKind::LifExp {
        lif, tau_syn_ex, ..
    } = m.kind_of(pop("L23E"))
    else {
        panic!("lif_exp expected");
    };
    let j = 87.8e-12 * tau_syn_ex / lif.c_m;
    assert!(close(j, 0.1756e-3, 1e-9), "{j}");
    let delay = find("L23E", "L4E").expect("projection").delay;
    assert_eq!(
        delay,
        Distribution::Normal {
            mean: 1.5e-3,
            sd: 0.75e-3
        }
    );
}

#[test]
fn coba_uses_the_benchmark_reversal_potentials() {
    // Brette et al. (2007) benchmark 1: E_in = -80 mV. The file writes it as a chloride
    // Nernst potential (6.5 mM in, 130 mM out, 37 degC). Independent evaluation here:
    // RT/F = 8.314462618 * 310.15 / 96485.33212 = 26.7268 mV; E = -26.7268 * ln(20) mV.
    let m = load("models/coba.ei");
    let NeuronKind::LifCond { syn, lif } = m.kind_of(PopulationId(0)) else {
        panic!("lif_cond expected");
    };
    let expected = -(8.314462618 * 310.15 / 96485.33212) * (130.0f64 / 6.5).ln();
    assert!(close(syn.e_in, expected, 1e-9));
    assert!((syn.e_in * 1e3 + 80.0).abs() < 0.2, "{}", syn.e_in);
    assert_eq!(syn.e_ex, 0.0);
    // g_L = C / tau_m = 200 pF / 20 ms = 10 nS, as in the benchmark.
    assert!(close(lif.c_m / lif.tau_m, 10e-9, 1e-12));
    let w: Vec<f64> = m.projections.iter().map(|p| p.weight.mean()).collect();
    let has = |x: f64| w.iter().any(|v| close(*v, x, 1e-12));
    assert!(has(6e-9) && has(67e-9), "{w:?}");
    // p = 0.02 without autapses: K = p (N - 1) within E.
    let ee = &m.projections[0];
    assert!(close(m.mean_indegree(ee), 0.02 * 3199.0, 1e-12));
}

#[test]
fn rate_chaos_has_gaussian_couplings_of_variance_g2_over_n() {
    let m = load("models/rate_chaos.ei");
    assert_eq!(m.populations[0].sign, Sign::Mixed);
    let p = &m.projections[0];
    assert_eq!(p.connectivity, Connectivity::Probability { p: 1.0 });
    assert!(!p.autapses);
    let Distribution::Normal { mean, sd } = p.weight else {
        panic!("normal weights expected");
    };
    assert_eq!(mean, 0.0);
    assert!(close(sd, 1.5 / 1000f64.sqrt(), 1e-12));
    let m2 = load_with("models/rate_chaos.ei", &["g=0.5", "N=400"]).expect("set");
    let Distribution::Normal { sd, .. } = m2.projections[0].weight else {
        panic!("normal weights expected");
    };
    assert!(close(sd, 0.5 / 20.0, 1e-12));
    assert_eq!(m2.populations[0].size, 400);
}

#[test]
fn all_features_compile_to_the_right_values() {
    let m = load("tests/lang/valid/all_features.ei");
    let def = |n: &str| m.definitions.iter().find(|d| d.name == n).expect(n).value;
    // R = 20 ms / 250 pF = 80 MOhm; I0 R = 0.5 nA * 80 MOhm = 40 mV.
    assert!(close(def("v_step").si, 0.04, 1e-12));
    assert_eq!(def("v_step").dim, Dimension::VOLTAGE);
    // A unit binds to its literal before `^`: sqrt((4 mV)^2) / 2 mV = 2.
    assert!(close(def("scale").si, 2.0, 1e-12));
    assert!(close(def("mixed").si, 5e-3, 1e-12));
    let e = std::f64::consts::E;
    assert!(close(def("e").si, e - 1.0 + 100.0 - 0.5, 1e-12));
    // E_K with 140 mM in, 5 mM out at 310.15 K: (RT/F) ln(5/140) = -89.07 mV.
    assert!((def("E_K").si * 1e3 + 89.07).abs() < 0.05);
    // Q has P.size / 4 = 100 neurons.
    let q = m.population_by_name("Q").expect("Q");
    assert_eq!(m.population(q).size, 100);
    // The motif expanded into three projections tagged with their origin.
    let from_motif: Vec<&Projection> = m
        .projections
        .iter()
        .filter(|p| p.origin.motif.as_deref() == Some("feedforward_inhibition"))
        .collect();
    assert_eq!(from_motif.len(), 3);
    let pv = m.population_by_name("PV").expect("PV");
    let inh = from_motif
        .iter()
        .find(|p| p.source == pv)
        .expect("PV -> PC");
    assert!(close(inh.weight.mean(), -4.5 * 0.2e-3, 1e-12));
    assert_eq!(
        inh.connectivity,
        Connectivity::FixedIndegree { indegree: 20 }
    );
    // Q -> P: dendritic, normal weights, multapses off.
    let qp = m
        .projections
        .iter()
        .find(|p| p.source == q)
        .expect("Q -> P");
    assert_eq!(qp.compartment, Compartment::Dendrite);
    assert!(!qp.multapses);
    assert_eq!(
        qp.weight,
        Distribution::Normal {
            mean: -4.5 * 30e-12,
            sd: 5e-12
        }
    );
    // CI -> C has no delay written: it gets the simulation step.
    let ci = m.population_by_name("CI").expect("CI");
    let cic = m
        .projections
        .iter()
        .find(|p| p.source == ci)
        .expect("CI -> C");
    assert_eq!(cic.delay, Distribution::fixed(0.05e-3));
    // Two scaling rules: the default scales excitatory inputs of P (P -> P), the second
    // the listed source Q (Q -> P).
    assert_eq!(m.plasticity.len(), 2);
    let scaled_sources = |i: usize| -> Vec<PopulationId> {
        m.plasticity[i]
            .projections
            .iter()
            .map(|id| m.projections[id.0].source)
            .collect()
    };
    let p = m.population_by_name("P").expect("P");
    assert_eq!(scaled_sources(0), vec![p]);
    assert_eq!(scaled_sources(1), vec![q]);
    // Drives: step and pulses onto PC, constants onto C and R1.
    let pc = m.population_by_name("PC").expect("PC");
    let onto_pc: Vec<&DriveKind> = m
        .drives
        .iter()
        .filter(|d| d.target == pc)
        .map(|d| &d.kind)
        .collect();
    assert_eq!(
        onto_pc,
        vec![
            &DriveKind::Current {
                amplitude: 0.5e-9,
                start: 0.1,
                stop: Some(0.2)
            },
            &DriveKind::Pulses {
                amplitude: 2e-9,
                width: 1e-3,
                times: vec![0.05, 0.15]
            },
        ]
    );
    // Simulation and sweeps in SI.
    assert_eq!(m.simulation.seed, 42);
    assert!(close(m.simulation.dt, 5e-5, 1e-12));
    assert!(close(m.simulation.warmup, 0.5, 1e-12));
    assert_eq!(m.simulation.record.len(), 5);
    assert_eq!(m.sweeps[0].values_si, vec![3.0, 4.0, 5.0]);
    assert_eq!(m.sweeps[1].values_si.len(), 5);
    assert_eq!(m.sweeps[1].dimension, Dimension::VOLTAGE);
    assert!(close(m.sweeps[1].values_si[4], 0.3e-3, 1e-9));
    // Rate units: threshold-linear with the given gain and threshold.
    let r1 = m.population_by_name("R1").expect("R1");
    let NeuronKind::Rate(unit) = m.kind_of(r1) else {
        panic!("rate expected");
    };
    assert_eq!(
        unit.transfer,
        Transfer::ThresholdLinear {
            gain: 2.0,
            threshold: 0.1
        }
    );
    // Elements carry the file, line and column they were written at.
    let first = &m.populations[0].origin;
    assert_eq!((first.line, first.column), (32, 12)); // `population P` on line 32
}

#[test]
fn minimal_model_takes_its_name_from_the_file_and_default_simulation() {
    let m = load("tests/lang/valid/minimal.ei");
    assert_eq!(m.name, "minimal");
    assert_eq!(m.simulation, Simulation::default());
}

#[test]
fn set_overrides_are_expressions_checked_for_dimension() {
    let m = load_with("tests/lang/set_params.ei", &["J=0.2mV", "g=2*3"]).expect("set");
    let p = m.param("J").expect("J");
    assert!(close(p.value.si, 0.2e-3, 1e-12));
    assert!(close(p.default.si, 0.1e-3, 1e-12));
    // Later definitions see the new values: J_I = -g J = -6 * 0.2 mV.
    let j_i = m.definitions.iter().find(|d| d.name == "J_I").expect("J_I");
    assert!(close(j_i.value.si, -1.2e-3, 1e-12));
    // The value may refer to earlier params.
    let m = load_with("tests/lang/set_params.ei", &["J=g * 0.01 mV"]).expect("set");
    assert!(close(m.param("J").expect("J").value.si, 0.05e-3, 1e-12));

    let e = load_with("tests/lang/set_params.ei", &["J=2"]).expect_err("dimension");
    assert!(
        e.contains("--set J:1:1: error: `J` must be a voltage"),
        "{e}"
    );
    let e = load_with("tests/lang/set_params.ei", &["gg=2"]).expect_err("unknown");
    assert!(e.contains("the model has no param `gg`"), "{e}");
    assert!(
        e.contains("did you mean `g`?") && e.contains("the params are: g, J"),
        "{e}"
    );
    let e = load_with("tests/lang/set_params.ei", &["J_I=2"]).expect_err("not a param");
    assert!(e.contains("no param `J_I`"), "{e}");
    let e = load_with("tests/lang/set_params.ei", &["g"]).expect_err("no =");
    assert!(e.contains("expected NAME=VALUE"), "{e}");
    let e = load_with("tests/lang/set_params.ei", &["g=(1"]).expect_err("parse");
    assert!(e.contains("--set g:1:3: error: expected"), "{e}");

    // Programmatic overrides (sweeps).
    let source = std::fs::read_to_string("tests/lang/set_params.ei").expect("read");
    let set = [Override::Value {
        name: "J".into(),
        value: Quantity::new(0.3e-3, Dimension::VOLTAGE),
    }];
    let m = lang::compile_source(&source, "tests/lang/set_params.ei", &set).expect("value");
    assert!(close(m.param("J").expect("J").value.si, 0.3e-3, 1e-12));
    let set = [Override::Value {
        name: "J".into(),
        value: Quantity::dimensionless(3.0),
    }];
    let e = lang::compile_source(&source, "tests/lang/set_params.ei", &set).expect_err("dim");
    assert!(e.to_string().contains("must be a voltage"), "{e}");
}

#[test]
fn formatting_is_idempotent_and_preserves_the_model() {
    let mut files = ei_files("models");
    files.extend(ei_files("models/lib"));
    files.extend(ei_files("tests/lang/valid"));
    for f in files {
        let name = f.to_string_lossy().into_owned();
        let source = std::fs::read_to_string(&f).expect("read");
        let once = lang::format_source(&source, &name).expect("format");
        let twice = lang::format_source(&once, &name).expect("format again");
        assert_eq!(once, twice, "{name}: fmt(fmt(x)) != fmt(x)");
        // Same comments, same model (origins aside: formatting moves lines).
        let comments = |s: &str| s.lines().filter(|l| l.contains("//")).count();
        assert_eq!(comments(&source), comments(&once), "{name}: comments lost");
        let a = lang::compile_source(&source, &name, &[]).expect("original");
        let b = lang::compile_source(&once, &name, &[]).expect("formatted");
        assert_eq!(strip_origins(a), strip_origins(b), "{name}");
    }
}

/// The model without source positions (which formatting legitimately changes).
pub fn strip_origins(mut m: Model) -> Model {
    let o = Origin::default;
    m.params.iter_mut().for_each(|p| p.origin = o());
    m.definitions.iter_mut().for_each(|p| p.origin = o());
    m.neurons.iter_mut().for_each(|p| p.origin = o());
    m.populations.iter_mut().for_each(|p| p.origin = o());
    m.projections.iter_mut().for_each(|p| p.origin = o());
    m.drives.iter_mut().for_each(|p| p.origin = o());
    m.plasticity.iter_mut().for_each(|p| p.origin = o());
    m
}

#[test]
fn formatter_output_is_canonical() {
    let src = "param  g=5// strength\nlet x=-g*(1+2)^2/ 3 mV\nneuron n=lif_delta{tau_m=20ms\n theta=20 mV,v_reset=10mV,}\n\n\n\ndrive E{constant(amplitude=1pA)}\n";
    let out = lang::format_source(src, "x.ei").expect("format");
    let expected = "param g = 5  // strength\nlet x = -g * (1 + 2)^2 / 3 mV\n\
                    neuron n = lif_delta { tau_m = 20 ms, theta = 20 mV, v_reset = 10 mV }\n\n\
                    drive E { constant(amplitude = 1 pA) }\n";
    assert_eq!(out, expected);
}

fn eibal(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_eibal"))
        .args(args)
        .output()
        .expect("run eibal");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn command_line_check_show_and_fmt() {
    let (code, out, _) = eibal(&["check", "models/brunel2000.ei"]);
    assert_eq!(code, 0);
    assert_eq!(out, "ok: brunel2000_A, 2 populations, 4 projections\n");

    let (code, _, err) = eibal(&["check", "tests/lang/invalid/dale_violation.ei"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("tests/lang/invalid/dale_violation.ei:7:42: error: Dale's law"),
        "{err}"
    );

    let (code, _, err) = eibal(&["check", "no/such/file.ei"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no/such/file.ei") && err.contains("no such file"),
        "{err}"
    );

    let (code, out, _) = eibal(&["show", "models/brunel2000.ei", "--set", "g=6"]);
    assert_eq!(code, 0);
    assert!(out.contains("nu_thr") && out.contains("10 Hz"), "{out}");
    assert!(
        out.contains("-0.6 mV"),
        "inhibitory weight -g J with g = 6:\n{out}"
    );

    let (code, out, _) = eibal(&["show", "models/microcircuit.ei"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("0.1756 mV"),
        "delta-equivalent J of 87.8 pA:\n{out}"
    );

    let (code, out, _) = eibal(&["show", "--json", "models/brunel2000.ei"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["model"]["name"], "brunel2000_A");
    assert_eq!(v["model"]["populations"][0]["size"], 10000);
    assert!(v["display"].as_array().is_some_and(|a| !a.is_empty()));

    let (code, out, _) = eibal(&["fmt", "models/brunel2000.ei"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        std::fs::read_to_string("models/brunel2000.ei").expect("read")
    );
}
