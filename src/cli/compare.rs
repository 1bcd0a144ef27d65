//! `eibal compare`: solve the theory and run the simulation of the same file, then print
//! both side by side with uncertainties and verdicts.

use super::ModelArgs;
use super::simulate::RunArgs;
use crate::error::{Error, Result};
use crate::report::compare;
use crate::sim;
use crate::theory::stability::analyse;
use crate::theory::transfer::TransferForm;
use crate::theory::{self, TheoryOptions};
use clap::Args;

#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// Print machine-readable JSON instead of tables.
    #[arg(long)]
    pub json: bool,
    /// The simulation's duration, seed and output (`--out DIR` also gets `comparison.json`).
    #[command(flatten)]
    pub run: RunArgs,
}

pub fn run(args: CompareArgs) -> Result<()> {
    let model = args.model.load()?;
    let prediction = theory::solve(&model, &TheoryOptions::default())?;
    let stability = prediction
        .fixed_points
        .first()
        .ok_or_else(|| "no fixed point".to_string())
        .and_then(|f| analyse(&model, f, TransferForm::Exact).map_err(|e| e.to_string()));
    let result = sim::run(&model, &args.run.options(args.json))?;
    let stats = crate::analysis::summarize(&result, &model);
    let comparison = compare::compare(
        &model,
        &prediction,
        stability.as_ref().map_err(Clone::clone),
        &result,
        &stats,
    );
    let json = serde_json::to_string_pretty(&comparison)
        .map_err(|e| Error::Runtime(format!("could not write JSON: {e}")))?;
    if let Some(dir) = &args.run.out {
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
