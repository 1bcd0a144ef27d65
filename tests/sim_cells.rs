//! Which delay rings count spikes (2-byte cells read as count x unit) and which sum f32
//! weights (`eibal_sim::engine::build::cells`): counting must be chosen exactly when it is
//! exact and cannot overflow a cell.

use eibal::lang::compile_source;
use eibal::sim::RunOptions;
use eibal::sim::engine::build::build;
use eibal::sim::engine::settings::Settings;

/// The weight of one count per ring (excitatory, inhibitory), or None for f32 sums.
fn units(text: &str) -> Vec<Option<f64>> {
    let model = compile_source(text, "cells.ei", &[]).expect("compiles");
    let settings = Settings::new(&model, &RunOptions::default()).expect("settings");
    build(&model, &settings).expect("builds").units
}

/// Two populations A (excitatory) and B (inhibitory) of 10 LIF neurons and the projections
/// given.
fn small(projections: &str) -> String {
    format!(
        r#"
model cells
neuron lif = lif_delta {{ tau_m = 20 ms, theta = 20 mV, v_reset = 10 mV, t_ref = 2 ms }}
population A : lif, excitatory {{ size = 10 }}
population B : lif, inhibitory {{ size = 10 }}
{projections}
simulate {{ duration = 10 ms, dt = 0.1 ms, warmup = 0 ms }}
"#
    )
}

#[test]
fn brunels_rings_count_units_of_j_and_minus_g_j() {
    let text = std::fs::read_to_string("models/brunel2000.ei").unwrap();
    // J = 0.1 mV and -g J = -0.5 mV, in volts.
    assert_eq!(units(&text), vec![Some(1e-4), Some(-5e-4)]);
}

#[test]
fn whole_multiples_count_in_units_of_the_smallest_weight() {
    let u = units(&small(
        "connect A -> A { indegree = 5, weight = 0.2 mV, delay = 1 ms }
         connect A -> B { indegree = 5, weight = 0.6 mV, delay = 1 ms }
         connect B -> A { indegree = 5, weight = -1 mV, delay = 1 ms }",
    ));
    assert_eq!(u, vec![Some(0.2e-3), Some(-1e-3)]);
}

#[test]
fn fractions_drawn_weights_and_mixed_rings_sum() {
    // 0.3 mV is not a whole multiple of 0.2 mV: the excitatory ring sums; the inhibitory
    // one, with a drawn weight, too.
    let u = units(&small(
        "connect A -> A { indegree = 5, weight = 0.2 mV, delay = 1 ms }
         connect A -> B { indegree = 5, weight = 0.3 mV, delay = 1 ms }
         connect B -> A { indegree = 5, weight = normal(mean = -1 mV, sd = 0.1 mV), delay = 1 ms }",
    ));
    assert_eq!(u, vec![None, None]);
}

#[test]
fn a_cell_that_could_pass_65535_units_sums() {
    // Onto A: 30,000 synapses of one unit per target (multapses) can at most put 30,000
    // units into a cell: counts. Adding 20,000 of two units onto the same targets allows
    // 70,000 > 65,535: sums. The same 20,000 onto B instead leave both populations below.
    let one =
        "connect A -> A { indegree = 30000, weight = 0.1 mV, delay = 1 ms, multapses = true }";
    let twice_onto_a =
        "connect A -> A { indegree = 20000, weight = 0.2 mV, delay = 2 ms, multapses = true }";
    let twice_onto_b =
        "connect A -> B { indegree = 20000, weight = 0.2 mV, delay = 2 ms, multapses = true }";
    assert_eq!(units(&small(one))[0], Some(1e-4));
    assert_eq!(units(&small(&format!("{one}\n{twice_onto_a}")))[0], None);
    assert_eq!(
        units(&small(&format!("{one}\n{twice_onto_b}")))[0],
        Some(1e-4)
    );
}
