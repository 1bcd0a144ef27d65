//! One point of a two-parameter plane: the model compiled at (x, y), its fixed point from rest
//! and the classification of that fixed point.
//!
//! - LIF networks (delta or exponential synapses): the leading roots of the delay
//!   characteristic equation det(I - W(lambda)) = 0 ([`super::super::characteristic`]; Brunel &
//!   Hakim 1999, Brunel 2000 sec. 4) found by Newton's method from the roots of the
//!   neighbouring point (continuation in the plane) plus, in the survey, a fixed set of seeds
//!   on the imaginary axis. The stability indicator is the largest growth rate Re lambda (1/s).
//! - Rate networks: the bulk radius r of the gain-scaled connectivity (Rajan & Abbott 2006;
//!   Aljadeff, Stern & Sharpee 2015) and its outliers; the fixed point of
//!   tau dx/dt = -x + W phi(x) is unstable where max(r, Re outlier) > 1, and where the bulk
//!   crosses 1 the network becomes chaotic (Sompolinsky, Crisanti & Sommers 1988). The
//!   indicator is max(r, Re outlier) - 1.
//!
//! The model is parsed once ([`Prepared`]) and each point only re-checks it with the two
//! params overridden (about 40 us for Brunel's model A, `benches/README.md`).

use crate::error::{Error, Result};
use crate::lang::{Override, Prepared};
use crate::model::{Dimension, Model, Quantity};
use crate::theory::input::{MeanFieldNetwork, Response};
use crate::theory::problem::{MeanFieldProblem, PopulationEval};
use crate::theory::rmt::BlockStatistics;
use crate::theory::root_tracking::leading_roots_tracked;
use crate::theory::transfer::TransferForm;
use crate::theory::{assemble, search};
use num_complex::Complex64;
use serde::Serialize;
use std::f64::consts::PI;

/// One axis of the plane: a `param` of the model and its range, in the param's display unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Axis {
    pub name: String,
    pub lo: f64,
    pub hi: f64,
    /// Display unit of the values ("" for dimensionless params).
    pub unit: String,
    #[serde(skip)]
    factor: f64,
    #[serde(skip)]
    dim: Dimension,
}

impl Axis {
    /// `range` is `LO:HI` in the param's display unit (e.g. `3:8` for g, `0.05:0.2` or
    /// `0.05mV:0.2mV` for a voltage shown in mV).
    pub fn new(model: &Model, name: &str, range: &str) -> Result<Axis> {
        let Some(param) = model.params.iter().find(|p| p.name == name) else {
            let known: Vec<&str> = model.params.iter().map(|p| p.name.as_str()).collect();
            return Err(Error::BadInput(format!(
                "error: `{name}` is not a param of model {} (params: {})",
                model.name,
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            )));
        };
        let dim = param.value.dim;
        let (unit, factor) = match dim.display_unit() {
            Some((unit, factor)) => (unit.to_string(), factor),
            None if dim.is_dimensionless() => (String::new(), 1.0),
            None => (String::new(), 1.0),
        };
        let bad = |why: &str| {
            Error::BadInput(format!(
                "error: range `{range}` for {name}: {why}; write LO:HI{}",
                if unit.is_empty() {
                    String::new()
                } else {
                    format!(" in {unit}, e.g. 0.05:0.2")
                }
            ))
        };
        let Some((lo, hi)) = range.split_once(':') else {
            return Err(bad("expected LO:HI"));
        };
        let number = |text: &str| -> Result<f64> {
            let t = text.trim();
            let t = if !unit.is_empty() {
                t.strip_suffix(unit.as_str()).unwrap_or(t).trim()
            } else {
                t
            };
            t.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| bad(&format!("`{}` is not a number", text.trim())))
        };
        let (lo, hi) = (number(lo)?, number(hi)?);
        if lo >= hi {
            return Err(bad("LO must be below HI"));
        }
        Ok(Axis {
            name: name.to_string(),
            lo,
            hi,
            unit,
            factor,
            dim,
        })
    }

    /// The `i`-th of `n` equally spaced values from lo to hi.
    pub fn value(&self, i: usize, n: usize) -> f64 {
        if n <= 1 {
            return self.lo;
        }
        self.lo + (self.hi - self.lo) * i as f64 / (n - 1) as f64
    }

    /// `name (unit)` or `name`.
    pub fn label(&self) -> String {
        if self.unit.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.unit)
        }
    }

    fn override_at(&self, v: f64) -> Override {
        Override::Value {
            name: self.name.clone(),
            value: Quantity::new(v / self.factor, self.dim),
        }
    }
}

/// The state of the fixed point from rest at one point of the plane.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Class {
    /// All roots in the left half plane (LIF) or radius and outliers below 1 (rate units).
    Stable,
    /// A complex pair of roots in the right half plane: oscillatory instability at the
    /// frequency of the leading root.
    Oscillatory { frequency_hz: f64 },
    /// A real root in the right half plane (or a gain-scaled outlier above 1).
    StationaryUnstable,
    /// Rate networks: the bulk radius of the gain-scaled connectivity above 1.
    Chaos,
    /// The mean-field equations did not converge from rest.
    NoFixedPoint,
    /// The fixed point exists but its stability could not be computed (see `error`).
    Undetermined,
}

/// Which scalar indicator a boundary is the zero set of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    /// Largest growth rate (LIF, 1/s) or max(radius, Re outlier) - 1 (rate units).
    Stability,
    /// max_a nu_a t_ref - 1/2: the rate reaches half the saturation 1/t_ref (LIF).
    HighActivity,
}

/// Rates above this fraction of 1/t_ref count as high activity (Brunel's SR state is near
/// saturation, g < 4 in his fig. 2).
pub const HIGH_ACTIVITY: f64 = 0.5;

/// One evaluated point of the plane.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PointState {
    pub x: f64,
    pub y: f64,
    #[serde(flatten)]
    pub class: Class,
    /// Rates of the populations at the fixed point (Hz; activities for rate units).
    pub rates: Vec<f64>,
    /// max_a nu_a t_ref (LIF).
    pub saturation: Option<f64>,
    /// Stability indicator (see [`Indicator::Stability`]); `None` when not computed, or when
    /// no root was found near the imaginary axis (every root far in the left half plane).
    pub stability: Option<f64>,
    /// Frequency of the leading root (Hz), LIF only.
    pub frequency_hz: Option<f64>,
    /// Bulk radius of the gain-scaled connectivity (rate units).
    pub radius: Option<f64>,
    /// Why the point is `no_fixed_point` or `undetermined`.
    pub error: Option<String>,
    /// The state's name (see [`super::regions::label`]).
    pub label: &'static str,
    /// Leading roots (Im >= 0), largest growth first: the seeds for the neighbours.
    #[serde(skip)]
    pub roots: Vec<Complex64>,
}

impl PointState {
    /// The indicator's value; for stability, "no root near the axis" counts as stable with
    /// the value `-FAR_LEFT`.
    pub fn indicator(&self, which: Indicator) -> Option<f64> {
        match which {
            Indicator::HighActivity => self.saturation.map(|s| s - HIGH_ACTIVITY),
            Indicator::Stability => match self.class {
                Class::NoFixedPoint | Class::Undetermined => None,
                _ => Some(self.stability.unwrap_or(-FAR_LEFT)),
            },
        }
    }

    pub fn high_activity(&self) -> bool {
        self.saturation.is_some_and(|s| s > HIGH_ACTIVITY)
    }
}

/// The growth rate (1/s) standing in for "no root within reach of the imaginary axis".
pub const FAR_LEFT: f64 = 1000.0;

/// Which kind of network the plane is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NetworkKind {
    Lif,
    Rate,
}

/// Evaluates points of the (x, y) plane of one model.
#[derive(Debug, Clone)]
pub struct PlaneEvaluator {
    prepared: Prepared,
    pub x: Axis,
    pub y: Axis,
    pub form: TransferForm,
    pub kind: NetworkKind,
    /// Extra `--set` overrides applied at every point.
    fixed: Vec<Override>,
    pub model_name: String,
}

impl PlaneEvaluator {
    /// `x` and `y` are (param name, `LO:HI`); `set` are further overrides.
    pub fn new(
        prepared: Prepared,
        set: Vec<Override>,
        x: (&str, &str),
        y: (&str, &str),
        form: TransferForm,
    ) -> Result<PlaneEvaluator> {
        let model = prepared.compile(&set)?;
        let x = Axis::new(&model, x.0, x.1)?;
        let y = Axis::new(&model, y.0, y.1)?;
        if x.name == y.name {
            return Err(Error::BadInput(format!(
                "error: --x and --y both name `{}`; choose two different params",
                x.name
            )));
        }
        let network = MeanFieldNetwork::compile(&model, 1.0)?;
        let lif = network
            .populations
            .iter()
            .all(|p| matches!(p.response, Response::LifDelta(_) | Response::LifExp(_)));
        let rate = network
            .populations
            .iter()
            .all(|p| matches!(p.response, Response::Rate { .. }));
        let kind = match (lif, rate) {
            (true, _) => NetworkKind::Lif,
            (_, true) => NetworkKind::Rate,
            _ => {
                return Err(Error::BadInput(format!(
                    "error: `eibal boundary` covers networks of lif_delta / lif_exp neurons \
                     (characteristic equation) and of rate units (random-matrix radius); model \
                     {} has other kinds (conductance synapses or binary units)",
                    model.name
                )));
            }
        };
        Ok(PlaneEvaluator {
            prepared,
            x,
            y,
            form,
            kind,
            fixed: set,
            model_name: model.name,
        })
    }

    /// The model at (x, y).
    pub fn model_at(&self, x: f64, y: f64) -> Result<Model> {
        let mut set = self.fixed.clone();
        set.push(self.x.override_at(x));
        set.push(self.y.override_at(y));
        self.prepared.compile(&set)
    }

    /// Evaluates (x, y). `seeds` are roots of a neighbouring point; `survey` adds the fixed
    /// seeds on the imaginary axis. Only bad input (a param value the model refuses) is an
    /// error; numerical failures are reported in the returned state.
    pub fn evaluate(
        &self,
        x: f64,
        y: f64,
        seeds: &[Complex64],
        survey: bool,
        which: Indicator,
    ) -> Result<PointState> {
        let mut state = self.evaluate_unlabelled(x, y, seeds, survey, which)?;
        state.label = super::regions::label(&state, self.kind);
        Ok(state)
    }

    fn evaluate_unlabelled(
        &self,
        x: f64,
        y: f64,
        seeds: &[Complex64],
        survey: bool,
        which: Indicator,
    ) -> Result<PointState> {
        let model = self.model_at(x, y)?;
        let network = MeanFieldNetwork::compile(&model, 1.0)?;
        let problem = MeanFieldProblem::new(&network);
        let rest = problem.uniform_state(|_| 0.0);
        let mut state = PointState {
            x,
            y,
            class: Class::NoFixedPoint,
            rates: Vec::new(),
            saturation: None,
            stability: None,
            frequency_hz: None,
            radius: None,
            error: None,
            label: "",
            roots: Vec::new(),
        };
        let solution = match search::run(&problem, rest, 0.5, 1e-10, 400) {
            Ok(s) => s,
            Err(e) => {
                state.error = Some(e.to_string());
                return Ok(state);
            }
        };
        let evals = problem.evaluate(&solution.state);
        state.rates = evals.iter().map(PopulationEval::activity).collect();
        if self.kind == NetworkKind::Lif {
            state.saturation = network
                .populations
                .iter()
                .zip(&state.rates)
                .filter_map(|(p, r)| p.response.membrane().map(|m| r * m.t_ref))
                .reduce(f64::max);
        }
        if which == Indicator::HighActivity {
            // Only the rates are needed: leave the stability undetermined.
            state.class = Class::Undetermined;
            return Ok(state);
        }
        match self.kind {
            NetworkKind::Lif => {
                let fixed = assemble(&problem, &solution, true);
                if let Err(e) = self.lif_roots(&model, &fixed, seeds, survey, &mut state) {
                    state.class = Class::Undetermined;
                    state.error = Some(e.to_string());
                }
            }
            NetworkKind::Rate => {
                let gains: Vec<f64> = evals
                    .iter()
                    .map(|e| match e {
                        PopulationEval::Rate { moments, .. } => moments.slope,
                        _ => f64::NAN,
                    })
                    .collect();
                match BlockStatistics::from_model(&model, Some(&gains)) {
                    Ok(stats) => {
                        let predicted = stats.predict();
                        let outlier = predicted
                            .outliers
                            .iter()
                            .map(|l| l.re)
                            .fold(f64::NEG_INFINITY, f64::max);
                        state.radius = Some(predicted.radius);
                        state.stability = Some(predicted.radius.max(outlier) - 1.0);
                        state.class = if predicted.radius > 1.0 {
                            Class::Chaos
                        } else if outlier > 1.0 {
                            Class::StationaryUnstable
                        } else {
                            Class::Stable
                        };
                    }
                    Err(e) => {
                        state.class = Class::Undetermined;
                        state.error = Some(e.to_string());
                    }
                }
            }
        }
        Ok(state)
    }

    fn lif_roots(
        &self,
        model: &Model,
        fixed: &crate::theory::FixedPoint,
        seeds: &[Complex64],
        survey: bool,
        state: &mut PointState,
    ) -> Result<()> {
        let roots = leading_roots_tracked(model, fixed, self.form, seeds, survey)?;
        match roots.first() {
            Some(lead) => {
                let frequency = lead.im / (2.0 * PI);
                state.stability = Some(lead.re);
                state.frequency_hz = Some(frequency);
                state.class = if lead.re <= 0.0 {
                    Class::Stable
                } else if frequency > 0.5 {
                    Class::Oscillatory {
                        frequency_hz: frequency,
                    }
                } else {
                    Class::StationaryUnstable
                };
            }
            None => state.class = Class::Stable,
        }
        state.roots = roots;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brunel() -> Model {
        let source = std::fs::read_to_string("models/brunel2000.ei").unwrap();
        Prepared::new(&source, "models/brunel2000.ei")
            .unwrap()
            .compile(&[])
            .unwrap()
    }

    #[test]
    fn axis_ranges_are_in_the_display_unit_and_a_matching_suffix_is_accepted() {
        let model = brunel();
        let j = Axis::new(&model, "J", "0.05:0.2").unwrap();
        assert_eq!((j.lo, j.hi, j.unit.as_str()), (0.05, 0.2, "mV"));
        assert_eq!(j.label(), "J (mV)");
        let same = Axis::new(&model, "J", "0.05 mV : 0.2mV").unwrap();
        assert_eq!((same.lo, same.hi), (0.05, 0.2));
        // 0.1 mV in the display unit is 1e-4 V in SI.
        match j.override_at(0.1) {
            Override::Value { name, value } => {
                assert_eq!(name, "J");
                assert!((value.si - 1e-4).abs() < 1e-18, "{value:?}");
            }
            other => panic!("{other:?}"),
        }
        let g = Axis::new(&model, "g", "3:8").unwrap();
        assert_eq!(g.value(0, 51), 3.0);
        assert!((g.value(10, 51) - 4.0).abs() < 1e-12);
        assert_eq!(g.value(50, 51), 8.0);
    }

    #[test]
    fn bad_axes_are_bad_input() {
        let model = brunel();
        for (name, range) in [
            ("nope", "0:1"),
            ("g", "8:3"),
            ("g", "3"),
            ("g", "a:b"),
            ("J", "0.05V:0.2V"),
        ] {
            assert!(
                matches!(Axis::new(&model, name, range), Err(Error::BadInput(_))),
                "{name} {range}"
            );
        }
    }
}
