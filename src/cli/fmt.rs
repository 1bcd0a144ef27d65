//! `eibal fmt FILE [--write]`: print (or rewrite) a model file in canonical formatting.

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

pub fn run(args: FmtArgs) -> Result<()> {
    let source = crate::lang::read_source(&args.file)?;
    let formatted = crate::lang::format_source(&source, &args.file.to_string_lossy())?;
    if args.write {
        if formatted != source {
            std::fs::write(&args.file, formatted).map_err(|e| Error::io(&args.file, e))?;
        }
    } else {
        print!("{formatted}");
    }
    Ok(())
}
