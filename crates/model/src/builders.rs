//! Models built in code, for tests, benchmarks and cross-checks before (and besides) the
//! `.ei` front end.

use crate::{
    Compartment, Connectivity, Distribution, Drive, DriveKind, Lif, Model, Neuron, NeuronId,
    NeuronKind, Origin, Population, PopulationId, Projection, Recording, Sign, Simulation,
};

/// Brunel (2000) model A: N_E = 10000 scale, N_I = N_E / 4, fixed in-degrees C_E = 0.1 N_E and
/// C_I = C_E / 4, J = 0.1 mV, inhibitory weight -g J, delay 1.5 ms, tau_m = 20 ms,
/// theta = 20 mV, V_reset = 10 mV, t_ref = 2 ms, and C_E external Poisson sources of rate
/// eta nu_thr per neuron (nu_thr = theta / (J C_E tau_m)), as in ../shared/anchors/nest_brunel.py
/// (autapses and multapses allowed, V starts at 0).
pub fn brunel2000(g: f64, eta: f64, scale: f64) -> Model {
    let n_e = (10_000.0 * scale) as usize;
    brunel2000_sized(g, eta, n_e, n_e / 10)
}

/// Brunel (2000) model A with N_E = `n_e`, N_I = N_E / 4, C_E = `c_e`, C_I = C_E / 4 (for
/// scaling studies: N at fixed K, K at fixed N). The external rate is eta nu_thr with
/// nu_thr = theta / (J C_E tau_m), C_E sources of weight J.
pub fn brunel2000_sized(g: f64, eta: f64, n_e: usize, c_e: usize) -> Model {
    let n_i = n_e / 4;
    let c_i = c_e / 4;
    let j = 0.1e-3;
    let lif = Lif {
        tau_m: 20e-3,
        c_m: 1e-12,
        e_l: 0.0,
        v_th: 20e-3,
        v_reset: 10e-3,
        t_ref: 2e-3,
        v_init: Distribution::fixed(0.0),
    };
    let nu_thr = lif.v_th / (j * c_e as f64 * lif.tau_m);
    let pop = |name: &str, size, sign| Population {
        name: name.into(),
        size,
        neuron: NeuronId(0),
        sign,
        origin: Origin::default(),
    };
    let proj = |s: usize, t: usize, k: usize, w: f64| Projection {
        source: PopulationId(s),
        target: PopulationId(t),
        connectivity: Connectivity::FixedIndegree { indegree: k },
        weight: Distribution::fixed(w),
        delay: Distribution::fixed(1.5e-3),
        autapses: true,
        multapses: true,
        compartment: Compartment::Soma,
        origin: Origin::default(),
    };
    let drive = |t: usize| Drive {
        target: PopulationId(t),
        kind: DriveKind::Poisson {
            rate: eta * nu_thr,
            indegree: c_e,
            weight: j,
        },
        origin: Origin::default(),
    };
    Model {
        name: "brunel2000_A".into(),
        file: String::new(),
        params: Vec::new(),
        definitions: Vec::new(),
        neurons: vec![Neuron {
            name: "lif".into(),
            kind: NeuronKind::LifDelta { lif },
            origin: Origin::default(),
        }],
        populations: vec![
            pop("E", n_e, Sign::Excitatory),
            pop("I", n_i, Sign::Inhibitory),
        ],
        projections: vec![
            proj(0, 0, c_e, j),
            proj(0, 1, c_e, j),
            proj(1, 0, c_i, -g * j),
            proj(1, 1, c_i, -g * j),
        ],
        drives: vec![drive(0), drive(1)],
        plasticity: Vec::new(),
        simulation: Simulation {
            duration: 1.0,
            dt: 1e-4,
            seed: 1,
            warmup: 0.1,
            record: vec![Recording::Spikes {
                population: None,
                sample: None,
            }],
        },
        sweeps: Vec::new(),
    }
}
