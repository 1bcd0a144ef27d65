//! Leaky integrate-and-fire neuron with delta synapses, integrated exactly on the grid
//! (Rotter & Diesmann 1999), with the conventions of NEST's `iaf_psc_delta`.
//!
//! Between inputs tau_m dV/dt = -(V - E_L) + R I_ext, so over one step h
//! V(t + h) = E_L + (V(t) - E_L) e^{-h/tau_m} + (tau_m / C)(1 - e^{-h/tau_m}) I_ext,
//! and the synaptic jumps arriving in the step (recurrent, with their delay, and the external
//! Poisson counts of the step) are added at its end. A neuron spikes when V >= theta at the
//! end of a step; the spike is stamped at the end of the step, V is set to V_reset and held
//! there for round(t_ref / h) steps. Input arriving during refractoriness is discarded, as in
//! NEST's `iaf_psc_delta`.

use super::StepIo;
use crate::engine::history::Arrivals;
use crate::input::draw_external;

#[derive(Debug, Clone)]
pub struct LifDeltaBlock {
    e_l: f64,
    v_th: f64,
    v_reset: f64,
    /// e^{-h/tau_m}
    p22: f64,
    /// (tau_m / C)(1 - e^{-h/tau_m}): voltage change per ampere of constant current
    p20: f64,
    ref_steps: u32,
    /// tau_m / h: converts a jump per step into the equivalent mean input (V)
    tau_over_h: f64,
    /// R = tau_m / C
    resistance: f64,
    pub v: Vec<f64>,
    refractory: Vec<u32>,
}

impl LifDeltaBlock {
    pub fn new(lif: &eibal_model::Lif, h: f64, v0: Vec<f64>) -> LifDeltaBlock {
        let p22 = (-h / lif.tau_m).exp();
        LifDeltaBlock {
            e_l: lif.e_l,
            v_th: lif.v_th,
            v_reset: lif.v_reset,
            p22,
            p20: lif.tau_m / lif.c_m * -(-h / lif.tau_m).exp_m1(),
            ref_steps: (lif.t_ref / h).round() as u32,
            tau_over_h: lif.tau_m / h,
            resistance: lif.tau_m / lif.c_m,
            refractory: vec![0; v0.len()],
            v: v0,
        }
    }

    pub fn step(&mut self, exc: impl Arrivals, inh: impl Arrivals, io: &mut StepIo) {
        let n = self.v.len();
        draw_external(io.poisson, io.rngs, &mut io.external[..n]);
        let drive = io.current * self.p20;
        let (e_l, p22, v_th, v_reset, ref_steps) =
            (self.e_l, self.p22, self.v_th, self.v_reset, self.ref_steps);
        let neurons = self
            .v
            .iter_mut()
            .zip(self.refractory.iter_mut())
            .zip(&io.external[..n]);
        for (i, ((v, r), x)) in neurons.enumerate() {
            if *r == 0 {
                *v = e_l + (*v - e_l) * p22 + drive + exc.at(i) + inh.at(i) + x;
            } else {
                *r -= 1;
            }
            if *v >= v_th {
                *v = v_reset;
                *r = ref_steps;
                io.spikes.push(i as u32);
            }
        }
    }

    /// (excitatory, inhibitory, external) input of neuron `i` in the last step, as equivalent
    /// mean voltage input (tau_m times the rate of change it causes, V).
    pub fn inputs(&self, exc: f64, inh: f64, ext: f64, current: f64) -> [f64; 3] {
        [
            exc * self.tau_over_h,
            inh * self.tau_over_h,
            ext * self.tau_over_h + current * self.resistance,
        ]
    }
}
