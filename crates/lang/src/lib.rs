//! The `.ei` language: grammar (`grammar/ei.pest`), syntax tree, units, checking,
//! diagnostics and canonical formatting. Produces a [`eibal_model::Model`].
//!
//! The entry points below are the whole interface the rest of the crate uses.

pub mod ast;
pub mod check;
pub mod diagnostics;
pub mod eval;
pub mod format;
pub mod include;
pub mod model_source;
pub mod motif;
pub mod neuron;
pub mod parse;
pub mod simulate;
pub mod source;
pub mod units;
pub mod wiring;

use eibal_model::error::{Error, Result};
use eibal_model::{Model, Quantity};
pub use model_source::ModelSource;
use std::path::Path;

/// A `--set` override of a `param`.
#[derive(Debug, Clone, PartialEq)]
pub enum Override {
    /// `name=expr` as typed on the command line; `expr` is an expression of the language.
    Text { name: String, expr: String },
    /// A value computed by a program (sweeps).
    Value { name: String, value: Quantity },
}

impl Override {
    /// Splits `name=expr` as typed after `--set`.
    pub fn parse(text: &str) -> Result<Override> {
        match text.split_once('=') {
            Some((name, expr)) if !name.trim().is_empty() => Ok(Override::Text {
                name: name.trim().to_string(),
                expr: expr.to_string(),
            }),
            _ => Err(Error::BadInput(format!(
                "--set {text}: expected NAME=VALUE, e.g. `--set g=6` or `--set J=0.2mV`"
            ))),
        }
    }
}

/// Reads a model file, reporting a missing or unreadable file as bad input with its path.
pub fn read_source(path: &Path) -> Result<String> {
    include::read_limited(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::InvalidData {
            // `file:line:col: ...`, as the diagnostics of a model file.
            Error::BadInput(format!("{}:{e}", path.display()))
        } else {
            Error::BadInput(format!(
                "cannot read `{}`: {}",
                path.display(),
                include::io_words(&e)
            ))
        }
    })
}

/// Reads, parses and checks a model file, applying `--set NAME=VALUE` overrides. The model
/// describes one network: fixed delays are on the time grid ([`eibal_model::time_grid`]).
/// Any problem with the file or an override is `Error::BadInput` with rendered diagnostics.
pub fn load(path: &Path, set: &[String]) -> Result<Model> {
    let source = read_source(path)?;
    let overrides = set
        .iter()
        .map(|s| Override::parse(s))
        .collect::<Result<Vec<_>>>()?;
    compile_source(&source, &path.to_string_lossy(), &overrides)
}

/// Like [`load`], also returning the warnings of the check, each rendered with its place in
/// the file (`file:line:col: warning: ...`), for the caller to print.
pub fn load_with_warnings(path: &Path, set: &[String]) -> Result<(Model, Vec<String>)> {
    let source = read_source(path)?;
    let overrides = set
        .iter()
        .map(|s| Override::parse(s))
        .collect::<Result<Vec<_>>>()?;
    let (mut model, warnings) =
        Prepared::new(&source, &path.to_string_lossy())?.compile_with_warnings(&overrides)?;
    model.round_delays_to_grid();
    Ok((model, warnings))
}

/// Like [`load`], from source text (`file_name` is used in messages and to resolve
/// `include`s relative to it) and already-split overrides.
pub fn compile_source(source: &str, file_name: &str, set: &[Override]) -> Result<Model> {
    let mut model = Prepared::new(source, file_name)?.compile(set)?;
    model.round_delays_to_grid();
    Ok(model)
}

/// A parsed model file, ready to be checked many times with different overrides (a sweep
/// parses once and compiles each point with [`Override::Value`]).
#[derive(Debug, Clone)]
pub struct Prepared {
    sources: source::SourceMap,
    program: ast::Program,
    root: Option<std::path::PathBuf>,
}

impl Prepared {
    /// Parses `source`; `file_name` is used in messages and to resolve `include`s.
    pub fn new(source: &str, file_name: &str) -> Result<Prepared> {
        let mut sources = source::SourceMap::default();
        let file = sources.add(file_name, source);
        match parse::parse_program(source, file) {
            Ok(program) => Ok(Prepared {
                sources,
                program,
                root: Path::new(file_name).canonicalize().ok(),
            }),
            Err(diags) => Err(diagnostics::to_error(&diags, &sources)),
        }
    }

    /// Checks the parsed file with these overrides and builds the model.
    pub fn compile(&self, set: &[Override]) -> Result<Model> {
        let mut sources = self.sources.clone();
        check::check_program(&self.program, &mut sources, set, self.root.clone())
            .map_err(|diags| diagnostics::to_error(&diags, &sources))
    }

    /// Like [`Prepared::compile`], also returning the rendered warnings.
    pub fn compile_with_warnings(&self, set: &[Override]) -> Result<(Model, Vec<String>)> {
        let mut sources = self.sources.clone();
        let (model, warnings) =
            check::check_program_warned(&self.program, &mut sources, set, self.root.clone());
        let model = model.map_err(|diags| diagnostics::to_error(&diags, &sources))?;
        let rendered = warnings
            .iter()
            .map(|w| w.render_as(&sources, "warning").trim_end().to_string())
            .collect();
        Ok((model, rendered))
    }
}

/// Canonical formatting of a source text (syntax only: a file that parses can be formatted
/// even if it does not check). Parse errors are `Error::BadInput` with a rendered diagnostic.
pub fn format_source(source: &str, file_name: &str) -> Result<String> {
    let mut sources = source::SourceMap::default();
    let file = sources.add(file_name, source);
    match parse::parse_program(source, file) {
        Ok(p) => Ok(format::format_program(&p, source)),
        Err(diags) => Err(diagnostics::to_error(&diags, &sources)),
    }
}
