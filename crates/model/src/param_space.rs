//! Models at other param values. A sweep, a critical-value search or a phase diagram needs
//! the model at many values of one or two `param`s with every derived quantity recomputed
//! (`let nu_thr = theta / (J C_E tau_m)` follows `J`); only the language can do that, by
//! re-checking the parsed file. The back ends see it through this trait, which the language
//! implements, so that theory and workflows never import the language.

use crate::error::{Error, Result};
use crate::{Dimension, Model, Param};

/// A model source that can be re-built at other values of its params.
pub trait ParamSpace: Send + Sync {
    /// The model with `values` set: (param name, value in SI units of the param's
    /// dimension), on top of the base values the space was made with.
    fn at(&self, values: &[(&str, f64)]) -> Result<Model>;

    /// The model at its base values.
    fn base(&self) -> Result<Model> {
        self.at(&[])
    }

    /// The SI value of `text` read as a value of param `name`: an expression of the model
    /// language with units, the model's params in scope, exactly as a `--set` value
    /// (`0.2 mV`, `2 * D`, `6`). `what` names the value in messages ("LO", "--sim-at").
    fn read_value(&self, name: &str, what: &str, text: &str) -> Result<f64>;
}

impl Model {
    /// The param `name`, or bad input that lists the params there are (the one wording for
    /// "no such param" everywhere).
    pub fn require_param(&self, name: &str) -> Result<&Param> {
        self.param(name)
            .ok_or_else(|| Error::BadInput(unknown_param(self, name)))
    }

    /// The dimension of param `name` (see [`Model::require_param`]).
    pub fn param_dimension(&self, name: &str) -> Result<Dimension> {
        Ok(self.require_param(name)?.value.dim)
    }
}

/// "model m has no param `x` (its params: g, eta, J)".
pub fn unknown_param(model: &Model, name: &str) -> String {
    let names: Vec<&str> = model.params.iter().map(|p| p.name.as_str()).collect();
    let list = if names.is_empty() {
        "it has none".to_string()
    } else {
        format!("its params: {}", names.join(", "))
    };
    format!("model {} has no param `{name}` ({list})", model.name)
}
