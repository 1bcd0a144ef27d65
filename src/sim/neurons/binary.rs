//! Binary units with asynchronous random updates (van Vreeswijk & Sompolinsky 1998).
//!
//! S_i in {0, 1}. Each unit is updated at the event times of its own Poisson process of rate
//! 1/tau: in a step of length h it is updated with probability 1 - e^{-h/tau} (requires
//! h << tau for at most one update per step to be a good approximation), to
//! S_i = H(h_i + I_ext - theta), with the field h_i = sum_j W_ij S_j (kept as its excitatory
//! and inhibitory parts, for the balance statistics) kept up to date by
//! transition events: a unit that switches on sends +1, one that switches off sends -1, each
//! weighted by W and arriving after the projection's delay.

use super::super::rng::{BLOCK, unit_f64};
use super::StepIo;
use crate::model::BinaryUnit;
use rand::Rng;

#[derive(Debug, Clone)]
pub struct BinaryBlock {
    update_probability: f64,
    theta: f64,
    pub field_exc: Vec<f64>,
    pub field_inh: Vec<f64>,
    pub state: Vec<u8>,
}

impl BinaryBlock {
    pub fn new(unit: &BinaryUnit, h: f64, s0: Vec<u8>) -> BinaryBlock {
        BinaryBlock {
            update_probability: -(-h / unit.tau).exp_m1(),
            theta: unit.theta,
            field_exc: vec![0.0; s0.len()],
            field_inh: vec![0.0; s0.len()],
            state: s0,
        }
    }

    pub fn step(&mut self, io: &mut StepIo) {
        io.amplitudes.clear();
        for i in 0..self.state.len() {
            self.field_exc[i] += io.exc[i] as f64;
            self.field_inh[i] += io.inh[i] as f64;
            io.external[i] = io.current;
            if unit_f64(io.rngs[i / BLOCK].next_u64()) < self.update_probability {
                let new = u8::from(
                    self.field_exc[i] + self.field_inh[i] + io.current - self.theta >= 0.0,
                );
                if new != self.state[i] {
                    io.spikes.push(i as u32);
                    io.amplitudes.push(if new == 1 { 1.0 } else { -1.0 });
                    self.state[i] = new;
                }
            }
        }
    }
}
