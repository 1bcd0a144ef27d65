//! Neuron models and their parameters, in SI base units.
//!
//! Which unit a synaptic weight or an input amplitude carries depends on the target's kind:
//!
//! | kind        | weight (projection, Poisson drive)           | input amplitude (current drive) |
//! |-------------|----------------------------------------------|---------------------------------|
//! | `LifDelta`  | voltage jump of the membrane (V)             | current (A), through `c_m`      |
//! | `LifExp`    | peak synaptic current, PSC amplitude (A)     | current (A)                     |
//! | `LifCond`   | peak synaptic conductance (S), always >= 0   | current (A)                     |
//! | `Rate`      | dimensionless coupling                       | dimensionless                   |
//! | `Binary`    | dimensionless coupling                       | dimensionless                   |

use super::Distribution;
use super::Origin;
use serde::Serialize;

/// Index of a neuron definition in `Model::neurons`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct NeuronId(pub usize);

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Neuron {
    pub name: String,
    pub kind: NeuronKind,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum NeuronKind {
    /// Leaky integrate-and-fire, delta synapses: tau_m dV/dt = -(V - E_L) + R I(t), and an
    /// incoming spike of weight J moves V by J instantly.
    LifDelta { lif: Lif },
    /// Leaky integrate-and-fire with exponentially decaying current synapses:
    /// C dV/dt = -(V - E_L) C/tau_m + I_ex + I_in + I_ext, tau_syn dI/dt = -I, and a spike of
    /// weight w adds w to I (w is the PSC amplitude).
    LifExp {
        lif: Lif,
        tau_syn_ex: f64,
        tau_syn_in: f64,
    },
    /// Leaky integrate-and-fire with exponentially decaying conductances:
    /// C dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) + I_ext, with
    /// g_L = C / tau_m, tau_syn dg/dt = -g, and a spike of weight w adds w to g.
    LifCond { lif: Lif, syn: CondSynapses },
    /// Rate unit: tau dx/dt = -x + sum_j W_ij phi(x_j) + I_ext (+ white noise), rate = phi(x)
    /// (the convention of Sompolinsky, Crisanti & Sommers 1988).
    Rate(RateUnit),
    /// Binary unit (van Vreeswijk & Sompolinsky 1998): S in {0, 1}, updated at Poisson times
    /// of mean interval tau to S = H(sum_j W_ij S_j + I_ext - theta).
    Binary(BinaryUnit),
}

/// Membrane parameters shared by the LIF models.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lif {
    /// Membrane time constant (s).
    pub tau_m: f64,
    /// Membrane capacitance (F). Converts currents into voltages (R = tau_m / c_m).
    pub c_m: f64,
    /// Resting (leak reversal) potential (V).
    pub e_l: f64,
    /// Spike threshold (V).
    pub v_th: f64,
    /// Reset potential (V).
    pub v_reset: f64,
    /// Absolute refractory period (s); the voltage is clamped at `v_reset` during it.
    pub t_ref: f64,
    /// Initial membrane potential (V).
    pub v_init: Distribution,
}

/// Conductance synapses: reversal potentials and time constants.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CondSynapses {
    /// Excitatory reversal potential (V).
    pub e_ex: f64,
    /// Inhibitory reversal potential (V), e.g. E_Cl from `nernst(...)`.
    pub e_in: f64,
    pub tau_syn_ex: f64,
    pub tau_syn_in: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateUnit {
    /// Time constant (s).
    pub tau: f64,
    pub transfer: Transfer,
    /// Standard deviation of the white noise added to dx/dt, in units of x per sqrt(s)
    /// times sqrt(tau): dx = (...) dt / tau + noise * sqrt(dt / tau) * xi. Zero for none.
    pub noise: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Transfer {
    /// phi(x) = gain * max(0, x - threshold)
    ThresholdLinear { gain: f64, threshold: f64 },
    /// phi(x) = tanh(gain * (x - threshold))
    Tanh { gain: f64, threshold: f64 },
}

impl Transfer {
    pub fn phi(&self, x: f64) -> f64 {
        match *self {
            Transfer::ThresholdLinear { gain, threshold } => gain * (x - threshold).max(0.0),
            Transfer::Tanh { gain, threshold } => (gain * (x - threshold)).tanh(),
        }
    }

    /// d phi / dx.
    pub fn slope(&self, x: f64) -> f64 {
        match *self {
            Transfer::ThresholdLinear { gain, threshold } => {
                if x > threshold {
                    gain
                } else {
                    0.0
                }
            }
            Transfer::Tanh { gain, threshold } => {
                let t = (gain * (x - threshold)).tanh();
                gain * (1.0 - t * t)
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BinaryUnit {
    /// Mean time between updates (s).
    pub tau: f64,
    /// Threshold (dimensionless, in units of the couplings).
    pub theta: f64,
}

impl NeuronKind {
    /// The LIF membrane parameters, for the three LIF kinds.
    pub fn lif(&self) -> Option<&Lif> {
        match self {
            NeuronKind::LifDelta { lif }
            | NeuronKind::LifExp { lif, .. }
            | NeuronKind::LifCond { lif, .. } => Some(lif),
            NeuronKind::Rate(_) | NeuronKind::Binary(_) => None,
        }
    }

    /// The language's name for this kind (`lif_delta`, `lif_exp`, `lif_cond`, `rate`, `binary`).
    pub fn keyword(&self) -> &'static str {
        match self {
            NeuronKind::LifDelta { .. } => "lif_delta",
            NeuronKind::LifExp { .. } => "lif_exp",
            NeuronKind::LifCond { .. } => "lif_cond",
            NeuronKind::Rate(_) => "rate",
            NeuronKind::Binary(_) => "binary",
        }
    }
}
