//! `eibal simulate`: run the spiking simulation of a model and print its statistics.

use super::ModelArgs;
use crate::error::{Error, Result};
use crate::sim::{self, RunOptions};
use clap::Args;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// How to run the simulation: shared by `simulate` and `compare`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Network time to simulate, e.g. `2s`, `500ms` or seconds as a number (default: the
    /// model's `simulate` block).
    #[arg(long, value_parser = parse_duration)]
    pub duration: Option<f64>,
    /// Random seed (default: the model's).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Directory for recorded spikes, rates, voltages and currents.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

impl RunArgs {
    /// Run options with a Ctrl-C handler that stops the run cleanly (files stay consistent).
    pub fn options(&self, json: bool) -> RunOptions {
        let interrupt = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&interrupt);
        // A second registration in one process fails; the run then simply cannot be
        // interrupted cleanly, which is not worth failing for.
        let _ = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed));
        RunOptions {
            duration: self.duration,
            seed: self.seed,
            out_dir: self.out.clone(),
            progress: !self.quiet && !json,
            interrupt: Some(interrupt),
            ..RunOptions::default()
        }
    }
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub run: RunArgs,
    /// Worker threads (the engine runs on one; results never depend on this).
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
    /// Also write the recorded spikes as CSV (`spikes.csv`: t_s,neuron) next to spikes.bin.
    #[arg(long, requires = "out")]
    pub csv: bool,
    /// Print machine-readable JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

/// A duration: a number with `s` or `ms`, or a plain number of seconds.
pub fn parse_duration(text: &str) -> std::result::Result<f64, String> {
    let t = text.trim();
    let (number, factor) = if let Some(n) = t.strip_suffix("ms") {
        (n, 1e-3)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else {
        (t, 1.0)
    };
    match number.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v * factor),
        _ => Err(format!(
            "`{text}` is not a positive duration (e.g. 2s, 500ms)"
        )),
    }
}

pub fn run(args: SimulateArgs) -> Result<()> {
    let model = args.model.load()?;
    if args.threads == 0 {
        return Err(Error::BadInput("--threads must be at least 1".into()));
    }
    let options = RunOptions {
        threads: args.threads,
        ..args.run.options(args.json)
    };
    let result = sim::run(&model, &options)?;
    let stats = crate::analysis::summarize(&result, &model);
    if let Some(dir) = &args.run.out {
        let spikes = dir.join("spikes.bin");
        if args.csv && spikes.exists() {
            let file = crate::sim::record::read_spikes(&spikes)?;
            crate::sim::record::spikes_to_csv(&file, &dir.join("spikes.csv"))?;
        }
        let path = dir.join("statistics.json");
        std::fs::write(&path, crate::report::simulation::json(&stats)?)
            .map_err(|e| Error::io(&path, e))?;
    }
    if args.json {
        println!("{}", crate::report::simulation::json(&stats)?);
    } else {
        print!("{}", crate::report::simulation::table(&stats));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_units() {
        assert_eq!(parse_duration("2s"), Ok(2.0));
        assert!((parse_duration("500ms").unwrap() - 0.5).abs() < 1e-15);
        assert_eq!(parse_duration("1.5"), Ok(1.5));
        assert!(parse_duration("-1s").is_err());
        assert!(parse_duration("abc").is_err());
    }
}
