//! Inhibition stabilisation and the paradoxical response, from the effective connectivity at
//! zero frequency W(0) (d nu_a / d nu_b of the stationary mean-field map, each row carrying
//! its own population's gain; [`super::characteristic::LinearisedNetwork::static_connectivity`]).
//!
//! - Inhibition-stabilised network (ISN; Tsodyks, Skaggs, Sejnowski & McNaughton 1997,
//!   J Neurosci 17:4382; Ozeki, Finn, Schaffer, Miller & Ferster 2009, Neuron 62:578): the
//!   excitatory subnetwork alone, with inhibition frozen at its fixed-point value, is unstable
//!   in the rate-linearised dynamics tau d nu_E/dt = -nu_E + W_EE(0) nu_E, i.e. the largest
//!   real part among the eigenvalues of the E-E block W_EE(0) exceeds 1.
//! - Paradoxical response: extra drive onto inhibitory population i changes its input by
//!   delta h_i, which alone would change its rate by gain_i delta h_i > 0; with the network's
//!   feedback the rates change by delta nu = (I - W(0))^{-1} e_i gain_i delta h_i. The response
//!   of nu_i has the sign of [(I - W(0))^{-1}]_ii; it is paradoxical when that is negative.
//!
//! For two threshold-linear populations with W(0) = [[w_EE, -w_EI], [w_IE, -w_II]],
//! [(I - W)^{-1}]_II = (1 - w_EE) / det(I - W) with det(I - W) > 0 at a stable fixed point,
//! so the response is paradoxical exactly when w_EE > 1, i.e. in the ISN regime.

use eibal_model::Sign;
use eibal_model::error::{Error, Result};
use nalgebra::DMatrix;

/// The response of one inhibitory population's rate to extra drive onto it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct InhibitoryResponse {
    pub population: String,
    /// [(I - W(0))^{-1}]_ii: the rate change relative to what the drive alone would cause.
    pub relative_response: f64,
    pub paradoxical: bool,
}

/// ISN condition and paradoxical responses of one fixed point.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct IsnReport {
    /// Largest real part among the eigenvalues of W_EE(0).
    pub ee_eigenvalue: f64,
    /// `ee_eigenvalue > 1`: the E subnetwork alone is unstable.
    pub isn: bool,
    pub inhibitory: Vec<InhibitoryResponse>,
}

/// The ISN report from W(0) and the populations' names and signs; `None` when the model has no
/// excitatory or no inhibitory population. Errors when I - W(0) is singular (a zero-frequency
/// bifurcation: the response is unbounded).
pub fn analyse(w0: &DMatrix<f64>, names: &[String], signs: &[Sign]) -> Result<Option<IsnReport>> {
    let n = w0.nrows();
    if w0.ncols() != n || names.len() != n || signs.len() != n {
        return Err(Error::BadInput(
            "ISN analysis: W(0), names and signs must describe the same populations".into(),
        ));
    }
    let e: Vec<usize> = (0..n).filter(|&a| signs[a] == Sign::Excitatory).collect();
    let i: Vec<usize> = (0..n).filter(|&a| signs[a] == Sign::Inhibitory).collect();
    if e.is_empty() || i.is_empty() {
        return Ok(None);
    }
    let w_ee = DMatrix::from_fn(e.len(), e.len(), |x, y| w0[(e[x], e[y])]);
    let ee_eigenvalue = w_ee
        .complex_eigenvalues()
        .iter()
        .map(|l| l.re)
        .fold(f64::NEG_INFINITY, f64::max);
    let inverse = (DMatrix::<f64>::identity(n, n) - w0)
        .try_inverse()
        .ok_or_else(|| {
            Error::Runtime(
                "ISN analysis: I - W(0) is singular (a zero-frequency bifurcation), the \
                 response to extra drive is unbounded"
                    .into(),
            )
        })?;
    let inhibitory = i
        .iter()
        .map(|&a| InhibitoryResponse {
            population: names[a].clone(),
            relative_response: inverse[(a, a)],
            paradoxical: inverse[(a, a)] < 0.0,
        })
        .collect();
    Ok(Some(IsnReport {
        ee_eigenvalue,
        isn: ee_eigenvalue > 1.0,
        inhibitory,
    }))
}
