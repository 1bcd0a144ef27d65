//! `simulate { ... }` settings and `sweep` axes.

use super::ast::{Block, Expr, ExprKind, Span, SweepAxis as AstAxis, SweepRange};
use super::check::Checker;
use super::diagnostics::Diagnostic;
use super::eval::{Failed, Fallible, bind_args, wrong_dimension};
use eibal_model::*;

/// Most points per sweep axis.
const MAX_SWEEP_POINTS: f64 = eibal_model::axis::MAX_POINTS as f64;
/// Largest seed accepted (every integer up to 2^53 is exact in the language's numbers).
const MAX_SEED: f64 = 9_007_199_254_740_992.0;

impl Checker<'_> {
    pub fn simulate(&mut self, block: &Block, span: Span) {
        if self.simulation.is_some() {
            self.error(Diagnostic::at(span, "there is already a `simulate` block"));
            return;
        }
        let Ok(s) = self.settings(
            block,
            &["duration", "dt", "seed", "warmup", "record"],
            &[],
            "`simulate`",
        ) else {
            return;
        };
        let defaults = Simulation::default();
        let duration = s.get("duration").map_or(Ok(defaults.duration), |e| {
            self.positive(e, Dimension::TIME, "duration", true)
        });
        let dt = s.get("dt").map_or(Ok(defaults.dt), |e| {
            self.positive(e, Dimension::TIME, "dt", true)
        });
        let warmup = s.get("warmup").map_or(Ok(defaults.warmup), |e| {
            self.positive(e, Dimension::TIME, "warmup", false)
        });
        let seed = s.get("seed").map_or(Ok(defaults.seed), |e| {
            self.count(e, "seed", 0.0, MAX_SEED).map(|v| v as u64)
        });
        let record = s
            .get("record")
            .map_or(Ok(defaults.record.clone()), |e| self.record(e));
        let (Ok(duration), Ok(dt), Ok(warmup), Ok(seed), Ok(record)) =
            (duration, dt, warmup, seed, record)
        else {
            return;
        };
        if dt > duration {
            self.error(Diagnostic::at(
                s.get("dt").map_or(block.span, |e| e.span),
                "the time step `dt` is longer than the `duration`",
            ));
            return;
        }
        if warmup >= duration {
            self.error(Diagnostic::at(
                s.get("warmup").map_or(block.span, |e| e.span),
                "the `warmup` must be shorter than the `duration`",
            ));
            return;
        }
        self.dt_span = Some(s.get("dt").map_or(block.span, |e| e.span));
        self.simulation = Some(Simulation {
            duration,
            dt,
            seed,
            warmup,
            record,
        });
    }

    /// `record = [spikes, spikes(E, 100), rates(1 ms), voltage(E, 10), currents(E, 50)]`.
    fn record(&mut self, e: &Expr) -> Fallible<Vec<Recording>> {
        let items: &[Expr] = match &e.kind {
            ExprKind::List(items) => items,
            _ => std::slice::from_ref(e),
        };
        let mut out = Vec::new();
        let mut ok = true;
        for item in items {
            match self.recording(item) {
                Ok(r) => out.push(r),
                Err(Failed) => ok = false,
            }
        }
        if ok { Ok(out) } else { Err(Failed) }
    }

    fn recording(&mut self, item: &Expr) -> Fallible<Recording> {
        const WHAT: &str = "expected `spikes`, `spikes(POP, N)`, `rates(BIN)`, `voltage(POP, N)` or `currents(POP, N)`";
        let (func, args) = match &item.kind {
            ExprKind::Ref { name, field: None } if name.name == "spikes" => {
                return Ok(Recording::Spikes {
                    population: None,
                    sample: None,
                });
            }
            ExprKind::Call { func, args } => (func, args),
            _ => {
                self.error(Diagnostic::at(item.span, WHAT));
                return Err(Failed);
            }
        };
        let pop_arg = |c: &mut Self, e: &Expr| -> Fallible<PopulationId> {
            match &e.kind {
                ExprKind::Ref { name, field: None } => c.population(name),
                _ => {
                    c.error(Diagnostic::at(e.span, "expected a population name"));
                    Err(Failed)
                }
            }
        };
        let sample = |c: &mut Self, e: &Expr, pop: PopulationId| -> Fallible<usize> {
            let size = c.populations[pop.0].size;
            let n = c.count(e, "number of neurons to record", 1.0, 1e9)?;
            if n > size {
                let name = c.populations[pop.0].name.clone();
                c.error(Diagnostic::at(
                    e.span,
                    format!("cannot record {n} neurons of {name}: it has only {size}"),
                ));
                return Err(Failed);
            }
            Ok(n)
        };
        match func.name.as_str() {
            "spikes" => {
                let b = bind_args(
                    func,
                    args,
                    &["population", "sample"],
                    0,
                    item.span,
                    &mut self.diags,
                )?;
                let population = b[0].map(|e| pop_arg(self, e)).transpose()?;
                let n = match (b[1], population) {
                    (Some(e), Some(p)) => Some(sample(self, e, p)?),
                    (Some(e), None) => {
                        self.error(Diagnostic::at(e.span, "name the population to sample from"));
                        return Err(Failed);
                    }
                    _ => None,
                };
                Ok(Recording::Spikes {
                    population,
                    sample: n,
                })
            }
            "rates" => {
                let b = bind_args(func, args, &["bin"], 1, item.span, &mut self.diags)?;
                let [Some(bin)] = b[..] else {
                    return Err(Failed);
                };
                Ok(Recording::Rates {
                    bin: self.positive(bin, Dimension::TIME, "bin", true)?,
                })
            }
            "voltage" | "currents" => {
                let b = bind_args(
                    func,
                    args,
                    &["population", "sample"],
                    2,
                    item.span,
                    &mut self.diags,
                )?;
                let [Some(p), Some(n)] = b[..] else {
                    return Err(Failed);
                };
                let population = pop_arg(self, p)?;
                let sample = sample(self, n, population)?;
                Ok(if func.name == "voltage" {
                    Recording::Voltage { population, sample }
                } else {
                    Recording::Currents { population, sample }
                })
            }
            other => {
                self.error(
                    Diagnostic::at(func.span, format!("cannot record `{other}`: {WHAT}"))
                        .suggest(other, ["spikes", "rates", "voltage", "currents"]),
                );
                Err(Failed)
            }
        }
    }

    /// `sweep g from 3 to 8 step 0.1, eta in [1, 2, 4]`: at most two axes over params.
    pub fn sweep(&mut self, axes: &[AstAxis]) {
        for axis in axes {
            let name = &axis.param;
            if let Some(super::eval::Binding::Poisoned) = self.scope.get(&name.name) {
                continue;
            }
            let Some(param) = self.params.iter().find(|p| p.name == name.name) else {
                let params: Vec<String> = self.params.iter().map(|p| p.name.clone()).collect();
                let known = self.scope.get(&name.name).is_some();
                let d = if known {
                    Diagnostic::at(
                        name.span,
                        format!(
                            "only a `param` can be swept, and `{}` is not one",
                            name.name
                        ),
                    )
                    .with_help("declare it with `param` instead of `let`")
                } else {
                    Diagnostic::at(name.span, format!("unknown param `{}`", name.name))
                        .suggest(&name.name, params.iter().map(String::as_str))
                };
                self.error(d);
                continue;
            };
            if self.sweeps.iter().any(|a| a.param == name.name) {
                self.error(Diagnostic::at(
                    name.span,
                    format!("`{}` is swept twice", name.name),
                ));
                continue;
            }
            if self.sweeps.len() >= 2 {
                self.error(Diagnostic::at(name.span, "a sweep has at most two axes"));
                continue;
            }
            let dim = param.default.dim;
            let values = match &axis.range {
                SweepRange::Range { from, to, step } => {
                    let why = format!(
                        "the values of a sweep have the dimension of its param `{}`",
                        name.name
                    );
                    let a = self.quantity(from, dim, "from", &why);
                    let b = self.quantity(to, dim, "to", &why);
                    let h = self.quantity(step, dim, "step", &why);
                    let (Ok(a), Ok(b), Ok(h)) = (a, b, h) else {
                        continue;
                    };
                    if h <= 0.0 {
                        self.error(Diagnostic::at(step.span, "`step` must be positive"));
                        continue;
                    }
                    if b < a {
                        self.error(Diagnostic::at(to.span, "`to` must not be below `from`"));
                        continue;
                    }
                    // Points a + i h up to b, with a tolerance for decimal steps (0.1).
                    let n = ((b - a) / h * (1.0 + 1e-9) + 1e-9).floor() + 1.0;
                    if n > MAX_SWEEP_POINTS {
                        self.error(Diagnostic::at(
                            step.span,
                            format!("this axis has {n:e} points; at most {MAX_SWEEP_POINTS:e}"),
                        ));
                        continue;
                    }
                    (0..n as usize)
                        .map(|i| a + i as f64 * h)
                        .collect::<Vec<f64>>()
                }
                SweepRange::List(list) => {
                    let ExprKind::List(items) = &list.kind else {
                        continue;
                    };
                    if items.is_empty() {
                        self.error(Diagnostic::at(list.span, "the list of values is empty"));
                        continue;
                    }
                    let vs: Vec<Fallible<f64>> = items
                        .iter()
                        .map(|e| {
                            let q = self.eval_number(e)?;
                            if q.dim != dim {
                                self.error(wrong_dimension(
                                    e.span,
                                    &name.name,
                                    dim,
                                    q.dim,
                                    " like the param",
                                ));
                                return Err(Failed);
                            }
                            Ok(q.si)
                        })
                        .collect();
                    match vs.into_iter().collect::<Fallible<Vec<f64>>>() {
                        Ok(v) => v,
                        Err(Failed) => continue,
                    }
                }
            };
            match Axis::with_dimension(&name.name, dim, values) {
                Ok(axis) => self.sweeps.push(axis),
                Err(e) => self.error(Diagnostic::at(name.span, e.to_string())),
            }
        }
    }
}

/// A time step above tau_m / 5 gets a warning: the exact integration of the subthreshold
/// dynamics stays exact, but threshold crossings, refractory periods and input arrival are
/// resolved only on the grid, so rates drift from the continuous-time theory.
const COARSEST_STEP_PER_TAU_M: f64 = 0.2;

impl Checker<'_> {
    /// The time-grid rules, before the warnings are collected: fixed delays on the grid of
    /// `dt` (see [`Self::warn_off_grid_delay`]) and the coarse-step warning.
    pub(crate) fn time_grid(&mut self) {
        let dt = self
            .simulation
            .as_ref()
            .map_or(Simulation::default().dt, |s| s.dt);
        for (i, span) in self.delay_spans.clone() {
            self.warn_off_grid_delay(i, span, dt);
        }
        self.coarse_time_step(dt);
    }

    /// Warns at `span` when the fixed delay of projection `index` is off the time grid: the
    /// model of one network carries it rounded (`eibal_model::time_grid`: nearest whole step,
    /// at least one, as the simulator and NEST resolve it); the points of a scan keep it.
    pub(crate) fn warn_off_grid_delay(&mut self, index: usize, span: Span, dt: f64) {
        let Some(p) = self.projections.get_mut(index) else {
            return;
        };
        let Distribution::Fixed { value } = p.delay else {
            return;
        };
        // Below one step or beyond the ring buffer: an error of `finish`, not a rounding.
        if value < dt * (1.0 - 1e-9) || (value / dt).round() > f64::from(u16::MAX) {
            return;
        }
        let rounded = (value / dt).round().max(1.0) * dt;
        // Decimal steps written in other units differ from the grid by rounding errors only.
        if (rounded - value).abs() <= 1e-9 * dt {
            return;
        }
        // Rounded by the entry points of one network, not here: the points of a scan keep
        // the delay continuous (a critical-delay search needs that).
        self.warn(
            Diagnostic::at(
                span,
                format!(
                    "the delay {} is not a whole number of time steps dt = {}: simulation, \
                     theory and show use {}, the nearest step (a sweep along it stays continuous)",
                    Quantity::new(value, Dimension::TIME),
                    Quantity::new(dt, Dimension::TIME),
                    Quantity::new(rounded, Dimension::TIME)
                ),
            )
            .with_help("write a multiple of dt, or choose a dt that divides the delay"),
        );
    }

    /// Warns once per neuron model whose membrane time constant is shorter than 5 dt.
    pub(crate) fn coarse_time_step(&mut self, dt: f64) {
        let mut warned = Vec::new();
        for pop in &self.populations {
            let neuron = &self.neurons[pop.neuron.0];
            let Some(lif) = neuron.kind.lif() else {
                continue;
            };
            if dt <= COARSEST_STEP_PER_TAU_M * lif.tau_m || warned.contains(&neuron.name) {
                continue;
            }
            warned.push(neuron.name.clone());
        }
        for name in warned {
            let tau_m = self
                .neurons
                .iter()
                .find(|n| n.name == name)
                .and_then(|n| n.kind.lif())
                .map_or(f64::NAN, |l| l.tau_m);
            let text = format!(
                "the time step dt = {} is longer than tau_m / 5 = {} of neuron `{name}`",
                Quantity::new(dt, Dimension::TIME),
                Quantity::new(COARSEST_STEP_PER_TAU_M * tau_m, Dimension::TIME)
            );
            let d = match self.dt_span {
                Some(span) => Diagnostic::at(span, text),
                None => Diagnostic::nowhere(format!("{text} (the default dt)")),
            };
            self.warn(d.with_help(
                "spike times, refractory periods and inputs are resolved only on the grid of dt: \
                 shorten dt",
            ));
        }
    }
}
