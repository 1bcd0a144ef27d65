//! `eibal theory`: stationary mean-field rates, CV, balance and the balanced limit.

use super::ModelArgs;
use crate::error::{Error, Result};
use crate::theory::{self, TheoryOptions};
use clap::Args;

#[derive(Debug, Args)]
pub struct TheoryArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// Print machine-readable JSON instead of tables.
    #[arg(long)]
    pub json: bool,
    /// Multiply all in-degrees (recurrent and external) by F and divide weights by sqrt(F),
    /// the balanced-network scaling J ~ 1/sqrt(K).
    #[arg(long, value_name = "F", default_value_t = 1.0)]
    pub scale_k: f64,
    /// Report only the fixed point reached from rest (no search for others).
    #[arg(long)]
    pub no_search: bool,
}

pub fn run(args: TheoryArgs) -> Result<()> {
    let model = args.model.load()?;
    let options = TheoryOptions {
        scale_k: args.scale_k,
        search: !args.no_search,
        ..TheoryOptions::default()
    };
    let result = theory::solve(&model, &options)?;
    if args.json {
        let text = serde_json::to_string_pretty(&crate::report::theory::json(&result))
            .map_err(|e| Error::Runtime(format!("could not write JSON: {e}")))?;
        println!("{text}");
    } else {
        print!("{}", crate::report::theory::table(&result));
    }
    Ok(())
}
