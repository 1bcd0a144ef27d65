//! `eibal spectrum`: eigenvalues of a sampled neuron-level connectivity matrix next to the
//! random-matrix prediction (bulk radius and outliers, [`crate::theory::rmt`]).

use super::ModelArgs;
use crate::error::{Error, Result};
use crate::model::{Model, NeuronKind, PopulationId};
use crate::report::plot::{save, spectrum::SpectrumFigure};
use crate::theory::connectivity_matrix::{SampleOptions, sample_connectivity};
use crate::theory::rmt::BlockStatistics;
use crate::theory::spectrum::{arnoldi_restarted, bulk_radius, dense_eigenvalues};
use crate::theory::{TheoryOptions, solve};
use clap::Args;
use num_complex::Complex64;
use serde_json::json;
use std::fmt::Write;
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

/// The row gain of each population at the fixed point from rest, in the model's weight units.
fn row_gains(model: &Model) -> Result<Vec<f64>> {
    let result = solve(model, &TheoryOptions::fixed_point_only())?;
    let fixed = result
        .fixed_points
        .first()
        .ok_or_else(|| Error::Runtime("the theory found no fixed point".into()))?;
    model
        .populations
        .iter()
        .enumerate()
        .map(|(a, p)| {
            let gain = fixed.populations[a].dnu_dmu;
            match model.kind_of(PopulationId(a)) {
                NeuronKind::LifDelta { lif } => Ok(gain * lif.tau_m),
                NeuronKind::LifExp {
                    lif,
                    tau_syn_ex,
                    tau_syn_in,
                } => {
                    if tau_syn_ex != tau_syn_in {
                        return Err(Error::BadInput(format!(
                            "--gain: population {} has different excitatory and inhibitory \
                             synaptic time constants, so a PSC amplitude has no single voltage \
                             integral per row",
                            p.name
                        )));
                    }
                    Ok(gain * lif.tau_m * tau_syn_ex / lif.c_m)
                }
                NeuronKind::LifCond { .. } => Err(Error::BadInput(format!(
                    "--gain: population {} has conductance synapses, whose voltage kick depends \
                     on the driving force; use `eibal stability` for the gain-scaled radius",
                    p.name
                ))),
                NeuronKind::Rate(_) | NeuronKind::Binary(_) => Ok(gain),
            }
        })
        .collect()
}

/// Residual tolerance of a converged Ritz value, relative to the largest modulus.
const RITZ_TOLERANCE: f64 = 1e-6;

fn pair(z: &Complex64) -> serde_json::Value {
    json!({"re": z.re, "im": z.im})
}

pub fn run(args: SpectrumArgs) -> Result<()> {
    let model = args.model.load()?;
    let gains = if args.gain {
        Some(row_gains(&model)?)
    } else {
        None
    };
    let prediction = BlockStatistics::from_model(&model, gains.as_deref())?.predict();
    let sampled = sample_connectivity(
        &model,
        &SampleOptions {
            seed: args.seed.unwrap_or(model.simulation.seed),
            row_gains: gains.clone(),
        },
    )?;
    let n = sampled.size();
    let k = prediction.outliers.len();
    let dense = n <= args.n_max;
    let mut arnoldi = None;
    // The sampled spectrum: all eigenvalues (dense) or the converged Ritz values (Arnoldi).
    let (values, method, bulk, note) = if dense {
        let values = dense_eigenvalues(&sampled.to_dense())?;
        let bulk = bulk_radius(&values, k);
        (values, "dense (faer)", bulk, None)
    } else {
        // The predicted outliers and the largest bulk value are wanted converged.
        let run = arnoldi_restarted(
            &sampled.to_csr(),
            args.krylov,
            k + 1,
            args.restarts,
            RITZ_TOLERANCE,
            args.seed.unwrap_or(1),
        )?;
        arnoldi = Some((run.cycles, run.converged));
        let ritz = run.ritz;
        let scale = ritz.first().map_or(1.0, |r| r.value.norm()).max(1e-300);
        let converged: Vec<Complex64> = ritz
            .iter()
            .filter(|r| r.residual <= RITZ_TOLERANCE * scale)
            .map(|r| r.value)
            .collect();
        let all: Vec<Complex64> = ritz.iter().map(|r| r.value).collect();
        let bulk = bulk_radius(&all, k);
        (
            converged,
            "Arnoldi (sparse)",
            bulk,
            Some(
                "Arnoldi: the bulk edge from Ritz values is only an estimate (the edge is dense \
                 with eigenvalues and converges slowly); outliers and the plot use converged \
                 Ritz values",
            ),
        )
    };
    let sampled_outliers: Vec<Complex64> = values.iter().take(k).copied().collect();
    if let Some(path) = &args.plot {
        let figure = SpectrumFigure {
            title: format!(
                "{}{}, N = {n}",
                args.model.file.display(),
                if args.gain { " (gain-scaled)" } else { "" }
            ),
            eigenvalues: values.clone(),
            radius: prediction.radius,
            outliers: prediction.outliers.clone(),
        };
        save(&figure, path)?;
    }
    if args.json {
        let out = json!({
            "model": model.name,
            "n": n,
            "method": method,
            "gain_scaled": args.gain,
            "predicted": {
                "bulk_radius": prediction.radius,
                "outliers": prediction.outliers.iter().map(pair).collect::<Vec<_>>(),
            },
            "sampled": {
                "bulk_radius": bulk,
                "outliers": sampled_outliers.iter().map(pair).collect::<Vec<_>>(),
                "eigenvalues": values.len(),
            },
            "note": note,
            "arnoldi": arnoldi.map(|(cycles, converged)| json!({
                "cycles": cycles,
                "converged": converged,
                "krylov_dim": args.krylov,
            })),
        });
        super::print_json(&out)?;
        return Ok(());
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "model {}: spectrum of the sampled connectivity{} (N = {n}, {method})\n",
        model.name,
        if args.gain { ", gain-scaled" } else { "" }
    );
    let _ = writeln!(out, "  {:<22} {:>14} {:>14}", "", "predicted", "sampled");
    let _ = writeln!(
        out,
        "  {:<22} {:>14.5} {:>14.5}",
        "bulk radius", prediction.radius, bulk
    );
    for (i, p) in prediction.outliers.iter().enumerate() {
        let s = sampled_outliers
            .get(i)
            .map_or("-".to_string(), |z| format!("{:.4}{:+.4}i", z.re, z.im));
        let _ = writeln!(
            out,
            "  {:<22} {:>14} {:>14}",
            format!("outlier {}", i + 1),
            format!("{:.4}{:+.4}i", p.re, p.im),
            s
        );
    }
    if let Some(note) = note {
        let _ = writeln!(out, "\n  {note}");
    }
    if let Some((cycles, converged)) = arnoldi {
        let _ = writeln!(
            out,
            "  Arnoldi: {cycles} cycle(s) of {} steps, {}",
            args.krylov,
            if converged {
                "the wanted Ritz values converged"
            } else {
                "NOT converged: raise --krylov or --restarts"
            }
        );
    }
    if let Some(path) = &args.plot {
        let _ = writeln!(out, "\n  plot written to {}", path.display());
    }
    print!("{out}");
    Ok(())
}
