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

use crate::network::input::{MeanFieldNetwork, Response};
use crate::network::mean_field::assemble;
use crate::network::problem::{MeanFieldProblem, PopulationEval};
use crate::network::rmt::BlockStatistics;
use crate::network::root_tracking::leading_roots_tracked;
use crate::network::search;
use crate::neuron::transfer::TransferForm;
use crate::numerics::budget::Budget;
use eibal_model::error::{Error, Result};
use eibal_model::{Axis, Model, ParamSpace};
use num_complex::Complex64;
use serde::Serialize;
use std::f64::consts::PI;
use std::sync::Arc;

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
#[derive(Clone)]
pub struct PlaneEvaluator {
    space: Arc<dyn ParamSpace>,
    pub x: Axis,
    pub y: Axis,
    pub form: TransferForm,
    pub kind: NetworkKind,
    pub model_name: String,
}

impl PlaneEvaluator {
    /// The plane of params `x` and `y` (their ranges `lo` to `hi`) of the models of `space`.
    pub fn new(
        space: Arc<dyn ParamSpace>,
        x: Axis,
        y: Axis,
        form: TransferForm,
    ) -> Result<PlaneEvaluator> {
        let model = space.base()?;
        if x.param == y.param {
            return Err(Error::BadInput(format!(
                "both axes of the plane are `{}`; choose two different params",
                x.param
            )));
        }
        if !(x.lo < x.hi && y.lo < y.hi) {
            return Err(Error::BadInput(format!(
                "the plane needs LO below HI on both axes ({} {}:{}, {} {}:{})",
                x.param, x.lo, x.hi, y.param, y.lo, y.hi
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
                    "`eibal boundary` covers networks of lif_delta / lif_exp neurons \
                     (characteristic equation) and of rate units (random-matrix radius); model \
                     {} has other kinds (conductance synapses or binary units)",
                    model.name
                )));
            }
        };
        Ok(PlaneEvaluator {
            space,
            x,
            y,
            form,
            kind,
            model_name: model.name,
        })
    }

    /// The model at (x, y), both in their axes' display units.
    pub fn model_at(&self, x: f64, y: f64) -> Result<Model> {
        self.space.at(&[
            (self.x.param.as_str(), self.x.to_si(x)),
            (self.y.param.as_str(), self.y.to_si(y)),
        ])
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
        let solution = match search::run(&problem, rest, 0.5, 1e-10, 400, &Budget::unlimited()) {
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
                if let Err(e) = self.lif_roots(&network, &fixed, seeds, survey, &mut state) {
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
        network: &MeanFieldNetwork,
        fixed: &crate::FixedPoint,
        seeds: &[Complex64],
        survey: bool,
        state: &mut PointState,
    ) -> Result<()> {
        let roots = leading_roots_tracked(network, fixed, self.form, seeds, survey)?;
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
