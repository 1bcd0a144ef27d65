//! The exponential-synapse LIF transfer function of Schuecker, Diesmann & Helias (2015,
//! PRE 92:052119), `SynapticFilter::SchueckerTaylor`, against NNMT 1.3.0's
//! `_transfer_function_taylor` (behind `nnmt.lif.exp.transfer_function(method="taylor")`).
//!
//! The NNMT numbers were produced on 2026-12-06 with NNMT 1.3.0 (pip) by
//!     /work/venvs/crosscheck/bin/python tests/references/nnmt_transfer_taylor.py
//! at the L2/3E and L4I operating points of the microcircuit (NNMT's 'shift' fixed point,
//! (mu, sigma) as in tests/stability_microcircuit.rs), tau_m = 10 ms, tau_s = 0.5 ms,
//! threshold 15 mV, reset 0 mV, frequencies 0 to 500 Hz. The rate passed in is NNMT's Taylor
//! rate (printed by the script), so that only the transfer function is compared.
//!
//! Tolerance: NNMT evaluates the parabolic cylinder functions with mpmath (double precision)
//! and the Siegert rate by Gauss-Legendre quadrature to 1e-12; eibal's parabolic cylinder
//! functions are accurate to 1e-9 relative (tests/stability_pcf.rs). The correction term is a
//! difference of O(1) terms (b2 - a1^2) of relative size up to ~10 here, so the expected
//! agreement is ~1e-8 of |H|; the test allows 1e-6. A wrong sign or a missing factor of the
//! correction (it changes |H| by 30 to 50 % at 300 Hz) fails it.

use eibal::theory::neuron::transfer::{
    LifOperatingPoint, LifTransfer, SynapticFilter, TransferForm,
};
use num_complex::Complex64;
use std::f64::consts::PI;

/// (name, t_ref s, mu V, sigma V, NNMT Taylor rate Hz, [(f Hz, Re H, Im H)] in Hz/V).
type Reference = (&'static str, f64, f64, f64, f64, &'static [(f64, f64, f64)]);

const NNMT: [Reference; 4] = [
    (
        "23E",
        0.0,
        0.00268932,
        0.00610941,
        0.36163136163998033,
        &[
            (0.0, 342.98449050470276, 0.0),
            (10.0, 244.72198130474533, -154.3520660899895),
            (50.0, 35.16615903648814, -100.11696420773738),
            (100.0, 8.962990683347092, -58.072836045014945),
            (200.0, -2.19925671455449, -30.91329769295703),
            (300.0, -4.6554131393418485, -19.521223495072974),
            (330.0, -4.854494167218031, -17.28240948803178),
            (400.0, -4.898657441049798, -13.297163029822146),
            (500.0, -4.50248444377898, -9.570781207006934),
        ],
    ),
    (
        "23E",
        0.002,
        0.00268932,
        0.00610941,
        0.3647206679754769,
        &[
            (0.0, 345.4554926113377, 0.0),
            (10.0, 245.80563237098582, -154.75432741583037),
            (50.0, 35.501320562789004, -100.61052525001526),
            (100.0, 9.097740217803667, -58.41814660708942),
            (200.0, -2.177160718666479, -31.125867423603456),
            (300.0, -4.667655236391495, -19.664790830987826),
            (330.0, -4.871408950216192, -17.411267354267423),
            (400.0, -4.921479293765447, -13.398839424751936),
            (500.0, -4.5273298262710195, -9.645826977083923),
        ],
    ),
    (
        "4I",
        0.0,
        0.00697963,
        0.00590953,
        5.119264168236541,
        &[
            (0.0, 2409.424965298339, 0.0),
            (10.0, 2057.2909053418807, -828.1904141508177),
            (50.0, 567.6883073707685, -920.9746062468471),
            (100.0, 219.8712013551508, -622.7708729041616),
            (200.0, 29.62973079557436, -375.18848124397084),
            (300.0, -26.640039930955115, -250.99421228444106),
            (330.0, -34.05505238247467, -224.85117256113355),
            (400.0, -43.06225376950081, -176.80968132696168),
            (500.0, -45.423825169447674, -130.0581692646247),
        ],
    ),
    (
        "4I",
        0.002,
        0.00697963,
        0.00590953,
        5.106552791588726,
        &[
            (0.0, 2375.9188093987686, 0.0),
            (10.0, 2044.575727968233, -820.6519728157871),
            (50.0, 566.534547855359, -916.0291545797676),
            (100.0, 219.70287933017602, -620.0953304292378),
            (200.0, 29.84872032909936, -373.84885279355836),
            (300.0, -26.369117396947974, -250.18166324716088),
            (330.0, -33.78642549293424, -224.1384255220153),
            (400.0, -42.81070648691814, -176.271108549436),
            (500.0, -45.20607541998318, -129.67804253744393),
        ],
    ),
];

const TAU_S: f64 = 5e-4;

fn transfer(t_ref: f64, mu: f64, sigma: f64, rate: f64, filter: SynapticFilter) -> LifTransfer {
    let p = LifOperatingPoint {
        tau_m: 0.01,
        t_ref,
        v_th: 0.015,
        v_reset: 0.0,
        mu,
        sigma,
        rate,
    };
    LifTransfer::new(p, filter, TransferForm::Exact).unwrap()
}

#[test]
fn taylor_transfer_function_matches_nnmt_without_refractoriness() {
    // With t_ref = 0 eibal's and NNMT's expressions are the same formula term by term.
    for (name, t_ref, mu, sigma, rate, rows) in NNMT.iter().filter(|r| r.1 == 0.0) {
        let filter = SynapticFilter::SchueckerTaylor { tau_s: TAU_S };
        let t = transfer(*t_ref, *mu, *sigma, *rate, filter);
        for &(f, re, im) in rows.iter() {
            let expected = Complex64::new(re, im);
            let got = t.eval(Complex64::new(0.0, 2.0 * PI * f)).unwrap();
            let err = (got - expected).norm() / expected.norm();
            assert!(
                err < 1e-6,
                "{name} {f} Hz: eibal {got}, NNMT {expected} (rel {err:e})"
            );
        }
    }
}

#[test]
fn taylor_transfer_function_with_refractory_factor_stays_near_nnmt() {
    // eibal keeps e^{-lambda t_ref} in the denominator, NNMT does not (module doc of
    // eibal::theory::neuron::transfer_taylor): at t_ref = 2 ms the two differ by at most 1 %.
    for (name, t_ref, mu, sigma, rate, rows) in NNMT.iter().filter(|r| r.1 > 0.0) {
        let filter = SynapticFilter::SchueckerTaylor { tau_s: TAU_S };
        let t = transfer(*t_ref, *mu, *sigma, *rate, filter);
        for &(f, re, im) in rows.iter() {
            let expected = Complex64::new(re, im);
            let got = t.eval(Complex64::new(0.0, 2.0 * PI * f)).unwrap();
            let err = (got - expected).norm() / expected.norm();
            assert!(
                err < 0.01,
                "{name} {f} Hz: eibal {got}, NNMT {expected} (rel {err:e})"
            );
        }
    }
}

#[test]
fn taylor_and_shifted_forms_agree_at_low_and_differ_at_high_frequency() {
    // Both are first order in sqrt(tau_s / tau_m); the shift is derived for
    // omega sqrt(tau_m tau_s) << 1 (f << 70 Hz here). Compare the shapes |H(f)| / |H(10 Hz)|
    // (the rates of the two differ at O(tau_s / tau_m)): within 10 % at 20 Hz (5 % measured), apart at 300 Hz.
    let (_, t_ref, mu, sigma, rate, _) = NNMT[0];
    let taylor = transfer(
        t_ref,
        mu,
        sigma,
        rate,
        SynapticFilter::SchueckerTaylor { tau_s: TAU_S },
    );
    let shifted = transfer(
        t_ref,
        mu,
        sigma,
        rate,
        SynapticFilter::FourcaudBrunel { tau_s: TAU_S },
    );
    let shape = |t: &LifTransfer, f: f64| {
        let h = |f: f64| t.eval(Complex64::new(0.0, 2.0 * PI * f)).unwrap().norm();
        h(f) / h(10.0)
    };
    let low = shape(&taylor, 20.0) / shape(&shifted, 20.0);
    let high = shape(&taylor, 300.0) / shape(&shifted, 300.0);
    assert!(
        (low - 1.0).abs() < 0.1,
        "20 Hz: shape ratio {low}, 300 Hz: {high}"
    );
    assert!(high < 0.8, "300 Hz: shape ratio {high}");
}
