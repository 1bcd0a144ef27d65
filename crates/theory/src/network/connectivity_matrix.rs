//! Sampling the neuron-level connectivity matrix of a [`Model`].
//!
//! Entry W_ij is the summed weight of the synapses from neuron j onto neuron i (rows are
//! targets), in the model's weight unit for the target kind, optionally scaled by a gain per
//! target population. Neurons are numbered population by population in model order.
//!
//! The synapses come from the one network realiser, [`eibal_model::network::build`], with the
//! seed and time step the simulator uses: for the same model and seed this matrix is, synapse
//! by synapse, the network that `simulate` runs (per-synapse weights as the simulator stores
//! them, in single precision). The sampling rules and their truncations are documented there.

use eibal_model::Model;
use eibal_model::error::{Error, Result};
use eibal_model::network;
use nalgebra_sparse::{CooMatrix, CsrMatrix};

/// Options for [`sample_connectivity`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SampleOptions {
    /// The simulation seed whose network is sampled.
    pub seed: u64,
    /// Gain per population, multiplying the rows of its neurons (e.g. d nu / d mu times
    /// tau_m for LIF populations). `None`: no scaling.
    pub row_gains: Option<Vec<f64>>,
}

/// A sampled connectivity matrix in triplet form (duplicates, from multapses, add).
#[derive(Debug, Clone)]
pub struct SampledConnectivity {
    pub matrix: CooMatrix<f64>,
    /// First neuron index of each population.
    pub offsets: Vec<usize>,
}

impl SampledConnectivity {
    pub fn size(&self) -> usize {
        self.matrix.nrows()
    }

    /// The compressed sparse row form (duplicates summed).
    pub fn to_csr(&self) -> CsrMatrix<f64> {
        CsrMatrix::from(&self.matrix)
    }

    /// The dense form as a faer matrix.
    pub fn to_dense(&self) -> faer::Mat<f64> {
        let n = self.size();
        let mut m = faer::Mat::<f64>::zeros(n, n);
        for (i, j, v) in self.matrix.triplet_iter() {
            m[(i, j)] += *v;
        }
        m
    }
}

/// Largest matrix this sampler builds (entries of the triplet list), a guard against
/// exhausting memory with a typo in a size.
const MAX_SYNAPSES: usize = 500_000_000;

/// Samples the neuron-level connectivity of `model`: the network the simulator builds for
/// `options.seed`.
pub fn sample_connectivity(model: &Model, options: &SampleOptions) -> Result<SampledConnectivity> {
    let npop = model.populations.len();
    if let Some(g) = &options.row_gains
        && (g.len() != npop || g.iter().any(|x| !x.is_finite()))
    {
        return Err(Error::BadInput(format!(
            "row gains: need {npop} finite values, got {}",
            g.len()
        )));
    }
    let mut offsets = Vec::with_capacity(npop);
    let mut n = 0usize;
    for p in &model.populations {
        offsets.push(n);
        n += p.size;
    }
    let expected: f64 = model
        .projections
        .iter()
        .map(|pr| model.mean_indegree(pr) * model.population(pr.target).size as f64)
        .sum();
    if expected > MAX_SYNAPSES as f64 {
        return Err(Error::BadInput(format!(
            "connectivity matrix would hold about {expected:.3e} synapses (limit {MAX_SYNAPSES})"
        )));
    }
    let mut coo = CooMatrix::new(n, n);
    for (k, pr) in model.projections.iter().enumerate() {
        let (a, b) = (pr.target.0, pr.source.0);
        if a >= npop || b >= npop {
            return Err(Error::BadInput(
                "projection names a missing population".into(),
            ));
        }
        let gain = options.row_gains.as_ref().map_or(1.0, |g| g[a]);
        let synapses = network::build(model, k, options.seed, model.simulation.dt)?;
        synapses.each(|j, t, w, _| coo.push(offsets[a] + t, offsets[b] + j, gain * w));
    }
    Ok(SampledConnectivity {
        matrix: coo,
        offsets,
    })
}
