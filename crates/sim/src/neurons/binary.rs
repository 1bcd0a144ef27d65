//! Binary units with asynchronous random updates (van Vreeswijk & Sompolinsky 1998).
//!
//! S_i in {0, 1}. Each unit is updated at the event times of its own Poisson process of rate
//! 1/tau: in a step of length h it is updated with probability 1 - e^{-h/tau} (requires
//! h << tau for at most one update per step to be a good approximation), to
//! S_i = H(h_i + I_ext - theta), with the field h_i = sum_j W_ij S_j (kept as its excitatory
//! and inhibitory parts, for the balance statistics) kept up to date by
//! transition events: a unit that switches on sends +1, one that switches off sends -1, each
//! weighted by W and arriving after the projection's delay.

use super::StepIo;
use crate::engine::history::Arrivals;
use eibal_model::BinaryUnit;
use eibal_model::rng::{BLOCK, unit_f64};
use rand::Rng;

/// Relative tolerance of the threshold comparison S = H(h + I - theta), H(0) = 1. Inputs
/// arrive through the f32 ring buffers (relative rounding 2^-24 = 6e-8 per arrival), so a
/// field that equals the threshold exactly in real arithmetic (common when the couplings are
/// multiples of one value, J/sqrt(K)) lands a few f32 ulps on either side of it, and the
/// rounding, not the model, would decide. A unit therefore switches on when h + I - theta >=
/// -TIE (|h_E| + |h_I| + |I| + |theta|): 1e-6 is ~16 f32 ulps of the terms, far below the
/// spacing of distinct fields, so only exact ties change.
pub(crate) const TIE: f64 = 1e-6;

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

    pub fn step(&mut self, exc: impl Arrivals, inh: impl Arrivals, io: &mut StepIo) {
        io.amplitudes.clear();
        for i in 0..self.state.len() {
            self.field_exc[i] += exc.at(i);
            self.field_inh[i] += inh.at(i);
            io.external[i] = io.current;
            if unit_f64(io.rngs[i / BLOCK].next_u64()) < self.update_probability {
                let (e, inh) = (self.field_exc[i], self.field_inh[i]);
                let margin = e + inh + io.current - self.theta;
                let scale = e.abs() + inh.abs() + io.current.abs() + self.theta.abs();
                let new = u8::from(margin >= -TIE * scale);
                if new != self.state[i] {
                    io.spikes.push(i as u32);
                    io.amplitudes.push(if new == 1 { 1.0 } else { -1.0 });
                    self.state[i] = new;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::history::Input;
    use eibal_model::rng::{Purpose, stream};

    /// One step of a one-unit block with the given arrivals and current; returns S.
    fn step(block: &mut BinaryBlock, exc: Input, inh: Input, current: f64) -> u8 {
        let mut rngs = vec![stream(1, Purpose::Neuron, 0, 0)];
        let (mut external, mut spikes, mut amplitudes) = (vec![0.0], Vec::new(), Vec::new());
        let mut io = StepIo {
            current,
            poisson: &[],
            rngs: &mut rngs,
            external: &mut external,
            spikes: &mut spikes,
            amplitudes: &mut amplitudes,
        };
        block.step(&[exc][..], &[inh][..], &mut io);
        block.state[0]
    }

    #[test]
    fn an_exact_tie_switches_the_unit_on_despite_f32_inputs() {
        // The inhibitory unit of van Vreeswijk & Sompolinsky with K = 100: couplings
        // 1/sqrt(K) = 0.1 and -1.8/sqrt(K) = -0.18, input 0.8, theta = 0.7. Five inhibitory
        // and eight excitatory active inputs give h + I - theta = 0.8 - 0.9 + 0.8 - 0.7 = 0
        // exactly, so S = H(0) = 1; seven give -0.1, so S = 0. In f32 the tie sums to
        // -2.4e-8 and would switch the unit off. An update interval of 1 us against steps of
        // 1 ms makes every step an update (probability 1 - e^-1000).
        let unit = BinaryUnit {
            tau: 1e-6,
            theta: 0.7,
        };
        let mut block = BinaryBlock::new(&unit, 1e-3, vec![0]);
        for _ in 0..5 {
            assert_eq!(step(&mut block, 0.0, -0.18, 0.8), 0);
        }
        for _ in 0..7 {
            assert_eq!(step(&mut block, 0.1, 0.0, 0.8), 0);
        }
        let f32_sum = block.field_exc[0] + 0.1f32 as f64 + block.field_inh[0] + 0.8 - 0.7;
        assert!(
            f32_sum < 0.0,
            "the f32 rounding this test is about: {f32_sum}"
        );
        assert_eq!(step(&mut block, 0.1, 0.0, 0.8), 1, "h = theta switches on");
        assert_eq!(step(&mut block, 0.0, 0.0, 0.8), 1);
        assert_eq!(
            step(&mut block, -0.1, 0.0, 0.8),
            0,
            "h = theta - 0.1 is off"
        );
    }
}
