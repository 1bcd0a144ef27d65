//! `eibal._eibal`: the native half of the Python package `eibal`.
//!
//! Each workflow of [`eibal_study`] is one method of [`model::NativeModel`]; it returns the
//! workflow's result serialised by the same `serde_json` call as the command line's `--json`
//! (so `to_dict()` in Python equals the CLI's output), and numpy arrays built here for the bulk
//! data (spikes, traces, eigenvalues, curves). The Python package (`eibal/`) wraps these in
//! result classes with `to_dict`, `to_pandas`, HTML tables and plots.
//!
//! Long calls run on a worker thread with the GIL released while the calling thread checks
//! Python's signals and draws progress ([`watch`]), so Ctrl-C raises `KeyboardInterrupt`
//! within [`watch::POLL`] and never kills the interpreter.

mod arrays;
mod capture;
mod errors;
mod model;
mod params;
mod simulation;
mod watch;

use pyo3::prelude::*;

#[pymodule]
fn _eibal(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<model::NativeModel>()?;
    m.add_class::<simulation::NativeSimulation>()?;
    m.add_function(wrap_pyfunction!(model::load, m)?)?;
    m.add_function(wrap_pyfunction!(model::loads, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
