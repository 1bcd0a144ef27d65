//! `eibal export`.

use super::ModelArgs;
use crate::error::{Error, Result};
use clap::Args;

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// Target simulator: nest or brian2.
    #[arg(long)]
    pub to: String,
    /// Output script (default: standard output).
    #[arg(short = 'o', long)]
    pub output: Option<std::path::PathBuf>,
}

pub fn run(_args: ExportArgs) -> Result<()> {
    Err(Error::NotImplemented("eibal export"))
}
