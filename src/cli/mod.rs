//! The command line: one file per subcommand, each with its clap arguments and a `run`
//! function. `main.rs` only parses and maps errors to exit codes.

pub mod boundary;
pub mod check;
pub mod compare;
pub mod critical;
pub mod export;
pub mod fmt;
pub mod progress;
pub mod show;
pub mod simulate;
pub mod spectrum;
pub mod stability;
pub mod sweep;
pub mod theory;

use crate::error::Result;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "eibal",
    version,
    about = "Balanced E/I spiking networks: theory, simulation and their comparison from one .ei file"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The model file and `--set` overrides, shared by every subcommand that reads a model.
#[derive(Debug, Clone, Args)]
pub struct ModelArgs {
    /// The .ei model file.
    pub file: PathBuf,
    /// Override a param: `--set g=6`, `--set J=0.2mV` (the value is an expression of the
    /// language). Repeatable.
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub set: Vec<String>,
}

impl ModelArgs {
    /// Reads and checks the model with the overrides applied; prints the check's warnings
    /// (each with its place in the file) on stderr.
    pub fn load(&self) -> Result<crate::Model> {
        let (model, warnings) = crate::lang::load_with_warnings(&self.file, &self.set)?;
        for w in warnings {
            eprintln!("{w}");
        }
        Ok(model)
    }

    /// The parsed file with the overrides as its base values, for workflows that vary params.
    pub fn source(&self) -> Result<crate::lang::ModelSource> {
        crate::lang::ModelSource::read(&self.file, &self.set)
    }
}

/// The image format of written plots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PlotFormat {
    Svg,
    Png,
}

impl From<PlotFormat> for crate::report::plot::ImageFormat {
    fn from(f: PlotFormat) -> Self {
        match f {
            PlotFormat::Svg => crate::report::plot::ImageFormat::Svg,
            PlotFormat::Png => crate::report::plot::ImageFormat::Png,
        }
    }
}

/// `--out DIR`, checked before any work: a path that exists and is not a directory is bad
/// input (it would fail only when the first file is written, after the whole computation).
pub fn check_out_dir(dir: &std::path::Path) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(crate::Error::BadInput(format!(
            "--out {}: a file of that name exists; --out names a directory (created if \
             missing) for the output files",
            dir.display()
        )));
    }
    Ok(())
}

/// `--low-pass` as the transfer-function form.
pub fn transfer_form(low_pass: bool) -> crate::theory::neuron::transfer::TransferForm {
    if low_pass {
        crate::theory::neuron::transfer::TransferForm::LowPass
    } else {
        crate::theory::neuron::transfer::TransferForm::Exact
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a model file (exit 0 if fine, 2 with diagnostics if not).
    Check(check::CheckArgs),
    /// Print the compiled model as tables (or JSON).
    Show(show::ShowArgs),
    /// Print a model file in canonical formatting.
    Fmt(fmt::FmtArgs),
    /// Mean-field theory: stationary rates, CV, balance.
    Theory(theory::TheoryArgs),
    /// Spiking simulation and its statistics.
    Simulate(simulate::SimulateArgs),
    /// Linear stability, spectra and critical couplings.
    Stability(stability::StabilityArgs),
    /// Eigenvalues of a sampled connectivity matrix against the random-matrix prediction.
    Spectrum(spectrum::SpectrumArgs),
    /// Critical value of a param where a stability indicator crosses its threshold.
    Critical(critical::CriticalArgs),
    /// Phase diagram: stability boundaries in the plane of two params.
    Boundary(boundary::BoundaryArgs),
    /// Theory against simulation.
    Compare(compare::CompareArgs),
    /// Theory along one or two params, simulations at chosen points, critical values.
    Sweep(sweep::SweepArgs),
    /// Export a model to another simulator (NEST, Brian2).
    Export(export::ExportArgs),
}

/// Prints `value` as pretty JSON on stdout (the `--json` output of every subcommand: the
/// serialisation of the workflow's result).
pub fn print_json(value: &impl serde::Serialize) -> Result<()> {
    println!("{}", crate::study::to_json(value)?);
    Ok(())
}

pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Check(a) => check::run(a),
        Command::Show(a) => show::run(a),
        Command::Fmt(a) => fmt::run(a),
        Command::Theory(a) => theory::run(a),
        Command::Simulate(a) => simulate::run(a),
        Command::Stability(a) => stability::run(a),
        Command::Spectrum(a) => spectrum::run(a),
        Command::Critical(a) => critical::run(a),
        Command::Boundary(a) => boundary::run(a),
        Command::Compare(a) => compare::run(a),
        Command::Sweep(a) => sweep::run(a),
        Command::Export(a) => export::run(a),
    }
}
