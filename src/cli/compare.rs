//! `eibal compare`.

use super::ModelArgs;
use crate::error::{Error, Result};
use clap::Args;

#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// Print machine-readable JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

pub fn run(_args: CompareArgs) -> Result<()> {
    Err(Error::NotImplemented("eibal compare"))
}
