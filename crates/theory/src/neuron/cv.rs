//! Coefficient of variation of the inter-spike intervals of a LIF neuron under white noise
//! (Brunel 2000, appendix A, eq. A.1; first derived for the first-passage time by Tuckwell 1988):
//!
//!   CV^2 = 2 pi (tau_m nu)^2 int_{y_r}^{y_th} e^{x^2} dx int_{-inf}^{x} e^{y^2} (1 + erf y)^2 dy,
//!
//! with y_th, y_r and nu as in the Siegert formula (nu includes the refractory period).
//!
//! Numerics: the inner integral is carried along the outer quadrature nodes by the recurrence
//! H(x2) = H(x1) + int_{x1}^{x2}, scaled by e^{-x|x|} (its growth for x > 0 and its decay
//! for x < 0), and the outer integrand by e^{-2 y_th^2} when y_th > 0; so both stay bounded
//! and the cost is linear in the number of nodes.

use super::siegert::scaled_integral;
use crate::numerics::quadrature::{self, RULE};
use crate::numerics::special::{erf, erfcx};
use std::f64::consts::PI;

const SQRT_PI: f64 = 1.772_453_850_905_516;

/// CV of the ISI under white noise (see the module doc). Voltages relative to rest (V), times
/// in s. Returns 0 for noise-free suprathreshold drive and NaN when the neuron does not fire
/// (rate 0: no intervals) or for invalid parameters.
pub fn cv_isi(tau_m: f64, t_ref: f64, theta: f64, v_reset: f64, mu: f64, sigma: f64) -> f64 {
    cv_isi_shifted(tau_m, t_ref, theta, v_reset, mu, sigma, 0.0)
}

/// [`cv_isi`] with threshold and reset moved by `shift * sigma` (the Fourcaud-Brunel
/// approximation for filtered noise applied to the CV as to the rate).
pub fn cv_isi_shifted(
    tau_m: f64,
    t_ref: f64,
    theta: f64,
    v_reset: f64,
    mu: f64,
    sigma: f64,
    shift: f64,
) -> f64 {
    let valid = tau_m > 0.0 && t_ref >= 0.0 && theta > v_reset && sigma >= 0.0 && mu.is_finite();
    if !valid {
        return f64::NAN;
    }
    if sigma == 0.0 || (theta - v_reset) / sigma > 1e12 {
        return if mu > theta { 0.0 } else { f64::NAN };
    }
    let y_th = (theta - mu) / sigma + shift;
    let y_r = (v_reset - mu) / sigma + shift;
    let (value, s) = scaled_integral(y_r, y_th);
    let nu_s = 1.0 / (t_ref * (-s).exp() + tau_m * SQRT_PI * value);
    if nu_s * (-s).exp() <= 0.0 || nu_s.is_nan() {
        return f64::NAN;
    }
    let outer = scaled_outer_integral(y_r, y_th, s);
    (2.0 * PI * (tau_m * nu_s).powi(2) * outer).sqrt()
}

/// e^{-x|x|}: the scale of the inner integral at x.
fn phi(x: f64) -> f64 {
    x * x.abs()
}

/// e^{y^2 - phi(x2)} (1 + erf y)^2, bounded for y <= x2.
fn inner_integrand(y: f64, phi_x2: f64) -> f64 {
    if y <= 0.0 {
        let e = erfcx(-y);
        (-y * y - phi_x2).exp() * e * e
    } else {
        let e = 1.0 + erf(y);
        (y * y - phi_x2).exp() * e * e
    }
}

/// The inner integral at x0 scaled by e^{-phi(x0)}, computed directly.
fn inner_scaled_at(x0: f64) -> f64 {
    if x0 <= 0.0 {
        // y = x0 - t: e^{x0^2 - y^2} erfcx(-y)^2 = e^{-(2|x0| t + t^2)} erfcx(|x0| + t)^2.
        let a = -x0;
        let t_max = -a + (a * a + 80.0).sqrt();
        let h = 0.5_f64.min(1.0 / (2.0 * a + 1.0));
        quadrature::graded_toward_lower(
            |t| {
                let e = erfcx(a + t);
                (-(2.0 * a * t + t * t)).exp() * e * e
            },
            0.0,
            t_max,
            h,
        )
    } else {
        let at_zero = inner_scaled_at(0.0);
        let h = 0.5_f64.min(1.0 / (2.0 * x0));
        (-x0 * x0).exp() * at_zero
            + quadrature::graded_toward_upper(|y| inner_integrand(y, x0 * x0), 0.0, x0, h)
    }
}

/// Four-point Gauss-Legendre rule on [-1, 1] (closed form), for the short recurrence steps.
const GAUSS4: [(f64, f64); 4] = [
    (-0.861_136_311_594_052_6, 0.347_854_845_137_453_85),
    (-0.339_981_043_584_856_3, 0.652_145_154_862_546_2),
    (0.339_981_043_584_856_3, 0.652_145_154_862_546_2),
    (0.861_136_311_594_052_6, 0.347_854_845_137_453_85),
];

/// e^{-2s} int_{y_r}^{y_th} e^{x^2} H(x) dx.
fn scaled_outer_integral(y_r: f64, y_th: f64, s: f64) -> f64 {
    // Panels: for x < 0 graded toward the upper end (tail ~ |x|^-3); for x > 0 graded
    // toward y_th on the scale 1/(4 y_th) of e^{2 x^2 - 2 s}.
    let mut panels: Vec<(f64, f64)> = Vec::new();
    if y_r < 0.0 {
        let top = y_th.min(0.0);
        let mut hi = top;
        let mut width = 0.5;
        while hi > y_r {
            let lo = (hi - width).max(y_r);
            panels.push((lo, hi));
            hi = lo;
            width *= 2.0;
        }
    }
    if y_th > 0.0 {
        let bottom = y_r.max(0.0);
        let mut hi = y_th;
        let mut width = 0.5_f64.min(0.25 / y_th);
        let mut first = true;
        while hi > bottom {
            let lo = (hi - width).max(bottom);
            panels.push((lo, hi));
            hi = lo;
            if first {
                first = false;
            } else {
                width *= 2.0;
            }
        }
    }
    panels.sort_by(|a, b| a.0.total_cmp(&b.0));
    let rule = &*RULE;
    let mut order: Vec<usize> = (0..rule.nodes.len()).collect();
    order.sort_by(|&i, &j| rule.nodes[i].total_cmp(&rule.nodes[j]));

    let mut total = 0.0;
    let mut previous: Option<(f64, f64)> = None; // (x, H scaled by e^{-phi(x)})
    for (lo, hi) in panels {
        let half = 0.5 * (hi - lo);
        let mid = 0.5 * (hi + lo);
        for &i in &order {
            let x = mid + half * rule.nodes[i];
            let h = match previous {
                None => inner_scaled_at(x),
                Some((x1, h1)) => {
                    let phi_x = phi(x);
                    // The integrand varies like e^{2|x| (y - x)}: one 4-point rule while the
                    // step is short on that scale, graded panels otherwise.
                    let scale = 2.0 * x.abs().max(1.0);
                    let step = if (x - x1) * scale <= 0.5 {
                        let (m, d) = (0.5 * (x + x1), 0.5 * (x - x1));
                        d * GAUSS4
                            .iter()
                            .map(|(t, w)| w * inner_integrand(m + d * t, phi_x))
                            .sum::<f64>()
                    } else {
                        quadrature::graded_toward_upper(
                            |y| inner_integrand(y, phi_x),
                            x1,
                            x,
                            0.5 / scale,
                        )
                    };
                    (phi(x1) - phi_x).exp() * h1 + step
                }
            };
            previous = Some((x, h));
            total += rule.weights[i] * half * (x * x + phi(x) - 2.0 * s).exp() * h;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cv_matches_mpmath_double_integrals() {
        // Brunel 2000 eq. A.1 by mpmath 1.4.1 quad at 25 digits (erfc form, nested quad; for
        // the regular case the inner integral as int_0^inf e^{2xt - t^2} erfcx(t - x)^2 dt
        // with split intervals at 30 digits, since the plain nested quad is off by 2e-5 there):
        // (tau, t_ref, theta, V_r, mu, sigma) -> CV. High noise, near-Poisson and regular.
        let cases = [
            (
                (4.662e-3, 5e-3, 10e-3, 0.0, -6e-3, 22e-3),
                0.854_603_013_032_122_8,
            ),
            (
                (20e-3, 2e-3, 20e-3, 10e-3, 10e-3, 3e-3),
                0.999_959_674_419_083_7,
            ),
            (
                (20e-3, 2e-3, 20e-3, 10e-3, 35e-3, 1e-3),
                0.061_580_063_519_448_87,
            ),
        ];
        for ((tau, t_ref, theta, vr, mu, sigma), want) in cases {
            let cv = cv_isi(tau, t_ref, theta, vr, mu, sigma);
            assert!(((cv - want) / want).abs() < 1e-9, "{cv} vs {want}");
        }
    }

    #[test]
    fn gauss4_is_exact_for_degree_seven() {
        let v: f64 = GAUSS4.iter().map(|(t, w)| w * t.powi(6)).sum();
        assert!((v - 2.0 / 7.0).abs() < 1e-15);
    }
}
