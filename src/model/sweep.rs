//! Parameter sweeps: one or two `param`s over lists of values.

use super::Dimension;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SweepAxis {
    /// A `param` of the model.
    pub param: String,
    /// The values, in SI base units of the param's dimension.
    pub values: Vec<f64>,
    pub dimension: Dimension,
}
