//! Linear stability of a mean-field fixed point of a LIF network, at the population level.
//!
//! Around a fixed point nu0 the rates respond to perturbations e^{lambda t} through
//! nu_a(lambda) = H_a(lambda) delta mu_a + H^var_a(lambda) delta sigma^2_a, with the LIF
//! transfer functions of [`super::transfer`] (Lindner & Schimansky-Geier 2001, refractory period
//! in the reset term) and the recurrent input
//! delta mu_a = sum_b tau_m K_ab J_ab e^{-lambda d_ab} nu_b,
//! delta sigma^2_a = sum_b tau_m K_ab E[J_ab^2] e^{-lambda d_ab} nu_b
//! (Brunel & Hakim 1999; Brunel 2000 eqs. 4-5). The fixed point is stable when
//! det(I - W(lambda)) has no root with Re lambda > 0 ([`super::characteristic`]).
//!
//! Exponential synapses use the Fourcaud-Brunel shifted transfer function with the synaptic
//! low pass and the mean channel only; conductance synapses and rate/binary units are not yet
//! covered (an error says so).

use super::characteristic::{LinearisedNetwork, RootReport, RootSearch, leading_roots};
use super::input::{MeanFieldNetwork, Response};
use super::result::FixedPoint;
use super::transfer::{LifOperatingPoint, LifTransfer, SynapticFilter, TransferForm};
use crate::error::{Error, Result};
use crate::model::{Model, NeuronKind, PopulationId};
use nalgebra::DMatrix;

/// The stability of one fixed point.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FixedPointStability {
    pub stable: bool,
    /// Leading roots of the characteristic equation, largest growth rate first.
    pub roots: RootReport,
    /// Which transfer function was used.
    pub transfer: &'static str,
}

/// Mean delay d_ab (s) of the projections from b onto a (in-degree weighted); `None` where
/// there is no projection.
fn delay_matrix(model: &Model) -> DMatrix<f64> {
    let n = model.populations.len();
    let mut sum = DMatrix::<f64>::zeros(n, n);
    let mut weight = DMatrix::<f64>::zeros(n, n);
    for p in &model.projections {
        let k = model.mean_indegree(p);
        sum[(p.target.0, p.source.0)] += k * p.delay.mean();
        weight[(p.target.0, p.source.0)] += k;
    }
    DMatrix::from_fn(n, n, |a, b| {
        if weight[(a, b)] > 0.0 {
            sum[(a, b)] / weight[(a, b)]
        } else {
            model.simulation.dt
        }
    })
}

/// The linearised network of `model` around `fixed` (from [`super::solve`]).
pub fn linearise(
    model: &Model,
    fixed: &FixedPoint,
    form: TransferForm,
) -> Result<LinearisedNetwork> {
    let network = MeanFieldNetwork::compile(model, 1.0)?;
    let n = network.len();
    let mut transfers = Vec::with_capacity(n);
    let mut filtered = false;
    for (a, terms) in network.populations.iter().enumerate() {
        let membrane = match &terms.response {
            Response::LifDelta(m) | Response::LifExp(m) => m,
            Response::LifCond(_) => {
                return Err(Error::Runtime(format!(
                    "stability of conductance-based populations ({}) is not implemented yet",
                    terms.name
                )));
            }
            Response::Rate { .. } | Response::Binary { .. } => {
                return Err(Error::Runtime(format!(
                    "stability of rate and binary units ({}) is not implemented yet",
                    terms.name
                )));
            }
        };
        let filter = match model.kind_of(PopulationId(a)) {
            NeuronKind::LifExp { tau_syn_ex, .. } => {
                filtered = true;
                SynapticFilter::FourcaudBrunel { tau_s: *tau_syn_ex }
            }
            _ => SynapticFilter::None,
        };
        let p = &fixed.populations[a];
        let point = LifOperatingPoint {
            tau_m: membrane.tau_m,
            t_ref: membrane.t_ref,
            v_th: membrane.theta,
            v_reset: membrane.v_reset,
            mu: p.mu,
            sigma: p.sigma,
            rate: p.rate,
        };
        // Populations at the same operating point share one transfer function (its
        // construction evaluates the zero-frequency limits, the costly part).
        let transfer = match transfers
            .iter()
            .find(|t: &&LifTransfer| *t.point() == point && t.filter() == filter)
        {
            Some(t) => t.clone(),
            None => LifTransfer::new(point, filter, form)
                .map_err(|e| Error::Runtime(format!("transfer function of {}: {e}", terms.name)))?,
        };
        transfers.push(transfer);
    }
    let tau = |a: usize| transfers[a].point().tau_m;
    let coupling = DMatrix::from_fn(n, n, |a, b| tau(a) * network.couplings[a][b].mean);
    let variance = DMatrix::from_fn(n, n, |a, b| tau(a) * network.couplings[a][b].second_moment);
    let linear = LinearisedNetwork::new(coupling, delay_matrix(model), transfers)?;
    if filtered {
        // The variance channel with synaptic filtering is not available (see transfer.rs).
        Ok(linear)
    } else {
        linear.with_variance_coupling(variance)
    }
}

/// Stability of a fixed point of `model`.
pub fn analyse(
    model: &Model,
    fixed: &FixedPoint,
    form: TransferForm,
) -> Result<FixedPointStability> {
    let linear = linearise(model, fixed, form)?;
    let roots = leading_roots(&linear, &RootSearch::default())?;
    Ok(FixedPointStability {
        stable: roots.stable(),
        roots,
        transfer: match form {
            TransferForm::Exact => "lindner_schimansky_geier_2001",
            TransferForm::LowPass => "low_pass",
        },
    })
}
