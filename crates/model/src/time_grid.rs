//! Fixed delays on the simulator's time grid.
//!
//! The simulator resolves a fixed delay d as the nearest whole number of steps, at least one:
//! n = max(1, round(d / dt)) ([`crate::network::delay_steps`]; NEST does the same). A model that
//! describes one network (`show`, `theory`, `stability`, `compare`, `simulate`, Python's
//! `Model`) therefore carries the rounded delay n dt, so that theory and simulation describe the
//! same network; `check` warns where the written delay is off the grid. A parameter scan
//! (`sweep`, `critical`, `boundary`) keeps the delay continuous: a critical delay is a property
//! of the continuous-delay equations, and the simulated points of a sweep round their own.
//! Distributed delays are not rewritten: the simulator rounds each drawn sample, which shifts
//! the mean by at most dt / 2 and is left out of the theory's delay law.

use crate::{Distribution, Model};

/// A fixed delay that was moved onto the grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoundedDelay {
    /// Index into `Model::projections`.
    pub projection: usize,
    /// The written delay (s).
    pub written: f64,
    /// The delay on the grid (s), n dt.
    pub on_grid: f64,
}

impl Model {
    /// Moves every fixed delay onto the grid of `self.simulation.dt` (nearest whole step, at
    /// least one) and returns what moved. Delays within 1e-9 dt of the grid (decimal steps in
    /// other units) are kept as written; delays beyond the ring buffer are left for the
    /// simulator to refuse with its own message.
    pub fn round_delays_to_grid(&mut self) -> Vec<RoundedDelay> {
        let dt = self.simulation.dt;
        let mut moved = Vec::new();
        if !(dt > 0.0 && dt.is_finite()) {
            return moved;
        }
        for (index, p) in self.projections.iter_mut().enumerate() {
            let Distribution::Fixed { value } = p.delay else {
                continue;
            };
            let Ok(steps) = crate::network::delay_steps(value, dt, "delay") else {
                continue;
            };
            let on_grid = f64::from(steps) * dt;
            if (on_grid - value).abs() <= 1e-9 * dt {
                continue;
            }
            p.delay = Distribution::Fixed { value: on_grid };
            moved.push(RoundedDelay {
                projection: index,
                written: value,
                on_grid,
            });
        }
        moved
    }
}

#[cfg(test)]
mod tests {
    use crate::Distribution;

    /// 1.5 ms on a 0.4 ms grid is 4 steps = 1.6 ms; 1.2 ms stays; 0.1 ms becomes one step.
    #[test]
    fn fixed_delays_move_to_the_nearest_step_and_at_least_one() {
        let mut m = crate::builders::brunel2000(5.0, 2.0, 0.1);
        assert!(m.projections.len() >= 3);
        m.simulation.dt = 4e-4;
        let delays = [1.5e-3, 1.2e-3, 1e-4];
        for (p, d) in m.projections.iter_mut().zip(delays) {
            p.delay = Distribution::Fixed { value: d };
        }
        let moved = m.round_delays_to_grid();
        let got: Vec<f64> = m.projections.iter().map(|p| p.delay.mean()).collect();
        assert!((got[0] - 1.6e-3).abs() < 1e-15, "{got:?}");
        assert_eq!(got[1], 1.2e-3);
        assert!((got[2] - 4e-4).abs() < 1e-15, "{got:?}");
        // The fourth (Brunel's I -> I, 1.5 ms) moves too if it exists.
        assert_eq!(moved.len(), m.projections.len() - 1, "{moved:?}");
        assert_eq!(moved[0].written, 1.5e-3);
    }
}
