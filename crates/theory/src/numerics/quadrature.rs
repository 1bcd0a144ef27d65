//! Gauss-Legendre quadrature on panels, for the smooth bounded integrands of the Siegert and
//! CV formulas (after they are scaled, see `special` and `siegert`).

use std::sync::LazyLock;

/// Number of nodes per panel. A 12-point rule is exact for polynomials of degree 23; on the
/// panels used here (width at most the scale on which the integrand varies) its error is at
/// the level of the double-precision rounding.
pub const NODES: usize = 12;

/// Nodes and weights of the Gauss-Legendre rule on [-1, 1].
pub struct GaussLegendre {
    pub nodes: [f64; NODES],
    pub weights: [f64; NODES],
}

/// The rule, computed once by Newton's method on the Legendre polynomial P_n from the
/// Chebyshev initial guesses cos(pi (i - 1/4) / (n + 1/2)) (Golub & Welsch 1969 give the
/// same nodes as eigenvalues; Newton on P_n converges to machine precision in a few steps).
pub static RULE: LazyLock<GaussLegendre> = LazyLock::new(|| {
    let n = NODES;
    let mut nodes = [0.0; NODES];
    let mut weights = [0.0; NODES];
    for i in 0..n {
        let mut x = (std::f64::consts::PI * (i as f64 + 0.75) / (n as f64 + 0.5)).cos();
        let mut derivative = 1.0;
        for _ in 0..100 {
            // P_n(x) and P_n'(x) by the three-term recurrence.
            let (mut p0, mut p1) = (1.0, x);
            for k in 2..=n {
                let k = k as f64;
                let p2 = ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k;
                p0 = p1;
                p1 = p2;
            }
            derivative = n as f64 * (x * p1 - p0) / (x * x - 1.0);
            let step = p1 / derivative;
            x -= step;
            if step.abs() < 1e-16 {
                break;
            }
        }
        nodes[i] = x;
        weights[i] = 2.0 / ((1.0 - x * x) * derivative * derivative);
    }
    GaussLegendre { nodes, weights }
});

/// Integral of `f` over [a, b] with one Gauss-Legendre panel.
#[inline]
pub fn panel(f: &mut impl FnMut(f64) -> f64, a: f64, b: f64) -> f64 {
    let rule = &*RULE;
    let half = 0.5 * (b - a);
    let mid = 0.5 * (a + b);
    let mut sum = 0.0;
    for (x, w) in rule.nodes.iter().zip(rule.weights.iter()) {
        sum += w * f(mid + half * x);
    }
    sum * half
}

/// Integral of `f` over [a, b] (a <= b) with panels graded toward the upper end: widths
/// `h, h, 2h, 4h, ...` counted down from `b`. For integrands that vary on the scale `h` near
/// `b` and more slowly away from it (e.g. exp(2 b (x - b)) or 1/x^2 tails).
pub fn graded_toward_upper(mut f: impl FnMut(f64) -> f64, a: f64, b: f64, h: f64) -> f64 {
    if b <= a {
        return 0.0;
    }
    let mut sum = 0.0;
    let mut hi = b;
    let mut width = h.max(f64::MIN_POSITIVE);
    let mut first = true;
    while hi > a {
        let lo = (hi - width).max(a);
        sum += panel(&mut f, lo, hi);
        hi = lo;
        if first {
            first = false;
        } else {
            width *= 2.0;
        }
    }
    sum
}

/// Like [`graded_toward_upper`], graded toward the lower end `a`.
pub fn graded_toward_lower(mut f: impl FnMut(f64) -> f64, a: f64, b: f64, h: f64) -> f64 {
    graded_toward_upper(|t| f(a + b - t), a, b, h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_integrates_polynomials_exactly() {
        // Weights sum to the length of [-1, 1]; x^22 integrates to 2/23.
        let rule = &*RULE;
        let total: f64 = rule.weights.iter().sum();
        assert!((total - 2.0).abs() < 1e-14);
        let p22 = panel(&mut |x: f64| x.powi(22), -1.0, 1.0);
        assert!((p22 - 2.0 / 23.0).abs() < 1e-14);
    }

    #[test]
    fn graded_panels_integrate_a_sharp_exponential() {
        // int_0^10 exp(20 (x - 10)) dx = (1 - exp(-200)) / 20.
        let v = graded_toward_upper(|x| (20.0 * (x - 10.0)).exp(), 0.0, 10.0, 0.05);
        assert!((v - 0.05).abs() < 1e-15);
        let w = graded_toward_lower(|x| (-20.0 * x).exp(), 0.0, 10.0, 0.05);
        assert!((w - 0.05).abs() < 1e-15);
    }
}
