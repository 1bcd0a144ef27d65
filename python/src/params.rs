//! Values given from Python: param overrides (`g=6`, `J="0.2 mV"`), durations (`"1 s"`, 0.5)
//! and range ends (`3`, `"8 mV"`), read exactly as the command line reads `--set`, `--duration`
//! and `--range`.

use eibal_lang::diagnostics::{Diagnostic, to_error};
use eibal_lang::eval::{Evaluator, Scope};
use eibal_lang::model_source::read_value;
use eibal_lang::source::SourceMap;
use eibal_lang::{ModelSource, Override};
use eibal_model::{Dimension, Error, Quantity, Result};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyString};

/// A value as Python gave it: a number in the display unit, or an expression of the language.
#[derive(Debug, Clone, PartialEq)]
pub enum Given {
    Number(f64),
    Text(String),
}

impl Given {
    /// `value` as a number (int or float, not bool) or a string; else a `TypeError` naming
    /// `what`.
    pub fn from_py(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Given> {
        if value.is_instance_of::<PyString>() {
            return Ok(Given::Text(value.extract()?));
        }
        if !value.is_instance_of::<PyBool>()
            && let Ok(x) = value.extract::<f64>()
        {
            return Ok(Given::Number(x));
        }
        Err(PyTypeError::new_err(format!(
            "{what} must be a number or a string with units (e.g. 6 or \"0.2 mV\"), got {}",
            value.get_type().name()?
        )))
    }

    /// The SI value of param `name` of `source`: a number in the param's display unit (as
    /// `eibal show` prints it), a string as a `--set` value.
    pub fn param_si(&self, source: &ModelSource, name: &str, what: &str) -> Result<f64> {
        match self {
            Given::Number(x) => {
                let dim = source.model().param_dimension(name)?;
                number_in_display_unit(*x, dim, &format!("{what} of {name}"))
            }
            Given::Text(t) => read_value(source.model(), name, what, t),
        }
    }
}

fn number_in_display_unit(x: f64, dim: Dimension, what: &str) -> Result<f64> {
    if !x.is_finite() {
        return Err(Error::BadInput(format!(
            "{what} is {x}, not a finite number"
        )));
    }
    Ok(x / dim.display_unit().map_or(1.0, |(_, f)| f))
}

/// `(name, value)` pairs as overrides: a string is an expression of the language evaluated
/// where the param stands (exactly `--set NAME=VALUE`), a number is in the param's display
/// unit.
pub fn overrides(source: &ModelSource, params: &[(String, Given)]) -> Result<Vec<Override>> {
    params
        .iter()
        .map(|(name, value)| match value {
            Given::Text(expr) => Ok(Override::Text {
                name: name.clone(),
                expr: expr.clone(),
            }),
            Given::Number(x) => {
                let dim = source.model().param_dimension(name)?;
                let si = number_in_display_unit(*x, dim, &format!("the value of {name}"))?;
                Ok(Override::Value {
                    name: name.clone(),
                    value: Quantity::new(si, dim),
                })
            }
        })
        .collect()
}

/// A positive duration in seconds: a number of seconds or an expression with a time unit
/// (`"1 s"`, `"500 ms"`, `"2 * 250 ms"`). `what` names it in messages.
pub fn duration(given: &Given, what: &str) -> Result<f64> {
    let seconds = match given {
        Given::Number(x) => *x,
        Given::Text(t) => quantity(t, what, Dimension::TIME)?,
    };
    if seconds.is_finite() && seconds > 0.0 {
        Ok(seconds)
    } else {
        Err(Error::BadInput(format!(
            "{what} must be a positive time (e.g. \"1 s\" or 0.5), got {}",
            match given {
                Given::Number(x) => x.to_string(),
                Given::Text(t) => format!("`{t}`"),
            }
        )))
    }
}

/// Evaluates `text`, an expression of the language without names, as a value of dimension
/// `dim`; its diagnostics point into `text`.
pub fn quantity(text: &str, what: &str, dim: Dimension) -> Result<f64> {
    let text = text.trim();
    let mut sources = SourceMap::default();
    let file = sources.add(what.to_string(), text.to_string());
    let expr =
        eibal_lang::parse::parse_expression(text, file).map_err(|d| to_error(&[d], &sources))?;
    let scope = Scope::default();
    let mut diags: Vec<Diagnostic> = Vec::new();
    let q: Quantity = Evaluator { scope: &scope }
        .number(&expr, &mut diags)
        .map_err(|_| to_error(&diags, &sources))?;
    if q.dim != dim {
        return Err(Error::BadInput(format!(
            "{what} `{text}` must be {}, but it is {}",
            eibal_lang::units::describe(dim),
            eibal_lang::eval::describe_short(q.dim)
        )));
    }
    Ok(q.si)
}
