//! Multiplicative synaptic scaling towards a target rate (Turrigiano et al. 1998; van Rossum,
//! Bi & Turrigiano 2000), as `model::SynapticScaling` defines it.
//!
//! Every neuron i of the target population has a factor s_i multiplying all its scaled
//! incoming weights, and a rate sensor r_i: tau_r dr_i/dt = -r_i + sum_k delta(t - t_k) with
//! tau_r = tau / 10. Each step, r_i decays by e^{-h/tau_r} and jumps by 1/tau_r per spike, and
//! s_i is advanced exactly for frozen r_i: s_i <- s_i exp(h (r_target - r_i) / (r_target tau)),
//! which keeps s_i positive. Sensors start at the target rate (no initial scaling transient).

#[derive(Debug, Clone)]
pub struct ScalingState {
    /// Index of the target population.
    pub population: usize,
    target_rate: f64,
    tau: f64,
    sensor_decay: f64,
    sensor_jump: f64,
    pub factors: Vec<f64>,
    pub sensors: Vec<f64>,
}

impl ScalingState {
    pub fn new(population: usize, size: usize, target_rate: f64, tau: f64, h: f64) -> ScalingState {
        let tau_r = tau / 10.0;
        ScalingState {
            population,
            target_rate,
            tau,
            sensor_decay: (-h / tau_r).exp(),
            sensor_jump: 1.0 / tau_r,
            factors: vec![1.0; size],
            sensors: vec![target_rate; size],
        }
    }

    /// Advances the sensors and factors over one step in which `spikes` (local indices) fired.
    pub fn step(&mut self, spikes: &[u32], h: f64) {
        for r in &mut self.sensors {
            *r *= self.sensor_decay;
        }
        for &i in spikes {
            self.sensors[i as usize] += self.sensor_jump;
        }
        let k = h / (self.target_rate * self.tau);
        for (s, r) in self.factors.iter_mut().zip(&self.sensors) {
            *s *= (k * (self.target_rate - r)).exp();
        }
    }

    pub fn mean_factor(&self) -> f64 {
        self.factors.iter().sum::<f64>() / self.factors.len().max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn silent_neuron_scales_up_exponentially() {
        // With r = 0 after the sensor has decayed, ds/dt = s / tau: s(t) ~ e^{t / tau}.
        let h = 1e-3;
        let mut s = ScalingState::new(0, 1, 5.0, 10.0, h);
        s.sensors[0] = 0.0;
        for _ in 0..1000 {
            s.step(&[], h);
        }
        assert!((s.factors[0] - (1.0f64 / 10.0).exp()).abs() < 1e-9);
    }
}
