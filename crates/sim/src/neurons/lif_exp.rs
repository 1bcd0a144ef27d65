//! Leaky integrate-and-fire neuron with exponentially decaying current synapses, integrated
//! exactly on the grid (Rotter & Diesmann 1999), in the update order of NEST's `iaf_psc_exp`.
//!
//! C dV/dt = -(V - E_L) C/tau_m + I_ex + I_in + I_x + I_ext, tau_s dI/dt = -I. Over one step h
//! V(t+h) = E_L + (V - E_L) P22 + P21(tau_ex) (I_ex + I_x) + P21(tau_in) I_in + P20 I_ext with
//! P22 = e^{-h/tau_m}, P20 = (tau_m/C)(1 - P22) and
//! P21(tau_s) = (1/C) tau_m tau_s / (tau_s - tau_m) (e^{-h/tau_s} - e^{-h/tau_m}),
//! evaluated as (h/C) e^{-h/tau_m} expm1(x)/x with x = h (tau_s - tau_m)/(tau_m tau_s), which is
//! exact and stable also for tau_s = tau_m. Then the currents decay by e^{-h/tau_s} and the
//! PSC amplitudes arriving in the step are added; V is compared with theta at the end of the
//! step. During refractoriness V is clamped but the currents evolve. I_x is the external
//! Poisson drive (same time constant as I_ex), kept apart for recording.

use super::StepIo;
use super::chunks::{self, TwoPasses};
use super::threshold::Threshold;
use crate::engine::history::Arrivals;
use std::ops::Range;

fn p21(h: f64, tau_m: f64, tau_s: f64, c: f64) -> f64 {
    let x = h * (tau_s - tau_m) / (tau_m * tau_s);
    let ratio = if x.abs() < 1e-12 { 1.0 } else { x.exp_m1() / x };
    h / c * (-h / tau_m).exp() * ratio
}

#[derive(Debug, Clone)]
pub struct LifExpBlock {
    e_l: f64,
    threshold: Threshold,
    p22: f64,
    p20: f64,
    p21_ex: f64,
    p21_in: f64,
    p11_ex: f64,
    p11_in: f64,
    pub v: Vec<f64>,
    pub i_ex: Vec<f64>,
    pub i_in: Vec<f64>,
    pub i_x: Vec<f64>,
    refractory: Vec<u32>,
}

impl LifExpBlock {
    pub fn new(
        lif: &eibal_model::Lif,
        tau_ex: f64,
        tau_in: f64,
        h: f64,
        v0: Vec<f64>,
    ) -> LifExpBlock {
        let n = v0.len();
        let p22 = (-h / lif.tau_m).exp();
        LifExpBlock {
            e_l: lif.e_l,
            threshold: Threshold {
                v_th: lif.v_th,
                v_reset: lif.v_reset,
                ref_steps: (lif.t_ref / h).round() as u32,
            },
            p22,
            p20: lif.tau_m / lif.c_m * -(-h / lif.tau_m).exp_m1(),
            p21_ex: p21(h, lif.tau_m, tau_ex, lif.c_m),
            p21_in: p21(h, lif.tau_m, tau_in, lif.c_m),
            p11_ex: (-h / tau_ex).exp(),
            p11_in: (-h / tau_in).exp(),
            v: v0,
            i_ex: vec![0.0; n],
            i_in: vec![0.0; n],
            i_x: vec![0.0; n],
            refractory: vec![0; n],
        }
    }

    pub fn step(&mut self, exc: impl Arrivals, inh: impl Arrivals, io: &mut StepIo) {
        let drive = io.current * self.p20;
        chunks::step(self, exc, inh, io, drive);
    }

    /// (excitatory, inhibitory, external) synaptic currents of neuron `i` (A).
    pub fn inputs(&self, i: usize, current: f64) -> [f64; 3] {
        [self.i_ex[i], self.i_in[i], self.i_x[i] + current]
    }
}

impl TwoPasses for LifExpBlock {
    /// One step of the neurons `range` without the threshold: the free membrane update
    /// (skipped while refractory) and the decay of the currents plus their arrivals. Free of
    /// branches, so that it runs in vector lanes.
    #[inline(always)]
    fn integrate(
        &mut self,
        range: Range<usize>,
        exc: impl Arrivals,
        inh: impl Arrivals,
        ext: &[f64],
        drive: f64,
    ) {
        let (e_l, p22, p21_ex, p21_in) = (self.e_l, self.p22, self.p21_ex, self.p21_in);
        let (p11_ex, p11_in) = (self.p11_ex, self.p11_in);
        let len = range.len();
        let v = &mut self.v[range.clone()];
        let i_ex = &mut self.i_ex[range.clone()];
        let i_in = &mut self.i_in[range.clone()];
        let i_x = &mut self.i_x[range.clone()];
        let refractory = &mut self.refractory[range];
        assert!(exc.neurons() == len && inh.neurons() == len && ext.len() == len);
        for i in 0..len {
            let free =
                e_l + (v[i] - e_l) * p22 + p21_ex * (i_ex[i] + i_x[i]) + p21_in * i_in[i] + drive;
            let r = refractory[i];
            v[i] = if r == 0 { free } else { v[i] };
            refractory[i] = r.saturating_sub(1);
            i_ex[i] = i_ex[i] * p11_ex + exc.at(i);
            i_in[i] = i_in[i] * p11_in + inh.at(i);
            i_x[i] = i_x[i] * p11_ex + ext[i];
        }
    }

    #[inline(always)]
    fn spiking(&mut self) -> (&Threshold, &mut [f64], &mut [u32]) {
        (&self.threshold, &mut self.v, &mut self.refractory)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use eibal_model::{Distribution, Lif};

    #[test]
    fn psp_matches_the_closed_form_exactly() {
        // A current jump w at t = 0 gives V(t) - E_L = (w/C) tau_m tau_s / (tau_m - tau_s)
        // (e^{-t/tau_m} - e^{-t/tau_s}); exact integration reproduces it to rounding on any
        // grid, also for tau_s = tau_m (limit (w/C) t e^{-t/tau}).
        for &(tau_s, h) in &[(2e-3, 1e-4), (2e-3, 1.3e-3), (20e-3, 1e-4)] {
            let (tau_m, c, w) = (20e-3, 250e-12, 100e-12);
            let lif = Lif {
                tau_m,
                c_m: c,
                e_l: -65e-3,
                v_th: 0.0,
                v_reset: -65e-3,
                t_ref: 2e-3,
                v_init: Distribution::fixed(-65e-3),
            };
            let mut b = LifExpBlock::new(&lif, tau_s, 5e-3, h, vec![-65e-3]);
            b.i_ex[0] = w;
            let zero = [0.0f32];
            let mut ext = [0.0];
            let (mut spikes, mut amps) = (Vec::new(), Vec::new());
            let steps = 30;
            for _ in 0..steps {
                let mut io = StepIo {
                    current: 0.0,
                    poisson: &[],
                    rngs: &mut [],
                    external: &mut ext,
                    spikes: &mut spikes,
                    amplitudes: &mut amps,
                };
                b.step(&zero[..], &zero[..], &mut io);
            }
            let t = steps as f64 * h;
            let expected = if tau_s == tau_m {
                w / c * t * (-t / tau_m).exp()
            } else {
                w / c * tau_m * tau_s / (tau_m - tau_s) * ((-t / tau_m).exp() - (-t / tau_s).exp())
            };
            let got = b.v[0] + 65e-3;
            assert!(
                (got - expected).abs() < 1e-12 * expected.abs().max(1e-3),
                "{tau_s} {h}: {got} vs {expected}"
            );
        }
    }
}
