//! `eibal theory`.

use super::ModelArgs;
use crate::error::{Error, Result};
use clap::Args;

#[derive(Debug, Args)]
pub struct TheoryArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// Print machine-readable JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

pub fn run(_args: TheoryArgs) -> Result<()> {
    Err(Error::NotImplemented("eibal theory"))
}
