//! `eibal check FILE`: parse and check a model; print a one-line summary or diagnostics.

use super::ModelArgs;
use crate::error::Result;
use clap::Args;

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub model: ModelArgs,
}

/// Prints `ok: <model name>, N populations, M projections` (exit 0); problems are
/// `Error::BadInput` with rendered diagnostics (exit 2).
pub fn run(args: CheckArgs) -> Result<()> {
    let model = args.model.load()?;
    println!("{}", summary(&model));
    Ok(())
}

/// The one-line summary `eibal check` prints.
pub fn summary(model: &crate::Model) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    format!(
        "ok: {}, {}, {}",
        model.name,
        plural(model.populations.len(), "population"),
        plural(model.projections.len(), "projection")
    )
}
