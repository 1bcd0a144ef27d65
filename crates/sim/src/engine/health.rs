//! Health checks of spiking networks: a run stops with an error when the network explodes or
//! falls silent, states in which the statistics would mean nothing.
//!
//! - Explosion: in a window of 100 ms (closed every round(0.1 s / h) steps), the spikes of all
//!   spiking populations reach 80% of their maximum sum_p N_p ceil(W / (t_ref,p / h + 1)),
//!   every neuron firing once per refractory period plus one step (and at least once).
//! - Silence: no spike in 0.5 s (round(0.5 s / h) consecutive steps).
//!
//! Rate and binary units are not checked (their emissions are graded or state changes), nor
//! is anything when the model has no spiking population.

use super::build::Pop;

/// The state of the checks over the run.
pub struct Health {
    /// Off without spiking populations or when the caller disabled the checks.
    enabled: bool,
    h: f64,
    /// Steps per explosion window and the spike count at 100% of the maximum rate.
    window: u64,
    max_in_window: f64,
    /// Spikes in the current window.
    window_spikes: u64,
    /// Steps without a spike needed to call the network silent, and steps without one so far.
    silence_limit: u64,
    silent_steps: u64,
}

impl Health {
    pub fn new(pops: &[Pop], h: f64, enabled: bool) -> Health {
        let window = ((0.1 / h).round() as u64).max(1);
        let spiking = pops.iter().filter(|p| p.spiking);
        let max_in_window = spiking
            .clone()
            // Each neuron fires at most once per t_ref + h, and at least once can fall in a
            // window however long t_ref is: ceil, so that the fraction never exceeds 100%.
            .map(|p| p.size as f64 * (window as f64 / (p.ref_steps as f64 + 1.0)).ceil())
            .sum();
        Health {
            enabled: enabled && spiking.count() > 0,
            h,
            window,
            max_in_window,
            window_spikes: 0,
            silence_limit: ((0.5 / h).round() as u64).max(1),
            silent_steps: 0,
        }
    }

    /// Takes the `spikes` of step `s`; the reason to stop, if the network exploded or fell
    /// silent with this step (silence named when both).
    pub fn check(&mut self, spikes: u64, s: u64) -> Option<String> {
        if !self.enabled {
            return None;
        }
        let mut failure = None;
        self.window_spikes += spikes;
        if (s + 1).is_multiple_of(self.window) {
            if self.window_spikes as f64 >= 0.8 * self.max_in_window {
                failure = Some(self.explosion(s));
            }
            self.window_spikes = 0;
        }
        self.silent_steps = if spikes == 0 {
            self.silent_steps + 1
        } else {
            0
        };
        if self.silent_steps >= self.silence_limit {
            failure = Some(self.silence(s));
        }
        failure
    }

    fn explosion(&self, s: u64) -> String {
        format!(
            "the network exploded: in the 100 ms before t = {:.4} s its neurons fired {:.0}% \
             of the spikes they can fire at most (one per refractory period t_ref plus one time \
             step)",
            (s + 1) as f64 * self.h,
            100.0 * self.window_spikes as f64 / self.max_in_window
        )
    }

    fn silence(&self, s: u64) -> String {
        format!(
            "the network fell silent: no spike between t = {:.4} s and t = {:.4} s",
            (s + 1 - self.silent_steps) as f64 * self.h,
            (s + 1) as f64 * self.h
        )
    }
}
