//! eibal's errors as Python exceptions, by the exit code the command line would give:
//! bad input (exit 2) is `eibal.ModelError` (a `ValueError`) with the diagnostics as a list of
//! dicts, runtime failures (exit 1) are `eibal.SimulationError` (a `RuntimeError`), and a
//! cancelled computation is `KeyboardInterrupt`. The classes live in `eibal/_errors.py` so that
//! they carry Python docstrings; they are looked up when an error is raised.

use eibal_model::Error;
use eibal_model::error::{Located, io_words};
use pyo3::exceptions::PyKeyboardInterrupt;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// The exception for `error`.
pub fn to_py(py: Python<'_>, error: Error) -> PyErr {
    if matches!(error, Error::Cancelled) {
        return PyKeyboardInterrupt::new_err("interrupted");
    }
    match exception(py, &error) {
        Ok(e) => e,
        Err(e) => e,
    }
}

fn exception(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    let class = if error.is_bad_input() {
        "ModelError"
    } else {
        "SimulationError"
    };
    let diagnostics = PyList::empty(py);
    for d in error.diagnostics() {
        diagnostics.append(diagnostic(py, d)?)?;
    }
    let instance = py
        .import("eibal._errors")?
        .getattr(class)?
        .call1((message(error), diagnostics))?;
    Ok(PyErr::from_value(instance))
}

/// What the command line prints, without its `error: ` prefix where the message is a plain
/// sentence (a diagnostic keeps its `file:line:col: error:` form).
pub fn message(error: &Error) -> String {
    match error {
        Error::Model(d) => d.rendered.clone(),
        Error::Io { path, source } => format!("{}: {}", path.display(), io_words(source)),
        other => other.to_string(),
    }
}

/// One diagnostic as a dict: file, line, column, end_line, end_column, message, help, note.
fn diagnostic<'py>(py: Python<'py>, d: &Located) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("file", &d.file)?;
    dict.set_item("line", d.line)?;
    dict.set_item("column", d.column)?;
    dict.set_item("end_line", d.end_line)?;
    dict.set_item("end_column", d.end_column)?;
    dict.set_item("message", &d.message)?;
    dict.set_item("help", &d.help)?;
    dict.set_item("note", &d.note)?;
    Ok(dict)
}

/// Maps an eibal result to a Python one.
pub trait IntoPy<T> {
    fn py_err(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPy<T> for eibal_model::Result<T> {
    fn py_err(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py(py, e))
    }
}
