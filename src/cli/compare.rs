//! `eibal compare`: solve the theory and run the simulation of the same file, then print
//! both side by side with uncertainties and verdicts.

use super::ModelArgs;
use super::simulate::parse_duration;
use crate::error::{Error, Result};
use crate::report::compare;
use crate::sim::{self, RunOptions};
use crate::theory::{self, TheoryOptions};
use clap::Args;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// Print machine-readable JSON instead of tables.
    #[arg(long)]
    pub json: bool,
    /// Network time to simulate (default: the model's `simulate` block).
    #[arg(long, value_parser = parse_duration)]
    pub duration: Option<f64>,
    /// Random seed (default: the model's).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Directory for the recorded data and `comparison.json`.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

pub fn run(args: CompareArgs) -> Result<()> {
    let model = args.model.load()?;
    let prediction = theory::solve(&model, &TheoryOptions::default())?;
    let interrupt = Arc::new(AtomicBool::new(false));
    {
        let flag = Arc::clone(&interrupt);
        let _ = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed));
    }
    let options = RunOptions {
        duration: args.duration,
        seed: args.seed,
        out_dir: args.out.clone(),
        progress: !args.quiet && !args.json,
        interrupt: Some(interrupt),
        ..RunOptions::default()
    };
    let result = sim::run(&model, &options)?;
    let stats = crate::analysis::summarize(&result, &model);
    let comparison = compare::compare(&model, &prediction, &result, &stats);
    let json = serde_json::to_string_pretty(&comparison)
        .map_err(|e| Error::Runtime(format!("could not write JSON: {e}")))?;
    if let Some(dir) = &args.out {
        let path = dir.join("comparison.json");
        std::fs::write(&path, &json).map_err(|e| Error::io(&path, e))?;
    }
    if args.json {
        println!("{json}");
    } else {
        print!("{}", compare::table(&comparison));
    }
    Ok(())
}
