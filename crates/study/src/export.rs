//! The `export` workflow: the same model as a NEST or Brian2 script (for clusters through
//! NEST's MPI, or to check eibal against another simulator).

use eibal_export::Target;
use eibal_model::{Model, Result};
use serde::Serialize;

/// The script and what it is for.
#[derive(Debug, Clone, Serialize)]
pub struct ExportScript {
    pub model: String,
    /// `nest` or `brian2`.
    pub target: &'static str,
    /// The Python script; it prints the statistics of `eibal simulate --json` as its last line.
    pub script: String,
}

/// Writes the script of `model` for `target`. Features the target cannot express are bad
/// input naming each one.
pub fn export(model: &Model, target: Target) -> Result<ExportScript> {
    Ok(ExportScript {
        model: model.name.clone(),
        target: match target {
            Target::Nest => "nest",
            Target::Brian2 => "brian2",
        },
        script: eibal_export::export(model, target)?,
    })
}
