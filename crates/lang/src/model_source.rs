//! A parsed model file with its base overrides: the language's implementation of
//! [`ParamSpace`], through which sweeps, critical-value searches and phase diagrams re-build
//! the model at other param values without knowing the language.

use crate::ast::Span;
use crate::diagnostics::{Diagnostic, to_error};
use crate::eval::{Binding, Evaluator, Scope};
use crate::source::SourceMap;
use crate::{Override, Prepared};
use eibal_model::error::{Error, Result};
use eibal_model::{Model, ParamSpace, Quantity};
use std::path::Path;

/// A model file parsed once, with the `--set` overrides every point starts from.
#[derive(Debug, Clone)]
pub struct ModelSource {
    prepared: Prepared,
    base: Vec<Override>,
    /// The model at the base values (checked once; also the scope of [`ParamSpace::read_value`]).
    base_model: Model,
}

impl ModelSource {
    /// Reads and parses `path`; `set` are `NAME=VALUE` overrides as typed after `--set`.
    pub fn read(path: &Path, set: &[String]) -> Result<ModelSource> {
        let text = crate::read_source(path)?;
        ModelSource::from_text(&text, &path.to_string_lossy(), set)
    }

    /// Like [`ModelSource::read`] from source text; `file_name` is used in messages and to
    /// resolve `include`s.
    pub fn from_text(text: &str, file_name: &str, set: &[String]) -> Result<ModelSource> {
        let base = set
            .iter()
            .map(|s| Override::parse(s))
            .collect::<Result<Vec<_>>>()?;
        ModelSource::with_overrides(Prepared::new(text, file_name)?, base)
    }

    /// A parsed file with already split overrides.
    pub fn with_overrides(prepared: Prepared, base: Vec<Override>) -> Result<ModelSource> {
        let mut base_model = prepared.compile(&base)?;
        // One network: its fixed delays as the simulator resolves them (the check warned).
        base_model.round_delays_to_grid();
        Ok(ModelSource {
            prepared,
            base,
            base_model,
        })
    }

    /// The model at the base values, its fixed delays on the time grid
    /// ([`eibal_model::time_grid`]); the points of a scan ([`ParamSpace::at`]) keep them as
    /// written, so that the theory is continuous along a delay axis.
    pub fn model(&self) -> &Model {
        &self.base_model
    }

    /// A new source whose base values also include `set` (later overrides win).
    pub fn with(&self, set: &[Override]) -> Result<ModelSource> {
        ModelSource::with_overrides(self.prepared.clone(), replaced(&self.base, set))
    }
}

impl ParamSpace for ModelSource {
    fn at(&self, values: &[(&str, f64)]) -> Result<Model> {
        if values.is_empty() {
            return Ok(self.base_model.clone());
        }
        let mut point = Vec::with_capacity(values.len());
        for &(name, si) in values {
            let dim = self.base_model.param_dimension(name)?;
            point.push(Override::Value {
                name: name.to_string(),
                value: Quantity::new(si, dim),
            });
        }
        self.prepared.compile(&replaced(&self.base, &point))
    }

    fn read_value(&self, name: &str, what: &str, text: &str) -> Result<f64> {
        read_value(&self.base_model, name, what, text)
    }
}

fn override_name(o: &Override) -> &str {
    match o {
        Override::Text { name, .. } | Override::Value { name, .. } => name,
    }
}

/// `base` with `later` on top: an override of a name already in `base` replaces it (the
/// checker applies one override per param).
fn replaced(base: &[Override], later: &[Override]) -> Vec<Override> {
    base.iter()
        .filter(|b| !later.iter().any(|l| override_name(l) == override_name(b)))
        .chain(later)
        .cloned()
        .collect()
}

/// Evaluates `text` as a value of param `name` of `model`: a bare number is in the param's
/// display unit (`0.1` for J is 0.1 mV, as `eibal show` prints it), anything else an
/// expression of the language with units and the model's params in scope (`0.2 mV`, `2*D`);
/// `what` names the value in messages.
pub fn read_value(model: &Model, name: &str, what: &str, text: &str) -> Result<f64> {
    let dim = model.param_dimension(name)?;
    if let Ok(shown) = text.trim().parse::<f64>() {
        let factor = dim.display_unit().map_or(1.0, |(_, f)| f);
        if !shown.is_finite() {
            return Err(Error::BadInput(format!(
                "{what} `{text}` of {name} is not a finite number"
            )));
        }
        return Ok(shown / factor);
    }
    let mut scope = Scope::default();
    for p in &model.params {
        scope
            .globals
            .insert(p.name.clone(), (Binding::Value(p.value), Span::default()));
    }
    let mut sources = SourceMap::default();
    let file = sources.add(format!("{what} of {name}"), text.to_string());
    let expr =
        crate::parse::parse_expression(text.trim(), file).map_err(|d| to_error(&[d], &sources))?;
    let mut diags: Vec<Diagnostic> = Vec::new();
    let evaluator = Evaluator { scope: &scope };
    let q: Quantity = evaluator
        .number(&expr, &mut diags)
        .map_err(|_| to_error(&diags, &sources))?;
    if q.dim != dim {
        return Err(Error::BadInput(format!(
            "{what} `{text}` of {name} must be {}, like the param, but it is {}",
            crate::units::describe(dim),
            crate::eval::describe_short(q.dim)
        )));
    }
    if !q.si.is_finite() {
        return Err(Error::BadInput(format!(
            "{what} `{text}` of {name} is not a finite number"
        )));
    }
    Ok(q.si)
}
