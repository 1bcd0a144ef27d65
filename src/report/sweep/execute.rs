//! Running a sweep: the mean-field theory and its linear stability at every point (cheap),
//! spiking simulations at chosen points (several seeds: mean and standard error), all in
//! parallel on the rayon pool with one progress bar.
//!
//! Each point compiles the parsed file once more with the swept values as overrides
//! ([`crate::lang::Prepared`]), so every derived quantity (`let nu_thr = ...`) follows the
//! swept params exactly as with `--set`.

use super::grid::Axis;
use crate::analysis::uncertainty;
use crate::error::{Error, Result};
use crate::lang::{Override, Prepared};
use crate::model::{Model, Quantity};
use crate::sim::RunOptions;
use crate::theory::stability::analyse;
use crate::theory::transfer::TransferForm;
use crate::theory::{self, TheoryOptions};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use std::io::IsTerminal;

/// Up to this many theory points the stability uses the exact LIF transfer function
/// (about a second per point); beyond, the first-order low-pass approximation.
pub const EXACT_TRANSFER_POINTS: usize = 64;

/// A model file prepared for sweeping, the fixed `--set` overrides and the axes.
pub struct Sweep {
    pub prepared: Prepared,
    /// `--set` overrides of params that are not swept.
    pub set: Vec<Override>,
    pub axes: Vec<Axis>,
}

impl Sweep {
    /// `set` are the `--set NAME=VALUE` texts; overrides of a swept param are refused.
    pub fn new(prepared: Prepared, set: &[String], axes: Vec<Axis>) -> Result<Sweep> {
        let set = set
            .iter()
            .map(|s| Override::parse(s))
            .collect::<Result<Vec<_>>>()?;
        for o in &set {
            if let Override::Text { name, .. } = o
                && axes.iter().any(|a| &a.param == name)
            {
                return Err(Error::BadInput(format!(
                    "error: `{name}` is both swept and set with --set; drop one"
                )));
            }
        }
        Ok(Sweep {
            prepared,
            set,
            axes,
        })
    }

    /// The model at one point (`values` one per axis, SI).
    pub fn model_at(&self, values: &[f64]) -> Result<Model> {
        let mut set: Vec<Override> = self
            .axes
            .iter()
            .zip(values)
            .map(|(a, &v)| Override::Value {
                name: a.param.clone(),
                value: Quantity::new(v, a.dimension),
            })
            .collect();
        set.extend(self.set.iter().cloned());
        self.prepared.compile(&set)
    }

    /// All points, the first axis varying fastest: index = i + j * n0.
    pub fn points(&self) -> Vec<Vec<f64>> {
        let first = &self.axes[0].values;
        match self.axes.get(1) {
            None => first.iter().map(|&x| vec![x]).collect(),
            Some(second) => second
                .values
                .iter()
                .flat_map(|&y| first.iter().map(move |&x| vec![x, y]))
                .collect(),
        }
    }

    /// The transfer function for `n` theory points.
    pub fn transfer_for(n: usize) -> TransferForm {
        if n <= EXACT_TRANSFER_POINTS {
            TransferForm::Exact
        } else {
            TransferForm::LowPass
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
}

/// The leading growth rate Re lambda (1/s) at a point: negative when stable. The indicator
/// whose sign change [`super::critical`] refines.
pub fn growth_rate(sweep: &Sweep, values: &[f64], form: TransferForm) -> Result<f64> {
    let model = sweep.model_at(values)?;
    let prediction = theory::solve(&model, &TheoryOptions::fixed_point_only())?;
    let fixed = prediction
        .fixed_points
        .first()
        .ok_or_else(|| Error::Runtime("no fixed point".into()))?;
    let s = analyse(&model, fixed, form)?;
    s.roots
        .roots
        .first()
        .map(|r| r.growth_rate_per_s)
        .ok_or_else(|| Error::Runtime("no root of the characteristic equation found".into()))
}

/// The theory and stability at one point; failures are recorded, not raised.
pub fn theory_at(sweep: &Sweep, values: &[f64], form: TransferForm) -> TheoryPoint {
    let mut point = TheoryPoint {
        values: values.to_vec(),
        rates: None,
        cv: None,
        stable: None,
        growth_rate_per_s: None,
        frequency_hz: None,
        error: None,
        stability_error: None,
    };
    let model = match sweep.model_at(values) {
        Ok(m) => m,
        Err(e) => {
            point.error = Some(e.to_string());
            return point;
        }
    };
    let prediction = match theory::solve(&model, &TheoryOptions::fixed_point_only()) {
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
    match analyse(&model, fixed, form) {
        Ok(s) => {
            point.stable = Some(s.stable);
            if let Some(r) = s.roots.roots.first() {
                point.growth_rate_per_s = Some(r.growth_rate_per_s);
                point.frequency_hz = Some(r.frequency_hz);
            }
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
) -> Result<RunSummary> {
    let model = sweep.model_at(values)?;
    let options = RunOptions {
        duration,
        seed: Some(seed),
        ..RunOptions::default()
    };
    let result = crate::sim::run(&model, &options)?;
    let stats = crate::analysis::summarize(&result, &model);
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
                let blocks = uncertainty::block_rates(&result, p, uncertainty::BLOCKS);
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
    pub progress: bool,
}

/// Theory at every point and simulations at the chosen ones.
pub fn execute(
    sweep: &Sweep,
    options: &ExecuteOptions,
) -> Result<(Vec<TheoryPoint>, Vec<SimPoint>)> {
    let points = sweep.points();
    let seeds: Vec<u64> = (0..options.seeds.max(1) as u64)
        .map(|k| options.seed.wrapping_add(k))
        .collect();
    let jobs: Vec<(usize, u64)> = (0..options.simulate.len())
        .flat_map(|p| seeds.iter().map(move |&s| (p, s)))
        .collect();
    let bar = progress_bar(
        (points.len() + jobs.len()) as u64,
        options.progress,
        "theory",
    );
    let theory: Vec<TheoryPoint> = points
        .par_iter()
        .map(|v| {
            let t = theory_at(sweep, v, options.form);
            bar.inc(1);
            t
        })
        .collect();
    bar.set_message("simulation");
    let runs: Vec<Result<RunSummary>> = jobs
        .par_iter()
        .map(|&(p, seed)| {
            let r = simulate_once(sweep, &options.simulate[p], seed, options.duration);
            bar.inc(1);
            r
        })
        .collect();
    bar.finish_and_clear();
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

/// A bar on stderr, hidden unless asked for and stderr is a terminal.
pub fn progress_bar(len: u64, show: bool, message: &'static str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::hidden());
    if show && std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} points, eta {eta}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
    }
    bar.set_message(message);
    bar
}
