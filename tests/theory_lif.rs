//! Mean-field theory of LIF networks against independent references.

mod theory_common;

use eibal::theory::{
    self, Regime, TheoryOptions, cv_isi, siegert, siegert_derivatives, siegert_rate,
    siegert_rate_colored,
};
use statrs::function::erf::erf;
use theory_common::*;

const SQRT_PI: f64 = 1.772_453_850_905_516;

/// Composite Simpson rule with `n` (even) intervals.
fn simpson(f: impl Fn(f64) -> f64, a: f64, b: f64, n: usize) -> f64 {
    let h = (b - a) / n as f64;
    let mut s = f(a) + f(b);
    for i in 1..n {
        s += if i % 2 == 1 { 4.0 } else { 2.0 } * f(a + i as f64 * h);
    }
    s * h / 3.0
}

/// 1/nu from the alternative representation of the Siegert integral (Brunel & Hakim 1999):
/// sqrt(pi) int_{y_r}^{y_th} e^{x^2}(1 + erf x) dx = int_0^inf e^{-u^2}/u (e^{2 y_th u} -
/// e^{2 y_r u}) du, a different integrand evaluated by Simpson's rule.
fn siegert_by_laplace_form(tau: f64, t_ref: f64, theta: f64, vr: f64, mu: f64, sigma: f64) -> f64 {
    let (yt, yr) = ((theta - mu) / sigma, (vr - mu) / sigma);
    let f = |u: f64| {
        if u == 0.0 {
            2.0 * (yt - yr)
        } else {
            (-u * u).exp() / u * ((2.0 * yt * u).exp() - (2.0 * yr * u).exp())
        }
    };
    let integral = simpson(f, 0.0, 12.0 + 2.0 * yt.abs().max(yr.abs()), 400_000);
    1.0 / (t_ref + tau * integral)
}

/// The naive form: Simpson on e^{u^2}(1 + erf u) with statrs' erf (valid for moderate y).
fn siegert_naive(tau: f64, t_ref: f64, theta: f64, vr: f64, mu: f64, sigma: f64) -> f64 {
    let (yt, yr) = ((theta - mu) / sigma, (vr - mu) / sigma);
    let i = simpson(|u| (u * u).exp() * (1.0 + erf(u)), yr, yt, 200_000);
    1.0 / (t_ref + tau * SQRT_PI * i)
}

#[test]
fn siegert_matches_independent_quadratures_at_moderate_inputs() {
    // Sub- and supra-threshold, mean- and fluctuation-driven; |y| <= 4.
    let cases = [
        (15e-3, 2e-3),
        (20e-3, 5e-3),
        (25e-3, 3e-3),
        (5e-3, 4e-3),
        (12e-3, 1e-3),
    ];
    for (mu, sigma) in cases {
        let ours = siegert_rate(20e-3, 2e-3, 20e-3, 10e-3, mu, sigma);
        let laplace = siegert_by_laplace_form(20e-3, 2e-3, 20e-3, 10e-3, mu, sigma);
        // Simpson errors are below 1e-10 relative at these step sizes.
        assert!(
            ((ours - laplace) / laplace).abs() < 1e-9,
            "{mu} {sigma}: {ours} vs {laplace}"
        );
        // The naive integrand needs 1 + erf(u) for u < 0, which cancels catastrophically below
        // u = -3 (1 + erf(-5) = 1.5e-12): compare only where it is valid.
        if (10e-3 - mu) / sigma >= -3.0 {
            let naive = siegert_naive(20e-3, 2e-3, 20e-3, 10e-3, mu, sigma);
            assert!(
                ((ours - naive) / naive).abs() < 1e-9,
                "{mu} {sigma}: {ours} vs naive {naive}"
            );
        }
    }
}

#[test]
fn siegert_derivatives_match_central_differences() {
    for (mu, sigma) in [(15e-3, 2e-3), (22e-3, 4e-3), (8e-3, 5e-3)] {
        let (dmu, dsigma) = siegert_derivatives(20e-3, 2e-3, 20e-3, 10e-3, mu, sigma);
        let h = 1e-7;
        let f = |m: f64, s: f64| siegert_rate(20e-3, 2e-3, 20e-3, 10e-3, m, s);
        let fd_mu = (f(mu + h, sigma) - f(mu - h, sigma)) / (2.0 * h);
        let fd_sigma = (f(mu, sigma + h) - f(mu, sigma - h)) / (2.0 * h);
        // Central differences: truncation ~h^2 f''' and rounding ~1e-16 f / h, < 1e-6 relative.
        assert!(((dmu - fd_mu) / fd_mu).abs() < 1e-6, "{dmu} vs {fd_mu}");
        assert!(
            ((dsigma - fd_sigma) / fd_sigma).abs() < 1e-6,
            "{dsigma} vs {fd_sigma}"
        );
    }
    // With the Fourcaud-Brunel shift the sigma-slope includes d(k sigma)/d sigma.
    let k = theory::fourcaud_brunel_shift(0.5e-3, 10e-3);
    let p = siegert(10e-3, 2e-3, 15e-3, 0.0, 7e-3, 5e-3, k);
    let h = 1e-8;
    let up = siegert(10e-3, 2e-3, 15e-3, 0.0, 7e-3, 5e-3 + h, k).rate;
    let down = siegert(10e-3, 2e-3, 15e-3, 0.0, 7e-3, 5e-3 - h, k).rate;
    assert!(((p.dnu_dsigma - (up - down) / (2.0 * h)) / p.dnu_dsigma).abs() < 1e-5);
}

#[test]
fn schuecker_2015_white_noise_and_shifted_rates() {
    // ../shared/reference/README.md, Schuecker et al. (2015) fig. 4 data: tau_m 20 ms,
    // tau_s 0.5 ms, t_ref 0, theta 20 mV, V_r 15 mV.
    let table = [
        (4.0, 16.42, 13.40674474, 10.20942271),
        (4.0, 19.66, 35.10388095, 30.10714648),
        (1.5, 18.94, 12.27983242, 10.09768640),
        (1.5, 20.96, 32.50073988, 29.97960233),
    ];
    for (sigma, mu, white, shifted) in table {
        let (sigma, mu) = (sigma * 1e-3, mu * 1e-3);
        let w = siegert_rate(20e-3, 0.0, 20e-3, 15e-3, mu, sigma);
        let s = siegert_rate_colored(20e-3, 0.5e-3, 0.0, 20e-3, 15e-3, mu, sigma);
        // The table has 10 significant digits.
        assert!(((w - white) / white).abs() < 1e-8, "white {w} vs {white}");
        assert!(
            ((s - shifted) / shifted).abs() < 1e-8,
            "shifted {s} vs {shifted}"
        );
    }
}

#[test]
fn brunel_state_c_matches_nnmt() {
    // NNMT 1.3.0 (numpy 2.4.6, scipy 1.17.1), run here on 2026-11-23 with
    // nnmt.lif.delta._firing_rates at g = 5, eta = 2 (as ../shared/anchors/nnmt_brunel.py):
    // 37.94969708576336 Hz for E and I; mean input 0.021025151457118 V, std 0.007682907052305 V.
    let r = theory::solve(&brunel(5.0, 2.0), &TheoryOptions::default()).unwrap();
    let fp = &r.fixed_points[0];
    assert!(fp.from_rest);
    let nnmt = 37.949_697_085_763_36;
    for p in &fp.populations {
        assert!(
            ((p.rate - nnmt) / nnmt).abs() < 1e-6,
            "{} {}",
            p.name,
            p.rate
        );
        assert!(((p.mu - 0.021_025_151_457_118) / 0.021).abs() < 1e-6);
        assert!(((p.sigma - 0.007_682_907_052_305) / 0.0077).abs() < 1e-6);
        // NNMT 1.3.0 nnmt.lif.exp._cvs with tau_s = 0 at that working point: 0.675328586007296.
        let cv = p.cv.unwrap();
        assert!((cv - 0.675_328_586_007_296).abs() < 1e-6, "cv {cv}");
        // mu = 21.03 mV is above theta = 20 mV at eta = 2.
        assert_eq!(p.regime, Regime::MeanDriven);
        // The mean inputs add up: E + I + external = mu.
        assert!((p.input_e + p.input_i + p.input_ext - p.mu).abs() < 1e-15);
        // tau C_E J nu and tau C_I g J nu by hand.
        assert!((p.input_e - 20e-3 * 1000.0 * 0.1e-3 * p.rate).abs() < 1e-15);
        assert!((p.input_i + 20e-3 * 250.0 * 0.5e-3 * p.rate).abs() < 1e-15);
    }
    // Only one fixed point in this regime.
    assert_eq!(
        r.fixed_points.len(),
        1,
        "{:#?}",
        r.fixed_points.iter().map(|f| f.rates()).collect::<Vec<_>>()
    );
}

#[test]
fn brunel_balanced_limit_is_nu_ext_over_g_gamma_minus_one() {
    // Brunel (2000) sec. 3: for large C the rate tends to nu_ext / (g gamma - 1) with
    // gamma = C_I / C_E = 1/4; at g = 5, eta = 2 (nu_ext = 20 Hz): 20 / 0.25 = 80 Hz.
    let r = theory::solve(&brunel(5.0, 2.0), &TheoryOptions::default()).unwrap();
    let b = &r.balanced_limit.solution;
    assert!(b.valid, "{}", b.explanation);
    for rate in b.rates.as_ref().unwrap() {
        assert!((rate - 80.0).abs() < 1e-9);
    }
    // The finite-K rates approach it as K grows (J ~ 1/sqrt K).
    let rows = &r.balanced_limit.approach;
    let distance: Vec<f64> = rows
        .iter()
        .map(|row| (row.rates.as_ref().unwrap()[0] - 80.0).abs())
        .collect();
    assert!(distance.windows(2).all(|w| w[1] < w[0]), "{distance:?}");
    assert!(distance.last().unwrap() / distance[0] < 0.2, "{distance:?}");
    // And the balance index falls like 1/sqrt(K).
    let bi: Vec<f64> = rows
        .iter()
        .map(|row| row.balance_index.as_ref().unwrap()[0].unwrap())
        .collect();
    assert!(bi.windows(2).all(|w| w[1] < w[0]), "{bi:?}");
}

#[test]
fn microcircuit_matches_nnmt_for_all_eight_populations() {
    // NNMT 1.3.0 nnmt.lif.exp._firing_rates (method 'shift', Fourcaud-Brunel), J = w tau_s / C,
    // run here on 2026-11-23 with the parameters of ../shared/reference/microcircuit_bos2016.toml.
    let nnmt = [
        0.722191984311228,
        2.688214211684724,
        4.189313481900359,
        5.671296605964165,
        6.557529969746819,
        8.285608472839849,
        1.128507943499083,
        7.674739500058075,
    ];
    // NNMT 1.3.0 nnmt.lif.exp._cvs at that working point.
    let nnmt_cv = [
        0.989927914743668,
        0.947161745045592,
        0.919194527668582,
        0.909261128665494,
        0.894361879615787,
        0.848625418011494,
        0.985220744767188,
        0.855204843345848,
    ];
    let r = theory::solve(&microcircuit(), &TheoryOptions::fixed_point_only()).unwrap();
    let fp = &r.fixed_points[0];
    for (i, p) in fp.populations.iter().enumerate() {
        assert_eq!(p.name, MICROCIRCUIT_NAMES[i]);
        assert!(
            ((p.rate - nnmt[i]) / nnmt[i]).abs() < 1e-6,
            "{} {} vs {}",
            p.name,
            p.rate,
            nnmt[i]
        );
        assert!(
            (p.cv.unwrap() - nnmt_cv[i]).abs() < 1e-6,
            "{} cv {:?}",
            p.name,
            p.cv
        );
        // ../shared/reference/README.md: all between 0.5 and 10 Hz.
        assert!(p.rate > 0.5 && p.rate < 10.0);
        // J = w tau_s / C = 0.1756 mV: the mean external input is tau_m K_ext J 8 Hz.
        assert!(p.threshold_shift > 0.0);
    }
    // L2/3E and L6E are the lowest.
    let mut order: Vec<usize> = (0..8).collect();
    order.sort_by(|&a, &b| fp.populations[a].rate.total_cmp(&fp.populations[b].rate));
    let lowest: Vec<&str> = order[..2].iter().map(|&i| MICROCIRCUIT_NAMES[i]).collect();
    assert!(
        lowest.contains(&"23E") && lowest.contains(&"6E"),
        "{lowest:?}"
    );
    let ext0 = fp.populations[0].input_ext;
    assert!((ext0 - 10e-3 * 1600.0 * (87.8e-12 * 0.5e-3 / 250e-12) * 8.0).abs() < 1e-15);
}

#[test]
fn cv_limits_poisson_and_regular() {
    // Strongly fluctuation-driven, low rate: ISIs become exponential, CV -> 1.
    let cv_low = cv_isi(20e-3, 2e-3, 20e-3, 10e-3, 0.0, 5e-3);
    let rate_low = siegert_rate(20e-3, 2e-3, 20e-3, 10e-3, 0.0, 5e-3);
    assert!(rate_low < 0.1, "{rate_low}");
    assert!((cv_low - 1.0).abs() < 0.02, "{cv_low}");
    // Strong mean drive, little noise: nearly periodic, CV -> 0 (~ sigma / drive).
    let cv_high = cv_isi(20e-3, 2e-3, 20e-3, 10e-3, 60e-3, 0.2e-3);
    assert!(cv_high < 0.01, "{cv_high}");
    // No noise at all: exactly regular; silent below threshold: no CV.
    assert_eq!(cv_isi(20e-3, 2e-3, 20e-3, 10e-3, 30e-3, 0.0), 0.0);
    assert!(cv_isi(20e-3, 2e-3, 20e-3, 10e-3, 10e-3, 0.0).is_nan());
}

#[test]
fn cv_matches_direct_double_quadrature() {
    // Brunel 2000 eq. A.1 evaluated naively with nested Simpson rules (moderate y only).
    let (tau, t_ref, theta, vr, mu, sigma) = (20e-3, 2e-3, 20e-3, 10e-3, 16e-3, 4e-3);
    let (yt, yr) = ((theta - mu) / sigma, (vr - mu) / sigma);
    let nu = siegert_rate(tau, t_ref, theta, vr, mu, sigma);
    let inner = |x: f64| simpson(|y| (y * y).exp() * (1.0 + erf(y)).powi(2), -12.0, x, 4000);
    let outer = simpson(|x| (x * x).exp() * inner(x), yr, yt, 400);
    let naive = (2.0 * std::f64::consts::PI * (tau * nu).powi(2) * outer).sqrt();
    let ours = cv_isi(tau, t_ref, theta, vr, mu, sigma);
    assert!(((ours - naive) / naive).abs() < 1e-7, "{ours} vs {naive}");
}

#[test]
fn non_convergence_is_a_runtime_error() {
    let options = TheoryOptions {
        max_iterations: 1,
        ..TheoryOptions::fixed_point_only()
    };
    let err = theory::solve(&brunel(5.0, 2.0), &options).unwrap_err();
    assert_eq!(err.exit_code(), 1);
    assert!(err.to_string().contains("did not converge"), "{err}");
}

#[test]
fn analytic_jacobian_matches_central_differences() {
    use eibal::theory::network::input::MeanFieldNetwork;
    use eibal::theory::network::problem::MeanFieldProblem;
    for model in [brunel(5.0, 2.0), microcircuit()] {
        let net = MeanFieldNetwork::compile(&model, 1.0).unwrap();
        let p = MeanFieldProblem::new(&net);
        let s: Vec<f64> = (0..p.dim()).map(|i| 3.0 + 2.0 * i as f64).collect();
        let jac = p.lif_jacobian(&s).unwrap();
        for j in 0..p.dim() {
            let h = 1e-5;
            let (mut up, mut down) = (s.clone(), s.clone());
            up[j] += h;
            down[j] -= h;
            let (fu, fd) = (p.residual(&up), p.residual(&down));
            for i in 0..p.dim() {
                let fdiff = (fu[i] - fd[i]) / (2.0 * h);
                // Central differences: error ~ h^2 |F'''| ~ 1e-9 here.
                assert!(
                    (jac[i][j] - fdiff).abs() < 1e-6 * (1.0 + fdiff.abs()),
                    "{} [{i}][{j}]: {} vs {fdiff}",
                    model.name,
                    jac[i][j]
                );
            }
        }
    }
}
