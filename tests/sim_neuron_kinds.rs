//! Rate units, binary units and synaptic scaling in small networks with known behaviour.

use eibal::analysis::summarize;
use eibal::model::observe::Silent;
use eibal::model::*;
use eibal::sim::{self, RunOptions};

fn population(name: &str, size: usize, neuron: usize, sign: Sign) -> Population {
    Population {
        name: name.into(),
        size,
        neuron: NeuronId(neuron),
        sign,
        origin: Origin::default(),
    }
}

fn model(
    neurons: Vec<NeuronKind>,
    populations: Vec<Population>,
    dt: f64,
    duration: f64,
    warmup: f64,
) -> Model {
    Model {
        name: "test".into(),
        file: String::new(),
        params: vec![],
        definitions: vec![],
        neurons: neurons
            .into_iter()
            .enumerate()
            .map(|(i, kind)| Neuron {
                name: format!("n{i}"),
                kind,
                origin: Origin::default(),
            })
            .collect(),
        populations,
        projections: vec![],
        drives: vec![],
        plasticity: vec![],
        simulation: Simulation {
            duration,
            dt,
            seed: 3,
            warmup,
            record: vec![],
        },
        sweeps: vec![],
    }
}

fn projection(
    s: usize,
    t: usize,
    connectivity: Connectivity,
    weight: Distribution,
    delay: f64,
) -> Projection {
    Projection {
        source: PopulationId(s),
        target: PopulationId(t),
        connectivity,
        weight,
        delay: Distribution::fixed(delay),
        autapses: false,
        multapses: false,
        compartment: Compartment::Soma,
        origin: Origin::default(),
    }
}

/// Sompolinsky, Crisanti & Sommers (1988): x' = -x + J tanh(x), J_ij ~ N(0, g^2/N).
fn random_rate_network(g: f64) -> Model {
    let n = 400;
    let unit = RateUnit {
        tau: 10e-3,
        transfer: Transfer::Tanh {
            gain: 1.0,
            threshold: 0.0,
        },
        noise: 0.0,
    };
    let mut m = model(
        vec![NeuronKind::Rate(unit)],
        vec![population("R", n, 0, Sign::Mixed)],
        2e-4,
        2.0,
        1.0,
    );
    m.projections.push(projection(
        0,
        0,
        Connectivity::Probability { p: 1.0 },
        Distribution::Normal {
            mean: 0.0,
            sd: g / (n as f64).sqrt(),
        },
        2e-4,
    ));
    m
}

#[test]
fn random_rate_network_is_quiescent_below_g_one_and_chaotic_above() {
    // Below g = 1 every mode decays at least as e^{-(1 - g) t / tau} (spectral radius g): after
    // 1 s = 100 tau at g = 0.5 the state is below 1e-10. At g = 2 the network is chaotic with
    // O(1) fluctuations (Delta_0 ~ 1 in their mean-field theory) and an autocorrelation time of
    // a few tau.
    let quiet = summarize(
        &sim::run(&random_rate_network(0.5), &RunOptions::default(), &Silent).unwrap(),
        &random_rate_network(0.5),
    );
    let sample = &quiet.populations[0];
    assert!(sample.mean_activity.unwrap().abs() < 1e-6);
    let m = random_rate_network(2.0);
    let r = sim::run(&m, &RunOptions::default(), &Silent).unwrap();
    let s = &r.samples[0];
    let var: f64 = (0..s.neurons.len())
        .map(|k| {
            let c = s.column(&s.state, k);
            let c = &c[c.len() / 2..];
            let mu = c.iter().sum::<f64>() / c.len() as f64;
            c.iter().map(|x| (x - mu).powi(2)).sum::<f64>() / c.len() as f64
        })
        .sum::<f64>()
        / s.neurons.len() as f64;
    assert!(var > 0.3, "temporal variance {var}");
    let stats = summarize(&r, &m);
    let tau_ac = stats.populations[0].autocorrelation_time_s.unwrap();
    assert!(tau_ac > 10e-3 && tau_ac < 200e-3, "{tau_ac}");
}

#[test]
fn binary_units_switch_on_at_poisson_update_times() {
    // Units start off; with a constant input above threshold each switches on at its first
    // update, so the active fraction is 1 - e^{-t/tau}. With 1000 units the fraction has a
    // binomial SE sqrt(p(1-p)/1000) < 0.016; 1 ms bin means shift it by at most 0.05 (bin / tau
    // at tau = 20 ms, slope <= 1/tau): allow 4 SE + 0.05 / 2.
    let tau = 20e-3;
    let mut m = model(
        vec![NeuronKind::Binary(BinaryUnit { tau, theta: 1.0 })],
        vec![population("B", 1000, 0, Sign::Excitatory)],
        1e-4,
        0.1,
        0.0,
    );
    m.drives.push(Drive {
        target: PopulationId(0),
        kind: DriveKind::Current {
            amplitude: 2.0,
            start: 0.0,
            stop: None,
        },
        origin: Origin::default(),
    });
    let r = sim::run(
        &m,
        &RunOptions {
            stat_sample: 1000,
            ..RunOptions::default()
        },
        &Silent,
    )
    .unwrap();
    let s = &r.samples[0];
    let n = s.neurons.len();
    for b in [5usize, 10, 20, 40, 80] {
        let frac = s.state[b * n..(b + 1) * n]
            .iter()
            .map(|&x| x as f64)
            .sum::<f64>()
            / n as f64;
        let t_mid = (b as f64 + 0.5) * s.bin;
        let p = 1.0 - (-t_mid / tau).exp();
        let tol = 4.0 * (p * (1.0 - p) / n as f64).sqrt() + 0.025;
        assert!((frac - p).abs() < tol, "bin {b}: {frac} vs {p}");
    }
}

#[test]
fn synaptic_scaling_brings_the_rate_to_its_target() {
    // A feedforward pair: S (1000 LIF neurons driven by Poisson input to a mean of 21 mV, ~20 Hz)
    // -> T (1000 LIF neurons, 200 synapses each of 0.1 mV: a mean input of about
    // 0.02 s x 200 x 0.1 mV x 20 Hz = 8 mV, far too weak to make T fire). Scaling of the S -> T
    // synapses (tau = 0.5 s) towards 5 Hz must raise them until T fires at 5 Hz. The sensor
    // is unbiased (its mean is the rate), so the steady state is the target; the rate over the
    // last 2 s of 1000 neurons has a sampling SE below 1%, and scaling factors still fluctuate
    // with the noisy sensor (tau_r = 50 ms): allow 10%.
    let lif = Lif {
        tau_m: 20e-3,
        c_m: 250e-12,
        e_l: 0.0,
        v_th: 20e-3,
        v_reset: 10e-3,
        t_ref: 2e-3,
        v_init: Distribution::fixed(0.0),
    };
    let mut m = model(
        vec![NeuronKind::LifDelta { lif }],
        vec![
            population("S", 1000, 0, Sign::Excitatory),
            population("T", 1000, 0, Sign::Excitatory),
        ],
        1e-4,
        6.0,
        4.0,
    );
    m.drives.push(Drive {
        target: PopulationId(0),
        kind: DriveKind::Poisson {
            rate: 10_500.0,
            indegree: 1,
            weight: 0.1e-3,
        },
        origin: Origin::default(),
    });
    m.projections.push(projection(
        0,
        1,
        Connectivity::FixedIndegree { indegree: 200 },
        Distribution::fixed(0.1e-3),
        1e-3,
    ));
    m.plasticity.push(SynapticScaling {
        target: PopulationId(1),
        target_rate: 5.0,
        tau: 0.5,
        projections: vec![ProjectionId(0)],
        origin: Origin::default(),
    });
    let r = sim::run(&m, &RunOptions::default(), &Silent).unwrap();
    let stats = summarize(&r, &m);
    let source = stats.populations[0].rate_hz.unwrap();
    let target = stats.populations[1].rate_hz.unwrap();
    assert!(source > 3.0, "source rate {source}");
    assert!(
        (target - 5.0).abs() < 0.5,
        "target rate {target}, scaling {:?}",
        r.scaling
    );
    let factor = stats.populations[1].scaling_factor.unwrap();
    assert!(factor > 1.5, "scaling factor {factor} (source {source} Hz)");
}
