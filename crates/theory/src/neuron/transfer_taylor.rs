//! The transfer function of the LIF neuron with exponentially filtered (colored) synaptic
//! noise to first order in k = sqrt(tau_s / tau_m), at all frequencies: Schuecker, Diesmann &
//! Helias (2015, PRE 92:052119), eq. 29 with the rate correction of Fourcaud & Brunel (2002);
//! the form NNMT 1.3.0 evaluates as `nnmt.lif.exp.transfer_function(..., method="taylor")`
//! (`_transfer_function_taylor`, "Eq. 93 in Schuecker et al. 2014", the arXiv version).
//!
//! Unlike the Fourcaud-Brunel shift of threshold and reset ([`super::transfer`]), which is
//! derived for omega sqrt(tau_m tau_s) << 1, this form expands the boundary condition of the
//! colored-noise Fokker-Planck problem in k around the white-noise solution and keeps the
//! frequency dependence of the correction: Schuecker et al. (2015, figs. 2-3) show it follows
//! the simulated response up to high frequencies, where the shifted form overestimates |H|
//! (NNMT's docstring still lists omega sqrt(tau_m tau_s) << 1 among its assumptions).
//!
//! With s = -lambda tau_m (lambda = i omega for sinusoidal input), the scaled parabolic
//! cylinder function u_s(x) = e^{x^2/4} D_s(x) (see [`crate::numerics::parabolic_cylinder`])
//! at the UNshifted x_T = (mu - v_th) / sqrt(D), x_R = (mu - v_reset) / sqrt(D),
//! sqrt(D) = sigma / sqrt(2), and the differences
//!
//! ```text
//! a0 = u_s(x_T) - e^{-lambda t_ref} u_s(x_R)
//! a1 = -(u_s'(x_T) - u_s'(x_R)) / a0                      (u' = s u_{s-1})
//! b2 = (u_s''(x_T) - u_s''(x_R)) / a0                      (u'' = x u' - s u)
//! ```
//!
//! the membrane part of the response to the mean input is
//!
//! ```text
//! H(lambda) = [nu_exp a1 + |zeta(1/2)| k nu_delta (b2 - a1^2)] / (sqrt(D) (1 - s)),
//! ```
//!
//! times the synaptic low pass 1 / (1 + lambda tau_s) (applied by [`super::transfer`]).
//! nu_delta is the white-noise (Siegert) rate at the unshifted threshold and reset, nu_exp the
//! rate of the neuron with filtered noise (the operating point's rate). For t_ref = 0 this is
//! NNMT's expression term by term (tests/transfer_taylor.rs agrees to 1e-7). With t_ref > 0
//! eibal places the refractory phase factor e^{-lambda t_ref} in a0 as in the white-noise
//! Lindner & Schimansky-Geier form (NNMT leaves it out); the difference is below 1 % of |H| at
//! the microcircuit's operating points (tests/transfer_taylor.rs).

use eibal_model::error::{Error, Result};
use num_complex::Complex64;

/// |zeta(1/2)| (Riemann zeta at 1/2).
const ZETA_HALF_ABS: f64 = 1.460_354_508_809_586_8;

/// The constants of the first-order colored-noise response at one operating point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TaylorTerms {
    /// k = sqrt(tau_s / tau_m).
    pub k: f64,
    /// The white-noise (Siegert) rate at the unshifted threshold and reset (Hz).
    pub rate_delta: f64,
    /// The rate with filtered noise (Hz): the operating point's rate.
    pub rate_exp: f64,
}

/// u_s and u_s' at x_T and x_R: [(u(x_T), u'(x_T)), (u(x_R), u'(x_R))].
pub type BoundaryValues = [(Complex64, Complex64); 2];

/// The membrane part of H(lambda) (Hz/V) at order s = -lambda tau_m, for unshifted x_T, x_R
/// and the values `u` of u_s there (module doc). `t_ref_over_tau_m` enters the refractory
/// factor e^{s t_ref / tau_m}.
pub fn taylor_membrane_response(
    s: Complex64,
    (x_threshold, x_reset): (f64, f64),
    u: BoundaryValues,
    sqrt_d: f64,
    t_ref_over_tau_m: f64,
    terms: &TaylorTerms,
) -> Result<Complex64> {
    let [(u_t, du_t), (u_r, du_r)] = u;
    let a0 = u_t - (s * t_ref_over_tau_m).exp() * u_r;
    let a1 = -(du_t - du_r) / a0;
    let second = |x: f64, u: Complex64, du: Complex64| x * du - s * u;
    let b2 = (second(x_threshold, u_t, du_t) - second(x_reset, u_r, du_r)) / a0;
    let correction = ZETA_HALF_ABS * terms.k * terms.rate_delta * (b2 - a1 * a1);
    let h = (terms.rate_exp * a1 + correction) / (sqrt_d * (1.0 - s));
    if !(h.re.is_finite() && h.im.is_finite()) {
        return Err(Error::Runtime(format!(
            "colored-noise (Schuecker et al. 2015) LIF transfer function is not finite at \
             order s = {s} (a pole of H, or outside the accurate domain of the parabolic \
             cylinder functions)"
        )));
    }
    Ok(h)
}
