//! Running a sweep: the mean-field theory and its linear stability at every point (cheap),
//! spiking simulations at chosen points (several seeds: mean and standard error), all in
//! parallel on the rayon pool, reporting to the caller's observer.
//!
//! Each point re-builds the model through its [`ParamSpace`] with the swept values set, so
//! every derived quantity (`let nu_thr = ...`) follows the swept params exactly as with
//! `--set`.

use crate::simulate::{SimulateRequest, simulate};
use eibal_analysis::uncertainty;
use eibal_model::error::{Error, Result};
use eibal_model::observe::CancelOnly;
use eibal_model::{Axis, Model, Observer, ParamSpace};
use eibal_theory::MeanFieldNetwork;
use eibal_theory::network::result::FixedPoint;
use eibal_theory::network::root_tracking::{self, leading_roots_tracked};
use eibal_theory::network::stability::analyse;
use eibal_theory::neuron::transfer::TransferForm;
use eibal_theory::phase_plane::point::FAR_LEFT;
use eibal_theory::{self as theory, TheoryOptions};
use num_complex::Complex64;
use rayon::prelude::*;
use serde::Serialize;
use std::f64::consts::PI;

/// The models of a sweep and its axes.
pub struct Sweep<'s> {
    pub space: &'s dyn ParamSpace,
    pub axes: Vec<Axis>,
}

impl Sweep<'_> {
    /// The model at one point (`values` one per axis, SI).
    pub fn model_at(&self, values: &[f64]) -> Result<Model> {
        let set: Vec<(&str, f64)> = self
            .axes
            .iter()
            .zip(values)
            .map(|(a, &v)| (a.param.as_str(), v))
            .collect();
        self.space.at(&set)
    }

    /// All points, the first axis varying fastest: index = i + j * n0.
    pub fn points(&self) -> Vec<Vec<f64>> {
        let first = &self.axes[0].values_si;
        match self.axes.get(1) {
            None => first.iter().map(|&x| vec![x]).collect(),
            Some(second) => second
                .values_si
                .iter()
                .flat_map(|&y| first.iter().map(move |&x| vec![x, y]))
                .collect(),
        }
    }
}

/// The theory at one point.
#[derive(Debug, Clone, Serialize)]
pub struct TheoryPoint {
    /// One value per axis (SI).
    pub values: Vec<f64>,
    /// Rates (Hz; activities for rate and binary units) of the fixed point reached from rest.
    pub rates: Option<Vec<f64>>,
    pub cv: Option<Vec<Option<f64>>>,
    /// Linear stability of that fixed point; `None` with `stability_error`.
    pub stable: Option<bool>,
    /// Leading root of the characteristic equation: Re lambda (1/s) and Im lambda / 2 pi.
    pub growth_rate_per_s: Option<f64>,
    pub frequency_hz: Option<f64>,
    /// Why the theory failed here (no rates).
    pub error: Option<String>,
    pub stability_error: Option<String>,
    /// Leading roots (Im >= 0) when tracked: the seeds for the next point of the first axis.
    #[serde(skip)]
    pub roots: Vec<Complex64>,
}

/// The stability of a fixed point: stable?, and the leading root if one was found.
struct Leading {
    stable: bool,
    root: Option<Complex64>,
    /// Roots to seed the neighbours with (LIF networks with the exact transfer function).
    roots: Vec<Complex64>,
}

/// Linear stability at `fixed`. LIF networks (delta or exponential synapses): the leading
/// roots tracked by Newton's method from `seeds` and the fixed survey seeds
/// ([`leading_roots_tracked`], as `eibal boundary`); stable when no root has Re lambda > 0.
/// Other networks: the full search of [`analyse`].
fn leading(
    network: &MeanFieldNetwork,
    fixed: &FixedPoint,
    form: TransferForm,
    seeds: &[Complex64],
) -> Result<Leading> {
    if root_tracking::trackable(network) {
        let roots = leading_roots_tracked(network, fixed, form, seeds, true)?;
        let root = roots.first().copied();
        return Ok(Leading {
            stable: root.is_none_or(|r| r.re <= 0.0),
            root,
            roots,
        });
    }
    let s = analyse(network, fixed, form)?;
    Ok(Leading {
        stable: s.stable,
        root: s.roots.roots.first().map(|r| r.lambda()),
        roots: Vec::new(),
    })
}

/// The leading growth rate Re lambda (1/s) at a point: negative when stable (-FAR_LEFT when
/// no root is within reach of the imaginary axis). The indicator whose sign change
/// [`super::critical`] refines; `seeds` are roots of the neighbouring points.
pub fn growth_rate(
    sweep: &Sweep,
    values: &[f64],
    form: TransferForm,
    seeds: &[Complex64],
) -> Result<f64> {
    let network = MeanFieldNetwork::compile(&sweep.model_at(values)?, 1.0)?;
    let prediction = theory::solve_network(&network, &TheoryOptions::fixed_point_only())?;
    let fixed = prediction
        .fixed_points
        .first()
        .ok_or_else(|| Error::Runtime("no fixed point".into()))?;
    let l = leading(&network, fixed, form, seeds)?;
    match l.root {
        Some(r) => Ok(r.re),
        None if l.stable => Ok(-FAR_LEFT),
        None => Err(Error::Runtime(
            "no root of the characteristic equation found".into(),
        )),
    }
}

/// The theory and stability at one point; failures are recorded, not raised. `seeds` are
/// the leading roots of the previous point of the first axis.
pub fn theory_at(
    sweep: &Sweep,
    values: &[f64],
    form: TransferForm,
    seeds: &[Complex64],
) -> TheoryPoint {
    let mut point = TheoryPoint {
        values: values.to_vec(),
        rates: None,
        cv: None,
        stable: None,
        growth_rate_per_s: None,
        frequency_hz: None,
        error: None,
        stability_error: None,
        roots: Vec::new(),
    };
    let model = match sweep.model_at(values) {
        Ok(m) => m,
        Err(e) => {
            point.error = Some(e.to_string());
            return point;
        }
    };
    let network = match MeanFieldNetwork::compile(&model, 1.0) {
        Ok(n) => n,
        Err(e) => {
            point.error = Some(e.to_string());
            return point;
        }
    };
    let prediction = match theory::solve_network(&network, &TheoryOptions::fixed_point_only()) {
        Ok(p) => p,
        Err(e) => {
            point.error = Some(e.to_string());
            return point;
        }
    };
    let Some(fixed) = prediction.fixed_points.first() else {
        point.error = Some("no fixed point".into());
        return point;
    };
    point.rates = Some(fixed.rates());
    point.cv = Some(fixed.populations.iter().map(|p| p.cv).collect());
    match leading(&network, fixed, form, seeds) {
        Ok(l) => {
            point.stable = Some(l.stable);
            if let Some(r) = l.root {
                point.growth_rate_per_s = Some(r.re);
                point.frequency_hz = Some(r.im.abs() / (2.0 * PI));
            }
            point.roots = l.roots;
        }
        Err(e) => point.stability_error = Some(e.to_string()),
    }
    point
}

/// A simulated statistic over seeds: mean and standard error.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    pub mean: f64,
    /// Across seeds (sd / sqrt(seeds)); with one seed, from 10 time blocks of the run
    /// (rates only), else `None`.
    pub se: Option<f64>,
    /// Seeds that gave a value.
    pub n: usize,
}

impl Estimate {
    fn of(values: &[f64], single_se: Option<f64>) -> Option<Estimate> {
        let n = values.len();
        (n > 0).then(|| Estimate {
            mean: values.iter().sum::<f64>() / n as f64,
            se: if n >= 2 {
                uncertainty::standard_error(values)
            } else {
                single_se
            },
            n,
        })
    }
}

/// The simulations at one point.
#[derive(Debug, Clone, Serialize)]
pub struct SimPoint {
    pub values: Vec<f64>,
    pub seeds: Vec<u64>,
    /// Per population: the rate (Hz), or the mean activity of rate and binary units.
    pub rate_hz: Vec<Option<Estimate>>,
    pub cv: Vec<Option<Estimate>>,
    /// Golomb chi (largest over populations).
    pub chi: Option<Estimate>,
    /// Runs that failed (exploded, fell silent), with the seed.
    pub errors: Vec<String>,
}

/// What one run gave: per population (rate, block SE of the rate, CV) and chi.
struct RunSummary {
    rates: Vec<Option<(f64, Option<f64>)>>,
    cv: Vec<Option<f64>>,
    chi: Option<f64>,
}

fn simulate_once(
    sweep: &Sweep,
    values: &[f64],
    seed: u64,
    duration: Option<f64>,
    observer: &dyn Observer,
) -> Result<RunSummary> {
    let model = sweep.model_at(values)?;
    let request = SimulateRequest {
        duration,
        seed: Some(seed),
        // One thread per run: the points are the unit of parallel work.
        threads: 1,
        ..SimulateRequest::default()
    };
    let run = simulate(&model, &request, &CancelOnly(observer))?;
    let (result, stats) = (&run.result, &run.statistics);
    let rates = stats
        .populations
        .iter()
        .enumerate()
        .map(|(p, s)| {
            if !result.populations[p].spiking {
                // Rate and binary units: the mean activity, as the theory reports it.
                return s.mean_activity.map(|a| (a, None));
            }
            s.rate_hz.map(|r| {
                let blocks = uncertainty::block_rates(result, p, uncertainty::BLOCKS);
                (r, uncertainty::standard_error(&blocks))
            })
        })
        .collect();
    Ok(RunSummary {
        rates,
        cv: stats.populations.iter().map(|s| s.cv).collect(),
        chi: stats
            .populations
            .iter()
            .filter_map(|p| p.chi)
            .fold(None, |m: Option<f64>, c| Some(m.map_or(c, |m| m.max(c)))),
    })
}

/// How to run a sweep.
#[derive(Debug, Clone)]
pub struct ExecuteOptions {
    pub form: TransferForm,
    /// Points to simulate (one value per axis, SI).
    pub simulate: Vec<Vec<f64>>,
    pub seeds: usize,
    /// The first seed (the model's); further seeds are seed + 1, seed + 2, ...
    pub seed: u64,
    /// Network time per run (s); `None`: the model's.
    pub duration: Option<f64>,
}

/// Theory at every point and simulations at the chosen ones.
pub fn execute(
    sweep: &Sweep,
    options: &ExecuteOptions,
    observer: &dyn Observer,
) -> Result<(Vec<TheoryPoint>, Vec<SimPoint>)> {
    let points = sweep.points();
    let seeds: Vec<u64> = (0..options.seeds.max(1) as u64)
        .map(|k| options.seed.wrapping_add(k))
        .collect();
    let jobs: Vec<(usize, u64)> = (0..options.simulate.len())
        .flat_map(|p| seeds.iter().map(move |&s| (p, s)))
        .collect();
    observer.start(
        "sweep: theory at every point, then the simulations",
        (points.len() + jobs.len()) as u64,
    );
    // Rows of the first axis (one per value of the second) in parallel; along a row each
    // point is seeded with the roots of the previous one.
    let n_first = sweep.axes[0].values_si.len().max(1);
    let rows: Vec<Vec<TheoryPoint>> = points
        .par_chunks(n_first)
        .map(|row| {
            let mut out: Vec<TheoryPoint> = Vec::with_capacity(row.len());
            for v in row {
                if observer.cancelled() {
                    return Err(Error::Cancelled);
                }
                let seeds = out.last().map_or(&[][..], |p| p.roots.as_slice());
                let t = theory_at(sweep, v, options.form, seeds);
                observer.advance(1);
                out.push(t);
            }
            Ok(out)
        })
        .collect::<Result<_>>()?;
    let theory: Vec<TheoryPoint> = rows.into_iter().flatten().collect();
    let runs: Vec<Result<RunSummary>> = jobs
        .par_iter()
        .map(|&(p, seed)| {
            if observer.cancelled() {
                return Err(Error::Cancelled);
            }
            let r = simulate_once(
                sweep,
                &options.simulate[p],
                seed,
                options.duration,
                observer,
            );
            observer.advance(1);
            r
        })
        .collect();
    if observer.cancelled() {
        return Err(Error::Cancelled);
    }
    observer.finish();
    let mut sims = Vec::with_capacity(options.simulate.len());
    for (p, values) in options.simulate.iter().enumerate() {
        let mine: Vec<(&u64, &Result<RunSummary>)> = jobs
            .iter()
            .zip(&runs)
            .filter(|((q, _), _)| *q == p)
            .map(|((_, s), r)| (s, r))
            .collect();
        let ok: Vec<&RunSummary> = mine.iter().filter_map(|(_, r)| r.as_ref().ok()).collect();
        let errors = mine
            .iter()
            .filter_map(|(s, r)| r.as_ref().err().map(|e| format!("seed {s}: {e}")))
            .collect();
        let n_pop = ok.first().map_or(0, |r| r.rates.len());
        let rate_hz = (0..n_pop)
            .map(|a| {
                let xs: Vec<(f64, Option<f64>)> = ok.iter().filter_map(|r| r.rates[a]).collect();
                let means: Vec<f64> = xs.iter().map(|x| x.0).collect();
                Estimate::of(&means, xs.first().and_then(|x| x.1))
            })
            .collect();
        let cv = (0..n_pop)
            .map(|a| {
                let xs: Vec<f64> = ok.iter().filter_map(|r| r.cv[a]).collect();
                Estimate::of(&xs, None)
            })
            .collect();
        let chis: Vec<f64> = ok.iter().filter_map(|r| r.chi).collect();
        sims.push(SimPoint {
            values: values.clone(),
            seeds: seeds.clone(),
            rate_hz,
            cv,
            chi: Estimate::of(&chis, None),
            errors,
        });
    }
    Ok((theory, sims))
}
