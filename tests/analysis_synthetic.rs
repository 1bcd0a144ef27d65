//! Statistics on synthetic data with known answers (../shared/reference/README.md,
//! "Known theoretical values").

use eibal::analysis::{avalanches, branching, correlation, irregularity, powerlaw};
use eibal::sim::rng::{Purpose, SimRng, stream, unit_f64};
use rand::Rng;
use rand_distr::{Distribution, Poisson};

fn poisson_train(rng: &mut SimRng, rate: f64, t1: f64) -> Vec<f64> {
    let mut t = 0.0;
    let mut out = Vec::new();
    loop {
        t += -(1.0 - unit_f64(rng.next_u64())).ln() / rate;
        if t >= t1 {
            return out;
        }
        out.push(t);
    }
}

#[test]
fn poisson_trains_have_cv_one_and_fano_one() {
    // 200 trains of 20 Hz over 10 s (~200 intervals each). The CV of n exponential intervals
    // has a standard deviation of about 1/sqrt(n) = 0.07 and a bias of order 1/n, so the mean
    // over 200 trains is within 0.005 (SE) + 0.005 (bias) of 1: allow 0.03.
    // Fano: 100 windows of 100 ms with mean count 2: the variance-to-mean ratio has a standard
    // deviation of about sqrt(2/99 + 1/(2*100)) = 0.15 per train, 0.011 for the mean of 200:
    // allow 0.06 (about 5 SE).
    let trains: Vec<Vec<f64>> = (0..200)
        .map(|i| poisson_train(&mut stream(11, Purpose::Neuron, 0, i), 20.0, 10.0))
        .collect();
    let (cv, n) = irregularity::mean_cv_isi(&trains).unwrap();
    assert_eq!(n, 200);
    assert!((cv - 1.0).abs() < 0.03, "CV {cv}");
    let (fano, _) = irregularity::mean_fano_factor(&trains, 0.0, 10.0, 0.1).unwrap();
    assert!((fano - 1.0).abs() < 0.06, "Fano {fano}");
}

#[test]
fn spike_count_correlation_of_shared_input_equals_shared_fraction() {
    // Each train = its own Poisson train of rate (1-c) nu + a common one of rate c nu: the
    // count correlation in any bin is c. 1000 bins of 10 ms: SE of one pair's correlation is
    // about 1/sqrt(1000) = 0.03; the mean over 190 pairs of 20 trains is dominated by the
    // shared train's own sampling noise, ~0.03 / sqrt(20): allow 0.04. Independent trains: 0.
    let (nu, c, t1) = (50.0, 0.2, 10.0);
    let common = poisson_train(&mut stream(12, Purpose::Neuron, 1, 0), c * nu, t1);
    let trains: Vec<Vec<f64>> = (0..20)
        .map(|i| {
            let mut t = poisson_train(&mut stream(12, Purpose::Neuron, 0, i), (1.0 - c) * nu, t1);
            t.extend(&common);
            t.sort_by(f64::total_cmp);
            t
        })
        .collect();
    let (r, pairs) =
        correlation::mean_pairwise_correlation(&trains, 0.0, t1, 0.01, 10_000, 1).unwrap();
    assert_eq!(pairs, 190);
    assert!((r - c).abs() < 0.04, "{r}");
    let independent: Vec<Vec<f64>> = (0..20)
        .map(|i| poisson_train(&mut stream(13, Purpose::Neuron, 0, i), nu, t1))
        .collect();
    let (r0, _) =
        correlation::mean_pairwise_correlation(&independent, 0.0, t1, 0.01, 10_000, 1).unwrap();
    assert!(r0.abs() < 0.01, "{r0}");
}

/// Activity per generation of a Galton-Watson process with Poisson(m) offspring, started by
/// one event, cut at `max_size` events.
fn galton_watson(rng: &mut SimRng, m: f64, max_size: u64) -> Vec<u64> {
    let mut generations = vec![1u64];
    let mut size = 1;
    while let Some(&a) = generations.last() {
        if a == 0 || size > max_size {
            break;
        }
        let next = if a == 0 {
            0
        } else {
            Poisson::new(m * a as f64).unwrap().sample(rng) as u64
        };
        size += next;
        generations.push(next);
    }
    generations
}

#[test]
fn critical_branching_gives_avalanche_exponents_three_halves_and_two() {
    // A critical branching process (m = 1) has P(S) ~ S^-3/2 and P(T) ~ T^-2 (Beggs & Plenz
    // 2003; Harris 1963). 20,000 avalanches laid end to end with one empty bin between them;
    // the fitted exponents have standard errors (alpha-1)/sqrt(n_tail) ~ 0.01-0.03 plus a
    // finite-size bias from the slow convergence of the duration law: allow 0.1 and 0.25.
    let mut rng = stream(21, Purpose::Neuron, 0, 0);
    let mut series = vec![0u64];
    for _ in 0..20_000 {
        series.extend(
            galton_watson(&mut rng, 1.0, 100_000)
                .into_iter()
                .filter(|&a| a > 0),
        );
        series.push(0);
    }
    let av = avalanches::avalanches(&series);
    assert_eq!(av.len(), 20_000);
    let st = avalanches::avalanche_stats(&series, 1.0, 100);
    let size = st.size.unwrap();
    let duration = st.duration.unwrap();
    assert!((size.alpha - 1.5).abs() < 0.1, "{size:?}");
    assert!((duration.alpha - 2.0).abs() < 0.25, "{duration:?}");
}

#[test]
fn power_law_mle_recovers_a_known_exponent() {
    // Samples of a discrete power law with alpha = 2.5 from x_min = 1 by inversion of its
    // exact CDF (tabulated to 10^6); 20,000 draws: SE (alpha - 1)/sqrt(n) = 0.011, allow 0.05.
    let alpha = 2.5;
    let z = powerlaw::hurwitz_zeta(alpha, 1.0);
    let mut cdf = Vec::with_capacity(1_000_000);
    let mut acc = 0.0;
    for k in 1..=1_000_000u64 {
        acc += (k as f64).powf(-alpha) / z;
        cdf.push(acc);
    }
    let mut rng = stream(22, Purpose::Neuron, 0, 0);
    let data: Vec<u64> = (0..20_000)
        .map(|_| {
            let u = unit_f64(rng.next_u64());
            cdf.partition_point(|&c| c < u) as u64 + 1
        })
        .collect();
    let fit = powerlaw::fit_discrete(&data, 100).unwrap();
    assert!((fit.alpha - alpha).abs() < 0.05, "{fit:?}");
}

fn driven_branching(m: f64, drive: f64, steps: usize, seed: u64) -> Vec<f64> {
    let mut rng = stream(seed, Purpose::Neuron, 0, 0);
    let mut a = drive / (1.0 - m);
    (0..steps)
        .map(|_| {
            a = Poisson::new(m * a + drive).unwrap().sample(&mut rng);
            a
        })
        .collect()
}

#[test]
fn mr_estimator_recovers_branching_ratio_also_under_subsampling() {
    // A_{t+1} ~ Poisson(m A_t + h) (Wilting & Priesemann 2018, their model). The lag-1 slope
    // from n = 100,000 steps has SE ~ sqrt((1 - m^2)/n) = 0.0014 for m = 0.9; observing each
    // event with probability 0.1 scales all r_k by b but leaves m: allow 0.02 (subsampled) and
    // 0.01 (full). Near criticality (m = 0.99, tau = 100 steps) allow 0.01.
    for &(m, tol) in &[(0.9, 0.01), (0.99, 0.01)] {
        let a = driven_branching(m, 10.0, 100_000, 31);
        let fit = branching::mr_estimate(&a, 1.0, 40).unwrap();
        assert!((fit.m - m).abs() < tol, "m {m}: {fit:?}");
    }
    let a = driven_branching(0.9, 10.0, 100_000, 32);
    let mut rng = stream(33, Purpose::Neuron, 0, 0);
    let sub: Vec<f64> = a
        .iter()
        .map(|&x| {
            rand_distr::Binomial::new(x as u64, 0.1)
                .unwrap()
                .sample(&mut rng) as f64
        })
        .collect();
    let fit = branching::mr_estimate(&sub, 1.0, 40).unwrap();
    assert!((fit.m - 0.9).abs() < 0.02, "{fit:?}");
    // b = q^2 Var(A) / (q^2 Var(A) + q (1 - q) E(A)) with E(A) = h / (1 - m) = 100 and, for
    // Poisson offspring, Var(A) = E(A) / (1 - m^2) = 526.3: b = 0.369.
    let (q, mean) = (0.1, 100.0);
    let var = mean / (1.0 - 0.81);
    let b = q * q * var / (q * q * var + q * (1.0 - q) * mean);
    assert!((fit.b - b).abs() < 0.05, "{fit:?} expected b {b}");
}
