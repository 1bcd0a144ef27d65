//! The points of a sweep: one or two axes over `param`s of the model.
//!
//! An axis comes from the command line (`--param NAME LO:HI:STEP`, where LO, HI and STEP are
//! expressions of the language, units allowed, evaluated with the model's params in scope
//! like `--set` values) or, without `--param`, from the model's own `sweep` statement.
//! Points are LO + i STEP up to HI, with a relative tolerance of 1e-9 so that decimal steps
//! (0.1) reach HI as the language's own `sweep ... step` does.

use eibal_lang::ast::Span;
use eibal_lang::diagnostics::{Diagnostic, render_all};
use eibal_lang::eval::{Binding, Evaluator, Scope};
use eibal_lang::source::SourceMap;
use eibal_model::error::{Error, Result};
use eibal_model::{Dimension, Model, Quantity};
use serde::Serialize;

/// Most points on one axis.
pub const MAX_POINTS: usize = 10_000;

/// One swept param with its values (SI units).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Axis {
    pub param: String,
    #[serde(rename = "values_si")]
    pub values: Vec<f64>,
    #[serde(skip)]
    pub dimension: Dimension,
    /// The unit values are shown in (`mV`, `ms`, or empty) and its factor from SI.
    #[serde(rename = "display_unit")]
    pub unit: &'static str,
    #[serde(skip)]
    pub factor: f64,
}

impl Axis {
    fn new(param: &str, values: Vec<f64>, dimension: Dimension) -> Axis {
        let (unit, factor) = dimension.display_unit().unwrap_or(("", 1.0));
        Axis {
            param: param.to_string(),
            values,
            dimension,
            unit,
            factor,
        }
    }

    /// A value in the display unit.
    pub fn show(&self, si: f64) -> f64 {
        si * self.factor
    }

    /// `g` or `D (ms)`: a column or axis label.
    pub fn label(&self) -> String {
        if self.unit.is_empty() {
            self.param.clone()
        } else {
            format!("{} ({})", self.param, self.unit)
        }
    }

    /// The smallest spacing between neighbouring values (for tolerances).
    pub fn spacing(&self) -> f64 {
        self.values
            .windows(2)
            .map(|w| (w[1] - w[0]).abs())
            .filter(|d| *d > 0.0)
            .fold(f64::INFINITY, f64::min)
    }
}

/// `--param NAME LO:HI:STEP` as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamSpec {
    pub name: String,
    pub lo: String,
    pub hi: String,
    pub step: String,
}

impl ParamSpec {
    /// Splits `LO:HI:STEP`.
    pub fn parse(name: &str, range: &str) -> Result<ParamSpec> {
        let parts: Vec<&str> = range.split(':').collect();
        match parts.as_slice() {
            [lo, hi, step] if !name.trim().is_empty() => Ok(ParamSpec {
                name: name.trim().to_string(),
                lo: lo.to_string(),
                hi: hi.to_string(),
                step: step.to_string(),
            }),
            _ => Err(Error::BadInput(format!(
                "--param {name} {range}: expected NAME LO:HI:STEP, e.g. \
                 `--param g 3:8:0.25` or `--param J 0.05mV:0.2mV:0.05mV`"
            ))),
        }
    }
}

/// Evaluates expressions of the language with the model's params (after `--set`) in scope.
pub struct ValueReader<'m> {
    model: &'m Model,
    scope: Scope,
}

impl<'m> ValueReader<'m> {
    pub fn new(model: &'m Model) -> ValueReader<'m> {
        let mut scope = Scope::default();
        for p in &model.params {
            let span = Span::default();
            scope
                .globals
                .insert(p.name.clone(), (Binding::Value(p.value), span));
        }
        ValueReader { model, scope }
    }

    /// The dimension of a param, or bad input naming the known params.
    pub fn param_dimension(&self, name: &str) -> Result<Dimension> {
        match self.model.params.iter().find(|p| p.name == name) {
            Some(p) => Ok(p.default.dim),
            None => {
                let names: Vec<&str> = self.model.params.iter().map(|p| p.name.as_str()).collect();
                Err(Error::BadInput(format!(
                    "--param {name}: `{}` has no param `{name}`; its params are: {}",
                    self.model.file,
                    if names.is_empty() {
                        "(none)".to_string()
                    } else {
                        names.join(", ")
                    }
                )))
            }
        }
    }

    /// Evaluates `text` (e.g. `0.2 mV`, `2*D`) as a value of the param `name` (`what` names
    /// the part for messages: "LO", "HI", "STEP").
    pub fn value(&self, name: &str, what: &str, text: &str) -> Result<f64> {
        let dim = self.param_dimension(name)?;
        let mut sources = SourceMap::default();
        let file = sources.add(format!("--param {name} ({what})"), text.to_string());
        let expr = eibal_lang::parse::parse_expression(text.trim(), file)
            .map_err(|d| Error::BadInput(render_all(&[d], &sources)))?;
        let mut diags: Vec<Diagnostic> = Vec::new();
        let evaluator = Evaluator { scope: &self.scope };
        let q: Quantity = evaluator
            .number(&expr, &mut diags)
            .map_err(|_| Error::BadInput(render_all(&diags, &sources)))?;
        if q.dim != dim {
            return Err(Error::BadInput(format!(
                "--param {name}: {what} `{text}` must be {}, like the param, but it is {}",
                eibal_lang::units::describe(dim),
                eibal_lang::eval::describe_short(q.dim)
            )));
        }
        Ok(q.si)
    }

    /// The axis of a `--param` spec.
    pub fn axis(&self, spec: &ParamSpec) -> Result<Axis> {
        let dim = self.param_dimension(&spec.name)?;
        let lo = self.value(&spec.name, "LO", &spec.lo)?;
        let hi = self.value(&spec.name, "HI", &spec.hi)?;
        let step = self.value(&spec.name, "STEP", &spec.step)?;
        let bad = |why: &str| {
            Err(Error::BadInput(format!(
                "--param {} {}:{}:{}: {why}",
                spec.name, spec.lo, spec.hi, spec.step
            )))
        };
        if step.is_nan() || step <= 0.0 {
            return bad("STEP must be positive");
        }
        if hi < lo {
            return bad("HI must not be below LO");
        }
        let n = ((hi - lo) / step * (1.0 + 1e-9) + 1e-9).floor() + 1.0;
        if n.is_nan() || n > MAX_POINTS as f64 {
            return bad(&format!("{n:e} points; at most {MAX_POINTS}"));
        }
        let values = (0..n as usize).map(|i| lo + i as f64 * step).collect();
        Ok(Axis::new(&spec.name, values, dim))
    }

    /// Values for `--sim-at V,...` along `axis` (each an expression, units allowed).
    pub fn list(&self, axis: &Axis, text: &str) -> Result<Vec<f64>> {
        text.split(',')
            .filter(|t| !t.trim().is_empty())
            .map(|t| self.value(&axis.param, "--sim-at", t))
            .collect()
    }
}

/// The swept axes: from `--param` specs, or else the model's `sweep` statement.
pub fn axes(model: &Model, specs: &[ParamSpec]) -> Result<Vec<Axis>> {
    if specs.len() > 2 {
        return Err(Error::BadInput(
            "a sweep has at most two --param axes".into(),
        ));
    }
    let axes: Vec<Axis> = if specs.is_empty() {
        model
            .sweeps
            .iter()
            .map(|s| Axis::new(&s.param, s.values_si.clone(), s.dimension))
            .collect()
    } else {
        let reader = ValueReader::new(model);
        specs
            .iter()
            .map(|s| reader.axis(s))
            .collect::<Result<_>>()?
    };
    if axes.is_empty() {
        return Err(Error::BadInput(format!(
            "nothing to sweep: give `--param NAME LO:HI:STEP`, or add a `sweep` \
             statement to {}",
            model.file
        )));
    }
    if axes.len() == 2 && axes[0].param == axes[1].param {
        return Err(Error::BadInput(format!(
            "`{}` is swept twice",
            axes[0].param
        )));
    }
    Ok(axes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = "model m\nparam J = 0.1 mV\nparam g = 5\nparam D = 1.5 ms\n\
        neuron n = lif_delta { tau_m = 20 ms, theta = 20 mV, v_reset = 10 mV, t_ref = 2 ms }\n\
        population E : n, excitatory { size = 10 }\n\
        connect E -> E { indegree = 2, weight = J, delay = D }\n\
        sweep g from 3 to 4 step 0.5\n";

    fn model() -> Model {
        eibal_lang::compile_source(MODEL, "m.ei", &[]).unwrap()
    }

    #[test]
    fn ranges_with_units_evaluate_in_si() {
        let m = model();
        let spec = ParamSpec::parse("J", "0.05mV:0.2mV:0.05mV").unwrap();
        let a = axes(&m, &[spec]).unwrap();
        assert_eq!(a[0].values.len(), 4);
        assert!((a[0].values[3] - 2e-4).abs() < 1e-15);
        assert_eq!(a[0].label(), "J (mV)");
        // A param in scope: HI = 2 D.
        let spec = ParamSpec::parse("D", "1ms:2*D:1ms").unwrap();
        assert_eq!(axes(&m, &[spec]).unwrap()[0].values.len(), 3);
    }

    #[test]
    fn wrong_dimension_unknown_param_and_bad_ranges_are_bad_input() {
        let m = model();
        for (name, range) in [
            ("J", "1ms:2ms:1ms"),
            ("x", "1:2:1"),
            ("g", "3:8"),
            ("g", "8:3:1"),
            ("g", "3:8:0"),
            ("g", "3:8:)"),
        ] {
            let err = ParamSpec::parse(name, range).and_then(|s| axes(&m, &[s]));
            assert_eq!(
                err.map(|_| ()).unwrap_err().exit_code(),
                2,
                "{name} {range}"
            );
        }
    }

    #[test]
    fn the_model_sweep_is_the_default() {
        let a = axes(&model(), &[]).unwrap();
        assert_eq!(a[0].param, "g");
        assert_eq!(a[0].values, vec![3.0, 3.5, 4.0]);
    }
}
