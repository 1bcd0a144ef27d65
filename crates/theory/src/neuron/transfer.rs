//! Linear response (transfer function) of the leaky integrate-and-fire neuron with white-noise
//! input, as a function of the complex frequency (Laplace variable) lambda.
//!
//! The neuron: tau_m dV/dt = mu - V + sigma sqrt(tau_m) xi(t), spike and reset to `v_reset`
//! at `v_th`, refractory for `t_ref`, stationary rate nu0. A small modulation of the mean
//! input mu -> mu + eps e^{lambda t} modulates the rate by eps H(lambda) e^{lambda t}, with
//! (Lindner & Schimansky-Geier 2001, PRL 86:2934, eq. 5; Brunel & Hakim 1999 for t_ref = 0)
//!
//! ```text
//!              nu0        s       u_{s-1}(x_T) - u_{s-1}(x_R)
//! H(lambda) = ------- * ----- * ---------------------------------------,   s = -lambda tau_m,
//!             sqrt(D)   s - 1   u_s(x_T) - e^{-lambda t_ref} u_s(x_R)
//! ```
//!
//! with sqrt(D) = sigma / sqrt(2), x_T = (mu - v_th) / sqrt(D), x_R = (mu - v_reset) / sqrt(D),
//! and u_a(x) = e^{x^2/4} D_a(x) the scaled parabolic cylinder function (the Gaussian factors
//! e^{(x_R^2 - x_T^2)/4} of the published form cancel). The published form is written for the
//! Fourier convention e^{-i omega t} (s = i omega tau there); for the Laplace variable of a
//! perturbation e^{lambda t} the order is s = -lambda tau_m. With this sign H is analytic and
//! positive, decreasing along the positive real lambda axis and lags in phase on the imaginary
//! axis, as a causal response must (checked in tests/stability_brunel.rs). The refractory
//! period sits in the reset term, so that H(0) equals d nu / d mu of the Siegert rate exactly
//! (a form without e^{-lambda t_ref} is off by 1 / (1 - nu0 t_ref) at zero frequency).
//! H is in Hz per volt.
//!
//! s = 0 and s = 1 (lambda = 0 and lambda = -1/tau_m) are removable singularities (0/0); near
//! them H is evaluated by the Cauchy integral over a small circle (trapezoidal rule, 16 points,
//! exponentially accurate).
//!
//! Exponentially filtered synaptic input (time constant tau_s << tau_m) is treated by the
//! Fourcaud & Brunel (2002) shift of threshold and reset by sigma alpha/2 sqrt(tau_s/tau_m),
//! alpha = sqrt(2) |zeta(1/2)|, together with the synaptic low-pass 1 / (1 + lambda tau_s),
//! as in Schuecker et al. (2015, PRE 92:052119) section IV at first order in sqrt(tau_s/tau_m)
//! (`SynapticFilter::FourcaudBrunel`). The stationary rate nu0 passed in must then be the
//! rate with the same shift. Their full frequency-dependent correction at first order in
//! sqrt(tau_s/tau_m) (NNMT's `method="taylor"`) is `SynapticFilter::SchueckerTaylor`, in
//! [`super::transfer_taylor`].
//! The shift is derived for omega sqrt(tau_m tau_s) << 1 (Schuecker et al. 2015; NNMT's
//! `_transfer_function_shift` states the same); with tau_m = 10 ms, tau_s = 0.5 ms that is
//! f << 70 Hz, so roots found at a few hundred Hz (the microcircuit's ~320 Hz pair) rest on an
//! extrapolation. NNMT 1.3.0's shifted transfer function is the same formula without the
//! refractory factor e^{-lambda t_ref} (tests/stability_microcircuit.rs).

use super::siegert::siegert_rate;
use super::transfer_taylor::{TaylorTerms, taylor_membrane_response};
use crate::numerics::parabolic_cylinder::scaled_pcfd;
use eibal_model::error::{Error, Result};
use num_complex::Complex64;

/// |zeta(1/2)| (Riemann zeta at 1/2).
const ZETA_HALF_ABS: f64 = 1.460_354_508_809_586_8;

/// The stationary operating point of one LIF population (SI units: s, V, Hz).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LifOperatingPoint {
    pub tau_m: f64,
    pub t_ref: f64,
    pub v_th: f64,
    pub v_reset: f64,
    /// Mean input mu (V), the free membrane potential.
    pub mu: f64,
    /// Input noise amplitude sigma (V).
    pub sigma: f64,
    /// Stationary rate nu0 (Hz) at this mu and sigma.
    pub rate: f64,
}

/// How synaptic filtering enters the transfer function.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum SynapticFilter {
    /// Delta synapses: white-noise input.
    #[default]
    None,
    /// Exponential synapses of time constant `tau_s` (s): Fourcaud-Brunel shifted threshold
    /// and reset, times the synaptic low-pass 1 / (1 + lambda tau_s).
    FourcaudBrunel { tau_s: f64 },
    /// Exponential synapses of time constant `tau_s` (s): the first-order colored-noise
    /// response of Schuecker, Diesmann & Helias (2015) at all frequencies
    /// ([`super::transfer_taylor`]), times the synaptic low pass 1 / (1 + lambda tau_s).
    SchueckerTaylor { tau_s: f64 },
}

impl SynapticFilter {
    /// The synaptic time constant (s), 0 for white noise.
    pub fn tau_s(&self) -> f64 {
        match *self {
            SynapticFilter::None => 0.0,
            SynapticFilter::FourcaudBrunel { tau_s }
            | SynapticFilter::SchueckerTaylor { tau_s } => tau_s,
        }
    }
}

/// The form of H(lambda).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TransferForm {
    /// Lindner & Schimansky-Geier (2001): parabolic cylinder functions.
    #[default]
    Exact,
    /// First-order low pass H(lambda) = H(0) / (1 + lambda tau_m).
    LowPass,
}

/// The LIF transfer function at one operating point.
#[derive(Debug, Clone, PartialEq)]
pub struct LifTransfer {
    point: LifOperatingPoint,
    filter: SynapticFilter,
    form: TransferForm,
    /// x_T, x_R (shifted if the filter says so).
    x_threshold: f64,
    x_reset: f64,
    /// H(0) = d nu / d mu (Hz/V).
    static_gain: f64,
    /// H_var(0) = d nu / d sigma^2 (Hz/V^2).
    static_variance_gain: f64,
    /// The constants of the colored-noise correction (`SchueckerTaylor` only).
    taylor: Option<TaylorTerms>,
}

/// Radius (in s = lambda tau_m) of the circle used near the removable singularities.
const CAUCHY_RADIUS: f64 = 2e-3;
/// Points within this distance of a removable singularity use the Cauchy integral.
const CAUCHY_NEAR: f64 = 5e-4;
const CAUCHY_POINTS: usize = 16;

impl LifTransfer {
    pub fn new(
        point: LifOperatingPoint,
        filter: SynapticFilter,
        form: TransferForm,
    ) -> Result<LifTransfer> {
        let p = point;
        let finite = [p.tau_m, p.t_ref, p.v_th, p.v_reset, p.mu, p.sigma, p.rate]
            .iter()
            .all(|v| v.is_finite());
        if !finite || p.tau_m <= 0.0 || p.t_ref < 0.0 || p.sigma <= 0.0 || p.rate <= 0.0 {
            return Err(Error::BadInput(format!(
                "LIF transfer function needs finite tau_m > 0, t_ref >= 0, sigma > 0 and a \
                 positive rate; got tau_m = {} s, t_ref = {} s, sigma = {} V, rate = {} Hz \
                 (mean input {} V, threshold {} V, reset {} V)",
                p.tau_m, p.t_ref, p.sigma, p.rate, p.mu, p.v_th, p.v_reset
            )));
        }
        if p.v_reset >= p.v_th {
            return Err(Error::BadInput(format!(
                "LIF transfer function needs v_reset < v_th; got {} >= {}",
                p.v_reset, p.v_th
            )));
        }
        let tau_s = filter.tau_s();
        if !(tau_s.is_finite() && tau_s >= 0.0) {
            return Err(Error::BadInput(format!(
                "synaptic time constant must be >= 0, got {tau_s}"
            )));
        }
        let shift = match filter {
            SynapticFilter::FourcaudBrunel { .. } => {
                p.sigma * (tau_s / p.tau_m).sqrt() * ZETA_HALF_ABS / std::f64::consts::SQRT_2
            }
            _ => 0.0,
        };
        let taylor = match filter {
            SynapticFilter::SchueckerTaylor { .. } => {
                let rate_delta = siegert_rate(p.tau_m, p.t_ref, p.v_th, p.v_reset, p.mu, p.sigma);
                if !(rate_delta.is_finite() && rate_delta >= 0.0) {
                    return Err(Error::Runtime(format!(
                        "colored-noise transfer function: the white-noise rate at mean input \
                         {} V, sigma {} V is not finite",
                        p.mu, p.sigma
                    )));
                }
                Some(TaylorTerms {
                    k: (tau_s / p.tau_m).sqrt(),
                    rate_delta,
                    rate_exp: p.rate,
                })
            }
            _ => None,
        };
        let sqrt_d = p.sigma / std::f64::consts::SQRT_2;
        let mut t = LifTransfer {
            point,
            filter,
            form,
            x_threshold: (p.mu - p.v_th - shift) / sqrt_d,
            x_reset: (p.mu - p.v_reset - shift) / sqrt_d,
            static_gain: f64::NAN,
            static_variance_gain: f64::NAN,
            taylor,
        };
        // lambda = 0 is a removable singularity of both channels: one Cauchy circle around
        // it gives both limits from the same parabolic-cylinder solves.
        let (mean, variance) = t.cauchy_both_at_zero()?;
        t.static_gain = mean.re;
        t.static_variance_gain = variance.re;
        Ok(t)
    }

    /// (H(0), H_var(0)) by the Cauchy integral around s = 0 (as [`Self::cauchy`], both
    /// channels at once).
    fn cauchy_both_at_zero(&self) -> Result<(Complex64, Complex64)> {
        let mut sum = (Complex64::new(0.0, 0.0), Complex64::new(0.0, 0.0));
        for k in 0..CAUCHY_POINTS {
            let phase = 2.0 * std::f64::consts::PI * (k as f64 + 0.5) / CAUCHY_POINTS as f64;
            let zeta = Complex64::from_polar(CAUCHY_RADIUS, phase);
            // f(0) = mean of f(zeta) zeta / (zeta - 0) = mean of f(zeta).
            let (mean, variance) = self.lsg_both(zeta)?;
            sum.0 += mean;
            sum.1 += variance;
        }
        let n = CAUCHY_POINTS as f64;
        Ok((sum.0 / n, sum.1 / n))
    }

    pub fn point(&self) -> &LifOperatingPoint {
        &self.point
    }

    pub fn filter(&self) -> SynapticFilter {
        self.filter
    }

    /// H(0) = d nu / d mu (Hz/V).
    pub fn static_gain(&self) -> f64 {
        self.static_gain
    }

    /// H_var(0) = d nu / d sigma^2 (Hz/V^2).
    pub fn static_variance_gain(&self) -> f64 {
        self.static_variance_gain
    }

    /// H(lambda) in Hz/V, lambda in 1/s (lambda = i omega for sinusoidal modulation).
    pub fn eval(&self, lambda: Complex64) -> Result<Complex64> {
        let membrane = match self.form {
            TransferForm::Exact => self.exact(Channel::Mean, lambda)?,
            TransferForm::LowPass => self.static_gain / (1.0 + lambda * self.point.tau_m),
        };
        Ok(match self.filter {
            SynapticFilter::None => membrane,
            _ => membrane / (1.0 + lambda * self.filter.tau_s()),
        })
    }

    /// The response to a modulation of the input variance, sigma^2 -> sigma^2 + eps e^{lambda t}
    /// (Hz/V^2; Lindner & Schimansky-Geier 2001 eq. 6, with the same order convention):
    ///
    /// ```text
    ///                  nu0      s (s - 1)   u_{s-2}(x_T) - u_{s-2}(x_R)
    /// H_var(lambda) = -------- * --------- * -------------------------------------,
    ///                 sigma^2     2 - s     u_s(x_T) - e^{-lambda t_ref} u_s(x_R)
    /// ```
    ///
    /// using s (s - 1) u_{s-2}(x) = x u_s'(x) - s u_s(x) (from the ODE of u). Its
    /// zero-frequency limit is d nu / d sigma^2 of the Siegert rate. Only for white-noise input
    /// (no synaptic filter).
    pub fn eval_variance(&self, lambda: Complex64) -> Result<Complex64> {
        if self.filter != SynapticFilter::None {
            return Err(Error::BadInput(
                "the variance channel of the transfer function is implemented for delta \
                 synapses only"
                    .into(),
            ));
        }
        match self.form {
            TransferForm::Exact => self.exact(Channel::Variance, lambda),
            TransferForm::LowPass => {
                Ok(self.static_variance_gain / (1.0 + lambda * self.point.tau_m))
            }
        }
    }

    /// Both channels, (H(lambda), H_var(lambda)), from one parabolic-cylinder solve.
    pub fn eval_both(&self, lambda: Complex64) -> Result<(Complex64, Complex64)> {
        let exact_and_unfiltered =
            self.form == TransferForm::Exact && self.filter == SynapticFilter::None;
        let s = -lambda * self.point.tau_m;
        let near_removable = [0.0, 1.0, 2.0]
            .iter()
            .any(|&s0| (s - s0).norm() < CAUCHY_NEAR);
        if !exact_and_unfiltered || near_removable {
            return Ok((self.eval(lambda)?, self.eval_variance(lambda)?));
        }
        let (mean, variance) = self.lsg_both(s)?;
        Ok((mean, variance))
    }

    /// The membrane part of a channel (without the synaptic low-pass), exact form.
    fn exact(&self, channel: Channel, lambda: Complex64) -> Result<Complex64> {
        let s = -lambda * self.point.tau_m;
        let removable: &[f64] = match channel {
            Channel::Mean => &[0.0, 1.0],
            Channel::Variance => &[0.0, 2.0],
        };
        for &s0 in removable {
            if (s - s0).norm() < CAUCHY_NEAR {
                return self.cauchy(channel, s, Complex64::new(s0, 0.0));
            }
        }
        self.lsg(channel, s)
    }

    /// f(s) = (1 / 2 pi i) closed integral of f(zeta) / (zeta - s) over |zeta - s0| = r.
    fn cauchy(&self, channel: Channel, s: Complex64, s0: Complex64) -> Result<Complex64> {
        let mut sum = Complex64::new(0.0, 0.0);
        for k in 0..CAUCHY_POINTS {
            let phase = 2.0 * std::f64::consts::PI * (k as f64 + 0.5) / CAUCHY_POINTS as f64;
            let offset = Complex64::from_polar(CAUCHY_RADIUS, phase);
            let zeta = s0 + offset;
            sum += self.lsg(channel, zeta)? * offset / (zeta - s);
        }
        Ok(sum / CAUCHY_POINTS as f64)
    }

    /// The Lindner-Schimansky-Geier expressions at order s = -lambda tau_m, away from the
    /// removable singularities.
    fn lsg(&self, channel: Channel, s: Complex64) -> Result<Complex64> {
        let (mean, variance) = self.lsg_both(s)?;
        Ok(match channel {
            Channel::Mean => mean,
            Channel::Variance => variance,
        })
    }

    /// Both channels at order s from one solve.
    fn lsg_both(&self, s: Complex64) -> Result<(Complex64, Complex64)> {
        let p = &self.point;
        let (xt, xr) = (self.x_threshold, self.x_reset);
        let xs = [Complex64::new(xt, 0.0), Complex64::new(xr, 0.0)];
        let u = scaled_pcfd(s, &xs)?;
        let (u_t, du_t) = u.values[0];
        let (u_r, du_r) = u.values[1];
        let denominator = u_t - (s * (p.t_ref / p.tau_m)).exp() * u_r; // e^{-lambda t_ref}
        // s u_{s-1} = u_s': the numerator s [u_{s-1}(x_T) - u_{s-1}(x_R)].
        let sqrt_d = p.sigma / std::f64::consts::SQRT_2;
        let mean = match &self.taylor {
            Some(terms) => {
                let values = [(u_t, du_t), (u_r, du_r)];
                taylor_membrane_response(s, (xt, xr), values, sqrt_d, p.t_ref / p.tau_m, terms)?
            }
            None => p.rate / sqrt_d * (du_t - du_r) / ((s - 1.0) * denominator),
        };
        let numerator = (xt * du_t - s * u_t) - (xr * du_r - s * u_r);
        let variance = p.rate / (p.sigma * p.sigma) * numerator / ((2.0 - s) * denominator);
        let finite = |h: Complex64| h.re.is_finite() && h.im.is_finite();
        if !(finite(mean) && finite(variance)) {
            return Err(Error::Runtime(format!(
                "LIF transfer function is not finite at lambda = {} /s (a pole of H, or the \
                 operating point is outside the accurate domain of the parabolic cylinder \
                 functions)",
                -s / p.tau_m
            )));
        }
        Ok((mean, variance))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Channel {
    Mean,
    Variance,
}
