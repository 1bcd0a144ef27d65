//! The LIF transfer function and the characteristic equation against Brunel (2000) model A.
//!
//! Everything the tests need from mean-field theory is computed here by an independent small
//! implementation: the Siegert rate by composite Simpson quadrature of e^{u^2} erfc(-u)
//! (statrs erfc), the stationary rate by bisection. Parameters: /work/shared/reference
//! (Brunel 2000 model A: C_E = 1000, C_I = 250, J = 0.1 mV, D = 1.5 ms, tau_m = 20 ms,
//! theta = 20 mV, V_r = 10 mV, t_ref = 2 ms).

use eibal::theory::network::characteristic::{LinearisedNetwork, RootSearch, leading_roots};
use eibal::theory::neuron::transfer::{
    LifOperatingPoint, LifTransfer, SynapticFilter, TransferForm,
};
use nalgebra::DMatrix;
use num_complex::Complex64;
use statrs::function::erf::erfc;

const TAU: f64 = 0.020;
const T_REF: f64 = 0.002;
const THETA: f64 = 0.020;
const V_R: f64 = 0.010;
const J: f64 = 1e-4;
const C_E: f64 = 1000.0;
const C_I: f64 = 250.0;
const DELAY: f64 = 0.0015;

/// Siegert rate (Brunel 2000 eq. 21): 1 / (t_ref + tau sqrt(pi) int_{y_r}^{y_th} e^{u^2}
/// (1 + erf u) du), y = (V - mu) / sigma; 1 + erf u = erfc(-u).
fn siegert(mu: f64, sigma: f64) -> f64 {
    siegert_general(TAU, T_REF, THETA, V_R, mu, sigma)
}

fn siegert_general(tau: f64, t_ref: f64, theta: f64, v_r: f64, mu: f64, sigma: f64) -> f64 {
    let (a, b) = ((v_r - mu) / sigma, (theta - mu) / sigma);
    let n = 4000;
    let h = (b - a) / n as f64;
    let f = |u: f64| (u * u).exp() * erfc(-u);
    let mut s = f(a) + f(b);
    for i in 1..n {
        s += f(a + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
    }
    let integral = s * h / 3.0;
    1.0 / (t_ref + tau * std::f64::consts::PI.sqrt() * integral)
}

/// mu and sigma of model A at rate nu (Brunel 2000 eqs. 4-5 with nu_ext = eta nu_thr).
fn input(nu: f64, g: f64, eta: f64) -> (f64, f64) {
    let nu_thr = THETA / (J * C_E * TAU);
    let nu_ext = eta * nu_thr;
    let mu = TAU * J * (C_E * (nu + nu_ext) - g * C_I * nu);
    let var = TAU * J * J * (C_E * (nu + nu_ext) + g * g * C_I * nu);
    (mu, var.sqrt())
}

/// Stationary rate: the root of siegert(mu(nu), sigma(nu)) - nu, by bisection.
fn stationary(g: f64, eta: f64) -> (f64, f64, f64) {
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
    let nu = 0.5 * (lo + hi);
    let (mu, s) = input(nu, g, eta);
    (nu, mu, s)
}

fn transfer(g: f64, eta: f64, form: TransferForm) -> LifTransfer {
    let (rate, mu, sigma) = stationary(g, eta);
    let point = LifOperatingPoint {
        tau_m: TAU,
        t_ref: T_REF,
        v_th: THETA,
        v_reset: V_R,
        mu,
        sigma,
        rate,
    };
    LifTransfer::new(point, SynapticFilter::None, form).unwrap()
}

/// Model A linearised: E and I are identical, so both rows are equal. Mean channel
/// d mu / d nu_b = tau C_b J_b, variance channel d sigma^2 / d nu_b = tau C_b J_b^2
/// (Brunel 2000 eqs. 4-5).
fn brunel_network(g: f64, eta: f64) -> LinearisedNetwork {
    let t = transfer(g, eta, TransferForm::Exact);
    let row = [TAU * C_E * J, -TAU * g * C_I * J];
    let var_row = [TAU * C_E * J * J, TAU * g * g * C_I * J * J];
    let coupling = DMatrix::from_fn(2, 2, |_, b| row[b]);
    let variance = DMatrix::from_fn(2, 2, |_, b| var_row[b]);
    let delays = DMatrix::from_element(2, 2, DELAY);
    LinearisedNetwork::new(coupling, delays, vec![t.clone(), t])
        .unwrap()
        .with_variance_coupling(variance)
        .unwrap()
}

#[test]
fn own_siegert_reproduces_the_reference_rate_at_state_c() {
    // NNMT 1.3.0 nnmt.lif.delta: 37.9497 Hz at g = 5, eta = 2 (shared/reference/README.md).
    let (nu, _, _) = stationary(5.0, 2.0);
    assert!((nu - 37.9497).abs() < 2e-3, "nu = {nu}");
}

#[test]
fn zero_frequency_limit_is_the_siegert_derivative() {
    // H(0) against the central difference of the independent Siegert rate (step 1 uV:
    // truncation error ~ h^2 nu''' / 6 ~ 1e-9 relative, quadrature error ~ 1e-12).
    for &(mu, sigma) in &[
        (0.015, 0.005),
        (0.018, 0.003),
        (0.022, 0.004),
        (0.012, 0.006),
    ] {
        let rate = siegert(mu, sigma);
        let h = 1e-6;
        let numeric = (siegert(mu + h, sigma) - siegert(mu - h, sigma)) / (2.0 * h);
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
        let rel = (t.static_gain() - numeric).abs() / numeric;
        assert!(
            rel < 1e-6,
            "mu {mu} sigma {sigma}: {} vs {numeric}",
            t.static_gain()
        );
        // Variance channel: d nu / d sigma^2 by central difference in sigma^2 (step 1e-10 V^2,
        // ~4e-6 of sigma^2 at the smallest sigma here).
        let hv = 1e-10;
        let var = sigma * sigma;
        let numeric_var =
            (siegert(mu, (var + hv).sqrt()) - siegert(mu, (var - hv).sqrt())) / (2.0 * hv);
        let rel = (t.static_variance_gain() - numeric_var).abs() / numeric_var.abs();
        assert!(
            rel < 1e-5,
            "variance: {} vs {numeric_var}",
            t.static_variance_gain()
        );
        // Approaching 0 along the imaginary axis gives the same limit.
        let near = t.eval(Complex64::new(0.0, 1e-3)).unwrap();
        assert!((near.re - numeric).abs() < 1e-5 * numeric && near.im.abs() < 1e-3 * numeric);
        // Either side of the switch to the Cauchy integral (|s| = 5e-4) the two evaluation
        // paths agree; H changes by ~1e-4 of itself over that distance at most.
        let a = t.eval(Complex64::new(0.0, 4.9e-4 / TAU)).unwrap();
        let b = t.eval(Complex64::new(0.0, 5.1e-4 / TAU)).unwrap();
        assert!((a - b).norm() < 1e-4 * a.norm());
    }
}

#[test]
fn low_pass_form_has_the_same_static_gain_and_a_pole_at_minus_one_over_tau() {
    let t = transfer(5.0, 2.0, TransferForm::LowPass);
    let h0 = t.eval(Complex64::new(0.0, 0.0)).unwrap();
    assert!((h0.re - t.static_gain()).abs() < 1e-12 * t.static_gain());
    let w = 1.0 / TAU; // at omega tau = 1 the magnitude is H(0)/sqrt(2)
    let h = t.eval(Complex64::new(0.0, w)).unwrap();
    assert!((h.norm() - t.static_gain() / 2f64.sqrt()).abs() < 1e-12 * t.static_gain());
}

#[test]
fn brunel_state_c_is_stable() {
    let report = leading_roots(&brunel_network(5.0, 2.0), &RootSearch::default()).unwrap();
    eprintln!("{report:?}");
    assert!(report.stable(), "{report:?}");
    assert!(
        report.roots.iter().all(|r| r.growth_rate_per_s < 0.0),
        "{report:?}"
    );
}

#[test]
fn brunel_state_b_has_a_fast_oscillatory_instability() {
    let report = leading_roots(&brunel_network(6.0, 4.0), &RootSearch::default()).unwrap();
    let roots = &report.roots;
    let lead = roots[0];
    eprintln!("{report:?}");
    assert!(!report.stable() && report.unstable_found() == report.unstable_count);
    assert!(lead.growth_rate_per_s > 0.0, "{roots:?}");
    assert!((150.0..220.0).contains(&lead.frequency_hz), "{roots:?}");
}

#[test]
fn brunel_state_d_has_a_slow_oscillatory_instability() {
    let report = leading_roots(&brunel_network(4.5, 0.9), &RootSearch::default()).unwrap();
    let roots = &report.roots;
    let lead = roots[0];
    eprintln!("{report:?}");
    assert!(!report.stable() && report.unstable_found() == report.unstable_count);
    assert!(lead.growth_rate_per_s > 0.0, "{roots:?}");
    assert!((10.0..35.0).contains(&lead.frequency_hz), "{roots:?}");
}

#[test]
fn transfer_function_matches_mpmath_at_state_c() {
    // The same Lindner-Schimansky-Geier expression evaluated with mpmath 1.4.1 `pcfd` at 30
    // digits, with mpmath's own Siegert fixed point (nu0 = 37.9496970857634 Hz,
    // mu = 21.0251514571183 mV, sigma = 7.68290705230493 mV) at g = 5, eta = 2.
    let t = transfer(5.0, 2.0, TransferForm::Exact);
    let cases = [
        (
            Complex64::new(100.0, 0.0),
            Complex64::new(2891.60910906644, 0.0),
        ),
        (
            Complex64::new(400.0, 0.0),
            Complex64::new(2049.48748233942, 0.0),
        ),
        (
            Complex64::new(0.0, 2.0 * std::f64::consts::PI * 50.0),
            Complex64::new(2371.61680334352, -1239.83807444263),
        ),
        (
            Complex64::new(0.0, 2.0 * std::f64::consts::PI * 180.0),
            Complex64::new(1076.98977764110, -948.415745867642),
        ),
    ];
    for (lambda, want) in cases {
        let got = t.eval(lambda).unwrap();
        assert!(
            (got - want).norm() < 1e-7 * want.norm(),
            "{lambda}: {got} vs {want}"
        );
    }
}

#[test]
fn transfer_function_is_causal_shaped() {
    // A causal, stable response: positive and decreasing along the positive real axis,
    // phase lag (Im H < 0) for sinusoidal modulation.
    let t = transfer(6.0, 4.0, TransferForm::Exact);
    let mut previous = t.static_gain();
    for k in 1..20 {
        let h = t.eval(Complex64::new(50.0 * k as f64, 0.0)).unwrap();
        assert!(
            h.re > 0.0 && h.re < previous && h.im.abs() < 1e-9 * h.re,
            "{k}: {h}"
        );
        previous = h.re;
    }
    for f in [5.0, 50.0, 200.0, 400.0] {
        let h = t
            .eval(Complex64::new(0.0, 2.0 * std::f64::consts::PI * f))
            .unwrap();
        assert!(h.im < 0.0, "{f} Hz: {h}");
    }
}

#[test]
fn fourcaud_brunel_shift_matches_the_schuecker_table() {
    // Schuecker et al. (2015) fig. 4 data (shared/reference/README.md): tau_m = 20 ms,
    // tau_s = 0.5 ms, t_ref = 0, theta = 20 mV, V_r = 15 mV, sigma = 4 mV, mu = 16.42 mV:
    // shifted (Fourcaud-Brunel) rate 10.20942271 Hz. The shift sigma sqrt(tau_s/tau_m)
    // |zeta(1/2)| / sqrt(2) (zeta(1/2) = -1.4603545088095868, mpmath 1.4.1) applied to the
    // independent Siegert here reproduces that rate; the transfer function's static gain
    // must then be the derivative of this shifted rate.
    let (tau, tau_s, theta, v_r, mu, sigma): (f64, f64, f64, f64, f64, f64) =
        (0.020, 0.0005, 0.020, 0.015, 0.01642, 0.004);
    let shift = sigma * (tau_s / tau).sqrt() * 1.460_354_508_809_586_8 / 2f64.sqrt();
    let rate = |mu: f64| siegert_general(tau, 0.0, theta + shift, v_r + shift, mu, sigma);
    assert!((rate(mu) - 10.20942271).abs() < 1e-6, "{}", rate(mu));
    let h = 1e-6;
    let numeric = (rate(mu + h) - rate(mu - h)) / (2.0 * h);
    let point = LifOperatingPoint {
        tau_m: tau,
        t_ref: 0.0,
        v_th: theta,
        v_reset: v_r,
        mu,
        sigma,
        rate: rate(mu),
    };
    let t = LifTransfer::new(
        point,
        SynapticFilter::FourcaudBrunel { tau_s },
        TransferForm::Exact,
    )
    .unwrap();
    assert!((t.static_gain() - numeric).abs() < 1e-6 * numeric);
    // The synaptic low-pass: at omega tau_s = 1 the ratio to the unfiltered shifted H is
    // 1 / (1 + i).
    let lambda = Complex64::new(0.0, 1.0 / tau_s);
    let shifted_point = LifOperatingPoint {
        v_th: theta + shift,
        v_reset: v_r + shift,
        ..point
    };
    let plain = LifTransfer::new(shifted_point, SynapticFilter::None, TransferForm::Exact).unwrap();
    let ratio = t.eval(lambda).unwrap() / plain.eval(lambda).unwrap();
    assert!((ratio - Complex64::new(0.5, -0.5)).norm() < 1e-10);
}
