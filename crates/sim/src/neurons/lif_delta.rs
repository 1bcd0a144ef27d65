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
use super::chunks::{self, TwoPasses};
use super::threshold::Threshold;
use crate::engine::history::Arrivals;
use std::ops::Range;

#[derive(Debug, Clone)]
pub struct LifDeltaBlock {
    e_l: f64,
    threshold: Threshold,
    /// e^{-h/tau_m}
    p22: f64,
    /// (tau_m / C)(1 - e^{-h/tau_m}): voltage change per ampere of constant current
    p20: f64,
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
            threshold: Threshold {
                v_th: lif.v_th,
                v_reset: lif.v_reset,
                ref_steps: (lif.t_ref / h).round() as u32,
            },
            p22,
            p20: lif.tau_m / lif.c_m * -(-h / lif.tau_m).exp_m1(),
            tau_over_h: lif.tau_m / h,
            resistance: lif.tau_m / lif.c_m,
            refractory: vec![0; v0.len()],
            v: v0,
        }
    }

    pub fn step(&mut self, exc: impl Arrivals, inh: impl Arrivals, io: &mut StepIo) {
        let drive = io.current * self.p20;
        chunks::step(self, exc, inh, io, drive);
    }

    pub fn inputs(&self, exc: f64, inh: f64, ext: f64, current: f64) -> [f64; 3] {
        [
            exc * self.tau_over_h,
            inh * self.tau_over_h,
            ext * self.tau_over_h + current * self.resistance,
        ]
    }
}

impl TwoPasses for LifDeltaBlock {
    /// One step of the neurons `range` without the threshold: the free membrane update plus
    /// the jumps of the step, skipped while refractory. Free of branches, so that it runs in
    /// vector lanes.
    #[inline(always)]
    fn integrate(
        &mut self,
        range: Range<usize>,
        exc: impl Arrivals,
        inh: impl Arrivals,
        ext: &[f64],
        drive: f64,
    ) {
        let (e_l, p22) = (self.e_l, self.p22);
        let len = range.len();
        let v = &mut self.v[range.clone()];
        let refractory = &mut self.refractory[range];
        assert!(exc.neurons() == len && inh.neurons() == len && ext.len() == len);
        for i in 0..len {
            let free = e_l + (v[i] - e_l) * p22 + drive + exc.at(i) + inh.at(i) + ext[i];
            let r = refractory[i];
            v[i] = if r == 0 { free } else { v[i] };
            refractory[i] = r.saturating_sub(1);
        }
    }

    #[inline(always)]
    fn spiking(&mut self) -> (&Threshold, &mut [f64], &mut [u32]) {
        (&self.threshold, &mut self.v, &mut self.refractory)
    }
}
