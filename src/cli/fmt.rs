//! `eibal fmt`.

use crate::error::{Error, Result};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// The .ei model file.
    pub file: PathBuf,
    /// Rewrite the file in place instead of printing.
    #[arg(long)]
    pub write: bool,
}

pub fn run(_args: FmtArgs) -> Result<()> {
    Err(Error::NotImplemented("eibal fmt"))
}
