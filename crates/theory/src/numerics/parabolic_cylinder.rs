//! Parabolic cylinder functions D_a(z) of complex order `a` and real or complex argument `z`.
//!
//! D_a(z) is the solution of Weber's equation w'' = (z^2/4 - a - 1/2) w that decays like
//! z^a e^{-z^2/4} for z -> +inf (Whittaker's notation; DLMF 12.2, U(-a-1/2, z) = D_a(z)).
//! We work with the scaled function (a Hermite function of non-integer order)
//!
//! ```text
//! u_a(z) = e^{z^2/4} D_a(z),      u'' - z u' + a u = 0,      u_a(z) ~ z^a (z -> +inf),
//! ```
//!
//! which removes the Gaussian factor that makes D_a under- or overflow, and which is what the
//! LIF transfer function needs (there the Gaussian factors cancel in a ratio). Two identities
//! make it cheap: D_{a-1}(z) = e^{-z^2/4} u_a'(z) / a (DLMF 12.8.3 rewritten for u), so one
//! solve gives both orders a and a - 1.
//!
//! Method (written for this crate): the large-z asymptotic series (DLMF 12.9.1)
//! `u_a(z) ~ z^a sum_k (-1)^k a(a-1)...(a-2k+1) / (k! 2^k z^{2k})` at a real start point Z
//! chosen so that the series converges to machine precision, then analytic continuation of
//! the ODE by Taylor series along a straight path to each requested point. The Taylor
//! coefficients around z0 follow from the ODE: (n+1)(n+2) c_{n+2} = z0 (n+1) c_{n+1} + (n-a) c_n.
//! Integrating from +inf towards smaller z follows u_a in its dominant direction, so the
//! continuation is stable.
//!
//! Accuracy and domain (checked against mpmath 1.4.1 `pcfd` in tests/stability_pcf.rs):
//! relative error below 1e-9 for -8 <= Re a <= 5, |Im a| <= 40 and real z in [-10, 10], and for
//! complex z with |Im z| <= 3 in that range. The relative accuracy degrades where D_a(z) is
//! itself recessive at negative z, i.e. for `a` within ~1e-8 of a non-negative integer and
//! z << 0 (there D_a(z) = e^{-z^2/4} He_a(z) is tiny while rounding errors grow like
//! eps e^{z^2/4}); the absolute error in u_a stays ~ eps e^{z^2/2}.

use eibal_model::error::{Error, Result};
use num_complex::Complex64;

/// Values of the scaled function u_a = e^{z^2/4} D_a and its derivative at several points,
/// all relative to one common factor: u_a(z_i) = exp(log_scale) * values[i].
/// A ratio of such values (as in the LIF transfer function) needs no rescaling.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaledPcf {
    /// The order a.
    pub order: Complex64,
    /// log of the common factor.
    pub log_scale: Complex64,
    /// (u_a(z_i), u_a'(z_i)) / exp(log_scale), in the order the points were given.
    pub values: Vec<(Complex64, Complex64)>,
}

impl ScaledPcf {
    /// D_a(z_i) = e^{-z_i^2/4} u_a(z_i).
    pub fn d(&self, i: usize, z: Complex64) -> Complex64 {
        self.values[i].0 * (self.log_scale - z * z / 4.0).exp()
    }

    /// D_{a-1}(z_i) = e^{-z_i^2/4} u_a'(z_i) / a, for a != 0.
    pub fn d_lower(&self, i: usize, z: Complex64) -> Complex64 {
        self.values[i].1 * (self.log_scale - z * z / 4.0).exp() / self.order
    }
}

/// D_a(z), the parabolic cylinder function of complex order and complex argument.
pub fn pcfd(a: Complex64, z: Complex64) -> Result<Complex64> {
    let s = scaled_pcfd(a, &[z])?;
    Ok(s.d(0, z))
}

/// D_a(x) for real x.
pub fn pcfd_real(a: Complex64, x: f64) -> Result<Complex64> {
    pcfd(a, Complex64::new(x, 0.0))
}

/// The scaled function u_a(z) = e^{z^2/4} D_a(z) and u_a'(z) at each of `points`, with a
/// common scale factor (see [`ScaledPcf`]).
pub fn scaled_pcfd(a: Complex64, points: &[Complex64]) -> Result<ScaledPcf> {
    if !a.re.is_finite() || !a.im.is_finite() {
        return Err(Error::BadInput(format!(
            "parabolic cylinder function: order {a} is not finite"
        )));
    }
    if let Some(z) = points
        .iter()
        .find(|z| !z.re.is_finite() || !z.im.is_finite())
    {
        return Err(Error::BadInput(format!(
            "parabolic cylinder function: argument {z} is not finite"
        )));
    }
    let max_re = points
        .iter()
        .map(|z| z.re)
        .fold(f64::NEG_INFINITY, f64::max);
    let (start, (u0, du0)) = asymptotic_start(a, max_re)?;
    let log_scale = a * start.ln();

    // Continue from the start point to each target, visiting targets by decreasing real
    // part so that one sweep serves all of them.
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by(|&i, &j| points[j].re.total_cmp(&points[i].re));
    let mut values = vec![(Complex64::new(0.0, 0.0), Complex64::new(0.0, 0.0)); points.len()];
    let mut z = Complex64::new(start, 0.0);
    let (mut u, mut du) = (u0, du0);
    for i in order {
        (u, du) = continue_along(a, z, points[i], u, du)?;
        z = points[i];
        values[i] = (u, du);
    }
    Ok(ScaledPcf {
        order: a,
        log_scale,
        values,
    })
}

/// Terms of the asymptotic series below this fraction of the sum are dropped.
const SERIES_TOLERANCE: f64 = 1e-17;

/// A real start point Z where the asymptotic series for u_a(Z) / Z^a converges to machine
/// precision, and (u, u') / Z^a there.
fn asymptotic_start(a: Complex64, max_target_re: f64) -> Result<(f64, (Complex64, Complex64))> {
    let mut start = (1.2 * a.norm() + 6.0).max(max_target_re + 2.0).max(10.0);
    for _ in 0..40 {
        if let Some(v) = asymptotic_series(a, start) {
            return Ok((start, v));
        }
        start *= 1.5;
    }
    Err(Error::Runtime(format!(
        "parabolic cylinder function: no convergent asymptotic start for order {a}"
    )))
}

/// (u, u') / z^a from the asymptotic series at real z, if it converges to machine precision
/// before its terms start growing.
fn asymptotic_series(a: Complex64, z: f64) -> Option<(Complex64, Complex64)> {
    let z2 = z * z;
    let mut term = Complex64::new(1.0, 0.0);
    let mut sum = term;
    // d/dz (z^{a-2k}) / z^a = (a - 2k) z^{-2k-1}
    let mut dsum = a / z;
    let mut previous = f64::INFINITY;
    for k in 0..200 {
        let kf = k as f64;
        term *= -(a - 2.0 * kf) * (a - 2.0 * kf - 1.0) / (2.0 * (kf + 1.0) * z2);
        let size = term.norm();
        if size <= SERIES_TOLERANCE * sum.norm() {
            return Some((sum + term, dsum + term * (a - 2.0 * (kf + 1.0)) / z));
        }
        if size > previous && k > 2 {
            return None;
        }
        previous = size;
        sum += term;
        dsum += term * (a - 2.0 * (kf + 1.0)) / z;
    }
    None
}

/// Largest |h| (|z0| + sqrt|a| + 1) per Taylor step: keeps the terms below 4^n/n!.
const STEP_SCALE: f64 = 4.0;
const MAX_TAYLOR_TERMS: usize = 120;
/// Most Taylor steps in one continuation. The number of steps grows like |a|^2 / 5 (the start
/// point is ~1.2 |a| and the step ~4 / |z|), so this admits |a| up to ~300, far past the range
/// checked against mpmath (|a| <= 40), and bounds one evaluation to ~10 ms.
const MAX_CONTINUATION_STEPS: usize = 20_000;

/// Continues (u, u') of u'' - z u' + a u = 0 from `from` to `to` along the straight line.
fn continue_along(
    a: Complex64,
    from: Complex64,
    to: Complex64,
    mut u: Complex64,
    mut du: Complex64,
) -> Result<(Complex64, Complex64)> {
    let sqrt_a = a.norm().sqrt();
    let mut z = from;
    for _ in 0..MAX_CONTINUATION_STEPS {
        let remaining = to - z;
        let dist = remaining.norm();
        if dist == 0.0 {
            return Ok((u, du));
        }
        let hmax = STEP_SCALE / (z.norm() + sqrt_a + 1.0);
        let h = if dist <= hmax {
            remaining
        } else {
            remaining * (hmax / dist)
        };
        (u, du) = taylor_step(a, z, h, u, du)?;
        z = if dist <= hmax { to } else { z + h };
    }
    Err(Error::Runtime(format!(
        "the parabolic cylinder function D_a(z) at order a = {a:.4}, z = {to:.4} is beyond the \
         range this method evaluates (more than {MAX_CONTINUATION_STEPS} continuation steps \
         from z = {from:.4}); in the LIF transfer function a = -lambda tau_m and z = \
         (mu - threshold) / (sigma / sqrt 2), so either the complex frequency lambda is far \
         beyond the membrane's time scale 1/tau_m or the input is nearly free of noise"
    )))
}

/// One Taylor step of length h from z0.
fn taylor_step(
    a: Complex64,
    z0: Complex64,
    h: Complex64,
    u: Complex64,
    du: Complex64,
) -> Result<(Complex64, Complex64)> {
    // c_n h^n, kept scaled by h to avoid overflow of powers.
    let (mut c_prev, mut c_cur) = (u, du * h); // c_0, c_1 h
    let mut value = c_prev + c_cur;
    let mut deriv = c_cur; // sum n c_n h^n, divided by h at the end
    // Sizes by the l1 norm |re| + |im| (within sqrt 2 of the modulus, never below it, so the
    // stopping test is no looser): the modulus costs a libm hypot per term, which dominated
    // the whole evaluation.
    let scale = (u.l1_norm() + c_cur.l1_norm()).max(f64::MIN_POSITIVE);
    let mut small_run = 0;
    for n in 0..MAX_TAYLOR_TERMS {
        let nf = n as f64;
        // c_{n+2} h^{n+2} = h [z0 (n+1) c_{n+1} h^{n+1} + h (n - a) c_n h^n] / ((n+1)(n+2))
        let c_next =
            h * (z0 * (nf + 1.0) * c_cur + h * (nf - a) * c_prev) / ((nf + 1.0) * (nf + 2.0));
        value += c_next;
        deriv += c_next * (nf + 2.0);
        if c_next.l1_norm() <= 1e-18 * scale && c_cur.l1_norm() <= 1e-18 * scale {
            small_run += 1;
            if small_run >= 2 {
                return Ok((value, deriv / h));
            }
        } else {
            small_run = 0;
        }
        c_prev = c_cur;
        c_cur = c_next;
    }
    Err(Error::Runtime(format!(
        "parabolic cylinder function of order {a:.4}: its Taylor series at z = {z0:.4} did not \
         converge in {MAX_TAYLOR_TERMS} terms (the order or the argument is outside the range \
         this method evaluates)"
    )))
}
