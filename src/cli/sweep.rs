//! `eibal sweep`: the theory along one or two params (every point), simulations at chosen
//! points (mean and standard error over seeds), the predicted critical values, a table, CSV,
//! JSON and the rate-against-parameter plot.

use super::ModelArgs;
use super::simulate::parse_duration;
use crate::error::{Error, Result};
use crate::lang::Prepared;
use crate::report::sweep::critical;
use crate::report::sweep::execute::{self, ExecuteOptions, Sweep};
use crate::report::sweep::grid::{self, ParamSpec, ValueReader};
use crate::report::sweep::output::{self, SweepReport};
use crate::theory::transfer::TransferForm;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlotFormat {
    Svg,
    Png,
}

impl PlotFormat {
    pub fn extension(self) -> &'static str {
        match self {
            PlotFormat::Svg => "svg",
            PlotFormat::Png => "png",
        }
    }
}

#[derive(Debug, Args)]
pub struct SweepArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// A swept param: `--param g 3:8:0.25`, `--param J 0.05mV:0.2mV:0.05mV` (LO, HI and STEP
    /// are expressions of the language, units allowed). At most two; without it, the model's
    /// own `sweep` statement.
    #[arg(long = "param", num_args = 2, value_names = ["NAME", "LO:HI:STEP"], allow_hyphen_values = true)]
    pub param: Vec<String>,
    /// Simulate every K-th point of the first axis (the first included).
    #[arg(long, value_name = "K")]
    pub simulate_every: Option<usize>,
    /// Simulate at these values of the first axis (comma-separated expressions, units
    /// allowed: `--sim-at 2ms,4ms`).
    #[arg(long, value_name = "V,...", allow_hyphen_values = true)]
    pub sim_at: Option<String>,
    /// Network time of each simulation, e.g. `2s`, `500ms` (default: the model's).
    #[arg(long, value_parser = parse_duration)]
    pub duration: Option<f64>,
    /// Seeds per simulated point (the model's seed, +1, +2, ...): mean and standard error.
    #[arg(long, default_value_t = 1)]
    pub seeds: usize,
    /// Directory for sweep_theory.csv, sweep_simulation.csv, sweep.json and the plot.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Image format of the plot.
    #[arg(long, value_enum, default_value_t = PlotFormat::Svg)]
    pub format: PlotFormat,
    /// Print machine-readable JSON instead of the table.
    #[arg(long)]
    pub json: bool,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
    /// Stability with the first-order low-pass LIF transfer function H(0)/(1 + lambda tau_m)
    /// instead of the exact one (approximate: it misses the fast oscillatory instabilities of
    /// delta-synapse networks).
    #[arg(long)]
    pub low_pass: bool,
}

pub fn run(args: SweepArgs) -> Result<()> {
    if args.seeds == 0 {
        return Err(Error::BadInput("--seeds must be at least 1".into()));
    }
    if args.simulate_every == Some(0) {
        return Err(Error::BadInput(
            "--simulate-every must be at least 1".into(),
        ));
    }
    if args.simulate_every.is_some() && args.sim_at.is_some() {
        return Err(Error::BadInput(
            "give either --simulate-every or --sim-at, not both".into(),
        ));
    }
    let file = &args.model.file;
    let source = crate::lang::read_source(file)?;
    let prepared = Prepared::new(&source, &file.to_string_lossy())?;
    let base =
        crate::lang::compile_source(&source, &file.to_string_lossy(), &split(&args.model.set)?)?;
    let specs = args
        .param
        .chunks(2)
        .map(|c| match c {
            [name, range] => ParamSpec::parse(name, range),
            _ => Err(Error::BadInput("--param needs NAME and LO:HI:STEP".into())),
        })
        .collect::<Result<Vec<_>>>()?;
    let axes = grid::axes(&base, &specs)?;
    let reader = ValueReader::new(&base);
    let first_values = match (&args.sim_at, args.simulate_every) {
        (Some(text), _) => reader.list(&axes[0], text)?,
        (None, Some(k)) => axes[0].values.iter().step_by(k).copied().collect(),
        (None, None) => Vec::new(),
    };
    let simulate: Vec<Vec<f64>> = match axes.get(1) {
        None => first_values.iter().map(|&x| vec![x]).collect(),
        Some(second) => second
            .values
            .iter()
            .flat_map(|&y| first_values.iter().map(move |&x| vec![x, y]))
            .collect(),
    };
    let sweep = Sweep::new(prepared, &args.model.set, axes)?;
    let form = if args.low_pass {
        TransferForm::LowPass
    } else {
        TransferForm::Exact
    };
    let progress = !args.quiet && !args.json;
    let (theory, simulations) = execute::execute(
        &sweep,
        &ExecuteOptions {
            form,
            simulate,
            seeds: args.seeds,
            seed: base.simulation.seed,
            duration: args.duration,
            progress,
        },
    )?;
    let flips = critical::flips(&theory, sweep.axes[0].values.len()).len();
    let bar = execute::progress_bar(flips as u64, progress && flips > 0, "critical");
    let critical = critical::locate(&sweep, &theory, form, &bar);
    bar.finish_and_clear();
    let mut notes = Vec::new();
    let transfer = match form {
        TransferForm::Exact => "lindner_schimansky_geier_2001".to_string(),
        TransferForm::LowPass => {
            notes.push("--low-pass: stability uses the low-pass transfer function H(0)/(1 + lambda tau_m), which misses the oscillatory instabilities of delta-synapse LIF networks (Brunel 2000's SI states); drop --low-pass for the exact one".into());
            "low_pass".to_string()
        }
    };
    if simulations.is_empty() {
        notes.push("no simulations: add --simulate-every K or --sim-at V,...".into());
    }
    if args.out.is_none() {
        notes.push("files and plot not written: add --out DIR".into());
    }
    let report = SweepReport {
        model: base.name.clone(),
        file: base.file.clone(),
        axes: sweep.axes.clone(),
        populations: SweepReport::populations_of(&base),
        transfer,
        theory,
        simulations,
        critical,
        notes,
    };
    if let Some(dir) = &args.out {
        output::write_files(&report, dir, args.format.extension())?;
    }
    if args.json {
        super::print_json(&report)?;
    } else {
        print!("{}", output::table(&report));
    }
    if report.theory.iter().all(|t| t.error.is_some()) {
        return Err(Error::Runtime(format!(
            "the theory failed at every point of the sweep (first: {})",
            report.theory[0].error.as_deref().unwrap_or_default()
        )));
    }
    Ok(())
}

fn split(set: &[String]) -> Result<Vec<crate::lang::Override>> {
    set.iter()
        .map(|s| crate::lang::Override::parse(s))
        .collect()
}
