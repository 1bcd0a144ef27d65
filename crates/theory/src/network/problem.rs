//! The self-consistency problem F(s) = G(s) - s = 0 of a compiled network.
//!
//! The state s holds per population its activity: the rate nu (Hz) of a LIF population, the
//! mean activity m of binary units, and (<phi>, <phi^2>) for rate units (two entries).
//! G maps the activities of all sources to each population's response (Siegert rate, Gaussian
//! threshold crossing, Gaussian averages of phi). The problem implements argmin's `Operator`
//! (F) and `Jacobian` (dF/ds by forward differences); the solver lives in `solver`.

use super::input::{MeanFieldNetwork, Response};
use crate::neuron::binary::{BinaryState, binary_state};
use crate::neuron::lif::{LifState, conductance_based, current_based};
use crate::neuron::rate_units::{GaussianMoments, gaussian_moments};
use crate::numerics::solver::FixedPointSystem;
use argmin::core::{Error as ArgminError, Jacobian, Operator};
use std::cell::RefCell;

/// One population's evaluated state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PopulationEval {
    Lif(LifState),
    Binary(BinaryState),
    Rate {
        /// Mean input x.
        mean: f64,
        /// Input variance Delta.
        variance: f64,
        moments: GaussianMoments,
        input_e: f64,
        input_i: f64,
        input_ext: f64,
    },
}

impl PopulationEval {
    /// The population's activity (Hz for LIF, dimensionless otherwise).
    pub fn activity(&self) -> f64 {
        match self {
            PopulationEval::Lif(l) => l.siegert.rate,
            PopulationEval::Binary(b) => b.activity,
            PopulationEval::Rate { moments, .. } => moments.mean,
        }
    }
}

/// The mean-field equations of one network.
#[derive(Debug, Clone)]
pub struct MeanFieldProblem<'a> {
    pub network: &'a MeanFieldNetwork,
    /// Offset of each population in the state vector.
    offsets: Vec<usize>,
    dim: usize,
    /// The last evaluation (state, result): the solver asks for F(s) and then for dF/ds at
    /// the same s, and both need the same Siegert evaluations.
    last: RefCell<Option<(Vec<f64>, Vec<PopulationEval>)>>,
}

impl<'a> MeanFieldProblem<'a> {
    pub fn new(network: &'a MeanFieldNetwork) -> MeanFieldProblem<'a> {
        let mut offsets = Vec::with_capacity(network.len());
        let mut dim = 0;
        for p in &network.populations {
            offsets.push(dim);
            dim += match p.response {
                Response::Rate { .. } => 2,
                _ => 1,
            };
        }
        MeanFieldProblem {
            network,
            offsets,
            dim,
            last: RefCell::new(None),
        }
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The state with every population at activity `level` (rate units: <phi^2> = level^2).
    pub fn uniform_state(&self, level: impl Fn(usize) -> f64) -> Vec<f64> {
        let mut s = vec![0.0; self.dim];
        for (a, p) in self.network.populations.iter().enumerate() {
            let v = level(a);
            s[self.offsets[a]] = v;
            if let Response::Rate { .. } = p.response {
                s[self.offsets[a] + 1] = v * v;
            }
        }
        s
    }

    /// The activity of each population in state `s`.
    pub fn activities(&self, s: &[f64]) -> Vec<f64> {
        self.offsets.iter().map(|&o| s[o]).collect()
    }

    /// Evaluates every population at state `s`.
    pub fn evaluate(&self, s: &[f64]) -> Vec<PopulationEval> {
        if let Some((state, evals)) = self.last.borrow().as_ref()
            && state.as_slice() == s
        {
            return evals.clone();
        }
        let evals = self.evaluate_uncached(s);
        *self.last.borrow_mut() = Some((s.to_vec(), evals.clone()));
        evals
    }

    fn evaluate_uncached(&self, s: &[f64]) -> Vec<PopulationEval> {
        let nets = self.network;
        let first = self.activities(s);
        let mut out = Vec::with_capacity(nets.len());
        for (a, p) in nets.populations.iter().enumerate() {
            let row = &nets.couplings[a];
            let eval = match &p.response {
                Response::LifDelta(m) => {
                    PopulationEval::Lif(current_based(p, row, &first, m, false))
                }
                Response::LifExp(m) => PopulationEval::Lif(current_based(p, row, &first, m, true)),
                Response::LifCond(m) => PopulationEval::Lif(conductance_based(p, row, &first, m)),
                Response::Binary { theta } => {
                    PopulationEval::Binary(binary_state(*theta, p.current, row, &first))
                }
                Response::Rate { transfer, noise } => {
                    let (mut input_e, mut input_i, mut variance) = (0.0, 0.0, 0.0);
                    for (b, c) in row.iter().enumerate() {
                        let (r, q) = (s[self.offsets[b]], self.second_moment(s, b));
                        let mean = c.mean * r;
                        if mean >= 0.0 {
                            input_e += mean;
                        } else {
                            input_i += mean;
                        }
                        variance += c.second_moment * q - c.mean_square * r * r;
                    }
                    let variance = variance.max(0.0) + 0.5 * noise * noise;
                    let mean = input_e + input_i + p.current;
                    PopulationEval::Rate {
                        mean,
                        variance,
                        moments: gaussian_moments(transfer, mean, variance),
                        input_e,
                        input_i,
                        input_ext: p.current,
                    }
                }
            };
            out.push(eval);
        }
        out
    }

    /// <phi^2> of population b (rate units), the squared activity otherwise.
    fn second_moment(&self, s: &[f64], b: usize) -> f64 {
        match self.network.populations[b].response {
            Response::Rate { .. } => s[self.offsets[b] + 1],
            _ => s[self.offsets[b]].powi(2),
        }
    }

    /// G(s): the responses in state layout.
    pub fn map(&self, s: &[f64]) -> Vec<f64> {
        let mut g = vec![0.0; self.dim];
        for (a, e) in self.evaluate(s).iter().enumerate() {
            let o = self.offsets[a];
            match e {
                PopulationEval::Rate { moments, .. } => {
                    g[o] = moments.mean;
                    g[o + 1] = moments.second;
                }
                other => g[o] = other.activity(),
            }
        }
        g
    }

    /// F(s) = G(s) - s.
    pub fn residual(&self, s: &[f64]) -> Vec<f64> {
        let mut g = self.map(s);
        for (gi, si) in g.iter_mut().zip(s) {
            *gi -= si;
        }
        g
    }
}

impl FixedPointSystem for MeanFieldProblem<'_> {
    fn scale(&self) -> Vec<f64> {
        let mut out = vec![1.0; self.dim];
        for (a, p) in self.network.populations.iter().enumerate() {
            let o = self.offsets[a];
            match p.response {
                // 1 Hz for rates; activities of binary and rate units are O(1) or below.
                Response::Binary { .. } => out[o] = 1e-3,
                Response::Rate { .. } => {
                    out[o] = 1e-3;
                    out[o + 1] = 1e-6;
                }
                _ => {}
            }
        }
        out
    }

    fn project(&self, s: &mut [f64]) {
        for (a, p) in self.network.populations.iter().enumerate() {
            let o = self.offsets[a];
            match p.response {
                Response::Binary { .. } => s[o] = s[o].clamp(0.0, 1.0),
                Response::Rate { transfer, .. } => {
                    if let eibal_model::Transfer::Tanh { .. } = transfer {
                        s[o] = s[o].clamp(-1.0, 1.0);
                    } else {
                        s[o] = s[o].max(0.0);
                    }
                    s[o + 1] = s[o + 1].max(s[o] * s[o]);
                }
                Response::LifDelta(m) | Response::LifExp(m) | Response::LifCond(m) => {
                    s[o] = s[o].max(0.0);
                    if m.t_ref > 0.0 {
                        s[o] = s[o].min(1.0 / m.t_ref);
                    }
                }
            }
        }
    }
}

impl Operator for MeanFieldProblem<'_> {
    type Param = Vec<f64>;
    type Output = Vec<f64>;

    fn apply(&self, s: &Self::Param) -> Result<Self::Output, ArgminError> {
        Ok(self.residual(s))
    }
}

impl Jacobian for MeanFieldProblem<'_> {
    type Param = Vec<f64>;
    type Jacobian = Vec<Vec<f64>>;

    /// dF/ds: analytic for current-based LIF networks (see [`MeanFieldProblem::lif_jacobian`]),
    /// otherwise by forward differences.
    fn jacobian(&self, s: &Self::Param) -> Result<Self::Jacobian, ArgminError> {
        Ok(self
            .lif_jacobian(s)
            .unwrap_or_else(|| self.finite_difference_jacobian(s)))
    }
}

impl MeanFieldProblem<'_> {
    /// dF_a/dnu_b = dnu_a/dmu_a tau_a K_ab J_ab + dnu_a/dsigma_a tau_a K_ab J_ab^2 / (2 sigma_a)
    /// minus delta_ab, for networks of `lif_delta` and `lif_exp` populations (chain rule
    /// through the input moments; with different excitatory and inhibitory synaptic time
    /// constants the rate dependence of the effective tau_s is left out, which only slows
    /// Newton down). `None` for other kinds.
    pub fn lif_jacobian(&self, s: &[f64]) -> Option<Vec<Vec<f64>>> {
        let n = self.dim;
        let evals = self.evaluate(s);
        let mut jac = vec![vec![0.0; n]; n];
        for (a, (p, e)) in self.network.populations.iter().zip(&evals).enumerate() {
            let (PopulationEval::Lif(l), Response::LifDelta(_) | Response::LifExp(_)) =
                (e, &p.response)
            else {
                return None;
            };
            for (entry, c) in jac[a].iter_mut().zip(&self.network.couplings[a]) {
                let dmu = l.tau * c.mean;
                let dsigma = if l.sigma > 0.0 {
                    l.tau * c.second_moment / (2.0 * l.sigma)
                } else {
                    0.0
                };
                *entry = l.siegert.dnu_dmu * dmu + l.siegert.dnu_dsigma * dsigma;
            }
            jac[a][a] -= 1.0;
        }
        Some(jac)
    }

    /// dF_i/ds_j by forward differences with step 1e-7 max(|s_j|, scale_j) (relative error
    /// ~1e-7, enough for Newton to converge superlinearly to the rounding level).
    pub fn finite_difference_jacobian(&self, s: &[f64]) -> Vec<Vec<f64>> {
        let f0 = self.residual(s);
        let scale = self.scale();
        let mut jac = vec![vec![0.0; self.dim]; self.dim];
        let mut probe = s.to_vec();
        for j in 0..self.dim {
            let h = 1e-7 * s[j].abs().max(scale[j]);
            probe[j] = s[j] + h;
            let fj = self.residual(&probe);
            probe[j] = s[j];
            for i in 0..self.dim {
                jac[i][j] = (fj[i] - f0[i]) / h;
            }
        }
        jac
    }
}
