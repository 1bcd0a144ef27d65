//! The balanced limit (van Vreeswijk & Sompolinsky 1996, 1998; Brunel 2000 sec. 3): with
//! J_ab = j_ab / sqrt(K) and external input ~ sqrt(K), the mean input of population a is
//! sqrt(K) (sum_b W_ab nu_b + X_a) + O(1). It stays finite as K -> infinity only if
//!
//!   sum_b W_ab nu_b + X_a = 0   for every a,
//!
//! a linear system for the balanced rates. W and X per kind of unit:
//! - LIF current-based: W_ab = tau_m K_ab J_ab (V/Hz), X_a = mean external input (V);
//! - LIF conductance-based: net synaptic current at threshold, W_ab = K_ab w_ab tau_b (E_b -
//!   theta_a), X_a the same for external inputs plus constant currents (the leak is O(1));
//! - rate and binary units: W_ab = K_ab E[W_ab], X_a = I_a.
//!
//! The balanced state is valid when the solution is positive (binary: also below 1).
//! Populations whose rows (W, X) are identical receive the same input; they are lumped (equal
//! rates) before solving, which makes e.g. Brunel's model A (identical E and I targets)
//! regular: nu = nu_ext / (g gamma - 1) with gamma = C_I / C_E.
//!
//! For two populations, one excitatory and one inhibitory, the conditions are also reported in
//! VvS's notation: with rows scaled so that the excitatory couplings are 1, J_E and J_I the
//! inhibitory couplings onto E and I and E, I the external inputs, the balanced state is
//! positive and stable when E/I > J_E/J_I > 1 (VvS 1998 eq. 4.9-4.10).

use super::input::{MeanFieldNetwork, Response};
use nalgebra::{DMatrix, DVector};
use serde::Serialize;

/// The linear balance system W nu = -X.
#[derive(Debug, Clone, PartialEq)]
pub struct BalanceSystem {
    pub w: DMatrix<f64>,
    pub x: DVector<f64>,
}

/// VvS's two-population inequalities.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VvsConditions {
    /// E / I: ratio of the (normalised) external inputs to E and I.
    pub e_over_i: f64,
    /// J_E / J_I: ratio of the (normalised) inhibitory couplings onto E and I.
    pub je_over_ji: f64,
    /// E/I > J_E/J_I > 1.
    pub satisfied: bool,
}

/// Solution of the balance equations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BalancedSolution {
    /// Balanced rates per population (Hz for LIF; activities otherwise); `None` when the system
    /// has no unique solution.
    pub rates: Option<Vec<f64>>,
    /// Whether the solution exists and is admissible (all rates positive; binary below 1).
    pub valid: bool,
    /// Why not, or how it was obtained, in plain words.
    pub explanation: String,
    pub vvs: Option<VvsConditions>,
}

impl BalanceSystem {
    pub fn of(network: &MeanFieldNetwork) -> BalanceSystem {
        let n = network.len();
        let mut w = DMatrix::zeros(n, n);
        let mut x = DVector::zeros(n);
        for (a, p) in network.populations.iter().enumerate() {
            let row = &network.couplings[a];
            match &p.response {
                Response::LifDelta(m) | Response::LifExp(m) => {
                    for b in 0..n {
                        w[(a, b)] = m.tau_m * row[b].mean;
                    }
                    let ext: f64 = p.external.iter().map(|e| e.coupling.mean * e.rate).sum();
                    x[a] = m.tau_m * ext + m.tau_m * p.current / m.c_m;
                }
                Response::LifCond(m) => {
                    for b in 0..n {
                        w[(a, b)] = row[b].mean * (row[b].reversal - m.theta);
                    }
                    let ext: f64 = p
                        .external
                        .iter()
                        .map(|e| e.coupling.mean * e.rate * (e.coupling.reversal - m.theta))
                        .sum();
                    x[a] = ext + p.current;
                }
                Response::Rate { .. } | Response::Binary { .. } => {
                    for b in 0..n {
                        w[(a, b)] = row[b].mean;
                    }
                    x[a] = p.current;
                }
            }
        }
        BalanceSystem { w, x }
    }

    /// Solves W nu = -X, lumping populations with identical rows.
    pub fn solve(&self, network: &MeanFieldNetwork) -> BalancedSolution {
        let n = self.x.len();
        // Group populations with identical (W row, X).
        let same = |a: usize, b: usize| {
            let tol = 1e-12;
            let close = |u: f64, v: f64| (u - v).abs() <= tol * u.abs().max(v.abs()).max(1e-300);
            close(self.x[a], self.x[b]) && (0..n).all(|c| close(self.w[(a, c)], self.w[(b, c)]))
        };
        let mut group = Vec::with_capacity(n);
        let mut representatives: Vec<usize> = Vec::new();
        for a in 0..n {
            if let Some(g) = representatives.iter().position(|&r| same(r, a)) {
                group.push(g);
            } else {
                group.push(representatives.len());
                representatives.push(a);
            }
        }
        let m = representatives.len();
        let mut w = DMatrix::zeros(m, m);
        let mut x = DVector::zeros(m);
        for (g, &r) in representatives.iter().enumerate() {
            x[g] = -self.x[r];
            for b in 0..n {
                w[(g, group[b])] += self.w[(r, b)];
            }
        }
        let vvs = self.vvs(network);
        let lumped = m < n;
        let solution = w.clone().lu().solve(&x).filter(|s| {
            s.iter().all(|v| v.is_finite()) && (&w * s - &x).norm() <= 1e-9 * x.norm().max(1e-300)
        });
        let Some(solution) = solution else {
            return BalancedSolution {
                rates: None,
                valid: false,
                explanation: "the balance equations are singular: no unique balanced state".into(),
                vvs,
            };
        };
        let rates: Vec<f64> = (0..n).map(|a| solution[group[a]]).collect();
        let mut problems = Vec::new();
        for (a, p) in network.populations.iter().enumerate() {
            if rates[a] <= 0.0 {
                problems.push(format!("{} would need rate {:.4} <= 0", p.name, rates[a]));
            }
            if matches!(p.response, Response::Binary { .. }) && rates[a] >= 1.0 {
                problems.push(format!(
                    "{} would need activity {:.4} >= 1",
                    p.name, rates[a]
                ));
            }
        }
        let valid = problems.is_empty();
        let mut explanation = if valid {
            "all balanced rates are admissible".to_string()
        } else {
            format!("no valid balanced state: {}", problems.join("; "))
        };
        if lumped {
            explanation
                .push_str(" (populations with identical inputs were lumped to one equation each)");
        }
        BalancedSolution {
            rates: Some(rates),
            valid,
            explanation,
            vvs,
        }
    }

    /// VvS's inequalities for an excitatory/inhibitory pair.
    fn vvs(&self, network: &MeanFieldNetwork) -> Option<VvsConditions> {
        use eibal_model::Sign;
        if network.len() != 2 {
            return None;
        }
        let e = network
            .populations
            .iter()
            .position(|p| p.sign == Sign::Excitatory)?;
        let i = network
            .populations
            .iter()
            .position(|p| p.sign == Sign::Inhibitory)?;
        let (wee, wei, wie, wii) = (
            self.w[(e, e)],
            self.w[(e, i)],
            self.w[(i, e)],
            self.w[(i, i)],
        );
        if wee <= 0.0 || wie <= 0.0 || self.x[i] == 0.0 {
            return None;
        }
        let j_e = -wei / wee;
        let j_i = -wii / wie;
        let ext_e = self.x[e] / wee;
        let ext_i = self.x[i] / wie;
        let e_over_i = ext_e / ext_i;
        let je_over_ji = j_e / j_i;
        // Without I -> I coupling (J_I = 0) the conditions are not defined: no entry rather
        // than J_E/J_I = -inf in the output.
        if !(e_over_i.is_finite() && je_over_ji.is_finite()) {
            return None;
        }
        Some(VvsConditions {
            e_over_i,
            je_over_ji,
            satisfied: e_over_i > je_over_ji && je_over_ji > 1.0,
        })
    }
}
