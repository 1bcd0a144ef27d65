//! One network realiser: the connectivity matrix that `spectrum` samples is, entry by entry,
//! the network the simulator builds for the same model and seed (issue 12, item 4).

use eibal::lang::compile_source;
use eibal::sim::RunOptions;
use eibal::sim::engine::{build, settings::Settings};
use eibal::theory::network::connectivity_matrix::{SampleOptions, sample_connectivity};

/// Every connection rule and weight law the realiser knows, autapses and multapses on and off,
/// a delay distribution (drawn from the same per-target stream as the weights) and a
/// population projecting onto itself.
const MODEL: &str = r#"
model realiser_check
neuron lif = lif_delta { tau_m = 20 ms, theta = 20 mV, v_reset = 10 mV, t_ref = 2 ms }
population E : lif, excitatory { size = 60 }
population I : lif, inhibitory { size = 25 }
connect E -> E { indegree = 12, weight = normal(mean = 0.2 mV, sd = 0.1 mV), delay = 1.5 ms, autapses = false, multapses = false }
connect E -> I { probability = 0.3, weight = 0.2 mV, delay = uniform(low = 1 ms, high = 3 ms) }
connect I -> E { indegree = 40, weight = lognormal(mean = -1 mV, sd = 0.5 mV), delay = 1.5 ms }
connect I -> I { probability = 0.5, weight = uniform(low = -1.5 mV, high = -0.5 mV), delay = 1.5 ms, autapses = false }
drive E, I { poisson(rate = 10 Hz, indegree = 100, weight = 0.2 mV) }
simulate { duration = 10 ms, dt = 0.1 ms, seed = 7, warmup = 0 ms }
"#;

/// The simulator's synapses as a dense matrix (rows: targets, columns: sources), summed over
/// multapses, in the order the simulator's wiring holds them.
fn simulator_matrix(model: &eibal::Model, seed: u64) -> Vec<Vec<f64>> {
    let options = RunOptions {
        seed: Some(seed),
        ..RunOptions::default()
    };
    let settings = Settings::new(model, &options).expect("settings");
    let net = build::build(model, &settings).expect("network");
    let first: Vec<usize> = net.pops.iter().map(|p| p.first).collect();
    let mut w = vec![vec![0.0; net.total]; net.total];
    for wiring in &net.wiring {
        match &wiring.by_target {
            Some(by_target) => {
                for t in 0..wiring.target_size {
                    let range = by_target.offsets[t] as usize..by_target.offsets[t + 1] as usize;
                    for k in range {
                        let source = first[wiring.source] + by_target.sources[k] as usize;
                        w[wiring.target_first + t][source] += f64::from(by_target.weights[k]);
                    }
                }
            }
            None => wiring.synapses.each(|j, t, weight, _| {
                w[wiring.target_first + t][first[wiring.source] + j] += weight
            }),
        }
    }
    w
}

#[test]
fn spectrum_samples_the_network_the_simulator_runs() {
    let model = compile_source(MODEL, "realiser_check.ei", &[]).expect("model compiles");
    for seed in [7, 8] {
        let sim = simulator_matrix(&model, seed);
        let sampled = sample_connectivity(
            &model,
            &SampleOptions {
                seed,
                row_gains: None,
            },
        )
        .expect("sampled")
        .to_dense();
        let n = sim.len();
        assert_eq!(sampled.nrows(), n);
        let mut synapses = 0;
        for (i, row) in sim.iter().enumerate() {
            for (j, &x) in row.iter().enumerate() {
                assert_eq!(sampled[(i, j)], x, "entry ({i}, {j}) at seed {seed}");
                synapses += usize::from(x != 0.0);
            }
        }
        // Not vacuous: a few hundred synapses, and no autapse where the model forbids them.
        assert!(synapses > 500, "{synapses} synapses");
        assert!((0..60).all(|i| sim[i][i] == 0.0));
    }
    // Another seed is another network.
    assert_ne!(simulator_matrix(&model, 7), simulator_matrix(&model, 8));
}
