//! Statistics over recorded simulation data: rates, irregularity, correlations, synchrony,
//! spectra, balance, avalanches, branching and autocorrelation.
//!
//! Each statistic is a function over plain data (spike times, binned counts, traces) in its
//! own file; [`summarize`] applies them to a [`SimResult`] with the conventions stated on
//! [`SimulationStats`].

pub mod autocorrelation;
pub mod avalanches;
pub mod balance;
pub mod branching;
pub mod correlation;
pub mod irregularity;
pub mod latency;
pub mod powerlaw;
pub mod rates;
pub mod spectrum;
pub mod synchrony;
pub mod uncertainty;

use eibal_model::Model;
use eibal_sim::{Outcome, SimResult, SpikeCoverage};
use serde::Serialize;

/// Window of the Fano factor (s).
pub const FANO_WINDOW: f64 = 0.1;
/// Bin of the spike-count correlations (s).
pub const CORRELATION_BIN: f64 = 0.01;
/// Pairs drawn for the mean correlation.
pub const CORRELATION_PAIRS: usize = 2000;
/// Neurons per population whose pooled spikes define avalanches ("electrodes").
pub const AVALANCHE_SAMPLE: usize = 100;
/// Bin of the population rate whose spectrum is taken (s).
pub const SPECTRUM_BIN: f64 = 1e-3;

/// Per-population statistics. `None` (JSON null) always comes with a line in
/// `SimulationStats::notes` saying why.
#[derive(Debug, Clone, Serialize)]
pub struct PopulationStats {
    pub name: String,
    pub kind: &'static str,
    pub size: usize,
    /// Mean firing rate over all neurons after the warmup.
    pub rate_hz: Option<f64>,
    pub rate_distribution: Option<rates::RateDistribution>,
    /// Mean CV of ISIs over neurons with at least 3 spikes after the warmup.
    pub cv: Option<f64>,
    pub cv_neurons: usize,
    /// Mean Fano factor of spike counts in windows of `FANO_WINDOW`.
    pub fano: Option<f64>,
    /// Mean pairwise spike-count correlation in bins of `CORRELATION_BIN`.
    pub correlation: Option<f64>,
    /// Golomb chi of the membrane potentials (x, S) of the sampled neurons, 1 ms means.
    pub chi: Option<f64>,
    /// Peak of the power spectrum of the population rate (1 ms bins, Welch, ~1 s segments).
    pub spectrum_peak_hz: Option<f64>,
    pub spectrum_peak_prominence: Option<f64>,
    /// mean |E + I + X| / mean |E + X| over sampled neurons (`balance::balance_index`).
    pub balance_index: Option<f64>,
    /// Mean over sampled neurons of corr(E + X, -I) in 1 ms bins (`balance::ei_correlation`).
    pub ei_correlation: Option<f64>,
    /// Mean excitatory, inhibitory and external input of sampled neurons (V for lif_delta,
    /// as tau_m times the rate of change; A for lif_exp and lif_cond; input units otherwise).
    pub mean_input_exc: Option<f64>,
    pub mean_input_inh: Option<f64>,
    pub mean_input_ext: Option<f64>,
    /// Rate and binary units: mean state (x or S) of sampled units after the warmup.
    pub mean_activity: Option<f64>,
    /// Rate and binary units: 1/e time of the units' mean autocorrelation.
    pub autocorrelation_time_s: Option<f64>,
    /// Mean synaptic scaling factor at the end (scaled populations only).
    pub scaling_factor: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NetworkStats {
    pub avalanches: Option<avalanches::AvalancheStats>,
    pub branching: Option<branching::BranchingFit>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SimulationStats {
    pub model: String,
    pub duration_s: f64,
    pub simulated_s: f64,
    pub warmup_s: f64,
    pub dt_s: f64,
    pub seed: u64,
    pub neurons: usize,
    pub synapses: u64,
    pub build_s: f64,
    pub run_s: f64,
    /// `completed` or `interrupted`.
    pub outcome: &'static str,
    pub populations: Vec<PopulationStats>,
    pub network: NetworkStats,
    pub notes: Vec<String>,
    pub files: Vec<String>,
}

fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

/// Applies every statistic to a run. `model` names populations in notes.
pub fn summarize(result: &SimResult, model: &Model) -> SimulationStats {
    let _ = model;
    let mut notes = result.notes.clone();
    let pops = (0..result.populations.len())
        .map(|p| population_stats(result, p, &mut notes))
        .collect();
    let network = network_stats(result, &mut notes);
    let dt = result.dt;
    SimulationStats {
        model: result.model.clone(),
        duration_s: result.duration,
        simulated_s: result.t_end,
        warmup_s: result.warmup,
        dt_s: dt,
        seed: result.seed,
        neurons: result.populations.iter().map(|p| p.size).sum(),
        synapses: result.synapses,
        build_s: result.build_seconds,
        run_s: result.run_seconds,
        outcome: match result.outcome {
            Outcome::Completed => "completed",
            Outcome::Interrupted { .. } => "interrupted",
        },
        populations: pops,
        network,
        notes,
        files: result
            .files
            .iter()
            .map(|f| f.display().to_string())
            .collect(),
    }
}

/// Notes about one population: `name: what: why`.
struct PopulationNotes<'a> {
    name: &'a str,
    notes: &'a mut Vec<String>,
}

impl PopulationNotes<'_> {
    fn add(&mut self, what: &str, why: &str) {
        self.notes.push(format!("{}: {what}: {why}", self.name));
    }
}

/// The in-memory traces of population `p`'s sampled neurons after the warmup, one column per
/// neuron, for each recorded quantity.
struct SampledColumns {
    /// Bin width of the traces (s).
    bin: f64,
    state: Vec<Vec<f64>>,
    exc: Vec<Vec<f64>>,
    inh: Vec<Vec<f64>>,
    ext: Vec<Vec<f64>>,
}

fn sampled_columns(result: &SimResult, p: usize) -> Option<SampledColumns> {
    let sample = result.samples.iter().find(|s| s.population == p)?;
    let first_bin = ((result.warmup / sample.bin).ceil() as usize).min(sample.bins());
    let columns = |data: &[f32]| -> Vec<Vec<f64>> {
        (0..sample.neurons.len())
            .map(|k| sample.column(data, k)[first_bin..].to_vec())
            .collect()
    };
    Some(SampledColumns {
        bin: sample.bin,
        state: columns(&sample.state),
        exc: columns(&sample.exc),
        inh: columns(&sample.inh),
        ext: columns(&sample.ext),
    })
}

/// Every statistic of population `p`.
fn population_stats(result: &SimResult, p: usize, notes: &mut Vec<String>) -> PopulationStats {
    let info = &result.populations[p];
    let mut note = PopulationNotes {
        name: &info.name,
        notes,
    };
    let sampled = sampled_columns(result, p);
    let mut st = PopulationStats {
        name: info.name.clone(),
        kind: info.kind,
        size: info.size,
        rate_hz: None,
        rate_distribution: None,
        cv: None,
        cv_neurons: 0,
        fano: None,
        correlation: None,
        chi: None,
        spectrum_peak_hz: None,
        spectrum_peak_prominence: None,
        balance_index: None,
        ei_correlation: None,
        mean_input_exc: None,
        mean_input_inh: None,
        mean_input_ext: None,
        mean_activity: None,
        autocorrelation_time_s: None,
        scaling_factor: result
            .scaling
            .iter()
            .find(|(n, _)| *n == info.name)
            .map(|s| s.1),
    };
    if info.spiking {
        spike_statistics(result, p, &mut st, &mut note);
    } else {
        unit_statistics(result, sampled.as_ref(), &mut st, &mut note);
    }
    match &sampled {
        Some(columns) => input_statistics(columns, &mut st, &mut note),
        None => note.add("chi, balance_index", "no sampled neurons"),
    }
    st
}

/// Rates, irregularity, correlations and the spectrum of a spiking population.
fn spike_statistics(
    result: &SimResult,
    p: usize,
    st: &mut PopulationStats,
    note: &mut PopulationNotes,
) {
    let info = &result.populations[p];
    let (t0, t1, dt) = (result.warmup, result.t_end, result.dt);
    let counts = &result.counts_after_warmup[info.first..info.first + info.size];
    st.rate_distribution = rates::rate_distribution(counts, t1 - t0);
    st.rate_hz = st.rate_distribution.as_ref().map(|d| d.mean_hz);
    let trains = result.spike_trains(p);
    if let SpikeCoverage::FirstPerPopulation(n) = result.coverage {
        note.add(
            "cv, fano, correlation",
            &format!("from the first {n} neurons only (memory budget)"),
        );
    }
    match irregularity::mean_cv_isi(&trains) {
        Some((cv, n)) => {
            st.cv = Some(cv);
            st.cv_neurons = n;
        }
        None => note.add("cv", "fewer than 3 spikes after the warmup in every neuron"),
    }
    st.fano = irregularity::mean_fano_factor(&trains, t0, t1, FANO_WINDOW).map(|f| f.0);
    if st.fano.is_none() {
        note.add(
            "fano",
            "no spikes, or a window shorter than two 100 ms counting windows",
        );
    }
    st.correlation = correlation::mean_pairwise_correlation(
        &trains,
        t0,
        t1,
        CORRELATION_BIN,
        CORRELATION_PAIRS,
        result.seed,
    )
    .map(|c| c.0);
    if st.correlation.is_none() {
        note.add(
            "correlation",
            "fewer than two neurons with varying spike counts",
        );
    }
    let bin = ((SPECTRUM_BIN / dt).round() as usize).max(1);
    let w_steps = result.warmup_steps();
    let rate: Vec<f64> = rates::bin_counts(
        &result.population_counts[p][w_steps.min(result.steps())..],
        bin,
    )
    .iter()
    .map(|&c| c as f64 / (info.size as f64 * bin as f64 * dt))
    .collect();
    let bin_s = bin as f64 * dt;
    let segment = (1.0 / bin_s).round() as usize;
    match spectrum::welch(&rate, bin_s, segment).and_then(|s| spectrum::peak(&s, 2.0)) {
        Some(pk) => {
            st.spectrum_peak_hz = Some(pk.frequency_hz);
            st.spectrum_peak_prominence = Some(pk.prominence);
        }
        None if rate.iter().all(|&r| r == 0.0) => note.add(
            "spectrum_peak_hz",
            "no spike after the warmup: a silent population has no spectral peak",
        ),
        None => note.add(
            "spectrum_peak_hz",
            "population rate shorter than 16 bins after the warmup",
        ),
    }
}

/// Mean activity and autocorrelation time of rate and binary units.
fn unit_statistics(
    result: &SimResult,
    sampled: Option<&SampledColumns>,
    st: &mut PopulationStats,
    note: &mut PopulationNotes,
) {
    let states = sampled.map_or(&[][..], |c| &c.state[..]);
    let all: Vec<f64> = states.iter().flatten().copied().collect();
    st.mean_activity = mean(&all);
    let bin = sampled.map_or(result.dt, |c| c.bin);
    let max_lag = states.first().map_or(0, |c| c.len() / 4);
    st.autocorrelation_time_s = autocorrelation::autocorrelation_time(states, bin, max_lag);
    if st.autocorrelation_time_s.is_none() {
        note.add(
            "autocorrelation_time_s",
            "the autocorrelation did not fall below 1/e within a quarter of the run, or the units do not vary",
        );
    }
    note.add(
        "rate_hz, cv, fano, correlation, spectrum_peak_hz",
        &format!("{} units do not spike (see mean_activity)", st.kind),
    );
}

/// Synchrony (chi), mean inputs, balance and E/I input correlation of the sampled neurons.
fn input_statistics(c: &SampledColumns, st: &mut PopulationStats, note: &mut PopulationNotes) {
    st.chi = synchrony::golomb_chi(&c.state);
    if st.chi.is_none() {
        note.add("chi", "fewer than two sampled neurons with varying state");
    }
    let means = |c: &[Vec<f64>]| c.iter().filter_map(|x| mean(x)).collect::<Vec<f64>>();
    let (me, mi, mx) = (means(&c.exc), means(&c.inh), means(&c.ext));
    st.mean_input_exc = mean(&me);
    st.mean_input_inh = mean(&mi);
    st.mean_input_ext = mean(&mx);
    st.balance_index = balance::balance_index(&me, &mi, &mx);
    if st.balance_index.is_none() {
        note.add("balance_index", "no excitatory input");
    }
    let corrs: Vec<f64> = c
        .exc
        .iter()
        .zip(&c.ext)
        .zip(&c.inh)
        .filter_map(|((e, x), i)| {
            let ex: Vec<f64> = e.iter().zip(x).map(|(a, b)| a + b).collect();
            balance::ei_correlation(&ex, i)
        })
        .collect();
    st.ei_correlation = mean(&corrs);
    if st.ei_correlation.is_none() {
        note.add(
            "ei_correlation",
            "excitatory or inhibitory input does not vary (e.g. no inhibition)",
        );
    }
}

/// Network level: avalanches and branching from the pooled spikes of up to
/// [`AVALANCHE_SAMPLE`] neurons of each spiking population.
fn network_stats(result: &SimResult, notes: &mut Vec<String>) -> NetworkStats {
    let mut network = NetworkStats {
        avalanches: None,
        branching: None,
    };
    let spiking: Vec<_> = result.populations.iter().filter(|p| p.spiking).collect();
    if spiking.is_empty() {
        return network;
    }
    let (dt, w_steps) = (result.dt, result.warmup_steps());
    let keep = |g: usize| {
        spiking
            .iter()
            .any(|p| g >= p.first && g < p.first + AVALANCHE_SAMPLE.min(p.size))
    };
    let per_step: Vec<u32> = {
        let mut c = vec![0u32; result.steps() + 1];
        for (&s, &n) in result.spike_steps.iter().zip(&result.spike_neurons) {
            if (s as usize) > w_steps && keep(n as usize) {
                c[s as usize - 1] += 1;
            }
        }
        c[w_steps.min(result.steps())..result.steps()].to_vec()
    };
    let total: u64 = per_step.iter().map(|&c| c as u64).sum();
    if total < 2 {
        notes.push("avalanches, branching: fewer than 2 spikes in the sampled neurons".into());
        return network;
    }
    // Beggs & Plenz (2003): bin = mean inter-event interval of the pooled train.
    let iei = (result.t_end - result.warmup) / total as f64;
    let bin = ((iei / dt).round() as usize).max(1);
    let binned = rates::bin_counts(&per_step, bin);
    let bin_s = bin as f64 * dt;
    let av = avalanches::avalanche_stats(&binned, bin_s, 50);
    if av.size.is_none() {
        notes.push("avalanches: fewer than 50 avalanches, no power-law fit".into());
    }
    network.avalanches = Some(av);
    let activity: Vec<f64> = binned.iter().map(|&c| c as f64).collect();
    network.branching = branching::mr_estimate(&activity, bin_s, 40);
    if network.branching.is_none() {
        notes.push("branching: activity too short or constant for the MR estimator".into());
    }
    network
}
