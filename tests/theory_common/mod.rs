//! Reference models built in Rust for the theory tests (until the language front end lands).
#![allow(dead_code, clippy::needless_range_loop)]

use eibal::model::*;

pub fn lif(tau_m: f64, e_l: f64, v_th: f64, v_reset: f64, t_ref: f64, c_m: f64) -> Lif {
    Lif {
        tau_m,
        c_m,
        e_l,
        v_th,
        v_reset,
        t_ref,
        v_init: Distribution::fixed(e_l),
    }
}

pub fn population(name: &str, size: usize, neuron: usize, sign: Sign) -> Population {
    Population {
        name: name.into(),
        size,
        neuron: NeuronId(neuron),
        sign,
        origin: Origin::default(),
    }
}

pub fn projection(
    source: usize,
    target: usize,
    connectivity: Connectivity,
    weight: Distribution,
) -> Projection {
    Projection {
        source: PopulationId(source),
        target: PopulationId(target),
        connectivity,
        weight,
        delay: Distribution::fixed(1.5e-3),
        autapses: true,
        multapses: true,
        compartment: Compartment::Soma,
        origin: Origin::default(),
    }
}

pub fn poisson(target: usize, rate: f64, indegree: usize, weight: f64) -> Drive {
    Drive {
        target: PopulationId(target),
        kind: DriveKind::Poisson {
            rate,
            indegree,
            weight,
        },
        origin: Origin::default(),
    }
}

pub fn current(target: usize, amplitude: f64) -> Drive {
    Drive {
        target: PopulationId(target),
        kind: DriveKind::Current {
            amplitude,
            start: 0.0,
            stop: None,
        },
        origin: Origin::default(),
    }
}

pub fn model(
    name: &str,
    neurons: Vec<NeuronKind>,
    populations: Vec<Population>,
    projections: Vec<Projection>,
    drives: Vec<Drive>,
) -> Model {
    let m = Model {
        name: name.into(),
        file: format!("{name}.ei"),
        params: Vec::new(),
        definitions: Vec::new(),
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
        projections,
        drives,
        plasticity: Vec::new(),
        simulation: Simulation::default(),
        sweeps: Vec::new(),
    };
    if let Err(errors) = m.validate() {
        panic!("test model {name} is invalid: {errors:?}");
    }
    m
}

/// Brunel (2000) model A (../shared/reference/README.md): C_E = 1000, C_I = 250, J = 0.1 mV,
/// tau_m = 20 ms, theta = 20 mV, V_r = 10 mV, t_ref = 2 ms, nu_thr = theta/(J C_E tau_m).
pub fn brunel(g: f64, eta: f64) -> Model {
    let j = 0.1e-3;
    let nu_thr = 20e-3 / (j * 1000.0 * 20e-3);
    let kind = NeuronKind::LifDelta {
        lif: lif(20e-3, 0.0, 20e-3, 10e-3, 2e-3, 250e-12),
    };
    let fixed = |k| Connectivity::FixedIndegree { indegree: k };
    model(
        "brunel2000_A",
        vec![kind],
        vec![
            population("E", 10000, 0, Sign::Excitatory),
            population("I", 2500, 0, Sign::Inhibitory),
        ],
        vec![
            projection(0, 0, fixed(1000), Distribution::fixed(j)),
            projection(0, 1, fixed(1000), Distribution::fixed(j)),
            projection(1, 0, fixed(250), Distribution::fixed(-g * j)),
            projection(1, 1, fixed(250), Distribution::fixed(-g * j)),
        ],
        vec![
            poisson(0, eta * nu_thr, 1000, j),
            poisson(1, eta * nu_thr, 1000, j),
        ],
    )
}

pub const MICROCIRCUIT_NAMES: [&str; 8] = ["23E", "23I", "4E", "4I", "5E", "5I", "6E", "6I"];

/// Potjans & Diesmann (2014) microcircuit in the variant of Bos et al. (2016), from
/// ../shared/reference/microcircuit_bos2016.toml: in-degrees K[target][source] (non-integer:
/// Bernoulli connections with p = K / N_source and autapses allowed, so that p N = K).
pub fn microcircuit() -> Model {
    let sizes = [20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948];
    let k_ext = [1600, 1500, 1780, 1900, 2000, 1900, 2900, 2100];
    let k: [[f64; 8]; 8] = [
        [
            2199.864860,
            1079.320070,
            979.241261,
            467.578108,
            159.240826,
            0.000000,
            109.819852,
            0.000000,
        ],
        [
            2990.005830,
            860.261056,
            703.691807,
            289.693864,
            380.735859,
            0.000000,
            60.586390,
            0.000000,
        ],
        [
            159.875428,
            34.522519,
            1117.173120,
            675.000000,
            32.604335,
            0.319553,
            667.325211,
            0.000000,
        ],
        [
            1480.973540,
            16.943238,
            1813.020260,
            953.325789,
            16.031393,
            0.000000,
            1608.122830,
            0.000000,
        ],
        [
            2188.365980,
            374.651134,
            1135.629690,
            31.319588,
            420.770722,
            496.471959,
            296.694639,
            0.000000,
        ],
        [
            1165.667610,
            159.083568,
            570.579343,
            12.066667,
            300.095775,
            404.172770,
            124.332394,
            0.000000,
        ],
        [
            325.197985, 38.632025, 467.354637, 91.714762, 285.670372, 21.189927, 581.635915,
            752.183189,
        ],
        [
            766.905020, 5.836839, 74.638060, 2.740163, 136.240841, 8.554274, 979.791723, 459.402985,
        ],
    ];
    let (w, g) = (87.8e-12, 4.0);
    let kind = NeuronKind::LifExp {
        lif: lif(10e-3, -65e-3, -50e-3, -65e-3, 2e-3, 250e-12),
        tau_syn_ex: 0.5e-3,
        tau_syn_in: 0.5e-3,
    };
    let populations = (0..8)
        .map(|i| {
            let sign = if i % 2 == 0 {
                Sign::Excitatory
            } else {
                Sign::Inhibitory
            };
            population(MICROCIRCUIT_NAMES[i], sizes[i], 0, sign)
        })
        .collect();
    let mut projections = Vec::new();
    for a in 0..8 {
        for b in 0..8 {
            if k[a][b] == 0.0 {
                continue;
            }
            let mut weight = if b % 2 == 0 { w } else { -g * w };
            if a == 0 && b == 2 {
                weight *= 2.0;
            }
            let p = k[a][b] / sizes[b] as f64;
            projections.push(projection(
                b,
                a,
                Connectivity::Probability { p },
                Distribution::fixed(weight),
            ));
        }
    }
    let drives = (0..8).map(|a| poisson(a, 8.0, k_ext[a], w)).collect();
    model(
        "microcircuit_bos2016",
        vec![kind],
        populations,
        projections,
        drives,
    )
}
