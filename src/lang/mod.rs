//! The `.ei` language: grammar (`grammar/ei.pest`), syntax tree, units, checking,
//! diagnostics and canonical formatting. Produces a [`crate::model::Model`].
//!
//! The entry points below are the whole interface the rest of the crate uses.

use crate::error::{Error, Result};
use crate::model::{Model, Quantity};
use std::path::Path;

/// A `--set` override of a `param`.
#[derive(Debug, Clone, PartialEq)]
pub enum Override {
    /// `name=expr` as typed on the command line; `expr` is an expression of the language.
    Text { name: String, expr: String },
    /// A value computed by a program (sweeps).
    Value { name: String, value: Quantity },
}

/// Reads, parses and checks a model file, applying `--set NAME=VALUE` overrides.
/// Any problem with the file or an override is `Error::BadInput` with rendered diagnostics.
pub fn load(path: &Path, set: &[String]) -> Result<Model> {
    let _ = (path, set);
    Err(Error::NotImplemented("the .ei language front end"))
}

/// Like [`load`], from source text (`file_name` is used in messages and to resolve
/// `include`s relative to it) and already-split overrides.
pub fn compile_source(source: &str, file_name: &str, set: &[Override]) -> Result<Model> {
    let _ = (source, file_name, set);
    Err(Error::NotImplemented("the .ei language front end"))
}
