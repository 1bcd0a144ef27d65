//! `NativeSimulation`: one run and its statistics, with the recordings as numpy arrays.
//!
//! Spikes and population counts are what the engine keeps in memory (every spike, unless the
//! run exceeded its memory budget and kept a sample: see `statistics["notes"]`). Voltage and
//! current traces are those the model's `record` block asks for, captured in memory
//! ([`Capture`]) instead of written to `--out`.

use crate::arrays;
use crate::capture::{Capture, Table, parse_table};
use crate::errors::IntoPy;
use crate::params::{Given, duration};
use crate::watch;
use eibal_analysis::powerlaw::hurwitz_zeta;
use eibal_model::{Model, Recording, Sink};
use eibal_report::plot::avalanches::{Avalanches, Distribution};
use eibal_report::plot::currents::Currents;
use eibal_study::{CompareRequest, SimulateRequest, Simulation, to_json};
use numpy::PyArray1;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Times (s) and one value per time, as numpy arrays.
type ArrayPair<'py, T> = (Bound<'py, PyArray1<f64>>, Bound<'py, PyArray1<T>>);

/// Population rates are binned by this when the model records none (s).
const DEFAULT_RATE_BIN: f64 = 1e-3;

#[pyclass(module = "eibal._eibal", frozen)]
pub struct NativeSimulation {
    sim: Simulation,
    /// Recorded trace files by name (`voltage_E.csv`, `currents_E.csv`).
    traces: BTreeMap<String, Table>,
    /// The model's own rate bin, if it records rates (s).
    rate_bin: Option<f64>,
}

/// Whether the run must capture trace files.
fn records_traces(model: &Model) -> bool {
    model
        .simulation
        .record
        .iter()
        .any(|r| matches!(r, Recording::Voltage { .. } | Recording::Currents { .. }))
}

/// Runs `model` (and with `compare`, its theory and the comparison, returned as JSON).
pub fn run_simulation(
    py: Python<'_>,
    model: &Model,
    given_duration: Option<Bound<'_, PyAny>>,
    seed: Option<u64>,
    threads: Option<usize>,
    progress: Option<Py<PyAny>>,
    compare: bool,
) -> PyResult<(NativeSimulation, Option<String>)> {
    let duration = match given_duration {
        Some(d) => Some(duration(&Given::from_py(&d, "duration")?, "duration").py_err(py)?),
        None => None,
    };
    let capture = records_traces(model).then(|| Arc::new(Capture::default()));
    let request = SimulateRequest {
        duration,
        seed,
        threads: threads.unwrap_or(SimulateRequest::default().threads),
        sink: capture.clone().map(|c| c as Arc<dyn Sink>),
        ..SimulateRequest::default()
    };
    let rate_bin = model.simulation.record.iter().find_map(|r| match r {
        Recording::Rates { bin } => Some(*bin),
        _ => None,
    });
    let model = model.clone();
    let (mut sim, comparison) = watch::run(py, progress, move |w| {
        if compare {
            let request = CompareRequest {
                simulation: request,
            };
            let report = eibal_study::compare(&model, &request, w)?;
            let text = to_json(&report)?;
            Ok((report.simulation, Some(text)))
        } else {
            Ok((eibal_study::simulate(&model, &request, w)?, None))
        }
    })?;
    // Nothing was written to disk: the captured files are not files of the run.
    sim.statistics.files.clear();
    sim.result.files.clear();
    let traces = capture
        .map(|c| {
            c.take()
                .into_iter()
                .map(|(name, bytes)| (name, parse_table(&bytes)))
                .collect()
        })
        .unwrap_or_default();
    Ok((
        NativeSimulation {
            sim,
            traces,
            rate_bin,
        },
        comparison,
    ))
}

impl NativeSimulation {
    /// The index of population `pop` (a name or an index).
    fn population(&self, pop: &Bound<'_, PyAny>) -> PyResult<usize> {
        let pops = &self.sim.result.populations;
        let names = || {
            pops.iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if let Ok(i) = pop.extract::<usize>() {
            return if i < pops.len() {
                Ok(i)
            } else {
                Err(PyValueError::new_err(format!(
                    "population index {i} is out of range: the populations are {}",
                    names()
                )))
            };
        }
        let name: String = pop.extract()?;
        pops.iter().position(|p| p.name == name).ok_or_else(|| {
            PyValueError::new_err(format!(
                "no population `{name}` in this run: the populations are {}",
                names()
            ))
        })
    }

    fn trace(&self, kind: &str, p: usize) -> PyResult<&Table> {
        let name = &self.sim.result.populations[p].name;
        self.traces
            .get(&format!("{kind}_{name}.csv"))
            .ok_or_else(|| {
                PyValueError::new_err(format!(
                    "the {kind} of {name} was not recorded: add `{kind}({name}, 10)` to `record` \
                 in the model's `simulate` block"
                ))
            })
    }
}

fn distribution<'py>(py: Python<'py>, d: &Distribution) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("x_label", &d.x_label)?;
    dict.set_item(
        "x",
        arrays::vector(py, d.points.iter().map(|p| p.0).collect()),
    )?;
    dict.set_item(
        "probability",
        arrays::vector(py, d.points.iter().map(|p| p.1).collect()),
    )?;
    dict.set_item("count", d.count)?;
    dict.set_item("critical_exponent", d.critical_exponent)?;
    match &d.fit {
        Some(f) => {
            let fit = PyDict::new(py);
            fit.set_item("alpha", f.alpha)?;
            fit.set_item("alpha_se", f.alpha_se)?;
            fit.set_item("x_min", f.x_min)?;
            fit.set_item("n_tail", f.n_tail)?;
            fit.set_item("ks", f.ks)?;
            // P(x) = (n_tail / n) x^-alpha / zeta(alpha, x_min) for x >= x_min.
            let norm =
                f.n_tail as f64 / d.count.max(1) as f64 / hurwitz_zeta(f.alpha, f.x_min as f64);
            fit.set_item("scale", norm)?;
            dict.set_item("fit", fit)?;
        }
        None => dict.set_item("fit", py.None())?,
    }
    Ok(dict)
}

#[pymethods]
impl NativeSimulation {
    /// The statistics as `eibal simulate --json` prints them.
    fn json(&self, py: Python<'_>) -> PyResult<String> {
        to_json(&self.sim).py_err(py)
    }

    /// `[(name, first global id, size, kind, spiking, sign)]`.
    fn populations(&self) -> Vec<(String, usize, usize, String, bool, String)> {
        self.sim
            .result
            .populations
            .iter()
            .map(|p| {
                let sign = format!("{:?}", p.sign).to_lowercase();
                (
                    p.name.clone(),
                    p.first,
                    p.size,
                    p.kind.to_string(),
                    p.spiking,
                    sign,
                )
            })
            .collect()
    }

    /// `(dt, t_end, warmup, duration)` in seconds.
    fn times(&self) -> (f64, f64, f64, f64) {
        let r = &self.sim.result;
        (r.dt, r.t_end, r.warmup, r.duration)
    }

    /// `(times_s float64, neuron int64)` of population `pop`, neuron indices local to it.
    fn spikes<'py>(
        &self,
        py: Python<'py>,
        pop: Bound<'py, PyAny>,
    ) -> PyResult<ArrayPair<'py, i64>> {
        let p = self.population(&pop)?;
        let r = &self.sim.result;
        let (first, size) = (r.populations[p].first as u32, r.populations[p].size as u32);
        let (times, neurons) = py.detach(|| {
            let mut times = Vec::new();
            let mut neurons = Vec::new();
            for (&s, &n) in r.spike_steps.iter().zip(&r.spike_neurons) {
                if n.wrapping_sub(first) < size {
                    times.push(s as f64 * r.dt);
                    neurons.push((n - first) as i64);
                }
            }
            (times, neurons)
        });
        Ok((arrays::vector(py, times), arrays::vector(py, neurons)))
    }

    /// `(bin start s, rate Hz)` of population `pop` in bins of `bin` seconds (default: the
    /// model's `rates(...)` bin, else 1 ms), from every step of the run.
    #[pyo3(signature = (pop, bin=None))]
    fn rates<'py>(
        &self,
        py: Python<'py>,
        pop: Bound<'py, PyAny>,
        bin: Option<Bound<'py, PyAny>>,
    ) -> PyResult<ArrayPair<'py, f64>> {
        let p = self.population(&pop)?;
        let bin = match bin {
            Some(b) => duration(&Given::from_py(&b, "bin")?, "bin").py_err(py)?,
            None => self.rate_bin.unwrap_or(DEFAULT_RATE_BIN),
        };
        let r = &self.sim.result;
        let steps = ((bin / r.dt).round() as usize).max(1);
        let size = r.populations[p].size.max(1) as f64;
        let counts = eibal_analysis::rates::bin_counts(&r.population_counts[p], steps);
        let width = steps as f64 * r.dt;
        let t = (0..counts.len())
            .map(|k| (k * steps) as f64 * r.dt)
            .collect();
        let rate = counts.iter().map(|&c| c as f64 / (size * width)).collect();
        Ok((arrays::vector(py, t), arrays::vector(py, rate)))
    }

    /// `(times s, neuron int64, values[time, neuron])` of the recorded `voltage(pop, n)`
    /// (mV for LIF neurons as the engine writes them, x or S for rate and binary units).
    fn voltage<'py>(
        &self,
        py: Python<'py>,
        pop: Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let p = self.population(&pop)?;
        let table = self.trace("voltage", p)?;
        let first = self.sim.result.populations[p].first as i64;
        let ids: Vec<i64> = table
            .columns
            .iter()
            .map(|c| {
                c.trim_start_matches('n')
                    .parse::<i64>()
                    .map_or(-1, |g| g - first)
            })
            .collect();
        let dict = PyDict::new(py);
        dict.set_item("t", arrays::vector(py, table.times.clone()))?;
        dict.set_item("neuron", arrays::vector(py, ids.clone()))?;
        let v = arrays::matrix(py, table.values.clone(), table.times.len(), ids.len())?;
        dict.set_item("v", v)?;
        Ok(dict)
    }

    /// The recorded `currents(pop, n)`: times, neurons and the excitatory, inhibitory and
    /// external input of each (`[time, neuron]` arrays, units as the engine writes them).
    fn currents<'py>(
        &self,
        py: Python<'py>,
        pop: Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let p = self.population(&pop)?;
        let table = self.trace("currents", p)?;
        let first = self.sim.result.populations[p].first as i64;
        let n = table.columns.len() / 3;
        let ids: Vec<i64> = (0..n)
            .map(|k| {
                let c = &table.columns[3 * k];
                c.trim_start_matches("exc_")
                    .parse::<i64>()
                    .map_or(-1, |g| g - first)
            })
            .collect();
        let rows = table.times.len();
        let part = |offset: usize| -> Vec<f64> {
            (0..rows)
                .flat_map(|t| (0..n).map(move |k| (t, k)))
                .map(|(t, k)| table.values[t * 3 * n + 3 * k + offset])
                .collect()
        };
        let dict = PyDict::new(py);
        dict.set_item("t", arrays::vector(py, table.times.clone()))?;
        dict.set_item("neuron", arrays::vector(py, ids))?;
        dict.set_item("exc", arrays::matrix(py, part(0), rows, n)?)?;
        dict.set_item("inh", arrays::matrix(py, part(1), rows, n)?)?;
        dict.set_item("ext", arrays::matrix(py, part(2), rows, n)?)?;
        Ok(dict)
    }

    /// The "two giants" of the CLI's currents plot: excitatory, inhibitory and net input of
    /// the first sampled neuron of the first LIF population over the last 100 ms; `None`
    /// without sampled inputs.
    fn sampled_currents<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let Some(c) = Currents::from_result(&self.sim.result, "") else {
            return Ok(None);
        };
        let dict = PyDict::new(py);
        dict.set_item("y_label", &c.y_label)?;
        for (key, series) in [
            ("exc", &c.excitatory),
            ("inh", &c.inhibitory),
            ("net", &c.net),
        ] {
            dict.set_item(
                format!("t_{key}"),
                arrays::vector(py, series.iter().map(|p| p.0).collect()),
            )?;
            dict.set_item(
                key,
                arrays::vector(py, series.iter().map(|p| p.1).collect()),
            )?;
        }
        Ok(Some(dict))
    }

    /// Avalanche size and duration distributions with their power-law fits, as the CLI's
    /// avalanches plot draws them; `None` when the run has no avalanche.
    fn avalanches<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let Some(a) = Avalanches::from_result(&self.sim.result, String::new()) else {
            return Ok(None);
        };
        let dict = PyDict::new(py);
        dict.set_item("size", distribution(py, &a.size)?)?;
        dict.set_item("duration", distribution(py, &a.duration)?)?;
        Ok(Some(dict))
    }
}
