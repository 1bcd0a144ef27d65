//! The `critical` workflow: the value of one param where a stability indicator of the fixed
//! point from rest crosses its threshold (growth rate 0, gain-scaled radius 1 or branching
//! ratio 1), bracketed on a grid and refined by Brent's method
//! ([`eibal_theory::network::chaos::critical_value`]). The model is re-built at every evaluation through
//! its [`ParamSpace`], so derived quantities follow the param.

use eibal_model::{Error, ParamSpace, Result};
use eibal_theory::network::chaos::{Criterion, CriticalOptions, critical_value};
use eibal_theory::neuron::transfer::TransferForm;
use serde::Serialize;

/// What to search.
#[derive(Debug, Clone, PartialEq)]
pub struct CriticalRequest {
    pub param: String,
    /// The range (SI units of the param), LO below HI.
    pub lo: f64,
    pub hi: f64,
    pub criterion: Criterion,
    /// Absolute tolerance on the critical value (SI units of the param).
    pub tol: f64,
    pub form: TransferForm,
}

impl CriticalRequest {
    /// A growth-rate search for `param` in [lo, hi] with the default tolerance 1e-3.
    pub fn new(param: &str, lo: f64, hi: f64) -> CriticalRequest {
        CriticalRequest {
            param: param.to_string(),
            lo,
            hi,
            criterion: Criterion::Growth,
            tol: 1e-3,
            form: TransferForm::Exact,
        }
    }
}

/// The document of `eibal critical --json`.
#[derive(Debug, Clone, Serialize)]
pub struct CriticalReport {
    pub param: String,
    pub criterion: Criterion,
    /// The critical value (SI units of the param) and its tolerance.
    pub value: f64,
    pub tolerance: f64,
    /// Indicator evaluations, each a mean-field solve (and a root search for `growth`).
    pub evaluations: usize,
    /// `exact` or `low_pass`.
    pub transfer: &'static str,
}

/// Finds the critical value of `request.param` for the models of `space`.
pub fn critical(space: &dyn ParamSpace, request: &CriticalRequest) -> Result<CriticalReport> {
    if !(request.tol.is_finite() && request.tol > 0.0) {
        return Err(Error::BadInput(format!(
            "the tolerance must be a positive number, got {}",
            request.tol
        )));
    }
    let options = CriticalOptions {
        criterion: request.criterion,
        tol: request.tol,
        form: request.form,
        ..CriticalOptions::default()
    };
    let c = critical_value(space, &request.param, request.lo, request.hi, &options)?;
    Ok(CriticalReport {
        param: c.param,
        criterion: c.criterion,
        value: c.crossing.value,
        tolerance: c.crossing.tolerance,
        evaluations: c.evaluations,
        transfer: match request.form {
            TransferForm::Exact => "exact",
            TransferForm::LowPass => "low_pass",
        },
    })
}
