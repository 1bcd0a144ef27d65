//! `eibal export --to nest|brian2 FILE [-o run.py]`.

use super::ModelArgs;
use crate::error::{Error, Result};
use crate::export::Target;
use crate::study::export;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// Target simulator: nest or brian2.
    #[arg(long)]
    pub to: String,
    /// Output script (default: standard output).
    #[arg(short = 'o', long)]
    pub output: Option<PathBuf>,
}

pub fn run(args: ExportArgs) -> Result<()> {
    let target: Target = args.to.parse()?;
    let model = args.model.load()?;
    let exported = export(&model, target)?;
    match &args.output {
        None => {
            print!("{}", exported.script);
            Ok(())
        }
        Some(path) => write_atomically(path, &exported.script),
    }
}

/// Writes to a temporary file beside `path` and renames it, so that a full disk or an
/// interruption never leaves a truncated script where a good one was.
fn write_atomically(path: &std::path::Path, text: &str) -> Result<()> {
    let tmp = path.with_extension("tmp-eibal");
    std::fs::write(&tmp, text).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(&tmp, e)
    })?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}
