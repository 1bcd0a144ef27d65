//! Critical values along the first axis: where the predicted stability changes between two
//! neighbouring theory points, the crossing of the leading growth rate Re lambda = 0 is
//! refined with [`eibal_theory::numerics::crossing::find_critical`] (Brent's method) to a thousandth of
//! the step. If the growth rate does not change sign between the two points (the root count
//! and the leading root can disagree near a fold), the midpoint is reported with half the step
//! as its uncertainty, and the record says so.

use super::execute::{Sweep, TheoryPoint, growth_rate};
use eibal_model::Observer;
use eibal_theory::neuron::transfer::TransferForm;
use eibal_theory::numerics::crossing::find_critical;
use rayon::prelude::*;
use serde::Serialize;

/// A predicted stability boundary on the first axis.
#[derive(Debug, Clone, Serialize)]
pub struct CriticalValue {
    /// The first axis' param.
    pub param: String,
    /// The critical value (SI) and its uncertainty.
    pub value: f64,
    pub tolerance: f64,
    /// The second axis' value on this curve, if there are two axes (SI).
    pub at: Option<f64>,
    /// `stable -> unstable` or `unstable -> stable`, in the direction of increasing param.
    pub change: String,
    /// How it was found: `brent` or `midpoint` (with the reason).
    pub method: String,
}

/// The neighbours (indices into `theory`) whose stability differs, along the first axis.
pub fn flips(theory: &[TheoryPoint], n_first: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (k, pair) in theory.windows(2).enumerate() {
        if (k + 1) % n_first == 0 {
            continue; // the next curve of the second axis starts here
        }
        if let (Some(a), Some(b)) = (pair[0].stable, pair[1].stable)
            && a != b
        {
            out.push((k, k + 1));
        }
    }
    out
}

/// Refines every flip in parallel.
pub fn locate(
    sweep: &Sweep,
    theory: &[TheoryPoint],
    form: TransferForm,
    observer: &dyn Observer,
) -> Vec<CriticalValue> {
    let n_first = sweep.axes[0].values_si.len();
    let step = sweep.axes[0].spacing();
    let tol = if step.is_finite() { step * 1e-3 } else { 1e-9 };
    flips(theory, n_first)
        .par_iter()
        .map(|&(i, j)| {
            let (a, b) = (&theory[i], &theory[j]);
            let (lo, hi) = (a.values[0], b.values[0]);
            let at = a.values.get(1).copied();
            // Newton from the roots of both ends (and the survey seeds) at every trial point.
            let seeds: Vec<_> = a.roots.iter().chain(&b.roots).copied().collect();
            let f = |x: f64| {
                let mut v = a.values.clone();
                v[0] = x;
                growth_rate(sweep, &v, form, &seeds)
            };
            let change = if a.stable == Some(true) {
                "stable -> unstable"
            } else {
                "unstable -> stable"
            };
            let found = find_critical(f, lo, hi, tol);
            observer.advance(1);
            match found {
                Ok(c) => CriticalValue {
                    param: sweep.axes[0].param.clone(),
                    value: c.value,
                    tolerance: c.tolerance,
                    at,
                    change: change.to_string(),
                    method: "brent".into(),
                },
                Err(e) => CriticalValue {
                    param: sweep.axes[0].param.clone(),
                    value: 0.5 * (lo + hi),
                    tolerance: 0.5 * (hi - lo),
                    at,
                    change: change.to_string(),
                    method: format!("midpoint ({e})"),
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(x: f64, stable: Option<bool>) -> TheoryPoint {
        TheoryPoint {
            values: vec![x],
            rates: None,
            cv: None,
            stable,
            growth_rate_per_s: None,
            frequency_hz: None,
            error: None,
            stability_error: None,
            roots: Vec::new(),
        }
    }

    #[test]
    fn flips_are_neighbours_on_one_curve_with_known_stability() {
        let s = [
            Some(true),
            Some(true),
            Some(false),
            None,
            Some(true),
            Some(false),
        ];
        let t: Vec<_> = s
            .iter()
            .enumerate()
            .map(|(i, &b)| point(i as f64, b))
            .collect();
        // One curve of 6: flips at (1,2) and (4,5); the None in between breaks (2,3),(3,4).
        assert_eq!(flips(&t, 6), vec![(1, 2), (4, 5)]);
        // Two curves of 3: (1,2) is inside the first; (2,3) crosses curves; (4,5) inside.
        assert_eq!(flips(&t, 3), vec![(1, 2), (4, 5)]);
    }
}
