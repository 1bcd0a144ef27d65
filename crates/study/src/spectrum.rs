//! The `spectrum` workflow: the eigenvalues of the sampled neuron-level connectivity matrix
//! (the same synapses the simulator draws for this seed: one network realiser) next to the
//! random-matrix prediction of its bulk radius and outliers (Rajan & Abbott 2006; Aljadeff,
//! Stern & Sharpee 2015). Dense matrices up to `n_max` get all eigenvalues (faer); larger ones
//! the eigenvalues of largest modulus by the restarted Arnoldi process on the sparse matrix.

use eibal_model::{Error, Model, NeuronKind, PopulationId, Result};
use eibal_theory::network::connectivity_matrix::{SampleOptions, sample_connectivity};
use eibal_theory::network::rmt::BlockStatistics;
use eibal_theory::network::spectrum::{arnoldi_restarted, bulk_radius, dense_eigenvalues};
use eibal_theory::{TheoryOptions, solve};
use num_complex::Complex64;
use serde::Serialize;

/// Residual tolerance of a converged Ritz value, relative to the largest modulus.
const RITZ_TOLERANCE: f64 = 1e-6;

/// How to sample and solve.
#[derive(Debug, Clone, PartialEq)]
pub struct SpectrumRequest {
    /// Largest N for the dense solver.
    pub n_max: usize,
    /// Scale each row by its population's gain at the fixed point from rest (the matrix of
    /// the linearised dynamics).
    pub gain: bool,
    /// Seed of the sampled network (default: the model's simulation seed).
    pub seed: Option<u64>,
    /// Krylov dimension and largest number of restarts of the Arnoldi process.
    pub krylov: usize,
    pub restarts: usize,
}

impl Default for SpectrumRequest {
    fn default() -> SpectrumRequest {
        SpectrumRequest {
            n_max: 3000,
            gain: false,
            seed: None,
            krylov: 120,
            restarts: 10,
        }
    }
}

/// A complex number as `{"re": .., "im": ..}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ComplexValue {
    pub re: f64,
    pub im: f64,
}

impl From<Complex64> for ComplexValue {
    fn from(z: Complex64) -> ComplexValue {
        ComplexValue { re: z.re, im: z.im }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PredictedSpectrum {
    pub bulk_radius: f64,
    pub outliers: Vec<ComplexValue>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SampledSpectrum {
    pub bulk_radius: f64,
    pub outliers: Vec<ComplexValue>,
    /// How many eigenvalues were computed (all, or the converged Ritz values).
    pub eigenvalues: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArnoldiReport {
    pub cycles: usize,
    pub converged: bool,
    pub krylov_dim: usize,
}

/// The document of `eibal spectrum --json`; the eigenvalues themselves are in `eigenvalues`.
#[derive(Debug, Clone, Serialize)]
pub struct SpectrumReport {
    pub model: String,
    pub n: usize,
    pub method: &'static str,
    pub gain_scaled: bool,
    pub predicted: PredictedSpectrum,
    pub sampled: SampledSpectrum,
    pub note: Option<&'static str>,
    pub arnoldi: Option<ArnoldiReport>,
    /// The sampled eigenvalues, largest modulus first.
    #[serde(skip)]
    pub eigenvalues: Vec<Complex64>,
    /// The predicted outliers (complex).
    #[serde(skip)]
    pub predicted_outliers: Vec<Complex64>,
}

/// Samples the connectivity of `model` and compares its spectrum with the prediction.
pub fn spectrum(model: &Model, request: &SpectrumRequest) -> Result<SpectrumReport> {
    let gains = if request.gain {
        Some(row_gains(model)?)
    } else {
        None
    };
    let prediction = BlockStatistics::from_model(model, gains.as_deref())?.predict();
    let sampled = sample_connectivity(
        model,
        &SampleOptions {
            seed: request.seed.unwrap_or(model.simulation.seed),
            row_gains: gains,
        },
    )?;
    let n = sampled.size();
    let k = prediction.outliers.len();
    let (values, method, bulk, note, arnoldi) = if n <= request.n_max {
        let values = dense_eigenvalues(&sampled.to_dense())?;
        let bulk = bulk_radius(&values, k);
        (values, "dense (faer)", bulk, None, None)
    } else {
        // The predicted outliers and the largest bulk value are wanted converged.
        let run = arnoldi_restarted(
            &sampled.to_csr(),
            request.krylov,
            k + 1,
            request.restarts,
            RITZ_TOLERANCE,
            request.seed.unwrap_or(1),
        )?;
        let scale = run.ritz.first().map_or(1.0, |r| r.value.norm()).max(1e-300);
        let converged: Vec<Complex64> = run
            .ritz
            .iter()
            .filter(|r| r.residual <= RITZ_TOLERANCE * scale)
            .map(|r| r.value)
            .collect();
        let all: Vec<Complex64> = run.ritz.iter().map(|r| r.value).collect();
        let arnoldi = ArnoldiReport {
            cycles: run.cycles,
            converged: run.converged,
            krylov_dim: request.krylov,
        };
        (
            converged,
            "Arnoldi (sparse)",
            bulk_radius(&all, k),
            Some(
                "Arnoldi: the bulk edge from Ritz values is only an estimate (the edge is dense \
                 with eigenvalues and converges slowly); outliers and the plot use converged \
                 Ritz values",
            ),
            Some(arnoldi),
        )
    };
    Ok(SpectrumReport {
        model: model.name.clone(),
        n,
        method,
        gain_scaled: request.gain,
        predicted: PredictedSpectrum {
            bulk_radius: prediction.radius,
            outliers: prediction.outliers.iter().map(|&z| z.into()).collect(),
        },
        sampled: SampledSpectrum {
            bulk_radius: bulk,
            outliers: values.iter().take(k).map(|&z| z.into()).collect(),
            eigenvalues: values.len(),
        },
        note,
        arnoldi,
        eigenvalues: values,
        predicted_outliers: prediction.outliers,
    })
}

/// The row gain of each population at the fixed point from rest, in the model's weight units
/// (rate and binary units: d activity / d input; LIF: d nu / d mu tau_m, times tau_s / C for
/// exponential current synapses).
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
                            "gain scaling: population {} has different excitatory and \
                             inhibitory synaptic time constants, so a PSC amplitude has no single \
                             voltage integral per row",
                            p.name
                        )));
                    }
                    Ok(gain * lif.tau_m * tau_syn_ex / lif.c_m)
                }
                NeuronKind::LifCond { .. } => Err(Error::BadInput(format!(
                    "gain scaling: population {} has conductance synapses, whose voltage kick \
                     depends on the driving force; use `stability` for the gain-scaled radius",
                    p.name
                ))),
                NeuronKind::Rate(_) | NeuronKind::Binary(_) => Ok(gain),
            }
        })
        .collect()
}
