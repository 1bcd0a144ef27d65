//! Special functions for the Siegert and CV integrals: the scaled complementary error
//! function, Dawson's integral and the integral of erfcx.
//!
//! erfcx and Dawson come from the `errorfunctions` crate, a port of S. G. Johnson's Faddeeva
//! package (Chebyshev tables and continued fractions, near machine precision everywhere).

use super::quadrature;
use errorfunctions::RealErrorFunctions;

/// 1 / sqrt(pi).
pub const FRAC_1_SQRT_PI: f64 = 0.564_189_583_547_756_3;

/// Scaled complementary error function erfcx(x) = exp(x^2) erfc(x). For x >= 0 it lies in
/// (0, 1] and falls like 1 / (sqrt(pi) x); for x < -26.6 it overflows (callers use it only at
/// non-negative arguments or below that bound). Note e^{u^2} (1 + erf u) = erfcx(-u) for all u.
pub fn erfcx(x: f64) -> f64 {
    RealErrorFunctions::erfcx(x)
}

/// Error function.
pub fn erf(x: f64) -> f64 {
    RealErrorFunctions::erf(x)
}

/// Complementary error function.
pub fn erfc(x: f64) -> f64 {
    RealErrorFunctions::erfc(x)
}

/// Dawson's integral D(x) = exp(-x^2) int_0^x exp(t^2) dt, so that
/// int_0^x exp(t^2) dt = exp(x^2) D(x) without overflow of the factor D.
pub fn dawson(x: f64) -> f64 {
    RealErrorFunctions::dawson(x)
}

/// Above this argument [`erfcx_integral`] uses the asymptotic series.
const ASYMPTOTIC_FROM: f64 = 50.0;

/// E(p, q) = int_p^q erfcx(t) dt for 0 <= p <= q.
///
/// On [0, 50] by Gauss-Legendre panels of width max(1, t) (erfcx is smooth and ~ 1/t there);
/// above 50 from the asymptotic series erfcx(t) = (1/(sqrt(pi) t)) (1 - 1/(2t^2) + 3/(4t^4) -
/// 15/(8t^6) + ...) integrated term by term (Abramowitz & Stegun 7.1.23), whose next term is
/// below 1e-15 relative at t = 50.
pub fn erfcx_integral(p: f64, q: f64) -> f64 {
    if q <= p {
        return 0.0;
    }
    let mut sum = 0.0;
    let mut lo = p;
    let upper_quad = q.min(ASYMPTOTIC_FROM);
    let mut f = erfcx;
    while lo < upper_quad {
        let hi = (lo + lo.max(1.0)).min(upper_quad);
        sum += quadrature::panel(&mut f, lo, hi);
        lo = hi;
    }
    if q > ASYMPTOTIC_FROM {
        let a = p.max(ASYMPTOTIC_FROM);
        // Antiderivative without the log: 1/(4t^2) - 3/(16t^4) + 15/(48t^6) - 105/(128 t^8).
        let tail = |t: f64| {
            let s = 1.0 / (t * t);
            s * (0.25 + s * (-3.0 / 16.0 + s * (15.0 / 48.0 - s * 105.0 / 128.0)))
        };
        sum += FRAC_1_SQRT_PI * ((q / a).ln() + tail(q) - tail(a));
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erfcx_and_dawson_match_tabulated_values() {
        // Values from mpmath 1.4.1 at 30 digits: erfcx(x) = exp(x^2) erfc(x), dawsn(x).
        let cases = [
            (0.0, 1.0),
            (1.0, 0.427_583_576_155_807),
            (10.0, 0.056_140_992_743_822_59),
            (100.0, 0.005_641_613_782_989_433),
        ];
        for (x, want) in cases {
            assert!((erfcx(x) - want).abs() < 1e-15 * want.max(1e-300) * 10.0);
        }
        assert!((dawson(1.0) - 0.538_079_506_912_768_4).abs() < 1e-15);
        assert!((dawson(10.0) - 0.050_253_847_187_598_53).abs() < 1e-15);
    }

    #[test]
    fn erfcx_integral_matches_an_independent_composite_simpson_rule() {
        // Composite Simpson with 200000 intervals on [0.3, 80] (erfcx smooth and bounded):
        // error ~ h^4 max|f''''| / 180 < 1e-15.
        let (a, b, n) = (0.3_f64, 80.0_f64, 200_000);
        let h = (b - a) / n as f64;
        let mut s = erfcx(a) + erfcx(b);
        for i in 1..n {
            let x = a + i as f64 * h;
            s += if i % 2 == 1 { 4.0 } else { 2.0 } * erfcx(x);
        }
        let simpson = s * h / 3.0;
        let ours = erfcx_integral(a, b);
        assert!(
            ((ours - simpson) / simpson).abs() < 1e-12,
            "{ours} vs {simpson}"
        );
        // Far tail: the integral of 1/(sqrt(pi) t) dominates: ln(1e8/1e6)/sqrt(pi).
        let far = erfcx_integral(1e6, 1e8);
        assert!((far / (FRAC_1_SQRT_PI * 100f64.ln()) - 1.0).abs() < 1e-12);
    }
}
