//! The `sweep` workflow: the theory and its stability along one or two params (every point),
//! spiking simulations at chosen points (mean and standard error over seeds), and the
//! critical values where the predicted stability changes.
//!
//! [`execute`] runs theory and simulations in parallel, [`critical`] refines the stability
//! changes.

pub mod critical;
pub mod execute;

pub use critical::CriticalValue;
pub use execute::{Estimate, SimPoint, TheoryPoint};

use eibal_model::{Axis, Error, Model, NeuronKind, Observer, ParamSpace, Result, Sign};
use eibal_theory::neuron::transfer::TransferForm;
use execute::{ExecuteOptions, Sweep};
use serde::Serialize;

/// Where to simulate.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum SimulateAt {
    /// Theory only.
    #[default]
    Nowhere,
    /// Every K-th value of the first axis, the first included.
    Every(usize),
    /// These values of the first axis (SI), at every value of the second.
    Values(Vec<f64>),
}

/// What to sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepRequest {
    /// One or two axes; empty: the model's own `sweep` statement.
    pub axes: Vec<Axis>,
    pub simulate: SimulateAt,
    /// Seeds per simulated point: the model's seed, +1, +2, ...
    pub seeds: usize,
    /// Network time per run (s); `None`: the model's.
    pub duration: Option<f64>,
    pub form: TransferForm,
}

impl Default for SweepRequest {
    fn default() -> SweepRequest {
        SweepRequest {
            axes: Vec::new(),
            simulate: SimulateAt::Nowhere,
            seeds: 1,
            duration: None,
            form: TransferForm::Exact,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PopulationLabel {
    pub name: String,
    #[serde(skip)]
    pub sign: Sign,
    /// `Hz` for spiking neurons; `activity` for rate and binary units, whose `rates` are
    /// mean activities (theory and simulation alike).
    pub unit: &'static str,
}

/// Everything a sweep computed: the document of `eibal sweep --json`.
#[derive(Debug, Clone, Serialize)]
pub struct SweepReport {
    pub model: String,
    pub file: String,
    pub axes: Vec<Axis>,
    pub populations: Vec<PopulationLabel>,
    /// `lindner_schimansky_geier_2001` (exact) or `low_pass`.
    pub transfer: String,
    pub theory: Vec<TheoryPoint>,
    pub simulations: Vec<SimPoint>,
    pub critical: Vec<CriticalValue>,
    pub notes: Vec<String>,
}

impl SweepReport {
    pub fn populations_of(model: &Model) -> Vec<PopulationLabel> {
        model
            .populations
            .iter()
            .map(|p| PopulationLabel {
                name: p.name.clone(),
                sign: p.sign,
                unit: match model.kind_of_population(p) {
                    NeuronKind::Rate(_) | NeuronKind::Binary(_) => "activity",
                    _ => "Hz",
                },
            })
            .collect()
    }

    /// A value of axis `axis` in its display unit, as text.
    pub fn show(&self, axis: usize, si: f64) -> String {
        eibal_model::fmt_number(self.axes[axis].show(si))
    }
}

/// Sweeps the models of `space`. It is a runtime failure when the theory fails at every point.
pub fn sweep(
    space: &dyn ParamSpace,
    request: &SweepRequest,
    observer: &dyn Observer,
) -> Result<SweepReport> {
    let base = space.base()?;
    let axes = axes_of(&base, &request.axes)?;
    if request.seeds == 0 {
        return Err(Error::BadInput("a sweep needs at least one seed".into()));
    }
    let first_values: Vec<f64> = match &request.simulate {
        SimulateAt::Nowhere => Vec::new(),
        SimulateAt::Every(0) => {
            return Err(Error::BadInput(
                "simulating every 0-th point means nothing: give K >= 1".into(),
            ));
        }
        SimulateAt::Every(k) => axes[0].values_si.iter().step_by(*k).copied().collect(),
        SimulateAt::Values(v) => v.clone(),
    };
    let simulate: Vec<Vec<f64>> = match axes.get(1) {
        None => first_values.iter().map(|&x| vec![x]).collect(),
        Some(second) => second
            .values_si
            .iter()
            .flat_map(|&y| first_values.iter().map(move |&x| vec![x, y]))
            .collect(),
    };
    let sweep = Sweep { space, axes };
    let (theory, simulations) = execute::execute(
        &sweep,
        &ExecuteOptions {
            form: request.form,
            simulate,
            seeds: request.seeds,
            seed: base.simulation.seed,
            duration: request.duration,
        },
        observer,
    )?;
    let flips = critical::flips(&theory, sweep.axes[0].values_si.len()).len();
    observer.start("sweep: critical values", flips as u64);
    let critical = critical::locate(&sweep, &theory, request.form, observer);
    observer.finish();
    let mut notes = Vec::new();
    let transfer = match request.form {
        TransferForm::Exact => "lindner_schimansky_geier_2001".to_string(),
        TransferForm::LowPass => {
            notes.push(
                "--low-pass: stability uses the low-pass transfer function H(0)/(1 + lambda \
                 tau_m), which misses the oscillatory instabilities of delta-synapse LIF \
                 networks (Brunel 2000's SI states); drop --low-pass for the exact one"
                    .into(),
            );
            "low_pass".to_string()
        }
    };
    if simulations.is_empty() {
        notes.push("no simulations: add --simulate-every K or --sim-at V,...".into());
    }
    if theory.iter().all(|t| t.error.is_some()) {
        return Err(Error::Runtime(format!(
            "the theory failed at every point of the sweep (first: {})",
            theory[0].error.as_deref().unwrap_or_default()
        )));
    }
    Ok(SweepReport {
        model: base.name.clone(),
        file: base.file.clone(),
        axes: sweep.axes,
        populations: SweepReport::populations_of(&base),
        transfer,
        theory,
        simulations,
        critical,
        notes,
    })
}

/// The swept axes: the given ones, or else the model's `sweep` statement.
fn axes_of(model: &Model, given: &[Axis]) -> Result<Vec<Axis>> {
    let axes: Vec<Axis> = if given.is_empty() {
        model.sweeps.clone()
    } else {
        given.to_vec()
    };
    if axes.is_empty() {
        return Err(Error::BadInput(format!(
            "nothing to sweep: give an axis (`--param NAME LO:HI:STEP`), or add a `sweep` \
             statement to {}",
            model.file
        )));
    }
    if axes.len() > 2 {
        return Err(Error::BadInput("a sweep has at most two axes".into()));
    }
    if axes.len() == 2 && axes[0].param == axes[1].param {
        return Err(Error::BadInput(format!(
            "`{}` is swept twice",
            axes[0].param
        )));
    }
    for a in &axes {
        model.require_param(&a.param)?;
    }
    Ok(axes)
}
