//! The command line: argument types (clap) and one function per subcommand. `main.rs` only
//! parses and maps errors to exit codes.

use crate::error::{Error, Result};
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
    /// Override a param: `--set g=6`, `--set J=0.2mV` (value is an expression of the language).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub set: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a model file (exit 0 if fine, 2 with diagnostics if not).
    Check(ModelArgs),
    /// Print the compiled model as tables (or JSON).
    Show {
        #[command(flatten)]
        model: ModelArgs,
        #[arg(long)]
        json: bool,
    },
    /// Print the file in canonical formatting.
    Fmt {
        file: PathBuf,
        /// Rewrite the file in place instead of printing.
        #[arg(long)]
        write: bool,
    },
    /// Mean-field theory: stationary rates, CV, balance.
    Theory {
        #[command(flatten)]
        model: ModelArgs,
        #[arg(long)]
        json: bool,
    },
    /// Spiking simulation and its statistics.
    Simulate {
        #[command(flatten)]
        model: ModelArgs,
        #[arg(long)]
        json: bool,
    },
    /// Linear stability, spectra and critical couplings.
    Stability {
        #[command(flatten)]
        model: ModelArgs,
        #[arg(long)]
        json: bool,
    },
    /// Theory against simulation.
    Compare {
        #[command(flatten)]
        model: ModelArgs,
        #[arg(long)]
        json: bool,
    },
    /// Export to another simulator.
    Export {
        #[command(flatten)]
        model: ModelArgs,
        #[arg(long)]
        to: String,
    },
}

pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Check(_) | Command::Show { .. } | Command::Fmt { .. } => {
            Err(Error::NotImplemented("check/show/fmt"))
        }
        Command::Theory { .. } => Err(Error::NotImplemented("theory")),
        Command::Simulate { .. } => Err(Error::NotImplemented("simulate")),
        Command::Stability { .. } => Err(Error::NotImplemented("stability")),
        Command::Compare { .. } => Err(Error::NotImplemented("compare")),
        Command::Export { .. } => Err(Error::NotImplemented("export")),
    }
}
