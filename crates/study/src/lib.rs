//! The workflows of eibal: one function per question a user asks of a model, each taking the
//! model (or, where it varies params, its [`eibal_model::ParamSpace`]) and a request, and
//! returning a typed result that serialises to the document the command line prints with
//! `--json`. Nothing here prints; files go only to a [`eibal_model::Sink`] the caller passes;
//! progress and cancellation go through the caller's [`eibal_model::Observer`] (after
//! argmin's observers), so the command line draws a terminal bar, the Python package a tqdm
//! bar or nothing, and Ctrl-C stops both the same way.
//!
//! | workflow | input | result |
//! |---|---|---|
//! | [`theory::theory`] | model | [`theory::TheoryReport`] |
//! | [`stability::stability`] | model | [`stability::StabilityReport`] |
//! | [`critical::critical`] | param space | [`critical::CriticalReport`] |
//! | [`spectrum::spectrum`] | model | [`spectrum::SpectrumReport`] |
//! | [`boundary::boundary`] | param space | [`boundary::BoundaryReport`] |
//! | [`simulate::simulate`] | model | [`simulate::Simulation`] |
//! | [`compare::compare`] | model | [`compare::CompareReport`] |
//! | [`sweep::sweep`] | param space | [`sweep::SweepReport`] |
//! | [`export::export`] | model | [`export::ExportScript`] |

pub mod boundary;
pub mod compare;
pub mod compare_spectrum;
pub mod critical;
pub mod export;
pub mod simulate;
pub mod spectrum;
pub mod stability;
pub mod sweep;
pub mod theory;

pub use boundary::{BoundaryReport, BoundaryRequest, boundary};
pub use compare::{CompareReport, CompareRequest, compare};
pub use critical::{CriticalReport, CriticalRequest, critical};
pub use export::{ExportScript, export};
pub use simulate::{SimulateRequest, Simulation, simulate};
pub use spectrum::{SpectrumReport, SpectrumRequest, spectrum};
pub use stability::{StabilityReport, StabilityRequest, stability};
pub use sweep::{SimulateAt, SweepReport, SweepRequest, sweep};
pub use theory::{TheoryReport, TheoryRequest, theory};

use eibal_model::{Error, Result, Sink};
use std::io::Write;

/// Writes `value` as pretty JSON to `name` in `sink`.
pub fn write_json(sink: &dyn Sink, name: &str, value: &impl serde::Serialize) -> Result<()> {
    let text = to_json(value)?;
    let mut file = sink.create(name)?;
    file.writer
        .write_all(text.as_bytes())
        .and_then(|()| file.writer.flush())
        .map_err(|e| Error::io(&file.path, e))
}

/// `value` as pretty JSON (the `--json` output of every workflow).
pub fn to_json(value: &impl serde::Serialize) -> Result<String> {
    serde_json::to_string_pretty(value)
        .map_err(|e| Error::Runtime(format!("could not write JSON: {e}")))
}
