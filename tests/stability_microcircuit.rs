//! The linearised microcircuit (tests/fixtures/microcircuit_rounded.ei: Potjans & Diesmann 2014 in the Bos et
//! al. 2016 variant) against NNMT 1.3.0 (nnmt.lif.exp, Schuecker et al. 2015 shifted transfer
//! function with the synaptic low pass), the reference the Bos et al. analysis was done with.
//!
//! NNMT numbers below were produced on 2026-12-01 with NNMT 1.3.0 (pip), by
//! nnmt.models.Microcircuit with the parameters of ../shared/reference/microcircuit_bos2016.toml,
//! in-degrees rounded as in that fixture (models/microcircuit.ei before it stated the published
//! fixed totals; its rates against NNMT are in tests/microcircuit_reference.rs), delay_dist = 'truncated_gaussian' (sd = mean / 2),
//! then nnmt.lif.exp.firing_rates(method='shift'), mean_input, std_input,
//! transfer_function(method='shift'), nnmt.network_properties.delay_dist_matrix and
//! nnmt.lif.exp.effective_connectivity, eigenvalues by numpy.linalg.eigvals.
//!
//! Findings (2026-12-01): eibal and NNMT agree; NNMT's Nyquist count (winding of
//! det(I - W(2 pi i f)), 0.5-800 Hz, step 0.5 Hz) gives 3.9 ~ 4 zeros in the right half plane,
//! as `eibal stability` reports (4 unstable roots: pairs at 345 and 320 Hz); the same with the
//! original Potjans & Diesmann in-degrees and with NNMT's 'taylor' transfer function. The
//! spiking model (`eibal simulate models/microcircuit.ei --duration 1100ms`, seed 1) stays at
//! the fixed-point rates but its population rate has a narrow peak at ~360 Hz (strongest in
//! L4I; half width ~8 Hz, band rms ~0.28 of the mean rate): the fast instability is real and
//! saturates at small amplitude.

use eibal::theory::network::stability::linearise;
use eibal::theory::neuron::transfer::{
    LifOperatingPoint, LifTransfer, SynapticFilter, TransferForm,
};
use eibal::theory::{self, TheoryOptions};
use num_complex::Complex64;
use std::f64::consts::PI;
use std::path::Path;

fn c(re: f64, im: f64) -> Complex64 {
    Complex64::new(re, im)
}

/// NNMT operating points (mu, sigma in V, rate in Hz) of L2/3E and L4I.
const NNMT_POINTS: [(f64, f64, f64); 2] = [
    (0.00268932, 0.00610941, 0.71365194),
    (0.00697963, 0.00590953, 5.68548237),
];

#[test]
fn fixed_point_rates_match_nnmt() {
    let model =
        eibal::lang::load(Path::new("tests/fixtures/microcircuit_rounded.ei"), &[]).unwrap();
    let r = theory::solve(&model, &TheoryOptions::default()).unwrap();
    let pops = &r.fixed_points[0].populations;
    for (a, (mu, sigma, rate)) in [0, 3].into_iter().zip(NNMT_POINTS) {
        assert!(
            (pops[a].rate - rate).abs() < 1e-6 * rate.max(1.0),
            "{}",
            pops[a].rate
        );
        assert!((pops[a].mu - mu).abs() < 1e-8, "{}", pops[a].mu);
        assert!((pops[a].sigma - sigma).abs() < 1e-8, "{}", pops[a].sigma);
    }
}

#[test]
fn shifted_transfer_function_matches_nnmt() {
    // NNMT's _transfer_function_shift has no refractory phase factor e^{-i omega t_ref} in the
    // denominator (eibal's Lindner & Schimansky-Geier form has it); with t_ref = 0 in the
    // operating point (the rate is passed in, so only that factor changes) the two are the same
    // formula, so they must agree to the precision of the operating point (8 digits).
    let nnmt = [
        [
            c(352.1710732384879, -185.4187561706581),
            c(37.250699718159694, -111.20349472151939),
            c(-5.620708675652572, -35.50686222582729),
        ],
        [
            c(2051.911721533532, -767.5447011352489),
            c(354.8472782476934, -746.3861724513076),
            c(-23.25380455302152, -272.77704655670834),
        ],
    ];
    for ((mu, sigma, rate), expected) in NNMT_POINTS.into_iter().zip(nnmt) {
        let p = LifOperatingPoint {
            tau_m: 0.01,
            t_ref: 0.0,
            v_th: 0.015,
            v_reset: 0.0,
            mu,
            sigma,
            rate,
        };
        let filter = SynapticFilter::FourcaudBrunel { tau_s: 5e-4 };
        let t = LifTransfer::new(p, filter, TransferForm::Exact).unwrap();
        // With the refractory factor (t_ref = 2 ms) the difference stays within a few percent
        // (nu0 t_ref and omega t_ref small where |H| is large): the documented difference.
        let tr = LifTransfer::new(
            LifOperatingPoint { t_ref: 0.002, ..p },
            filter,
            TransferForm::Exact,
        )
        .unwrap();
        for (f, h) in [10.0, 80.0, 300.0].into_iter().zip(expected) {
            let lambda = c(0.0, 2.0 * PI * f);
            let got = t.eval(lambda).unwrap();
            assert!((got - h).norm() < 1e-4 * h.norm(), "{f} Hz: {got} vs {h}");
            let got = tr.eval(lambda).unwrap();
            assert!((got - h).norm() < 0.03 * h.norm(), "{f} Hz: {got} vs {h}");
        }
    }
}

#[test]
fn effective_connectivity_eigenvalues_match_nnmt_near_320_hz() {
    // Eigenvalues of W(2 pi i f) nearest 1. Tolerance 0.05: eibal keeps the refractory factor
    // and truncates the normal delay law at the simulation step, NNMT at zero (differences of
    // 0.02-0.03 observed). Both put eigenvalues to the right of 1 near the real axis, i.e. both
    // predict the ~320 Hz instability.
    let nnmt = [
        (
            300.0,
            [
                c(1.0075992727984784, 0.18607860783270908),
                c(1.1446336570933213, 0.12892619323838464),
                c(0.7342177441063096, 0.04356299233364632),
            ],
        ),
        (
            320.0,
            [
                c(1.0431213796016499, -0.022319321120966594),
                c(0.9345339617106856, 0.043437321400055524),
                c(0.6660384075720119, -0.04607382297216256),
            ],
        ),
    ];
    let model =
        eibal::lang::load(Path::new("tests/fixtures/microcircuit_rounded.ei"), &[]).unwrap();
    let network = theory::MeanFieldNetwork::compile(&model, 1.0).unwrap();
    let r = theory::solve_network(&network, &TheoryOptions::default()).unwrap();
    let lin = linearise(&network, &r.fixed_points[0], TransferForm::Exact).unwrap();
    for (f, expected) in nnmt {
        let w = lin.effective_connectivity(c(0.0, 2.0 * PI * f)).unwrap();
        let (_, t) = w.schur().unpack();
        let ev: Vec<Complex64> = t.diagonal().iter().copied().collect();
        for e in expected {
            let nearest = ev
                .iter()
                .map(|x| (x - e).norm())
                .fold(f64::INFINITY, f64::min);
            assert!(nearest < 0.05, "{f} Hz: NNMT eigenvalue {e}, eibal {ev:?}");
        }
        if f == 320.0 {
            assert!(ev.iter().any(|x| x.re > 1.0 && x.im.abs() < 0.1), "{ev:?}");
        }
    }
}

/// The stability analysis with the Schuecker et al. (2015) transfer function
/// (`ExpSynapseTransfer::Taylor`, `eibal stability --exp-transfer taylor`): NNMT's Nyquist
/// count with its 'taylor' transfer function gives the same four right-half-plane zeros as with
/// 'shift' (module doc), and so must eibal's argument-principle count. The unstable pairs stay
/// at 320 and 345 Hz (within 1 Hz of the shifted form's), with larger growth rates: the
/// high-frequency form does not remove the instability, it confirms it.
#[test]
fn taylor_transfer_function_keeps_the_four_unstable_roots() {
    use eibal::theory::network::stability::{ExpSynapseTransfer, analyse_with};
    use eibal::theory::numerics::budget::Budget;
    let model =
        eibal::lang::load(Path::new("tests/fixtures/microcircuit_rounded.ei"), &[]).unwrap();
    let network = theory::MeanFieldNetwork::compile(&model, 1.0).unwrap();
    let r = theory::solve_network(&network, &TheoryOptions::default()).unwrap();
    let fixed = &r.fixed_points[0];
    let budget = Budget::default_limit();
    let taylor = analyse_with(
        &network,
        fixed,
        TransferForm::Exact,
        ExpSynapseTransfer::Taylor,
        &budget,
    )
    .unwrap();
    assert_eq!(taylor.transfer, "schuecker_diesmann_helias_2015");
    assert_eq!(taylor.roots.unstable_count, 4, "{:?}", taylor.roots);
    let shift = analyse_with(
        &network,
        fixed,
        TransferForm::Exact,
        ExpSynapseTransfer::Shift,
        &budget,
    )
    .unwrap();
    for (t, s) in taylor.roots.roots.iter().zip(&shift.roots.roots).take(2) {
        assert!(
            (t.frequency_hz - s.frequency_hz).abs() < 1.0,
            "{t:?} vs {s:?}"
        );
        assert!(t.growth_rate_per_s > s.growth_rate_per_s, "{t:?} vs {s:?}");
    }
}
