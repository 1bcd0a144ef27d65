//! `eibal simulate`.

use super::ModelArgs;
use crate::error::{Error, Result};
use clap::Args;

#[derive(Debug, Args)]
pub struct SimulateArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// Print machine-readable JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

pub fn run(_args: SimulateArgs) -> Result<()> {
    Err(Error::NotImplemented("eibal simulate"))
}
