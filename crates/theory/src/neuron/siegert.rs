//! The Siegert formula: stationary rate of a leaky integrate-and-fire neuron driven by
//! Gaussian white noise, its derivatives, and the Fourcaud & Brunel (2002) correction for
//! exponentially filtered (coloured) noise.
//!
//! The membrane obeys tau_m dV/dt = -V + mu + sigma sqrt(tau_m) xi(t) (voltages relative to
//! rest), fires at `theta`, resets to `v_reset` and stays there for `t_ref`. The rate is
//! (Siegert 1951; Amit & Tsodyks 1991; Brunel 2000 eq. 21)
//!
//!   1/nu = t_ref + tau_m sqrt(pi) int_{y_r}^{y_th} e^{u^2} (1 + erf u) du,
//!   y_th = (theta - mu)/sigma,  y_r = (v_reset - mu)/sigma.
//!
//! Numerically the integrand is written e^{u^2}(1 + erf u) = erfcx(-u), which is bounded for
//! u <= 0; for u > 0 it is 2 e^{u^2} - erfcx(u), integrated with Dawson's function, and the
//! whole integral is carried with the factor e^{-y_th^2} taken out. Neither overflows for any
//! finite y: for y_th > 27 the rate underflows gracefully to 0.

use crate::numerics::quadrature;
use crate::numerics::special::{dawson, erf, erfcx, erfcx_integral};

const SQRT_PI: f64 = 1.772_453_850_905_516;

/// |zeta(1/2)|, the Riemann zeta function at 1/2.
pub const ZETA_HALF_ABS: f64 = 1.460_354_508_809_586_8;

/// The rate and its slopes at one input (mu, sigma).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SiegertPoint {
    /// Stationary rate (Hz).
    pub rate: f64,
    /// d nu / d mu (Hz/V).
    pub dnu_dmu: f64,
    /// d nu / d sigma (Hz/V), including the dependence of a Fourcaud-Brunel shift on sigma.
    pub dnu_dsigma: f64,
}

/// The Siegert integral I = int_{y_r}^{y_th} erfcx(-u) du as `(value, s)` with
/// I = value * e^s; s = y_th^2 if y_th > 0, else 0.
pub(crate) fn scaled_integral(y_r: f64, y_th: f64) -> (f64, f64) {
    if y_th <= 0.0 {
        return (erfcx_integral(-y_th, -y_r), 0.0);
    }
    let s = y_th * y_th;
    let negative_part = if y_r < 0.0 {
        erfcx_integral(0.0, -y_r) * (-s).exp()
    } else {
        0.0
    };
    let (a, b) = (y_r.max(0.0), y_th);
    let positive_part = if b < 2.0 || (b - a) * b < 0.5 {
        // Short or low interval: integrate e^{u^2 - s}(1 + erf u) directly (varies by less
        // than a factor e^4 across it, no cancellation).
        quadrature::panel(&mut |u: f64| (u * u - s).exp() * (1.0 + erf(u)), a, b)
    } else {
        // int_a^b 2 e^{u^2} du = 2 (e^{b^2} D(b) - e^{a^2} D(a)); the difference loses at most
        // a factor 1/(1 - e^{-(b^2 - a^2)}) < 2.6 here since (b - a) b >= 0.5.
        2.0 * (dawson(b) - (a * a - s).exp() * dawson(a)) - (-s).exp() * erfcx_integral(a, b)
    };
    (negative_part + positive_part, s)
}

/// e^{-s} e^{y^2}(1 + erf y), the integrand at y scaled like [`scaled_integral`].
pub(crate) fn scaled_integrand(y: f64, s: f64) -> f64 {
    if y <= 0.0 {
        erfcx(-y) * (-s).exp()
    } else {
        (y * y - s).exp() * (1.0 + erf(y))
    }
}

/// Siegert rate, slopes and the Fourcaud-Brunel shift in one evaluation.
///
/// `shift` is the factor k in theta_eff = theta + k sigma, V_r,eff = v_reset + k sigma
/// (k = 0 for white noise; see [`fourcaud_brunel_shift`]). All voltages relative to rest (V),
/// times in s. Returns NaN fields if `tau_m <= 0`, `t_ref < 0`, `theta <= v_reset` or
/// `sigma < 0` (the model compiler rejects these before they get here).
pub fn siegert(
    tau_m: f64,
    t_ref: f64,
    theta: f64,
    v_reset: f64,
    mu: f64,
    sigma: f64,
    shift: f64,
) -> SiegertPoint {
    let nan = SiegertPoint {
        rate: f64::NAN,
        dnu_dmu: f64::NAN,
        dnu_dsigma: f64::NAN,
    };
    let valid = tau_m > 0.0 && t_ref >= 0.0 && theta > v_reset && sigma >= 0.0 && mu.is_finite();
    if !valid {
        return nan;
    }
    if sigma == 0.0 || (theta - v_reset) / sigma > 1e12 {
        return deterministic(tau_m, t_ref, theta, v_reset, mu);
    }
    let y_th = (theta - mu) / sigma + shift;
    let y_r = (v_reset - mu) / sigma + shift;
    let (value, s) = scaled_integral(y_r, y_th);
    let decay = (-s).exp();
    // nu = e^{-s} / (t_ref e^{-s} + tau sqrt(pi) value) = e^{-s} nu_s.
    let nu_s = 1.0 / (t_ref * decay + tau_m * SQRT_PI * value);
    let rate = nu_s * decay;
    // d nu/dx = -nu^2 tau sqrt(pi) dI/dx with dI/dmu = -(f(y_th) - f(y_r))/sigma and
    // dI/dsigma = -(f(y_th)(y_th - k) - f(y_r)(y_r - k))/sigma (chain rule through y).
    let f_th = scaled_integrand(y_th, s);
    let f_r = scaled_integrand(y_r, s);
    let common = nu_s * nu_s * decay * tau_m * SQRT_PI / sigma;
    SiegertPoint {
        rate,
        dnu_dmu: common * (f_th - f_r),
        dnu_dsigma: common * (f_th * (y_th - shift) - f_r * (y_r - shift)),
    }
}

/// Noise-free limit: nu = 1/(t_ref + tau ln((mu - V_r)/(mu - theta))) above threshold, else 0.
fn deterministic(tau_m: f64, t_ref: f64, theta: f64, v_reset: f64, mu: f64) -> SiegertPoint {
    if mu <= theta {
        return SiegertPoint {
            rate: 0.0,
            dnu_dmu: 0.0,
            dnu_dsigma: 0.0,
        };
    }
    let rate = 1.0 / (t_ref + tau_m * ((mu - v_reset) / (mu - theta)).ln());
    let dlog = 1.0 / (mu - v_reset) - 1.0 / (mu - theta);
    SiegertPoint {
        rate,
        dnu_dmu: -rate * rate * tau_m * dlog,
        dnu_dsigma: 0.0,
    }
}

/// Stationary rate (Hz) of the LIF neuron under white noise (the Siegert formula above).
/// Voltages relative to rest (V), times in s.
pub fn siegert_rate(tau_m: f64, t_ref: f64, theta: f64, v_reset: f64, mu: f64, sigma: f64) -> f64 {
    siegert(tau_m, t_ref, theta, v_reset, mu, sigma, 0.0).rate
}

/// (d nu/d mu, d nu/d sigma) of [`siegert_rate`], in Hz/V:
/// d nu/d mu = nu^2 tau_m sqrt(pi) (f(y_th) - f(y_r)) / sigma,
/// d nu/d sigma = nu^2 tau_m sqrt(pi) (f(y_th) y_th - f(y_r) y_r) / sigma,
/// with f(y) = e^{y^2}(1 + erf y). These include the refractory period in the prefactor nu^2,
/// so d nu/d mu equals the zero-frequency limit of the LIF transfer function.
pub fn siegert_derivatives(
    tau_m: f64,
    t_ref: f64,
    theta: f64,
    v_reset: f64,
    mu: f64,
    sigma: f64,
) -> (f64, f64) {
    let p = siegert(tau_m, t_ref, theta, v_reset, mu, sigma, 0.0);
    (p.dnu_dmu, p.dnu_dsigma)
}

/// The Fourcaud & Brunel (2002) shift factor k = sqrt(tau_s / tau_m) |zeta(1/2)| / sqrt(2):
/// with synaptic filtering of time constant tau_s the rate is the Siegert rate with threshold
/// and reset both moved up by k sigma (valid to first order in sqrt(tau_s / tau_m)).
pub fn fourcaud_brunel_shift(tau_s: f64, tau_m: f64) -> f64 {
    (tau_s / tau_m).sqrt() * ZETA_HALF_ABS * std::f64::consts::FRAC_1_SQRT_2
}

/// Stationary rate (Hz) with exponentially filtered noise (Fourcaud & Brunel 2002): the
/// Siegert rate with theta and v_reset shifted by sigma * [`fourcaud_brunel_shift`].
pub fn siegert_rate_colored(
    tau_m: f64,
    tau_s: f64,
    t_ref: f64,
    theta: f64,
    v_reset: f64,
    mu: f64,
    sigma: f64,
) -> f64 {
    let k = fourcaud_brunel_shift(tau_s, tau_m);
    siegert(tau_m, t_ref, theta, v_reset, mu, sigma, k).rate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nest_siegert_neuron_reference() {
        // ../shared/reference/README.md: NEST siegert_neuron test, tau_m 10 ms, t_ref 2 ms,
        // theta 15 mV, V_reset 0, mu 15 mV, sigma sqrt(1.5) mV: 27.1095934379 Hz.
        let nu = siegert_rate(10e-3, 2e-3, 15e-3, 0.0, 15e-3, 1.5f64.sqrt() * 1e-3);
        assert!((nu - 27.109_593_437_9).abs() < 1e-8, "{nu}");
    }

    #[test]
    fn no_overflow_far_below_and_above_threshold() {
        for mu_mv in [
            -2000.0, -400.0, -100.0, 0.0, 10.0, 19.0, 20.0, 21.0, 50.0, 400.0, 1e5,
        ] {
            let p = siegert(20e-3, 2e-3, 20e-3, 10e-3, mu_mv * 1e-3, 0.5e-3, 0.0);
            assert!(p.rate.is_finite() && p.rate >= 0.0 && p.rate < 500.0);
            assert!(p.dnu_dmu.is_finite() && p.dnu_dmu >= 0.0);
            assert!(p.dnu_dsigma.is_finite());
        }
        // y_th = 40: rate exp(-1600)-small, exactly representable as 0.
        assert_eq!(siegert_rate(20e-3, 2e-3, 20e-3, 10e-3, 0.0, 0.5e-3), 0.0);
    }
}
