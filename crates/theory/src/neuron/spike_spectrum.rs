//! Power spectrum of the spike train of a LIF neuron driven by Gaussian white noise
//! (Lindner, Schimansky-Geier & Longtin 2002, Phys Rev E 66:031916, eq. 15; with refractory
//! period as in Lindner's thesis, 2002):
//!
//! ```text
//!                  |D_s(x_T)|^2 - e^{2 Delta} |D_s(x_R)|^2
//! S(omega) = nu0 -----------------------------------------------,   s = i omega tau_m,
//!                |D_s(x_T) - e^{Delta} e^{i omega t_ref} D_s(x_R)|^2
//! ```
//!
//! with x_T = (mu - theta)/sqrt(D), x_R = (mu - v_reset)/sqrt(D), sqrt(D) = sigma / sqrt(2),
//! Delta = (x_R^2 - x_T^2)/4 and nu0 the Siegert rate. In the scaled functions
//! u_s = e^{x^2/4} D_s of [`crate::numerics::parabolic_cylinder`] the Gaussian factors cancel:
//! S = nu0 (|u_s(x_T)|^2 - |u_s(x_R)|^2) / |u_s(x_T) - e^{i omega t_ref} u_s(x_R)|^2. We evaluate
//! it at the conjugate order s = -i omega tau_m with e^{-i omega t_ref} (the convention of
//! [`crate::neuron::transfer`]); the modulus is the same.
//!
//! Limits (checked in the tests): S(0) = nu0 CV^2 (a renewal train) and S -> nu0 for
//! omega -> inf. The parabolic cylinder functions are accurate for omega tau_m <= 40
//! (f <= 318 Hz at tau_m = 20 ms); above that the function returns an error.

use crate::numerics::parabolic_cylinder::scaled_pcfd;
use eibal_model::error::{Error, Result};
use num_complex::Complex64;

/// Largest omega tau_m at which the parabolic cylinder functions are accurate.
pub const MAX_OMEGA_TAU: f64 = 40.0;

/// Two-sided spike-train power spectrum (Hz) at frequency `f` (Hz), white-noise input; `rate`
/// is the Siegert rate at (mu, sigma). SI units, voltages relative to rest.
#[allow(clippy::too_many_arguments)]
pub fn white_noise_spike_spectrum(
    tau_m: f64,
    t_ref: f64,
    theta: f64,
    v_reset: f64,
    mu: f64,
    sigma: f64,
    rate: f64,
    f: f64,
) -> Result<f64> {
    let omega_tau = 2.0 * std::f64::consts::PI * f * tau_m;
    if omega_tau > MAX_OMEGA_TAU || sigma.is_nan() || sigma <= 0.0 {
        return Err(Error::BadInput(format!(
            "white-noise spike spectrum: f = {f} Hz is above the accurate range (omega tau_m \
             <= {MAX_OMEGA_TAU}) or sigma = {sigma} V is not positive"
        )));
    }
    if omega_tau < 1e-6 {
        // S(0) = nu CV^2 (the order-0 expression is 0/0 there).
        let cv = crate::neuron::cv::cv_isi(tau_m, t_ref, theta, v_reset, mu, sigma);
        return Ok(rate * cv * cv);
    }
    let sqrt_d = sigma / std::f64::consts::SQRT_2;
    let (xt, xr) = ((mu - theta) / sqrt_d, (mu - v_reset) / sqrt_d);
    let s = Complex64::new(0.0, -omega_tau);
    let u = scaled_pcfd(s, &[Complex64::new(xt, 0.0), Complex64::new(xr, 0.0)])?;
    let (u_t, u_r) = (u.values[0].0, u.values[1].0);
    let phase = Complex64::new(0.0, -2.0 * std::f64::consts::PI * f * t_ref).exp();
    let value = rate * (u_t.norm_sqr() - u_r.norm_sqr()) / (u_t - phase * u_r).norm_sqr();
    if value.is_finite() {
        Ok(value)
    } else {
        Err(Error::Runtime(format!(
            "white-noise spike spectrum is not finite at f = {f} Hz"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::neuron::cv::cv_isi;
    use crate::neuron::siegert::siegert_rate;

    #[test]
    fn low_and_high_frequency_limits() {
        let (tau, t_ref, theta, vr) = (0.02, 0.002, 0.02, 0.01);
        for (mu, sigma) in [(0.019, 0.005), (0.015, 0.004), (0.024, 0.002)] {
            let rate = siegert_rate(tau, t_ref, theta, vr, mu, sigma);
            let cv = cv_isi(tau, t_ref, theta, vr, mu, sigma);
            // Slightly above zero frequency the formula (not the special case) applies.
            let near_zero =
                white_noise_spike_spectrum(tau, t_ref, theta, vr, mu, sigma, rate, 0.01).unwrap();
            assert!(
                (near_zero / (rate * cv * cv) - 1.0).abs() < 1e-3,
                "{near_zero} vs nu CV^2 = {}",
                rate * cv * cv
            );
            let high =
                white_noise_spike_spectrum(tau, t_ref, theta, vr, mu, sigma, rate, 300.0).unwrap();
            assert!((high / rate - 1.0).abs() < 0.15, "{high} vs {rate}");
        }
    }
}
