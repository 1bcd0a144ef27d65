//! `NativeModel`: a checked model file with its param values, and one method per workflow
//! of [`eibal_study`]. Every method returns the workflow's result as the JSON text the command
//! line prints with `--json` (the Python side parses it for `to_dict()`), plus numpy arrays
//! where there is bulk data.

use crate::arrays;
use crate::errors::IntoPy;
use crate::params::{Given, duration, overrides};
use crate::simulation::{NativeSimulation, run_simulation};
use crate::watch;
use eibal_lang::ModelSource;
use eibal_model::{Axis, Error, ParamSpace};
use eibal_study::{
    BoundaryRequest, CriticalRequest, SimulateAt, SpectrumRequest, StabilityRequest, SweepRequest,
    TheoryRequest, to_json,
};
use eibal_theory::network::chaos::Criterion;
use eibal_theory::neuron::transfer::TransferForm;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use std::path::Path;
use std::sync::Arc;

/// A checked model and the param values it was made with.
#[pyclass(module = "eibal._eibal", frozen)]
pub struct NativeModel {
    source: Arc<ModelSource>,
}

/// `(name, value)` pairs from Python.
fn given_params(params: Vec<(String, Bound<'_, PyAny>)>) -> PyResult<Vec<(String, Given)>> {
    params
        .into_iter()
        .map(|(name, v)| Ok((name.clone(), Given::from_py(&v, &format!("param {name}"))?)))
        .collect()
}

fn with_params(
    py: Python<'_>,
    source: ModelSource,
    params: Vec<(String, Bound<'_, PyAny>)>,
) -> PyResult<NativeModel> {
    let given = given_params(params)?;
    if given.is_empty() {
        return Ok(NativeModel {
            source: Arc::new(source),
        });
    }
    let set = overrides(&source, &given).py_err(py)?;
    let source = source.with(&set).py_err(py)?;
    Ok(NativeModel {
        source: Arc::new(source),
    })
}

/// Reads and checks the model file at `path` with `params` set.
#[pyfunction]
#[pyo3(signature = (path, params))]
pub fn load(
    py: Python<'_>,
    path: std::path::PathBuf,
    params: Vec<(String, Bound<'_, PyAny>)>,
) -> PyResult<NativeModel> {
    let source = ModelSource::read(Path::new(&path), &[]).py_err(py)?;
    with_params(py, source, params)
}

/// Checks the model source `text`, called `name` in messages, with `params` set.
#[pyfunction]
#[pyo3(signature = (text, name, params))]
pub fn loads(
    py: Python<'_>,
    text: &str,
    name: &str,
    params: Vec<(String, Bound<'_, PyAny>)>,
) -> PyResult<NativeModel> {
    let source = ModelSource::from_text(text, name, &[]).py_err(py)?;
    with_params(py, source, params)
}

fn form(low_pass: bool) -> TransferForm {
    if low_pass {
        TransferForm::LowPass
    } else {
        TransferForm::Exact
    }
}

fn json(py: Python<'_>, value: &impl serde::Serialize) -> PyResult<String> {
    to_json(value).py_err(py)
}

/// An axis `(name, lo, hi)` of a phase diagram with `n` points.
fn plane_axis(
    py: Python<'_>,
    source: &ModelSource,
    axis: (String, Bound<'_, PyAny>, Bound<'_, PyAny>),
    n: usize,
) -> PyResult<Axis> {
    let (name, lo, hi) = axis;
    let lo = Given::from_py(&lo, "LO")?
        .param_si(source, &name, "LO")
        .py_err(py)?;
    let hi = Given::from_py(&hi, "HI")?
        .param_si(source, &name, "HI")
        .py_err(py)?;
    Axis::linspace(source.model(), &name, lo, hi, n).py_err(py)
}

/// A swept axis: a string `LO:HI:STEP` (as `--param`), or a sequence of values.
fn sweep_axis(
    py: Python<'_>,
    source: &ModelSource,
    name: &str,
    values: &Bound<'_, PyAny>,
) -> PyResult<Axis> {
    if let Ok(text) = values.extract::<String>() {
        let (lo, hi, step) = eibal_model::axis::read_range(source, name, &text, true).py_err(py)?;
        return Axis::stepped(source.model(), name, lo, hi, step.unwrap_or(f64::NAN)).py_err(py);
    }
    let mut si = Vec::new();
    for v in values.try_iter()? {
        let given = Given::from_py(&v?, &format!("a value of {name}"))?;
        si.push(given.param_si(source, name, "a value").py_err(py)?);
    }
    Axis::from_values(source.model(), name, si).py_err(py)
}

#[pymethods]
impl NativeModel {
    /// A new model with more params set (later values win).
    fn with_params(
        &self,
        py: Python<'_>,
        params: Vec<(String, Bound<'_, PyAny>)>,
    ) -> PyResult<NativeModel> {
        with_params(py, self.source.as_ref().clone(), params)
    }

    #[getter]
    fn name(&self) -> String {
        self.source.model().name.clone()
    }

    #[getter]
    fn file(&self) -> String {
        self.source.model().file.clone()
    }

    /// `[(name, value in display unit, unit, default in display unit)]`.
    fn params(&self) -> Vec<(String, f64, String, f64)> {
        self.source
            .model()
            .params
            .iter()
            .map(|p| {
                let (unit, factor) = p.value.dim.display_unit().unwrap_or(("", 1.0));
                (
                    p.name.clone(),
                    p.value.si * factor,
                    unit.to_string(),
                    p.default.si * factor,
                )
            })
            .collect()
    }

    /// `[(name, size, neuron kind, sign)]`.
    fn populations(&self) -> Vec<(String, usize, String, String)> {
        let model = self.source.model();
        model
            .populations
            .iter()
            .map(|p| {
                (
                    p.name.clone(),
                    p.size,
                    model.kind_of_population(p).keyword().to_string(),
                    format!("{:?}", p.sign).to_lowercase(),
                )
            })
            .collect()
    }

    /// The compiled model as JSON (`eibal show --json` is built from the same `Model`).
    fn model_json(&self, py: Python<'_>) -> PyResult<String> {
        json(py, self.source.model())
    }

    #[pyo3(signature = (scale_k, search))]
    fn theory(&self, py: Python<'_>, scale_k: f64, search: bool) -> PyResult<String> {
        let request = TheoryRequest {
            scale_k,
            search,
            ..TheoryRequest::default()
        };
        let model = self.source.model().clone();
        let report = watch::run(py, None, move |_| eibal_study::theory(&model, &request))?;
        json(py, &report)
    }

    #[pyo3(signature = (low_pass))]
    fn stability(&self, py: Python<'_>, low_pass: bool) -> PyResult<String> {
        let request = StabilityRequest {
            form: form(low_pass),
            ..StabilityRequest::default()
        };
        let model = self.source.model().clone();
        let report = watch::run(py, None, move |_| eibal_study::stability(&model, &request))?;
        json(py, &report)
    }

    #[pyo3(signature = (param, lo, hi, criterion, tol, low_pass))]
    #[allow(clippy::too_many_arguments)]
    fn critical(
        &self,
        py: Python<'_>,
        param: &str,
        lo: Bound<'_, PyAny>,
        hi: Bound<'_, PyAny>,
        criterion: &str,
        tol: f64,
        low_pass: bool,
    ) -> PyResult<String> {
        let criterion = Criterion::parse(criterion).py_err(py)?;
        let source = self.source.as_ref();
        let lo = Given::from_py(&lo, "lo")?
            .param_si(source, param, "LO")
            .py_err(py)?;
        let hi = Given::from_py(&hi, "hi")?
            .param_si(source, param, "HI")
            .py_err(py)?;
        if lo.partial_cmp(&hi) != Some(std::cmp::Ordering::Less) {
            return Err(crate::errors::to_py(
                py,
                Error::BadInput(format!(
                    "the range of {param} needs lo below hi, got {lo} and {hi} (SI units)"
                )),
            ));
        }
        let request = CriticalRequest {
            criterion,
            tol,
            form: form(low_pass),
            ..CriticalRequest::new(param, lo, hi)
        };
        let space = Arc::clone(&self.source);
        let report = watch::run(py, None, move |_| {
            eibal_study::critical(space.as_ref(), &request)
        })?;
        json(py, &report)
    }

    /// `(json, eigenvalues, predicted outliers)`, complex128 arrays.
    #[pyo3(signature = (n_max, gain, seed, krylov, restarts))]
    fn spectrum<'py>(
        &self,
        py: Python<'py>,
        n_max: usize,
        gain: bool,
        seed: Option<u64>,
        krylov: usize,
        restarts: usize,
    ) -> PyResult<(String, Bound<'py, PyAny>, Bound<'py, PyAny>)> {
        let request = SpectrumRequest {
            n_max,
            gain,
            seed,
            krylov,
            restarts,
        };
        let model = self.source.model().clone();
        let report = watch::run(py, None, move |_| eibal_study::spectrum(&model, &request))?;
        Ok((
            json(py, &report)?,
            arrays::complex(py, &report.eigenvalues).into_any(),
            arrays::complex(py, &report.predicted_outliers).into_any(),
        ))
    }

    /// `(json, survey labels, curves)`: the state name at every survey point (x index
    /// major) and each traced curve as a dict of float arrays.
    #[pyo3(signature = (x, y, nx, ny, low_pass, trace, simulate, sim_duration, progress))]
    #[allow(clippy::too_many_arguments)]
    fn boundary<'py>(
        &self,
        py: Python<'py>,
        x: (String, Bound<'py, PyAny>, Bound<'py, PyAny>),
        y: (String, Bound<'py, PyAny>, Bound<'py, PyAny>),
        nx: usize,
        ny: usize,
        low_pass: bool,
        trace: bool,
        simulate: usize,
        sim_duration: Bound<'py, PyAny>,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<(String, Vec<String>, Bound<'py, PyList>)> {
        let source = self.source.as_ref();
        let sim_duration = duration(
            &Given::from_py(&sim_duration, "sim_duration")?,
            "sim_duration",
        )
        .py_err(py)?;
        let request = BoundaryRequest {
            nx,
            ny,
            form: form(low_pass),
            trace,
            simulate_per_region: simulate,
            sim_duration,
            ..BoundaryRequest::new(
                plane_axis(py, source, x, nx)?,
                plane_axis(py, source, y, ny)?,
            )
        };
        let space: Arc<dyn ParamSpace> = self.source.clone();
        let report = watch::run(py, progress, move |w| {
            eibal_study::boundary(space, &request, w)
        })?;
        let d = &report.diagram;
        let labels = d
            .survey
            .iter()
            .map(|p| eibal_theory::phase_plane::regions::label(p, d.network).to_string())
            .collect();
        let curves = PyList::empty(py);
        for c in &d.curves {
            let curve = PyDict::new(py);
            curve.set_item(
                "kind",
                serde_json::to_value(c.kind).unwrap_or_default().as_str(),
            )?;
            curve.set_item(
                "indicator",
                serde_json::to_value(c.indicator)
                    .unwrap_or_default()
                    .as_str(),
            )?;
            curve.set_item(
                "x",
                arrays::vector(py, c.points.iter().map(|p| p.x).collect()),
            )?;
            curve.set_item(
                "y",
                arrays::vector(py, c.points.iter().map(|p| p.y).collect()),
            )?;
            let f = c.points.iter().map(|p| p.frequency_hz.unwrap_or(f64::NAN));
            curve.set_item("frequency_hz", arrays::vector(py, f.collect()))?;
            curves.append(curve)?;
        }
        Ok((json(py, &report)?, labels, curves))
    }

    #[pyo3(signature = (duration, seed, threads, progress))]
    fn simulate(
        &self,
        py: Python<'_>,
        duration: Option<Bound<'_, PyAny>>,
        seed: Option<u64>,
        threads: Option<usize>,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<NativeSimulation> {
        run_simulation(
            py,
            self.source.model(),
            duration,
            seed,
            threads,
            progress,
            false,
        )
        .map(|(sim, _)| sim)
    }

    /// `(json of the comparison, the simulation behind it)`.
    #[pyo3(signature = (duration, seed, threads, progress))]
    fn compare(
        &self,
        py: Python<'_>,
        duration: Option<Bound<'_, PyAny>>,
        seed: Option<u64>,
        threads: Option<usize>,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<(String, NativeSimulation)> {
        let (sim, comparison) = run_simulation(
            py,
            self.source.model(),
            duration,
            seed,
            threads,
            progress,
            true,
        )?;
        Ok((comparison.unwrap_or_default(), sim))
    }

    /// `(json, display factor of each axis)`.
    #[pyo3(signature = (axes, simulate_every, sim_at, seeds, duration, low_pass, progress))]
    #[allow(clippy::too_many_arguments)]
    fn sweep(
        &self,
        py: Python<'_>,
        axes: Vec<(String, Bound<'_, PyAny>)>,
        simulate_every: Option<usize>,
        sim_at: Option<Bound<'_, PyAny>>,
        seeds: usize,
        duration: Option<Bound<'_, PyAny>>,
        low_pass: bool,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<(String, Vec<f64>)> {
        let source = self.source.as_ref();
        let axes = axes
            .iter()
            .map(|(name, values)| sweep_axis(py, source, name, values))
            .collect::<PyResult<Vec<Axis>>>()?;
        let simulate = match (simulate_every, sim_at) {
            (Some(_), Some(_)) => {
                return Err(crate::errors::to_py(
                    py,
                    Error::BadInput("give either simulate_every or sim_at, not both".into()),
                ));
            }
            (Some(k), None) => SimulateAt::Every(k),
            (None, Some(values)) => {
                let first = axes
                    .first()
                    .map(|a| a.param.clone())
                    .or_else(|| source.model().sweeps.first().map(|a| a.param.clone()))
                    .unwrap_or_default();
                let mut si = Vec::new();
                for v in values.try_iter()? {
                    let given = Given::from_py(&v?, "a value of sim_at")?;
                    si.push(given.param_si(source, &first, "sim_at").py_err(py)?);
                }
                SimulateAt::Values(si)
            }
            (None, None) => SimulateAt::Nowhere,
        };
        let duration = match duration {
            Some(d) => Some(
                crate::params::duration(&Given::from_py(&d, "duration")?, "duration").py_err(py)?,
            ),
            None => None,
        };
        let request = SweepRequest {
            axes,
            simulate,
            seeds,
            duration,
            form: form(low_pass),
        };
        let space = Arc::clone(&self.source);
        let report = watch::run(py, progress, move |w| {
            eibal_study::sweep(space.as_ref(), &request, w)
        })?;
        let factors = report.axes.iter().map(|a| a.factor).collect();
        Ok((json(py, &report)?, factors))
    }

    /// The NEST or Brian2 script of the model.
    #[pyo3(signature = (to))]
    fn export(&self, py: Python<'_>, to: &str) -> PyResult<String> {
        let target: eibal_export::Target = to.parse().py_err(py)?;
        let script = eibal_study::export(self.source.model(), target).py_err(py)?;
        Ok(script.script)
    }
}
