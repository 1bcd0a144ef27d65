//! `eibal spectrum`: eigenvalues of a sampled neuron-level connectivity matrix next to the
//! random-matrix prediction (bulk radius and outliers, [`crate::study::spectrum`]).

use super::ModelArgs;
use crate::error::Result;
use crate::report::plot::save;
use crate::study::{SpectrumRequest, spectrum};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct SpectrumArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// Largest N for the dense eigenvalue solver (faer, all eigenvalues); larger matrices use
    /// the Arnoldi process on the sparse matrix (the eigenvalues of largest modulus).
    #[arg(long, default_value_t = 3000)]
    pub n_max: usize,
    /// Scale each row by its population's gain at the fixed point from rest (rate and binary
    /// units: d activity / d input; LIF: d nu / d mu tau_m, with tau_s / C for exponential
    /// current synapses), the matrix of the linearised dynamics.
    #[arg(long)]
    pub gain: bool,
    /// Seed of the sampled matrix (default: the model's simulation seed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Krylov dimension of the Arnoldi process (sparse path).
    #[arg(long, default_value_t = 120)]
    pub krylov: usize,
    /// Largest number of restarts of the Arnoldi process (sparse path).
    #[arg(long, default_value_t = 10)]
    pub restarts: usize,
    /// Write a plot of the spectrum (.svg or .png).
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
    /// Print machine-readable JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: SpectrumArgs) -> Result<()> {
    let model = args.model.load()?;
    let request = SpectrumRequest {
        n_max: args.n_max,
        gain: args.gain,
        seed: args.seed,
        krylov: args.krylov,
        restarts: args.restarts,
    };
    let report = spectrum(&model, &request)?;
    if let Some(path) = &args.plot {
        let title = args.model.file.display().to_string();
        save(&crate::report::spectrum::figure(&report, &title), path)?;
    }
    if args.json {
        return super::print_json(&report);
    }
    print!("{}", crate::report::spectrum::table(&report));
    if let Some(path) = &args.plot {
        println!("\n  plot written to {}", path.display());
    }
    Ok(())
}
