//! Mean-field theory of rate units, binary units and conductance-based LIF neurons, and the
//! search for several fixed points.

mod theory_common;

use eibal::model::*;
use eibal::theory::{self, TheoryOptions, fourcaud_brunel_shift, siegert};
use statrs::function::erf::erfc;
use theory_common::*;

fn rate_kind(transfer: Transfer) -> NeuronKind {
    NeuronKind::Rate(RateUnit {
        tau: 10e-3,
        transfer,
        noise: 0.0,
    })
}

/// Bisection for a root of `f` in [a, b] (f(a) and f(b) of opposite sign).
fn bisect(f: impl Fn(f64) -> f64, mut a: f64, mut b: f64) -> f64 {
    let fa = f(a);
    for _ in 0..200 {
        let m = 0.5 * (a + b);
        if (f(m) > 0.0) == (fa > 0.0) {
            a = m;
        } else {
            b = m;
        }
    }
    0.5 * (a + b)
}

#[test]
fn bistable_tanh_unit_has_three_fixed_points() {
    // x = 2 tanh(x): 0 and +-x* with x* from bisection. K = 1000 inputs of weight 2/K, so that
    // the Gaussian closure (variance K W^2 Var(phi) = O(1/K)) admits no heterogeneous states.
    let m = model(
        "tanh_bistable",
        vec![rate_kind(Transfer::Tanh {
            gain: 1.0,
            threshold: 0.0,
        })],
        vec![population("X", 1000, 0, Sign::Excitatory)],
        vec![projection(
            0,
            0,
            Connectivity::FixedIndegree { indegree: 1000 },
            Distribution::fixed(2.0 / 1000.0),
        )],
        vec![],
    );
    let x_star = bisect(|x| 2.0 * x.tanh() - x, 1.0, 3.0);
    let r = theory::solve(&m, &TheoryOptions::default()).unwrap();
    let rates: Vec<f64> = r.fixed_points.iter().map(|f| f.rates()[0]).collect();
    assert_eq!(rates.len(), 3, "{rates:?}");
    // From rest: x = 0.
    assert!(r.fixed_points[0].from_rest && rates[0].abs() < 1e-12);
    for want in [x_star.tanh(), -x_star.tanh()] {
        assert!(
            rates.iter().any(|r| (r - want).abs() < 1e-10),
            "{rates:?} lacks {want}"
        );
    }
    assert!(r.fixed_points.iter().all(|f| f.stable.is_none()));
}

#[test]
fn random_tanh_network_static_variance_solves_scs_self_consistency() {
    // Sompolinsky, Crisanti & Sommers (1988): J_ij ~ N(0, g^2/N); the static solution has
    // Delta = g^2 <tanh^2(sqrt(Delta) z)>. Solved here by bisection with a Riemann sum.
    let (n, g) = (1000usize, 2.0);
    let m = model(
        "scs",
        vec![rate_kind(Transfer::Tanh {
            gain: 1.0,
            threshold: 0.0,
        })],
        vec![population("X", n, 0, Sign::Mixed)],
        vec![projection(
            0,
            0,
            Connectivity::FixedIndegree { indegree: n },
            Distribution::Normal {
                mean: 0.0,
                sd: g / (n as f64).sqrt(),
            },
        )],
        vec![],
    );
    let gauss_avg = |f: &dyn Fn(f64) -> f64| {
        let h = 1e-3;
        let mut s = 0.0;
        let mut z: f64 = -10.0;
        while z < 10.0 {
            s += (-0.5 * z * z).exp() * f(z) * h;
            z += h;
        }
        s / (2.0 * std::f64::consts::PI).sqrt()
    };
    let delta = bisect(
        |d| g * g * gauss_avg(&|z| (d.sqrt() * z).tanh().powi(2)) - d,
        0.1,
        10.0,
    );
    let r = theory::solve(&m, &TheoryOptions::default()).unwrap();
    // From rest the trivial solution x = 0 (Delta = 0), and the static one with Delta > 0.
    assert!(r.fixed_points[0].populations[0].sigma.abs() < 1e-9);
    let nontrivial = r
        .fixed_points
        .iter()
        .find(|f| f.populations[0].sigma > 0.1)
        .expect("static solution with Delta > 0");
    let ours = nontrivial.populations[0].sigma.powi(2);
    assert!(((ours - delta) / delta).abs() < 1e-6, "{ours} vs {delta}");
}

/// Van Vreeswijk & Sompolinsky (1998) two-population binary network: E = 1, I = 0.8,
/// J_E = 2, J_I = 1.8, theta_E = 1, theta_I = 0.7, m0 = 0.1, K = 1000, J = j / sqrt(K).
fn vvs_binary(k: usize) -> Model {
    let sk = (k as f64).sqrt();
    let m0 = 0.1;
    let fixed = |kk| Connectivity::FixedIndegree { indegree: kk };
    model(
        "vvs1998",
        vec![
            NeuronKind::Binary(BinaryUnit {
                tau: 10e-3,
                theta: 1.0,
            }),
            NeuronKind::Binary(BinaryUnit {
                tau: 9e-3,
                theta: 0.7,
            }),
        ],
        vec![
            population("E", 10 * k, 0, Sign::Excitatory),
            population("I", 10 * k, 1, Sign::Inhibitory),
        ],
        vec![
            projection(0, 0, fixed(k), Distribution::fixed(1.0 / sk)),
            projection(0, 1, fixed(k), Distribution::fixed(1.0 / sk)),
            projection(1, 0, fixed(k), Distribution::fixed(-2.0 / sk)),
            projection(1, 1, fixed(k), Distribution::fixed(-1.8 / sk)),
        ],
        vec![current(0, 1.0 * m0 * sk), current(1, 0.8 * m0 * sk)],
    )
}

#[test]
fn binary_vvs_network_is_self_consistent_and_balanced() {
    let r = theory::solve(&vvs_binary(1000), &TheoryOptions::default()).unwrap();
    let fp = &r.fixed_points[0];
    let m: Vec<f64> = fp.rates();
    // Self-consistency by hand with statrs' erfc: u = sum K J m + I, alpha = sum K J^2 m (1 - m)
    // (fixed in-degree, fixed weights).
    let sk = 1000f64.sqrt();
    let j = [[1.0 / sk, -2.0 / sk], [1.0 / sk, -1.8 / sk]];
    let ext = [0.1 * sk, 0.08 * sk];
    let theta = [1.0, 0.7];
    for a in 0..2 {
        let u: f64 = (0..2).map(|b| 1000.0 * j[a][b] * m[b]).sum::<f64>() + ext[a];
        let alpha: f64 = (0..2)
            .map(|b| 1000.0 * j[a][b].powi(2) * m[b] * (1.0 - m[b]))
            .sum();
        let want = 0.5 * erfc((theta[a] - u) / (2.0 * alpha).sqrt());
        assert!((m[a] - want).abs() < 1e-10, "{a}: {} vs {want}", m[a]);
    }
    // Balanced limit: m_E = (E J_I - I J_E)/(J_E - J_I) m0 = 0.1, m_I = (E - I)/(J_E - J_I) m0
    // = 0.1 (VvS 1998 eq. 4.8), and their inequalities hold: E/I = 1.25 > J_E/J_I = 1.11 > 1.
    let b = &r.balanced_limit.solution;
    assert!(b.valid);
    let rates = b.rates.as_ref().unwrap();
    assert!((rates[0] - 0.1).abs() < 1e-12 && (rates[1] - 0.1).abs() < 1e-12);
    let vvs = b.vvs.as_ref().unwrap();
    assert!(vvs.satisfied);
    assert!((vvs.e_over_i - 1.25).abs() < 1e-12 && (vvs.je_over_ji - 2.0 / 1.8).abs() < 1e-12);
    // Larger K brings the activities towards the balanced ones.
    let rows = &r.balanced_limit.approach;
    let d0 = (rows[0].rates.as_ref().unwrap()[0] - 0.1).abs();
    let d_last = (rows.last().unwrap().rates.as_ref().unwrap()[0] - 0.1).abs();
    assert!(d_last < d0, "{d0} -> {d_last}");
}

#[test]
fn conductance_network_uses_the_effective_membrane() {
    // E/I network with conductance synapses; check tau_eff, V_eff and the rate by hand from
    // the returned rates (Kuhn, Aertsen & Rotter 2004 effective-time-constant approximation).
    let (c_m, tau_m, e_l) = (250e-12, 20e-3, -70e-3);
    let syn = CondSynapses {
        e_ex: 0.0,
        e_in: -80e-3,
        tau_syn_ex: 2e-3,
        tau_syn_in: 2e-3,
    };
    let kind = NeuronKind::LifCond {
        lif: lif(tau_m, e_l, -50e-3, -60e-3, 2e-3, c_m),
        syn: syn.clone(),
    };
    let fixed = |k| Connectivity::FixedIndegree { indegree: k };
    let (we, wi) = (1e-9, 12e-9);
    let m = model(
        "cond",
        vec![kind],
        vec![
            population("E", 4000, 0, Sign::Excitatory),
            population("I", 1000, 0, Sign::Inhibitory),
        ],
        vec![
            projection(0, 0, fixed(400), Distribution::fixed(we)),
            projection(0, 1, fixed(400), Distribution::fixed(we)),
            projection(1, 0, fixed(100), Distribution::fixed(wi)),
            projection(1, 1, fixed(100), Distribution::fixed(wi)),
        ],
        vec![poisson(0, 5.0, 1000, we), poisson(1, 5.0, 1000, we)],
    );
    let r = theory::solve(&m, &TheoryOptions::fixed_point_only()).unwrap();
    let fp = &r.fixed_points[0];
    let (nu_e, nu_i) = (fp.populations[0].rate, fp.populations[1].rate);
    let g_l = c_m / tau_m;
    let g_e = 400.0 * we * 2e-3 * nu_e + 1000.0 * we * 2e-3 * 5.0;
    let g_i = 100.0 * wi * 2e-3 * nu_i;
    let g_tot = g_l + g_e + g_i;
    let tau_eff = c_m / g_tot;
    let v_eff = (g_e * (0.0 - e_l) + g_i * (-80e-3 - e_l)) / g_tot;
    let var = tau_eff / (c_m * c_m)
        * ((400.0 * nu_e + 1000.0 * 5.0) * (we * 2e-3 * (0.0 - e_l - v_eff)).powi(2)
            + 100.0 * nu_i * (wi * 2e-3 * (-80e-3 - e_l - v_eff)).powi(2));
    for p in &fp.populations {
        let t = p.tau_eff.unwrap();
        assert!((t - tau_eff).abs() < 1e-12 * tau_eff && t < tau_m);
        assert!((p.mu - v_eff).abs() < 1e-12);
        assert!((p.sigma - var.sqrt()).abs() < 1e-12);
        let k = fourcaud_brunel_shift(2e-3, tau_eff);
        let want = siegert(tau_eff, 2e-3, 20e-3, 10e-3, v_eff, var.sqrt(), k).rate;
        assert!(
            ((p.rate - want) / want).abs() < 1e-10,
            "{} vs {want}",
            p.rate
        );
    }
    // Inhibition-dominated: a moderate rate, far from the 500 Hz refractory ceiling.
    assert!(nu_e > 0.5 && nu_e < 100.0, "{nu_e}");
}

#[test]
fn mixing_lif_and_binary_units_is_bad_input() {
    let m = model(
        "mixed",
        vec![
            NeuronKind::LifDelta {
                lif: lif(20e-3, 0.0, 20e-3, 10e-3, 2e-3, 250e-12),
            },
            NeuronKind::Binary(BinaryUnit {
                tau: 10e-3,
                theta: 1.0,
            }),
        ],
        vec![
            population("E", 10, 0, Sign::Excitatory),
            population("B", 10, 1, Sign::Excitatory),
        ],
        vec![],
        vec![],
    );
    let err = theory::solve(&m, &TheoryOptions::default()).unwrap_err();
    assert_eq!(err.exit_code(), 2);
}
