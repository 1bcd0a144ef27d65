//! `eibal sweep`: the theory along one or two params (every point), simulations at chosen
//! points (mean and standard error over seeds), the predicted critical values, a table, CSV,
//! JSON and the rate-against-parameter plot.

use super::progress::Terminal;
use super::simulate::parse_duration;
use super::{ModelArgs, PlotFormat};
use crate::error::{Error, Result};
use crate::model::axis::read_range;
use crate::model::sink::Directory;
use crate::model::{Axis, ParamSpace};
use crate::report::sweep::{table, write_files};
use crate::study::{SimulateAt, SweepRequest, sweep};
use clap::Args;
use std::path::PathBuf;

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
    if args.simulate_every.is_some() && args.sim_at.is_some() {
        return Err(Error::BadInput(
            "give either --simulate-every or --sim-at, not both".into(),
        ));
    }
    let source = args.model.source()?;
    let axes = args
        .param
        .chunks(2)
        .map(|c| match c {
            [name, range] => {
                let (lo, hi, step) = read_range(&source, name, range, true)?;
                Axis::stepped(source.model(), name, lo, hi, step.unwrap_or(f64::NAN))
            }
            _ => Err(Error::BadInput("--param needs NAME and LO:HI:STEP".into())),
        })
        .collect::<Result<Vec<_>>>()?;
    refuse_swept_and_set(&axes, &args.model.set)?;
    let simulate = match (&args.sim_at, args.simulate_every) {
        (Some(text), _) => {
            let first = axes
                .first()
                .map(|a| a.param.clone())
                .or_else(|| source.model().sweeps.first().map(|a| a.param.clone()))
                .unwrap_or_default();
            let values = text
                .split(',')
                .filter(|t| !t.trim().is_empty())
                .map(|t| source.read_value(&first, "--sim-at", t))
                .collect::<Result<Vec<f64>>>()?;
            SimulateAt::Values(values)
        }
        (None, Some(k)) => SimulateAt::Every(k),
        (None, None) => SimulateAt::Nowhere,
    };
    let request = SweepRequest {
        axes,
        simulate,
        seeds: args.seeds,
        duration: args.duration,
        form: super::transfer_form(args.low_pass),
    };
    if let Some(dir) = &args.out {
        super::check_out_dir(dir)?;
    }
    let report = sweep(&source, &request, &Terminal::new(!args.quiet && !args.json))?;
    if let Some(dir) = &args.out {
        write_files(&report, &Directory::new(dir), args.format.into())?;
    }
    if args.json {
        return super::print_json(&report);
    }
    print!("{}", table(&report));
    if args.out.is_none() {
        println!("note: files and plot not written: add --out DIR");
    }
    Ok(())
}

/// A param both swept and given with `--set` is ambiguous.
fn refuse_swept_and_set(axes: &[Axis], set: &[String]) -> Result<()> {
    for s in set {
        let name = s.split_once('=').map_or(s.as_str(), |(n, _)| n).trim();
        if axes.iter().any(|a| a.param == name) {
            return Err(Error::BadInput(format!(
                "`{name}` is both swept and set with --set; drop one"
            )));
        }
    }
    Ok(())
}
