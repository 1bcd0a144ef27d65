//! Population-rate spectra and pairwise correlations by linear response
//! (crates/theory/src/network/population_spectrum.rs) against independent references.
//!
//! (a) The cortical microcircuit (models/microcircuit.ei: Potjans & Diesmann 2014 in the Bos et
//! al. 2016 variant) against NNMT 1.3.0's `power_spectra` (the chain of nnmt.lif.exp Bos et
//! al. used). Numbers made on 2026-12-06 with
//!     /work/venvs/crosscheck/bin/python tests/references/nnmt_power_spectra.py shift
//! (nnmt==1.3.0; the script states its parameters and the delay law). NNMT's normalisation:
//! the diagonal of (1 - W)^-1 diag(nu / N) (1 - W)^-H, i.e. the TWO-sided spectrum of the
//! population-averaged spike train in Hz^2/Hz (it labels the unit "hertz ** 2"... per Hz), with
//! Poisson sources (A_a = nu_a); eibal's `power` is the same quantity. NNMT's transfer
//! function leaves the refractory phase factor e^{-i omega t_ref} out of its denominator
//! (eibal keeps it; the rate in the formula is the one with t_ref): eibal with t_ref = 0 in the
//! operating points (same rates) evaluates NNMT's formula, so the two agree to the precision of
//! the delay-law quadrature and the operating point. The full eibal pipeline (t_ref kept)
//! differs from NNMT by that factor only: within 5 % below 300 Hz and above 400 Hz, while near
//! the unstable 320 Hz mode, where |1 - W| is small, the spectra are sensitive to it.
//!
//! (b) The predicted peak of Brunel's model A near the fast Hopf line (g = 6, eta = 3, a
//! stable fixed point whose leading root is at -18 /s, 170 Hz) against NEST 3.10.0:
//!     /work/venvs/crosscheck/bin/python tests/references/nest_brunel_rate_spectrum.py 6 3 3000 200 SEED
//! for SEED = 1..3 (full size N_E = 10000, 3 s after 200 ms warm-up, Welch 512 ms segments).
//! And the microcircuit's high-gamma peak against a simulation with eibal (the run recorded in
//! tests/stability_microcircuit.rs: `eibal simulate models/microcircuit.ei --duration 1100ms`,
//! seed 1: a narrow peak at ~360 Hz, strongest in L4I); the theory's fixed point is linearly
//! unstable there (pairs of roots at 320 and 345 Hz), so the predicted rhythm is the
//! fastest-growing mode's frequency (345 Hz), not a peak of the linear spectrum.

use eibal::theory::network::characteristic::LinearisedNetwork;
use eibal::theory::network::delay_kernel::DelayKernels;
use eibal::theory::network::input::MeanFieldNetwork;
use eibal::theory::network::population_spectrum::{NoiseSource, population_spectra};
use eibal::theory::neuron::transfer::{
    LifOperatingPoint, LifTransfer, SynapticFilter, TransferForm,
};
use eibal::theory::{TheoryOptions, solve_network};
use nalgebra::DMatrix;
use std::path::Path;

/// NNMT 1.3.0, `shift` (its default transfer function, no refractory phase factor).
const NNMT_SHIFT: [(f64, [f64; 8]); 16] = [
    (
        1.0,
        [
            7.425876463354164e-05,
            6.27924359045603e-05,
            0.00038116606398394873,
            8.478023234339569e-05,
            0.01317311174534709,
            0.00016799428967810274,
            0.00016332712860059274,
            0.00010653392041529703,
        ],
    ),
    (
        5.0,
        [
            7.213131683153619e-05,
            6.323105536303161e-05,
            0.00037478445249295627,
            8.229078505701529e-05,
            0.012499981302952972,
            0.00017212574379223066,
            0.0001595639805082897,
            0.00010058259329493811,
        ],
    ),
    (
        10.0,
        [
            6.815660769355553e-05,
            6.505956628845577e-05,
            0.0003648239920360758,
            7.750188214280024e-05,
            0.010975307791414679,
            0.0001852210381351086,
            0.00015213140628487514,
            8.749988646563951e-05,
        ],
    ),
    (
        20.0,
        [
            6.906051611244841e-05,
            7.505888893572421e-05,
            0.0003890148775147715,
            7.783886987528126e-05,
            0.008405503194680563,
            0.00023920616779777044,
            0.00014725369600590888,
            6.906349176133624e-05,
        ],
    ),
    (
        40.0,
        [
            0.00014219097372247843,
            0.0001336239950669578,
            0.0008009732718759116,
            0.0001776258776323468,
            0.007131623312310283,
            0.00047258931064383784,
            0.0001754932597268663,
            9.242746317353082e-05,
        ],
    ),
    (
        60.0,
        [
            0.0007694906340620714,
            0.0005825468529912721,
            0.004341116146710811,
            0.0012730720829116939,
            0.014006150647208643,
            0.0012705347414727272,
            0.0003059110120049214,
            0.0004064856215626452,
        ],
    ),
    (
        80.0,
        [
            0.001330975859934088,
            0.0014432737848695735,
            0.008048974053309794,
            0.0030528247439702864,
            0.02610094907482264,
            0.0028734702534228412,
            0.0006057639609222242,
            0.0012141919741387583,
        ],
    ),
    (
        100.0,
        [
            0.0003028573233570943,
            0.0006044938577029569,
            0.002037245222970241,
            0.0009270863063630889,
            0.011250864525916471,
            0.0021244713116038397,
            0.0003640984642500104,
            0.0006572200012170699,
        ],
    ),
    (
        150.0,
        [
            0.00015626259649749157,
            0.0007434790803065928,
            0.0012331569740264016,
            0.0007812569210268073,
            0.009876778329422457,
            0.0034117793072744873,
            0.0003486457255502852,
            0.0010251607506701257,
        ],
    ),
    (
        200.0,
        [
            0.00019800060046967408,
            0.0014888651736164684,
            0.0014399574073362344,
            0.0012096170075762294,
            0.014313566061926405,
            0.00792754379923841,
            0.00039149772932935405,
            0.002137011925335714,
        ],
    ),
    (
        250.0,
        [
            0.00042057418248299557,
            0.005007849394087235,
            0.001998118216196089,
            0.002140337293220983,
            0.033987578438263485,
            0.03654157709748953,
            0.0006231909729974932,
            0.00648392302809359,
        ],
    ),
    (
        300.0,
        [
            0.0008565149727809318,
            0.01234766675198706,
            0.003965963102592931,
            0.005200293233059514,
            0.26636269141979835,
            0.40426591770609144,
            0.004491400053302991,
            0.08984310807555243,
        ],
    ),
    (
        320.0,
        [
            0.0011384133332997153,
            0.019073851078243474,
            0.011271226510694107,
            0.02140432559962127,
            1.733670151803169,
            2.6328291095222514,
            0.03774475240208236,
            0.9082098462975192,
        ],
    ),
    (
        345.0,
        [
            0.0006212401226491754,
            0.007646400310449558,
            0.009412886104290653,
            0.015537339974464956,
            0.12376012001739985,
            0.19756142966353754,
            0.002312404003485661,
            0.061194508500740985,
        ],
    ),
    (
        400.0,
        [
            9.131425413369953e-05,
            0.0013438340216692056,
            0.0016225754111077529,
            0.0039042889549239573,
            0.010303399990165166,
            0.025638259250612767,
            0.0002585371681041991,
            0.008725927502856666,
        ],
    ),
    (
        500.0,
        [
            4.072901803168106e-05,
            0.0005485719851102982,
            0.00034355505920544567,
            0.0012075750468053086,
            0.0025089912949788603,
            0.00950268413386239,
            0.00010155838787716747,
            0.0031678420343514624,
        ],
    ),
];

fn microcircuit() -> (
    eibal::model::Model,
    MeanFieldNetwork,
    eibal::theory::TheoryResult,
) {
    let model = eibal::lang::load(Path::new("models/microcircuit.ei"), &[]).unwrap();
    let network = MeanFieldNetwork::compile(&model, 1.0).unwrap();
    let result = solve_network(&network, &TheoryOptions::default()).unwrap();
    (model, network, result)
}

#[test]
fn microcircuit_spectra_match_nnmt_power_spectra() {
    let (model, network, result) = microcircuit();
    let fixed = &result.fixed_points[0];
    let n = model.populations.len();
    let membrane = |a: usize| *network.populations[a].response.membrane().unwrap();
    let coupling = DMatrix::from_fn(n, n, |a, b| {
        membrane(a).tau_m * network.couplings[a][b].mean
    });
    let transfers = (0..n)
        .map(|a| {
            let (m, p) = (membrane(a), &fixed.populations[a]);
            let point = LifOperatingPoint {
                tau_m: m.tau_m,
                t_ref: 0.0,
                v_th: m.theta,
                v_reset: m.v_reset,
                mu: p.mu,
                sigma: p.sigma,
                rate: p.rate,
            };
            let filter = SynapticFilter::FourcaudBrunel { tau_s: 5e-4 };
            LifTransfer::new(point, filter, TransferForm::Exact).unwrap()
        })
        .collect();
    let linear = LinearisedNetwork::new(coupling, DMatrix::zeros(n, n), transfers)
        .unwrap()
        .with_delay_kernels(DelayKernels::from_model(&model).unwrap())
        .unwrap();
    let sizes: Vec<usize> = model.populations.iter().map(|p| p.size).collect();
    let freqs: Vec<f64> = NNMT_SHIFT.iter().map(|r| r.0).collect();
    let s = population_spectra(
        &linear,
        &fixed.rates(),
        &sizes,
        &NoiseSource::Poisson,
        &freqs,
    )
    .unwrap();
    let mut worst = 0.0f64;
    for (k, (f, expected)) in NNMT_SHIFT.iter().enumerate() {
        for (a, e) in expected.iter().enumerate() {
            let rel = (s.power[a][k] - e).abs() / e;
            worst = worst.max(rel);
            assert!(
                rel < NNMT_TOLERANCE,
                "{f} Hz, {}: eibal {} NNMT {e}",
                model.populations[a].name,
                s.power[a][k],
            );
        }
    }
    eprintln!("largest relative difference from NNMT: {worst:.2e}");
}

/// Relative agreement with NNMT when both evaluate the same formula.
const NNMT_TOLERANCE: f64 = 1e-5;

#[test]
fn microcircuit_pipeline_spectra_follow_nnmt_away_from_the_unstable_mode() {
    let (_, network, result) = microcircuit();
    let spectrum = eibal::study::theory::rate_spectrum_of(&network, &result, None);
    let eibal::study::theory::RateSpectrum::Computed {
        spectra, stable, ..
    } = spectrum
    else {
        panic!("no spectrum: {spectrum:?}");
    };
    assert_eq!(
        stable,
        Some(false),
        "the microcircuit's fixed point is unstable in theory"
    );
    assert_eq!(spectra.source, "poisson");
    for (f, expected) in NNMT_SHIFT {
        if (300.0..=400.0).contains(&f) {
            continue;
        }
        let k = spectra.frequency_hz.iter().position(|&x| x == f).unwrap();
        for (a, e) in expected.iter().enumerate() {
            let rel = (spectra.power[a][k] - e).abs() / e;
            assert!(
                rel < 0.05,
                "{f} Hz, population {a}: eibal {} NNMT {e}",
                spectra.power[a][k]
            );
        }
    }
}

/// NEST 3.10.0 peak frequencies (Hz) of the E population rate at g = 6, eta = 3, one per seed
/// (command in the module doc; resolution 1.95 Hz).
const NEST_PEAKS_G6_ETA3: &[f64] = &[177.73, 169.92, 158.20];

#[test]
fn brunel_peak_near_the_fast_hopf_line_matches_nest() {
    let model = eibal::lang::load(
        Path::new("models/brunel2000.ei"),
        &["g=6".into(), "eta=3".into()],
    )
    .unwrap();
    let network = MeanFieldNetwork::compile(&model, 1.0).unwrap();
    let result = solve_network(&network, &TheoryOptions::fixed_point_only()).unwrap();
    // Poisson source: the peak frequency is set by the loop M(f), not by the source (the
    // self-consistent source moves it by less than 1 Hz here: `eibal theory` gives 170 Hz too).
    let spectrum = eibal::study::theory::rate_spectrum_of(&network, &result, None);
    let eibal::study::theory::RateSpectrum::Computed {
        spectra, stable, ..
    } = spectrum
    else {
        panic!("no spectrum: {spectrum:?}");
    };
    assert_eq!(stable, Some(true));
    let (peak, _) = spectra
        .peak(
            0,
            eibal::study::theory::PEAK_MIN_HZ,
            eibal::study::theory::PEAK_PROMINENCE,
        )
        .expect("a peak");
    let nest = NEST_PEAKS_G6_ETA3.iter().sum::<f64>() / NEST_PEAKS_G6_ETA3.len() as f64;
    // The target: within 10 % of the simulated peak. The NEST seeds scatter by a few
    // Hz (177.7, 169.9, 158.2 Hz: mean 168.6, SE 5.7 Hz); the theory (170 Hz) is 0.8 % above.
    assert!(
        (peak - nest).abs() <= 0.10 * nest,
        "predicted {peak} Hz, NEST {nest} Hz"
    );
}

/// The microcircuit's simulated high-gamma peak (Hz), L4I, eibal run in the module doc.
const MICROCIRCUIT_SIMULATED_PEAK_HZ: f64 = 360.0;

/// The microcircuit's fixed point is linearly unstable, so the theory's predicted rhythm is
/// the frequency of the fastest-growing mode (Im lambda / 2 pi of the leading root, 345 Hz,
/// growth 169 /s; Brunel & Hakim 1999), not a peak of the linear spectrum on the imaginary
/// axis (321 Hz in L4I, the mode closest to the axis: around an unstable fixed point that
/// formula predicts no stationary power). The target: within 10 % of the simulated
/// 360 Hz.
#[test]
fn microcircuit_high_gamma_peak() {
    let (model, network, result) = microcircuit();
    let spectrum = eibal::study::theory::rate_spectrum_of(&network, &result, None);
    let eibal::study::theory::RateSpectrum::Computed {
        ref spectra,
        stable,
        leading,
        ..
    } = spectrum
    else {
        panic!("no spectrum: {spectrum:?}");
    };
    assert_eq!(stable, Some(false));
    assert!(!spectrum.is_prediction());
    let l4i = model
        .populations
        .iter()
        .position(|p| p.name == "L4I")
        .unwrap();
    let (rhythm, method) = spectrum.predicted_rhythm(l4i).expect("a predicted rhythm");
    assert_eq!(method, eibal::study::theory::RHYTHM_FASTEST_GROWING_MODE);
    let lead = leading.expect("a leading root");
    assert_eq!(rhythm, lead.frequency_hz);
    assert!(lead.growth_rate_per_s > 0.0);
    let miss = (rhythm - MICROCIRCUIT_SIMULATED_PEAK_HZ).abs() / MICROCIRCUIT_SIMULATED_PEAK_HZ;
    assert!(miss <= 0.10, "predicted rhythm {rhythm} Hz");
    // What the old reading of the imaginary-axis spectrum gave (321 Hz, 11 % off): a
    // different number, so the test tells the two readings apart.
    let (axis_peak, _) = spectra
        .peak(l4i, 200.0, eibal::study::theory::PEAK_PROMINENCE)
        .expect("a peak of the formula");
    assert!((axis_peak - rhythm).abs() > 10.0, "{axis_peak} vs {rhythm}");
    // With the Schuecker et al. (2015) transfer function (valid at high frequencies) the
    // fixed point stays unstable and the fastest-growing mode stays within the target.
    let taylor = eibal::theory::network::stability::analyse_with(
        &network,
        &result.fixed_points[0],
        TransferForm::Exact,
        eibal::theory::network::stability::ExpSynapseTransfer::Taylor,
        &eibal::theory::numerics::budget::Budget::default_limit(),
    )
    .unwrap();
    assert!(!taylor.stable);
    let f = taylor.roots.roots[0].frequency_hz;
    assert!(
        (f - MICROCIRCUIT_SIMULATED_PEAK_HZ).abs() <= 0.10 * MICROCIRCUIT_SIMULATED_PEAK_HZ,
        "Taylor: leading root at {f} Hz"
    );
}

/// The README's main command (`models/brunel2000.ei`, state C: g = 5, eta = 2) against long
/// eibal runs: 3 seeds of 20 s each,
///     eibal simulate models/brunel2000.ei --duration 20s --seed S --json     (S = 1, 2, 3)
/// (eibal at main 77d526e, 2026-12-07). Per seed (E, I): spectral peak 123.05 / 131.84,
/// 123.05 / 136.72, 127.93 / 138.67 Hz; mean pairwise spike-count correlation in 10 ms bins
/// 0.010796 / 0.008631, 0.010224 / 0.006495, 0.011217 / 0.008041. (A 1 s run, the default
/// of `eibal compare`, gave an E peak of 109.4 Hz and an E correlation of 0.0050: a single
/// second is too short for either.)
const STATE_C_PEAKS_E: [f64; 3] = [123.046875, 123.046875, 127.9296875];
const STATE_C_CORRELATION: [[f64; 3]; 2] = [
    [
        0.010795508001632918,
        0.010224430190063617,
        0.01121659451518407,
    ],
    [
        0.008630624065940878,
        0.006495164946647097,
        0.008041437227184521,
    ],
];

fn mean_and_se(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let var = x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0);
    (m, (var / n).sqrt())
}

/// `eibal theory FILE --set ... --no-search` as the library gives it, with the neurons'
/// response `response` in the linear response.
fn theory_report(
    path: &str,
    sets: &[&str],
    response: eibal::study::theory::NeuronResponse,
) -> eibal::study::theory::TheoryReport {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    let model = eibal::lang::load(Path::new(path), &sets).unwrap();
    eibal::study::theory(
        &model,
        &eibal::study::TheoryRequest {
            search: false,
            neuron_response: response,
            ..Default::default()
        },
    )
    .unwrap()
}

/// The white-noise linear response (the default) against the long runs: the E peak within the
/// issue's 10 % (123 Hz against 124.7 +- 1.6 Hz), and the pairwise correlations within the
/// `compare` rule, 3 SE (seed scatter) + (J/sigma) |theory| (J/sigma = 0.1 / 7.68 mV).
#[test]
fn state_c_peak_and_correlations_match_long_runs() {
    let report = theory_report("models/brunel2000.ei", &[], Default::default());
    assert_eq!(
        report.rate_spectrum.neuron_response,
        Some("white_noise_transfer_function")
    );
    let pops: Vec<_> = report
        .populations
        .iter()
        .map(|p| match p {
            eibal::study::theory::PopulationReport::Spiking(s) => s.clone(),
            _ => panic!("spiking populations expected"),
        })
        .collect();
    let (peak, _) = mean_and_se(&STATE_C_PEAKS_E);
    let predicted = pops[0].rate_spectrum_peak_hz.expect("an E peak");
    assert!(
        (predicted - peak).abs() <= 0.10 * peak,
        "E peak {predicted} Hz, simulated {peak} Hz"
    );
    let epsilon = 0.1 / 7.68;
    for (p, sim) in pops.iter().zip(STATE_C_CORRELATION) {
        let (m, se) = mean_and_se(&sim);
        let rho = p.pairwise_correlation.expect("a correlation");
        assert!(
            (rho - m).abs() <= 3.0 * se + epsilon * rho.abs(),
            "{}: predicted {rho}, simulated {m} +- {se}",
            p.name
        );
    }
}

/// The sampled susceptibility (`--response sampled`: chi = S_yx / S_xx under the
/// self-consistent input, Furutsu-Novikov) is an option, not the default: at state C it moves
/// the E peak from 123 to 114 Hz and the E correlation from 0.0116 to 0.0146, both away from
/// the long runs above. Here: it runs, names itself, and keeps the g = 6, eta = 3 peak within
/// the 10 % of NEST that the default meets (171 Hz against 168.6 Hz).
#[test]
fn sampled_susceptibility_is_an_option_that_keeps_the_fast_peak() {
    let report = theory_report(
        "models/brunel2000.ei",
        &["g=6", "eta=3"],
        eibal::study::theory::NeuronResponse::SampledSusceptibility,
    );
    assert_eq!(
        report.rate_spectrum.neuron_response,
        Some("sampled_susceptibility")
    );
    let eibal::study::theory::PopulationReport::Spiking(e) = &report.populations[0] else {
        panic!("spiking E expected");
    };
    let peak = e.rate_spectrum_peak_hz.expect("a peak");
    let nest = NEST_PEAKS_G6_ETA3.iter().sum::<f64>() / NEST_PEAKS_G6_ETA3.len() as f64;
    assert!((peak - nest).abs() <= 0.10 * nest, "{peak} vs {nest}");
}

/// `theory --json` around the microcircuit's unstable fixed point: the predicted rhythm with
/// its method, the leading root, and no correlations (the linear response predicts no
/// stationary state there), each null explained.
#[test]
fn unstable_fixed_point_json_names_the_rhythm_and_withholds_correlations() {
    let report = theory_report("models/microcircuit.ei", &[], Default::default());
    let v = serde_json::to_value(&report).unwrap();
    let r = &v["rate_spectrum"];
    assert_eq!(r["fixed_point_stable"], false);
    assert_eq!(r["rhythm_method"], "fastest_growing_mode");
    let lead = r["leading_root"]["frequency_hz"].as_f64().unwrap();
    assert!(r["leading_root"]["growth_rate_per_s"].as_f64().unwrap() > 0.0);
    assert!(
        r["reason"]
            .as_str()
            .unwrap()
            .contains("not a stationary prediction")
    );
    for p in v["populations"].as_array().unwrap() {
        assert_eq!(p["predicted_rhythm_hz"].as_f64(), Some(lead));
        assert!(p["pairwise_correlation"].is_null());
        assert!(
            p["rate_spectrum"]["power"].is_array(),
            "kept as a labelled curve"
        );
    }
    let notes = v["notes"].as_array().unwrap();
    assert!(notes.iter().any(|n| {
        n.as_str()
            .unwrap()
            .starts_with("pairwise_correlation is null")
    }));
}
