//! The axis of a sweep, a critical-value search or a phase diagram: one `param` and the
//! values it takes. One type for all of them, from the command line, the Python package or
//! the model's own `sweep` statement.

use crate::error::{Error, Result};
use crate::{Dimension, Model, ParamSpace};
use serde::Serialize;

/// Most values on one axis.
pub const MAX_POINTS: usize = 10_000;

/// One param and its values. `lo` and `hi` are in the param's display unit (`unit`: mV, ms,
/// Hz, or empty), as `eibal show` prints them; `values_si` are the points in SI units.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Axis {
    pub param: String,
    pub unit: &'static str,
    pub lo: f64,
    pub hi: f64,
    pub values_si: Vec<f64>,
    #[serde(skip)]
    pub dimension: Dimension,
    /// Display value = SI value x factor.
    #[serde(skip)]
    pub factor: f64,
}

impl Axis {
    /// An axis of param `name` of `model` over the given SI values (in the given order).
    pub fn from_values(model: &Model, name: &str, values_si: Vec<f64>) -> Result<Axis> {
        let dimension = model.param_dimension(name)?;
        Axis::with_dimension(name, dimension, values_si)
    }

    /// Like [`Axis::from_values`] for a param of known dimension.
    pub fn with_dimension(name: &str, dimension: Dimension, values_si: Vec<f64>) -> Result<Axis> {
        if values_si.is_empty() {
            return Err(Error::BadInput(format!("the axis of {name} has no values")));
        }
        if values_si.len() > MAX_POINTS {
            return Err(Error::BadInput(format!(
                "the axis of {name} has {} values; at most {MAX_POINTS}",
                values_si.len()
            )));
        }
        if let Some(v) = values_si.iter().find(|v| !v.is_finite()) {
            return Err(Error::BadInput(format!(
                "the axis of {name} has the value {v}, which is not a finite number"
            )));
        }
        let (unit, factor) = dimension.display_unit().unwrap_or(("", 1.0));
        let lo = values_si.iter().copied().fold(f64::INFINITY, f64::min) * factor;
        let hi = values_si.iter().copied().fold(f64::NEG_INFINITY, f64::max) * factor;
        Ok(Axis {
            param: name.to_string(),
            unit,
            lo,
            hi,
            values_si,
            dimension,
            factor,
        })
    }

    /// `n` equally spaced values from `lo_si` to `hi_si` (which must differ: LO below HI).
    pub fn linspace(model: &Model, name: &str, lo_si: f64, hi_si: f64, n: usize) -> Result<Axis> {
        if !(lo_si.is_finite() && hi_si.is_finite() && lo_si < hi_si) {
            return Err(Error::BadInput(format!(
                "the range of {name} needs LO below HI, got {lo_si}:{hi_si} (SI units)"
            )));
        }
        let n = n.max(2);
        let values = (0..n)
            .map(|i| lo_si + (hi_si - lo_si) * i as f64 / (n - 1) as f64)
            .collect();
        Axis::from_values(model, name, values)
    }

    /// LO, LO + STEP, ... up to HI (SI units), with a relative tolerance of 1e-9 so that
    /// decimal steps (0.1) reach HI as the language's own `sweep ... step` does.
    pub fn stepped(model: &Model, name: &str, lo: f64, hi: f64, step: f64) -> Result<Axis> {
        let bad = |why: &str| Err(Error::BadInput(format!("the range of {name}: {why}")));
        if step.is_nan() || step <= 0.0 {
            return bad("STEP must be positive");
        }
        if !(lo.is_finite() && hi.is_finite()) {
            return bad("LO and HI must be finite");
        }
        if hi < lo {
            return bad("HI must not be below LO");
        }
        let n = ((hi - lo) / step * (1.0 + 1e-9) + 1e-9).floor() + 1.0;
        if n.is_nan() || n > MAX_POINTS as f64 {
            return bad(&format!("{n:e} points; at most {MAX_POINTS}"));
        }
        let values = (0..n as usize).map(|i| lo + i as f64 * step).collect();
        Axis::from_values(model, name, values)
    }

    /// A value in the display unit.
    pub fn show(&self, si: f64) -> f64 {
        si * self.factor
    }

    /// A display-unit value in SI.
    pub fn to_si(&self, shown: f64) -> f64 {
        shown / self.factor
    }

    /// The points in the display unit.
    pub fn shown_values(&self) -> Vec<f64> {
        self.values_si.iter().map(|v| v * self.factor).collect()
    }

    /// The `i`-th of `n` equally spaced display values from `lo` to `hi`.
    pub fn grid(&self, i: usize, n: usize) -> f64 {
        if n <= 1 {
            return self.lo;
        }
        self.lo + (self.hi - self.lo) * i as f64 / (n - 1) as f64
    }

    /// `g` or `D (ms)`: a column or axis label.
    pub fn label(&self) -> String {
        if self.unit.is_empty() {
            self.param.clone()
        } else {
            format!("{} ({})", self.param, self.unit)
        }
    }

    /// The smallest spacing between neighbouring values (SI; for tolerances).
    pub fn spacing(&self) -> f64 {
        self.values_si
            .windows(2)
            .map(|w| (w[1] - w[0]).abs())
            .filter(|d| *d > 0.0)
            .fold(f64::INFINITY, f64::min)
    }
}

/// Reads `LO:HI` (or `LO:HI:STEP` when `step` is wanted) for param `name`, each part as
/// [`ParamSpace::read_value`] reads it (a bare number in the display unit, else an expression
/// with units). Returns SI values.
pub fn read_range(
    space: &dyn ParamSpace,
    name: &str,
    text: &str,
    step: bool,
) -> Result<(f64, f64, Option<f64>)> {
    let parts: Vec<&str> = text.split(':').collect();
    let expected = if step { "LO:HI:STEP" } else { "LO:HI" };
    let bad = || {
        Error::BadInput(format!(
            "the range `{text}` of {name}: expected {expected}, e.g. `3:8{}`",
            if step { ":0.5" } else { "" }
        ))
    };
    match (parts.as_slice(), step) {
        ([lo, hi], false) => Ok((
            space.read_value(name, "LO", lo)?,
            space.read_value(name, "HI", hi)?,
            None,
        )),
        ([lo, hi, st], true) => Ok((
            space.read_value(name, "LO", lo)?,
            space.read_value(name, "HI", hi)?,
            Some(space.read_value(name, "STEP", st)?),
        )),
        _ => Err(bad()),
    }
}
