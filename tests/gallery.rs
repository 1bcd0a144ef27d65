//! The phenomena gallery (models/gallery/*.ei, issue 7 item 4): every model passes `check`,
//! and for each phenomenon one assertion that shows it, from the library API (simulation
//! and theory, fixed seeds). Tolerances come from the statistics of the runs; where theory
//! and simulation are known to disagree, the gap is written in the model's header and the
//! README, and the test checks the phenomenon against an independent formula instead.

mod common;

use eibal::Model;
use eibal::analysis::{avalanches, branching, latency, rates, summarize};
use eibal::model::NeuronKind;
use eibal::model::observe::Silent;
use eibal::sim::{self, RunOptions, SimResult};
use eibal::theory::{self, Regime, TheoryOptions};
use std::path::{Path, PathBuf};

fn path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models/gallery")
        .join(format!("{name}.ei"))
}

fn load(name: &str, set: &[&str]) -> Model {
    let set: Vec<String> = set.iter().map(|s| s.to_string()).collect();
    eibal::lang::load(&path(name), &set).unwrap()
}

/// Runs without the explode/silence checks (runaway states are phenomena here).
fn run(m: &Model) -> SimResult {
    sim::run(
        m,
        &RunOptions {
            health_checks: false,
            ..RunOptions::default()
        },
        &Silent,
    )
    .unwrap()
}

/// Population rate (Hz) of population `p` in [t0, t1) s, from the exact per-step counts.
fn window_rate(r: &SimResult, p: usize, t0: f64, t1: f64) -> f64 {
    let (a, b) = ((t0 / r.dt).round() as usize, (t1 / r.dt).round() as usize);
    let n: u64 = r.population_counts[p][a..b].iter().map(|&c| c as u64).sum();
    n as f64 / (r.populations[p].size as f64 * (t1 - t0))
}

fn pop(r: &SimResult, name: &str) -> usize {
    r.populations.iter().position(|p| p.name == name).unwrap()
}

fn theory_of(m: &Model) -> theory::FixedPoint {
    theory::solve(m, &TheoryOptions::fixed_point_only())
        .unwrap()
        .fixed_points
        .remove(0)
}

const THETA: f64 = 0.020;

#[test]
fn every_gallery_model_passes_check() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/gallery");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "ei") {
            let m = eibal::lang::load(&p, &[]).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            assert!(m.validate().is_ok(), "{}", p.display());
            let text = std::fs::read_to_string(&p).unwrap();
            for word in ["Source:", "Command:", "Look for:"] {
                assert!(text.contains(word), "{} lacks '{word}'", p.display());
            }
            n += 1;
        }
    }
    assert_eq!(n, 14);
}

#[test]
fn asynchronous_irregular_state() {
    // CV over ~4000 neurons: SE 0.003 (compare's blocks); seed-to-seed spread a few 0.01.
    let m = load("asynchronous_irregular", &[]);
    let s = summarize(&run(&m), &m);
    let e = &s.populations[0];
    let cv = e.cv.unwrap();
    assert!((0.9..=1.15).contains(&cv), "CV {cv}");
    // Independent neurons sampled 100 at a time give chi ~ 0.1; the sparse network's shared
    // input adds a little: synchronous states have chi near 1.
    assert!(e.chi.unwrap() < 0.35, "chi {:?}", e.chi);
    assert!(e.correlation.unwrap().abs() < 0.02);
    let th = theory_of(&m);
    assert!((th.populations[0].cv.unwrap() - cv).abs() < 0.05);
}

#[test]
fn balanced_scaling_doubles_inputs_and_keeps_rates() {
    let stats = |k: &str| {
        let m = load("balanced_scaling", &[&format!("K={k}")]);
        let s = summarize(&run(&m), &m);
        let e = s.populations[0].clone();
        let exc = e.mean_input_exc.unwrap() + e.mean_input_ext.unwrap();
        let net = exc + e.mean_input_inh.unwrap();
        (e.rate_hz.unwrap(), exc, net)
    };
    let (r1, x1, n1) = stats("200");
    let (r4, x4, n4) = stats("800");
    // E + X input = sqrt(K) J0 sqrt(K0) tau (nu_X + nu_E): at 4K it is 2 (nu_X + nu_E(4K)) /
    // (nu_X + nu_E(K)) times larger. Rates have SE ~0.3 Hz (compare's blocks): allow 4 %.
    let ratio = x4 / x1;
    let predicted = 2.0 * (10.0 + r4) / (10.0 + r1);
    assert!(
        (ratio / predicted - 1.0).abs() < 0.04,
        "{ratio} vs {predicted}"
    );
    assert!((1.9..2.3).contains(&ratio), "E input ratio {ratio}");
    // The inputs double, the rates change by less than 20 %, and the net input stays below
    // threshold, a few mV.
    assert!((r4 / r1 - 1.0).abs() < 0.2, "rates {r1} {r4}");
    assert!(n1.abs() < THETA && n4.abs() < THETA, "net {n1} {n4}");
}

#[test]
fn fluctuation_driven_firing_below_threshold() {
    let m = load("fluctuation_driven", &[]);
    let th = theory_of(&m);
    let p = &th.populations[0];
    assert_eq!(p.regime, Regime::FluctuationDriven);
    // mu = tau nu J (600 - 2.5 x 150 + 150) = 15 mV, by hand.
    assert!((p.mu - 0.015).abs() < 1e-9, "mu {}", p.mu);
    let s = summarize(&run(&m), &m);
    let f = &s.populations[0];
    let mean = f.mean_input_exc.unwrap() + f.mean_input_inh.unwrap() + f.mean_input_ext.unwrap();
    // 100 sampled neurons over 4.8 s: the mean input's SE is ~0.01 mV.
    assert!((mean - 0.015).abs() < 2e-4, "mean input {mean}");
    let rate = f.rate_hz.unwrap();
    // Fires although mu < theta (a deterministic LIF would settle at 15 mV and be silent).
    // Known gap: ~12 % below the diffusion theory (shot noise); SE of the rate ~0.04 Hz.
    assert!(rate > 3.0, "rate {rate}");
    assert!(
        rate < p.rate && rate > 0.8 * p.rate,
        "rate {rate} vs {}",
        p.rate
    );
}

#[test]
fn stronger_inhibition_lowers_mean_and_raises_variance() {
    // Free membrane (threshold out of reach): mean and variance of V against Campbell's
    // theorem, mu = tau nu J (800 - 100 g), Var = tau/2 nu J^2 (800 + 100 g^2), times the
    // factor 0.9836 by which 1 ms bin averages of an OU process (tau 20 ms) lower the
    // variance: 2 (tau/T)^2 (T/tau - 1 + exp(-T/tau)).
    let (tau, nu, j) = (0.02, 10.0, 0.2e-3);
    let bin_factor = {
        let x: f64 = 0.001 / tau;
        2.0 / (x * x) * (x - 1.0 + (-x).exp())
    };
    let mut last = (f64::INFINITY, 0.0);
    for g in [4.0, 6.0] {
        let m = load("inhibition_variance", &[&format!("g={g}"), "theta_v=1V"]);
        let r = run(&m);
        let smp = &r.samples[0];
        let first = (r.warmup / smp.bin).ceil() as usize;
        let (mut sum, mut sq, mut n) = (0.0, 0.0, 0.0);
        let mut var_sum = 0.0;
        for k in 0..smp.neurons.len() {
            let v = &smp.column(&smp.state, k)[first..];
            let mean = v.iter().sum::<f64>() / v.len() as f64;
            var_sum += v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / v.len() as f64;
            sum += v.iter().sum::<f64>();
            sq += v.len() as f64;
            n += 1.0;
        }
        let mean = sum / sq;
        let var = var_sum / n;
        let mu = tau * nu * j * (800.0 - 100.0 * g);
        let want_var = bin_factor * tau / 2.0 * nu * j * j * (800.0 + 100.0 * g * g);
        // 100 neurons x 1.8 s with a 20 ms correlation time: ~4500 independent samples,
        // relative SE of the variance ~2 %, of the mean ~0.1 mV / sqrt(4500).
        assert!((mean - mu).abs() < 1e-4, "g {g}: mean {mean} vs {mu}");
        assert!(
            (var / want_var - 1.0).abs() < 0.08,
            "g {g}: var {var} vs {want_var}"
        );
        // The theory's mu and sigma (Brunel's sigma^2 = 2 Var V).
        let p = theory_of(&m).populations.remove(0);
        assert!((p.mu - mu).abs() < 1e-9);
        assert!((p.sigma.powi(2) / 2.0 / (want_var / bin_factor) - 1.0).abs() < 1e-9);
        assert!(
            mean < last.0 && var > last.1,
            "g {g}: mean must fall, variance rise"
        );
        last = (mean, var);
    }
}

#[test]
fn edge_of_chaos_at_unit_coupling() {
    // Circular law: the sampled J (N = 400) has spectral radius g up to finite-size
    // corrections of a few %.
    for g in [0.8, 1.5] {
        let m = load("edge_of_chaos", &[&format!("g={g}")]);
        let c = theory::network::connectivity_matrix::sample_connectivity(
            &m,
            &theory::network::connectivity_matrix::SampleOptions {
                seed: 1,
                row_gains: None,
            },
        )
        .unwrap();
        let ev = theory::network::spectrum::dense_eigenvalues(&c.to_dense()).unwrap();
        let radius = theory::network::spectrum::spectral_radius(&ev);
        assert!((radius / g - 1.0).abs() < 0.08, "g {g}: radius {radius}");
        // Below 1 the units decay to 0 (by exp(-0.2 t / tau) = e^-6 by the end of the
        // warmup); above they keep O(1) fluctuations.
        let r = run(&m);
        let smp = &r.samples[0];
        let first = (r.warmup / smp.bin).ceil() as usize;
        let xs: Vec<f64> = (0..smp.neurons.len())
            .flat_map(|k| smp.column(&smp.state, k)[first..].to_vec())
            .collect();
        let rms = (xs.iter().map(|x| x * x).sum::<f64>() / xs.len() as f64).sqrt();
        if g < 1.0 {
            assert!(rms < 0.01, "g {g}: rms {rms}");
        } else {
            assert!(rms > 0.2, "g {g}: rms {rms}");
        }
    }
}

#[test]
fn tight_and_loose_balance() {
    let index = |j: &str| {
        let m = load("tight_loose_balance", &[&format!("J={j}")]);
        let s = summarize(&run(&m), &m);
        let th = theory_of(&m).populations[0].balance_index.unwrap();
        (s.populations[0].balance_index.unwrap(), th)
    };
    let (loose, loose_th) = index("0.05mV");
    let (tight, tight_th) = index("0.4mV");
    assert!(loose > 0.4, "loose {loose}");
    assert!(tight < 0.15, "tight {tight}");
    // Block SEs of the index (compare): 0.003 loose, 0.06 tight.
    assert!((loose - loose_th).abs() < 0.02, "{loose} vs {loose_th}");
    assert!((tight - tight_th).abs() < 0.06, "{tight} vs {tight_th}");
}

#[test]
fn shunting_shifts_the_f_i_curve() {
    // The f-I curves of C (control) and S (shunted), I_ext = 100 .. 1000 pA.
    let currents: Vec<f64> = (1..=10).map(|k| k as f64 * 100e-12).collect();
    let mut c = Vec::new();
    let mut sh = Vec::new();
    let mut sh_rate = Vec::new();
    let mut theory_c = Vec::new();
    for i in &currents {
        let m = load("shunting_inhibition", &[&format!("I_ext={}pA", i * 1e12)]);
        let r = run(&m);
        let s = summarize(&r, &m);
        let rate = |n: &str| s.populations[pop(&r, n)].rate_hz.unwrap();
        c.push(rate("C"));
        sh.push(rate("S"));
        sh_rate.push(rate("SH"));
        let th = theory_of(&m);
        theory_c.push(th.populations.iter().find(|p| p.name == "C").unwrap().rate);
    }
    for (a, b) in c.iter().zip(&sh) {
        assert!(b < a, "shunted {b} >= {a}");
    }
    // Current where each curve crosses 50 Hz (linear interpolation between points).
    let cross = |f: &[f64]| {
        let i = f.iter().position(|&x| x >= 50.0).unwrap();
        let (i0, i1) = (currents[i - 1], currents[i]);
        i0 + (50.0 - f[i - 1]) / (f[i] - f[i - 1]) * (i1 - i0)
    };
    let shift = cross(&sh) - cross(&c);
    // Predicted shift of the rheobase: g_sh (theta - e_in) with g_sh = K nu_SH w tau_in.
    let g_sh = 100.0 * sh_rate[0] * 0.5e-9 * 0.010;
    let predicted = g_sh * 0.010;
    assert!(
        shift > 0.5 * predicted && shift < 1.2 * predicted,
        "shift {shift} vs {predicted}"
    );
    // Subtractive, not divisive (even with the Poisson background): the shunted curve
    // catches up at large currents and is the steeper one above onset. Rates of 100
    // neurons over 0.8 s have SEs below 0.5 Hz (sweep output), so a slope over 200 pA is
    // known to ~0.004 Hz/pA; the observed slopes differ by ~0.06 Hz/pA.
    assert!(sh[9] / c[9] > 0.9 && sh[2] / c[2] < 0.7);
    let slope = |f: &[f64]| (f[5] - f[3]) / 200.0;
    assert!(
        slope(&sh) > slope(&c) + 0.02,
        "slopes 400-600 pA: shunted {} control {} Hz/pA",
        slope(&sh),
        slope(&c)
    );
    // The mean-field theory of the unshunted cells (noise from 1 nS x 200 Hz) within 5 %.
    for k in [3, 7, 9] {
        assert!(
            (theory_c[k] / c[k] - 1.0).abs() < 0.05,
            "C at {} pA: {} vs {}",
            currents[k] * 1e12,
            theory_c[k],
            c[k]
        );
    }
}

#[test]
fn balanced_background_divides_the_f_i_curve() {
    // B = C plus a balanced excitatory (Poisson) and inhibitory (SH interneurons, e_in =
    // -80 mV) background (Chance, Abbott & Reyes 2002). I_ext = 0, 100, 200 pA.
    let (mut c, mut b, mut sh) = (Vec::new(), Vec::new(), Vec::new());
    for i in [0.0, 100.0, 200.0] {
        let m = load("shunting_inhibition", &[&format!("I_ext={i}pA")]);
        let r = run(&m);
        let s = summarize(&r, &m);
        let rate = |n: &str| s.populations[pop(&r, n)].rate_hz.unwrap();
        c.push(rate("C"));
        b.push(rate("B"));
        sh.push(rate("SH"));
    }
    // Balance (model values): the extra background reverses where C's mean free voltage
    // sits, (g_l e_l + g_bg e_ex) / (g_l + g_bg), so the mean drive is about unchanged.
    let g_l = 200e-12 / 0.020;
    let g_bg = 200.0 * 1e-9 * 0.005;
    let v_c = (g_l * -0.060 + g_bg * 0.0) / (g_l + g_bg);
    let g_e = 4000.0 * 1e-9 * 0.005;
    let g_i = 25.0 * sh[0] * 4e-9 * 0.010;
    let v_b = (g_e * 0.0 + g_i * -0.080) / (g_e + g_i);
    assert!((v_b - v_c).abs() < 1e-3, "balance at {v_b} V, C at {v_c} V");
    // Divisive, not subtractive: B is not shifted to the right (it fires more than C at
    // I_ext = 0) and its slope over 0-200 pA is lower. Over 5 seeds (`eibal sweep --seeds
    // 5`) the ratio is 0.46 and B's rates vary by SE <= 0.9 Hz (B at 0 pA: 12.6, C: 0.5 Hz),
    // so the ratio is known to ~0.015 and the bounds 0.3-0.6 are > 9 SEs away; a subtractive
    // shift would keep the ratio near 1.
    assert!(b[0] > c[0] + 5.0, "B {} C {} Hz at 0 pA", b[0], c[0]);
    let ratio = (b[2] - b[0]) / (c[2] - c[0]);
    assert!(ratio < 0.6, "slope ratio B/C over 0-200 pA: {ratio}");
    assert!(ratio > 0.3, "slope ratio B/C over 0-200 pA: {ratio}");
}

#[test]
fn gaba_switch_turns_inhibition_depolarising() {
    // E_Cl = (R T / F) ln([Cl]in / [Cl]out) (Nernst, z = -1), 37 degC.
    let rt_f = 8.314_462_618 * 310.15 / 96_485.332_12;
    for (cl, want_low) in [(7.0, true), (30.0, false)] {
        let m = load("gaba_switch", &[&format!("Cl_in={cl}mM")]);
        let NeuronKind::LifCond { syn, .. } = &m.neurons[0].kind else {
            panic!("not lif_cond")
        };
        let e_cl = rt_f * (cl / 130.0f64).ln();
        assert!((syn.e_in - e_cl).abs() < 1e-6, "{} vs {e_cl}", syn.e_in);
        let r = run(&m);
        let rate = window_rate(&r, 0, r.warmup, r.t_end);
        if want_low {
            // Mature: below rest, inhibition holds the network at ~11 Hz.
            assert!(
                syn.e_in < -0.060 && (2.0..25.0).contains(&rate),
                "rate {rate}"
            );
        } else {
            // Immature: above threshold, the network runs away towards 1/t_ref = 500 Hz.
            assert!(syn.e_in > -0.050 && rate > 200.0, "rate {rate}");
        }
    }
}

#[test]
fn feedforward_inhibition_window_of_opportunity() {
    let onsets: Vec<f64> = (0..8).map(|k| 0.2 + 0.1 * k as f64).collect();
    let stats = |lag: &str| {
        let m = load("feedforward_window", &[&format!("lag={lag}")]);
        let r = run(&m);
        latency::latency_stats(&r.spike_trains(pop(&r, "PC")), &onsets, 0.04)
    };
    let l0 = stats("0ms");
    let l3 = stats("3ms").unwrap();
    let l6 = stats("6ms").unwrap();
    // 6400 trials each: the response probability's SE is below 0.006.
    let p0 = l0.as_ref().map_or(0.0, |s| s.response_probability);
    assert!(p0 < 0.05, "lag 0: {p0}");
    assert!(l3.response_probability > 0.7, "lag 3: {l3:?}");
    assert!(l6.response_probability >= l3.response_probability);
    // The window widens: later and more spread first spikes.
    assert!(l6.p90_s > l3.p90_s && l6.sd_s > l3.sd_s, "{l3:?} {l6:?}");
}

#[test]
fn feedback_inhibition_limits_the_response() {
    let increase = |g: &str| {
        let m = load("feedback_inhibition", &[&format!("g={g}")]);
        let r = run(&m);
        window_rate(&r, 0, 0.25, 0.4) - window_rate(&r, 0, 0.1, 0.2)
    };
    let with = increase("5");
    let without = increase("0");
    assert!(with > 10.0, "with feedback {with}");
    assert!(with < 0.5 * without, "{with} vs {without}");
}

#[test]
fn disinhibition_opens_the_gate() {
    let m = load("disinhibition", &[]);
    let r = run(&m);
    let (pc, sst) = (pop(&r, "PC"), pop(&r, "SST"));
    assert!(window_rate(&r, pc, 0.1, 0.2) < 1.0);
    assert!(window_rate(&r, sst, 0.1, 0.2) > 20.0);
    assert!(window_rate(&r, sst, 0.25, 0.4) < 2.0);
    assert!(window_rate(&r, pc, 0.25, 0.4) > 10.0);
    // Without VIP -> SST the same VIP step does nothing to PC.
    let m = load("disinhibition", &["w_vs=0mV"]);
    let r = run(&m);
    assert!(window_rate(&r, pc, 0.25, 0.4) < 1.0);
}

#[test]
fn gad_failure_boundary() {
    // Balanced limit rates nu_X / (gad g gamma - 1), gamma = 1/4, g = 8: the boundary is
    // gad = 1 / (g gamma) = 0.5.
    for (gad, valid) in [(0.6, true), (0.4, false)] {
        let m = load("gad_failure", &[&format!("gad={gad}")]);
        let t = theory::solve(&m, &TheoryOptions::fixed_point_only()).unwrap();
        let b = &t.balanced_limit.solution;
        assert_eq!(b.valid, valid, "gad {gad}: {}", b.explanation);
        let nu_x = 3.0 * 20e-3 / (0.2e-3 * 400.0 * 0.02);
        let want = nu_x / (gad * 8.0 / 4.0 - 1.0);
        assert!((b.rates.as_ref().unwrap()[0] - want).abs() < 1e-6 * want.abs());
    }
    let rate = |gad: &str| {
        let m = load("gad_failure", &[&format!("gad={gad}")]);
        let r = run(&m);
        window_rate(&r, 0, r.warmup, r.t_end)
    };
    let healthy = rate("1");
    let failed = rate("0.3");
    assert!(healthy < 40.0, "gad 1: {healthy}");
    assert!(failed > 250.0, "gad 0.3: {failed}");
}

#[test]
fn synaptic_scaling_returns_to_target() {
    let m = load("synaptic_scaling", &[]);
    let r = run(&m);
    let e = pop(&r, "E");
    // 500 neurons over the last 2 s: SE of the population rate ~0.15 Hz (block spread).
    let end = window_rate(&r, e, 8.0, 10.0);
    assert!((end - 5.0).abs() < 0.6, "rate at the end {end}");
    let factor = r.scaling[0].1;
    assert!(factor < 0.95, "factor {factor}");
    // Without scaling the same network fires at ~22 Hz, as the theory says.
    let m = load("synaptic_scaling", &["tau_s=1e6s"]);
    let mut short = m.clone();
    short.simulation.duration = 2.0;
    short.simulation.warmup = 0.5;
    let r = run(&short);
    let free = window_rate(&r, pop(&r, "E"), 0.5, 2.0);
    let th = theory_of(&m).populations[1].rate;
    assert!(
        free > 15.0 && (free / th - 1.0).abs() < 0.1,
        "{free} vs {th}"
    );
}

#[test]
fn criticality_branching_ratio_and_avalanches() {
    let m = load("criticality", &[]);
    let r = run(&m);
    // All neurons, 1 ms bins (one synaptic delay = one generation), after the warmup.
    let w = r.warmup_steps();
    let per_ms = (0.001 / r.dt).round() as usize;
    let binned: Vec<u64> = rates::bin_counts(&r.population_counts[0][w..], per_ms);
    let activity: Vec<f64> = binned.iter().map(|&c| c as f64).collect();
    let fit = branching::mr_estimate(&activity, 0.001, 40).unwrap();
    eprintln!("branching ratio {}", fit.m);
    assert!((fit.m - 1.0).abs() < 0.05, "branching ratio {}", fit.m);
    let av = avalanches::avalanche_stats(&binned, 0.001, 50);
    let size = av.size.unwrap();
    let duration = av.duration.unwrap();
    eprintln!(
        "avalanches {}: size {} +- {}, duration {} +- {}",
        av.count, size.alpha, size.alpha_se, duration.alpha, duration.alpha_se
    );
    assert!(
        (size.alpha - 1.5).abs() < 0.25,
        "size exponent {}",
        size.alpha
    );
    // The mean-field (critical branching process) duration exponent is 2; this network's
    // fitted exponent is 1.69 +- 0.035 (seed 1), about 9 standard errors short: a known gap
    // of the theory (finite size, subsampling, a branching ratio of 0.98 rather than 1).
    // Stated as an expected failure rather than admitted by a tolerance of 0.4: the test
    // fails if the gap closes (then this note and the assertion go) and if the fit breaks.
    let gap = duration.alpha - 2.0;
    assert!(
        gap < -3.0 * duration.alpha_se && duration.alpha > 1.0,
        "duration exponent {} +- {}: the expected gap to the mean-field 2 is gone or the fit \
         failed",
        duration.alpha,
        duration.alpha_se
    );
}

/// `eibal compare --json` on a gallery model (the command its header names).
fn compare_json(name: &str, set: &[&str]) -> serde_json::Value {
    common::workflow::compare_json(path(name), set)
}

#[test]
fn compare_verdicts_match_the_headers() {
    // AI state: the diffusion approximation is good when inputs are Poisson-like (CV ~ 1).
    let c = compare_json("asynchronous_irregular", &[]);
    for p in c["populations"].as_array().unwrap() {
        assert_eq!(p["rate_hz"]["verdict"], "agrees", "{}", p["rate_hz"]);
        assert_eq!(p["cv"]["verdict"], "agrees", "{}", p["cv"]);
    }
    // GABA switch, mature: the stated gap, conductance theory at half the simulated rate.
    let c = compare_json("gaba_switch", &[]);
    let e = &c["populations"][0];
    assert_eq!(e["rate_hz"]["verdict"], "disagrees", "{}", e["rate_hz"]);
}
