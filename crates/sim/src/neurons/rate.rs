//! Rate units (Sompolinsky, Crisanti & Sommers 1988): tau dx/dt = -x + sum_j W_ij phi(x_j) +
//! I_ext, plus white noise.
//!
//! Each step treats the input u = sum_j W_ij phi(x_j) + I_ext as constant (the recurrent part
//! arrives with the projection's delay, at least one step) and integrates exactly
//! (exponential Euler): x(t+h) = u + (x - u) e^{-h/tau} + noise sqrt(h/tau) xi, xi ~ N(0, 1)
//! (the noise term as `model::RateUnit` defines it, Euler-Maruyama). Every unit emits
//! phi(x) to its targets in every step.

use super::StepIo;
use crate::engine::history::Arrivals;
use eibal_model::rng::BLOCK;
use eibal_model::{RateUnit, Transfer};
use rand_distr::{Distribution, StandardNormal};

#[derive(Debug, Clone)]
pub struct RateBlock {
    decay: f64,
    noise: f64,
    transfer: Transfer,
    pub x: Vec<f64>,
}

impl RateBlock {
    pub fn new(unit: &RateUnit, h: f64, x0: Vec<f64>) -> RateBlock {
        RateBlock {
            decay: (-h / unit.tau).exp(),
            noise: unit.noise * (h / unit.tau).sqrt(),
            transfer: unit.transfer,
            x: x0,
        }
    }

    pub fn step(&mut self, exc: impl Arrivals, inh: impl Arrivals, io: &mut StepIo) {
        for i in 0..self.x.len() {
            let u = exc.at(i) + inh.at(i) + io.current;
            let mut x = u + (self.x[i] - u) * self.decay;
            if self.noise > 0.0 {
                let xi: f64 = StandardNormal.sample(&mut io.rngs[i / BLOCK]);
                x += self.noise * xi;
            }
            io.external[i] = io.current;
            self.x[i] = x;
        }
        io.amplitudes.clear();
        io.amplitudes
            .extend(self.x.iter().map(|&x| self.transfer.phi(x)));
    }
}
