//! numpy arrays made from Rust vectors (moved, not copied element by element into Python
//! objects).

use numpy::{Complex64, PyArray1, PyArray2, PyArrayMethods};
use pyo3::prelude::*;

pub fn vector<'py, T: numpy::Element>(py: Python<'py>, v: Vec<T>) -> Bound<'py, PyArray1<T>> {
    PyArray1::from_vec(py, v)
}

/// A `rows` x `columns` array from row-major values.
pub fn matrix<'py>(
    py: Python<'py>,
    values: Vec<f64>,
    rows: usize,
    columns: usize,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    PyArray1::from_vec(py, values).reshape([rows, columns])
}

pub fn complex<'py>(
    py: Python<'py>,
    v: &[num_complex::Complex64],
) -> Bound<'py, PyArray1<Complex64>> {
    PyArray1::from_vec(py, v.iter().map(|z| Complex64::new(z.re, z.im)).collect())
}
