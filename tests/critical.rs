//! Critical values (`theory::network::chaos::critical_value`) against independent references.
//!
//! - Sompolinsky, Crisanti & Sommers (1988): g_c = 1 for J_ij ~ N(0, g^2/N). models/rate_chaos.ei
//!   excludes autapses, so a row has N - 1 entries of variance g^2/N; the bulk radius is
//!   sqrt((N - 1) g^2 / N) (Girko / Aljadeff et al. 2015) and g_c = sqrt(N / (N - 1)).
//! - Brunel (2000) model A at g = 6: the eta where the fast oscillatory mode becomes unstable,
//!   against bisection on the growth rate of an independent pipeline (own Siegert rate by
//!   Simpson quadrature and own stationary rate by bisection, as in tests/stability_brunel.rs,
//!   fed to the characteristic equation directly, bypassing the language, the mean-field solver
//!   and `stability::linearise`).

use eibal::lang::{ModelSource, Override, Prepared};
use eibal::model::Quantity;
use eibal::theory::network::chaos::{Criterion, CriticalOptions, critical_value};
use eibal::theory::network::characteristic::{LinearisedNetwork, RootSearch, leading_roots};
use eibal::theory::neuron::transfer::{
    LifOperatingPoint, LifTransfer, SynapticFilter, TransferForm,
};
use nalgebra::DMatrix;
use statrs::function::erf::erfc;

fn source(path: &str, set: &[Override]) -> ModelSource {
    let source = std::fs::read_to_string(path).unwrap();
    ModelSource::with_overrides(Prepared::new(&source, path).unwrap(), set.to_vec()).unwrap()
}

#[test]
fn scs_critical_coupling_with_the_finite_size_correction() {
    let p = source("models/rate_chaos.ei", &[]);
    let options = CriticalOptions {
        criterion: Criterion::Radius,
        tol: 1e-11,
        ..CriticalOptions::default()
    };
    for &n in &[1000.0, 200.0] {
        let base = [Override::Value {
            name: "N".into(),
            value: Quantity::dimensionless(n),
        }];
        let c = critical_value(&p.with(&base).unwrap(), "g", 0.5, 1.5, &options).unwrap();
        let expected = (n / (n - 1.0)).sqrt();
        assert!(
            (c.crossing.value - expected).abs() < 1e-9,
            "N = {n}: {} vs {expected}",
            c.crossing.value
        );
    }
}

#[test]
fn unknown_param_and_empty_range_are_reported() {
    let p = source("models/rate_chaos.ei", &[]);
    let options = CriticalOptions {
        criterion: Criterion::Radius,
        ..CriticalOptions::default()
    };
    let e = critical_value(&p, "nope", 0.5, 1.5, &options).unwrap_err();
    assert_eq!(e.exit_code(), 2);
    let e = critical_value(&p, "g", 0.1, 0.5, &options).unwrap_err();
    assert_eq!(e.exit_code(), 1, "{e}");
}

// Brunel (2000) model A, delta synapses.
const TAU: f64 = 0.020;
const T_REF: f64 = 0.002;
const THETA: f64 = 0.020;
const V_R: f64 = 0.010;
const J: f64 = 1e-4;
const C_E: f64 = 1000.0;
const C_I: f64 = 250.0;
const DELAY: f64 = 0.0015;

/// Siegert rate (Brunel 2000 eq. 21) by composite Simpson quadrature.
fn siegert(mu: f64, sigma: f64) -> f64 {
    let (a, b) = ((V_R - mu) / sigma, (THETA - mu) / sigma);
    let n = 4000;
    let h = (b - a) / n as f64;
    let f = |u: f64| (u * u).exp() * erfc(-u);
    let mut s = f(a) + f(b);
    for i in 1..n {
        s += f(a + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
    }
    1.0 / (T_REF + TAU * std::f64::consts::PI.sqrt() * s * h / 3.0)
}

fn input(nu: f64, g: f64, eta: f64) -> (f64, f64) {
    let nu_ext = eta * THETA / (J * C_E * TAU);
    let mu = TAU * J * (C_E * (nu + nu_ext) - g * C_I * nu);
    let var = TAU * J * J * (C_E * (nu + nu_ext) + g * g * C_I * nu);
    (mu, var.sqrt())
}

/// Largest growth rate of model A at (g, eta), independently assembled.
fn growth(g: f64, eta: f64) -> f64 {
    let (mut lo, mut hi) = (1e-6, 1.0 / T_REF - 1e-6);
    for _ in 0..80 {
        let mid = 0.5 * (lo + hi);
        let (mu, s) = input(mid, g, eta);
        if siegert(mu, s) > mid {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let rate = 0.5 * (lo + hi);
    let (mu, sigma) = input(rate, g, eta);
    let point = LifOperatingPoint {
        tau_m: TAU,
        t_ref: T_REF,
        v_th: THETA,
        v_reset: V_R,
        mu,
        sigma,
        rate,
    };
    let t = LifTransfer::new(point, SynapticFilter::None, TransferForm::Exact).unwrap();
    let row = [TAU * C_E * J, -TAU * g * C_I * J];
    let var_row = [TAU * C_E * J * J, TAU * g * g * C_I * J * J];
    let network = LinearisedNetwork::new(
        DMatrix::from_fn(2, 2, |_, b| row[b]),
        DMatrix::from_element(2, 2, DELAY),
        vec![t.clone(), t],
    )
    .unwrap()
    .with_variance_coupling(DMatrix::from_fn(2, 2, |_, b| var_row[b]))
    .unwrap();
    leading_roots(&network, &RootSearch::default())
        .unwrap()
        .roots[0]
        .growth_rate_per_s
}

#[test]
fn brunel_critical_eta_at_g6_matches_bisection_on_an_independent_growth_rate() {
    // Independent: the growth rate changes sign between eta = 3.2 and 3.3; bisect to 2e-3.
    let (mut lo, mut hi) = (3.2, 3.3);
    assert!(growth(6.0, lo) < 0.0 && growth(6.0, hi) > 0.0);
    while hi - lo > 2e-3 {
        let mid = 0.5 * (lo + hi);
        if growth(6.0, mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let reference = 0.5 * (lo + hi);
    let p = source("models/brunel2000.ei", &[]);
    let base = [Override::Value {
        name: "g".into(),
        value: Quantity::dimensionless(6.0),
    }];
    let options = CriticalOptions {
        criterion: Criterion::Growth,
        tol: 1e-3,
        ..CriticalOptions::default()
    };
    let c = critical_value(&p.with(&base).unwrap(), "eta", 1.0, 4.0, &options).unwrap();
    // Bisection half-width 1e-3 plus Brent's 1e-3 plus the difference of the two Siegert
    // quadratures (rates agree to ~1e-4 relative, shifting eta_c by far less).
    assert!(
        (c.crossing.value - reference).abs() < 2.5e-3,
        "critical eta {} vs independent {reference}",
        c.crossing.value
    );
}

/// `eibal critical --range` takes the param's units (as the gallery headers write it):
/// `8mV:9.5mV` must mean the same range as the bare numbers `8:9.5`, which are in the param's
/// display unit (mV, as `eibal show` prints it; the refusal names the range in SI units), and a
/// range of the wrong dimension is bad input (exit 2).
#[test]
fn cli_range_accepts_units_of_the_param() {
    let run = |range: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_eibal"))
            .args(["critical", "models/gallery/criticality.ei", "--param", "w"])
            .args(["--range", range, "--criterion", "branching"])
            .output()
            .unwrap()
    };
    let with_units = run("8mV:9.5mV");
    let si = run("8:9.5");
    assert_eq!(with_units.status.code(), si.status.code());
    assert_eq!(with_units.stderr, si.stderr);
    let text = String::from_utf8_lossy(&si.stderr);
    assert!(text.contains("[0.008, 0.0095]"), "{text}");
    let wrong = run("8ms:9ms");
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("voltage"));
}
