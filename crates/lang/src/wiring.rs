//! `connect`, `drive` and `plasticity`: projections, external inputs and synaptic scaling.
//!
//! The unit of a weight depends on the target's neuron kind (see `eibal_model::neuron`):
//! voltage for lif_delta, current (PSC amplitude) for lif_exp, conductance for lif_cond and a
//! plain number for rate and binary units. Dale's law: current and delta weights carry the
//! sign of the source population; conductance weights are >= 0 and the source's sign picks
//! the reversal potential.

use super::ast::{Block, Expr, ExprKind, Ident, Stmt, StmtKind};
use super::check::{Checker, keyword};
use super::diagnostics::Diagnostic;
use super::eval::{Failed, Fallible, bind_args};
use eibal_model::*;
use std::collections::HashMap;

const CONNECT_SETTINGS: &[&str] = &[
    "indegree",
    "probability",
    "total",
    "outdegree",
    "weight",
    "delay",
    "autapses",
    "multapses",
    "compartment",
];

/// Largest in-degree (and out-degree) accepted.
const MAX_INDEGREE: f64 = 1e9;

/// Largest total number of synapses of one projection accepted.
const MAX_TOTAL: f64 = 1e13;

/// The settings that choose a connection rule, one of which a projection must give.
const RULES: [&str; 4] = ["indegree", "probability", "total", "outdegree"];

/// The dimension of a synaptic weight onto a neuron kind, and why, for messages.
pub fn weight_dimension(kind: &NeuronKind) -> (Dimension, &'static str) {
    match kind {
        NeuronKind::LifDelta { .. } => (
            Dimension::VOLTAGE,
            "lif_delta neurons, whose weights are jumps of the membrane potential",
        ),
        NeuronKind::LifExp { .. } => (
            Dimension::CURRENT,
            "lif_exp neurons, whose weights are currents (PSC amplitudes)",
        ),
        NeuronKind::LifCond { .. } => (
            Dimension::CONDUCTANCE,
            "lif_cond neurons, whose weights are conductances",
        ),
        NeuronKind::Rate(_) | NeuronKind::Binary(_) => (
            Dimension::NONE,
            "rate or binary units, whose couplings are plain numbers",
        ),
    }
}

/// The dimension of an injected input (current drives) onto a neuron kind.
fn amplitude_dimension(kind: &NeuronKind) -> Dimension {
    if kind.lif().is_some() {
        Dimension::CURRENT
    } else {
        Dimension::NONE
    }
}

fn family(kind: &NeuronKind) -> &'static str {
    match kind {
        NeuronKind::Rate(_) => "rate",
        NeuronKind::Binary(_) => "binary",
        _ => "spiking",
    }
}

impl Checker<'_> {
    fn kind_of_pop(&self, id: PopulationId) -> NeuronKind {
        self.neurons[self.populations[id.0].neuron.0].kind.clone()
    }

    pub fn connect(&mut self, source: &Ident, targets: &[Ident], block: &Block) {
        let src = self.population(source);
        let tgts: Vec<Fallible<PopulationId>> =
            targets.iter().map(|t| self.population(t)).collect();
        let Ok(s) = self.settings(block, CONNECT_SETTINGS, &["weight"], "a projection") else {
            return;
        };
        let Some((rule, rule_expr)) = self.connection_rule(&s, block) else {
            return;
        };
        let autapses = s
            .get("autapses")
            .map_or(Ok(true), |e| self.boolean(e, "autapses"));
        let multapses = s
            .get("multapses")
            .map_or(Ok(true), |e| self.boolean(e, "multapses"));
        let compartment = self.compartment(&s);
        let connectivity = self.connectivity(rule, rule_expr);
        if let (Ok(Connectivity::FixedTotal { .. }), Ok(false)) = (connectivity, multapses) {
            self.error(
                Diagnostic::at(
                    rule_expr.span,
                    "a fixed total number of synapses is drawn with multapses (as NEST's \
                     fixed_total_number does)",
                )
                .with_help("remove `multapses = false`, or use `indegree` or `outdegree`"),
            );
            return;
        }
        let delay = self.delay(&s);
        let Ok(src) = src else { return };
        // The settings shared by all targets; weights are still checked when one failed.
        let shared = match (autapses, multapses, compartment, connectivity, delay) {
            (Ok(a), Ok(m), Ok(c), Ok(k), Ok(d)) => Some((a, m, c, k, d)),
            _ => None,
        };
        // `settings` guarantees the required `weight`; stay panic-free regardless.
        let Some(weight_expr) = s.get("weight").copied() else {
            return;
        };
        for (t, tgt) in targets.iter().zip(tgts) {
            let Ok(tgt) = tgt else { continue };
            let kind = self.kind_of_pop(tgt);
            let src_kind = self.kind_of_pop(src);
            if family(&kind) != family(&src_kind) {
                self.error(Diagnostic::at(
                    t.span,
                    format!(
                        "cannot connect {} units ({}) to {} units ({})",
                        family(&src_kind),
                        source.name,
                        family(&kind),
                        t.name
                    ),
                ));
                continue;
            }
            let (dim, why) = weight_dimension(&kind);
            let why = format!("the target `{}` is made of {why}", t.name);
            let Ok(weight) = self.distribution(weight_expr, dim, "weight", &why) else {
                continue;
            };
            if self.dale(src, &kind, &weight, weight_expr).is_err() {
                continue;
            }
            let Some((autapses, multapses, compartment, connectivity, delay)) = shared else {
                continue;
            };
            if self
                .degree_fits(src, tgt, connectivity, autapses, multapses, rule_expr)
                .is_err()
            {
                continue;
            }
            match (delay, s.get("delay")) {
                (None, _) => self.default_delay.push(self.projections.len()),
                (Some(_), Some(e)) => self.delay_spans.push((self.projections.len(), e.span)),
                _ => {}
            }
            self.projections.push(Projection {
                source: src,
                target: tgt,
                connectivity,
                weight,
                delay: delay.unwrap_or(Distribution::fixed(0.0)),
                autapses,
                multapses,
                compartment,
                origin: self.origin(t.span),
            });
        }
    }

    /// The one connection rule of a `connect` block and its expression (an error at the block
    /// when there is none or more than one).
    fn connection_rule<'b>(
        &mut self,
        s: &HashMap<&'b str, &'b Expr>,
        block: &Block,
    ) -> Option<(&'static str, &'b Expr)> {
        let given: Vec<(&'static str, &'b Expr)> = RULES
            .iter()
            .filter_map(|&r| s.get(r).map(|e| (r, *e)))
            .collect();
        if given.len() != 1 {
            let msg = if given.is_empty() {
                "a projection needs a connection rule: `indegree` (inputs per neuron), \
                 `probability`, `total` (synapses in the projection) or `outdegree` (outputs \
                 per neuron)"
                    .to_string()
            } else {
                let names: Vec<String> = given.iter().map(|(r, _)| format!("`{r}`")).collect();
                format!("give one connection rule, not {}", names.join(" and "))
            };
            self.error(Diagnostic::at(block.span, msg));
            return None;
        }
        Some(given[0])
    }

    /// `compartment = soma | dendrite` (default soma).
    fn compartment(&mut self, s: &HashMap<&str, &Expr>) -> Fallible<Compartment> {
        match s.get("compartment") {
            None => Ok(Compartment::Soma),
            Some(e) => match keyword(e) {
                Some("soma") => Ok(Compartment::Soma),
                Some("dendrite") => Ok(Compartment::Dendrite),
                _ => {
                    self.error(Diagnostic::at(
                        e.span,
                        "`compartment` must be `soma` or `dendrite`",
                    ));
                    Err(Failed)
                }
            },
        }
    }

    /// The connectivity of rule `rule` (`indegree`, `total`, `outdegree` or `probability`)
    /// with its value `rule_expr`, in range.
    fn connectivity(&mut self, rule: &str, rule_expr: &Expr) -> Fallible<Connectivity> {
        match rule {
            "indegree" => self
                .count(rule_expr, "indegree", 0.0, MAX_INDEGREE)
                .map(|k| Connectivity::FixedIndegree { indegree: k }),
            "total" => self
                .count(rule_expr, "total", 0.0, MAX_TOTAL)
                .map(|t| Connectivity::FixedTotal { total: t as u64 }),
            "outdegree" => self
                .count(rule_expr, "outdegree", 0.0, MAX_INDEGREE)
                .map(|k| Connectivity::FixedOutdegree { outdegree: k }),
            _ => self
                .quantity(rule_expr, Dimension::NONE, "probability", "")
                .and_then(|p| {
                    if (0.0..=1.0).contains(&p) {
                        Ok(Connectivity::Probability { p })
                    } else {
                        self.error(Diagnostic::at(
                            rule_expr.span,
                            format!(
                                "a connection probability must lie between 0 and 1, but it is {}",
                                fmt_number(p)
                            ),
                        ));
                        Err(Failed)
                    }
                }),
        }
    }

    /// `delay = ...`: a positive law, or `None` when the block has no delay (the model's
    /// default applies).
    fn delay(&mut self, s: &HashMap<&str, &Expr>) -> Fallible<Option<Distribution>> {
        match s.get("delay") {
            Some(e) => self
                .distribution(e, Dimension::TIME, "delay", "")
                .and_then(|d| {
                    if d.mean() > 0.0
                        && !matches!(d, Distribution::Uniform { low, .. } if low < 0.0)
                    {
                        Ok(Some(d))
                    } else {
                        self.error(Diagnostic::at(e.span, "a delay must be positive"));
                        Err(Failed)
                    }
                }),
            None => Ok(None),
        }
    }

    /// A fixed in- or out-degree larger than the neurons it picks from: an error without
    /// multapses, a warning with them (legal, but a sign of a wrong number or population).
    fn degree_fits(
        &mut self,
        src: PopulationId,
        tgt: PopulationId,
        connectivity: Connectivity,
        autapses: bool,
        multapses: bool,
        e: &Expr,
    ) -> Fallible<()> {
        let (k, from, word, ends) = match connectivity {
            Connectivity::FixedIndegree { indegree } => (indegree, src, "in-degree", "sources"),
            Connectivity::FixedOutdegree { outdegree } => (outdegree, tgt, "out-degree", "targets"),
            _ => return Ok(()),
        };
        let pop = &self.populations[from.0];
        let available = if src == tgt && !autapses {
            pop.size.saturating_sub(1)
        } else {
            pop.size
        };
        if k <= available {
            return Ok(());
        }
        let who = if src == tgt && !autapses {
            format!("the {available} other neurons of {}", pop.name)
        } else {
            format!("the {available} neurons of {}", pop.name)
        };
        if multapses && available > 0 {
            self.warn(
                Diagnostic::at(
                    e.span,
                    format!("{word} {k} exceeds {who}: some pairs get several synapses"),
                )
                .with_help(format!(
                    "legal with multapses; check the number and the {ends}"
                )),
            );
            Ok(())
        } else {
            // Multapses reuse sources, but there must be one to reuse (the realiser
            // refuses a degree with nothing to draw from).
            let advice = if available == 0 {
                "there is nothing to draw from; allow autapses or lower it to 0"
            } else {
                "allow multapses or lower it"
            };
            self.error(Diagnostic::at(
                e.span,
                format!("{word} {k} exceeds {who}; {advice}"),
            ));
            Err(Failed)
        }
    }

    /// Dale's law for one projection (see the module comment).
    fn dale(
        &mut self,
        src: PopulationId,
        target_kind: &NeuronKind,
        weight: &Distribution,
        e: &Expr,
    ) -> Fallible<()> {
        let pop = &self.populations[src.0];
        let (name, sign) = (pop.name.clone(), pop.sign);
        let (dim, _) = weight_dimension(target_kind);
        let shown = Quantity::new(weight.mean(), dim);
        if matches!(target_kind, NeuronKind::LifCond { .. }) {
            let low = match *weight {
                Distribution::Uniform { low, .. } => low,
                _ => weight.mean(),
            };
            if low < 0.0 {
                self.error(
                    Diagnostic::at(
                        e.span,
                        format!("a conductance weight cannot be negative, but this is {shown}"),
                    )
                    .with_help(format!(
                        "write it positive: `{name}` is {} and uses the {} reversal potential",
                        sign_word(sign),
                        if sign == Sign::Inhibitory {
                            "inhibitory (e_in)"
                        } else {
                            "excitatory (e_ex)"
                        }
                    )),
                );
                return Err(Failed);
            }
            return Ok(());
        }
        let (lo, hi) = match *weight {
            Distribution::Uniform { low, high } => (low, high),
            _ => (weight.mean(), weight.mean()),
        };
        if sign.allows(lo) && sign.allows(hi) {
            return Ok(());
        }
        let must = if sign == Sign::Excitatory {
            "positive or zero"
        } else {
            "negative or zero"
        };
        self.error(
            Diagnostic::at(
                e.span,
                format!(
                    "Dale's law: `{name}` is {}, so its weights must be {must}, but this weight is {shown}",
                    sign_word(sign)
                ),
            )
            .with_help(if sign == Sign::Inhibitory {
                "inhibitory weights are written negative, e.g. `weight = -g * J`"
            } else {
                "excitatory weights are written positive"
            }),
        );
        Err(Failed)
    }

    pub fn drive(&mut self, targets: &[Ident], inputs: &[Expr]) {
        let tgts: Vec<(Ident, Fallible<PopulationId>)> = targets
            .iter()
            .map(|t| (t.clone(), self.population(t)))
            .collect();
        for input in inputs {
            for (t, tgt) in &tgts {
                let Ok(tgt) = *tgt else { continue };
                if let Ok(kind) = self.drive_kind(input, tgt) {
                    self.drives.push(Drive {
                        target: tgt,
                        kind,
                        origin: self.origin(t.span),
                    });
                }
            }
        }
    }

    fn drive_kind(&mut self, input: &Expr, tgt: PopulationId) -> Fallible<DriveKind> {
        const DRIVES: &[&str] = &["poisson", "constant", "step", "pulse"];
        let ExprKind::Call { func, args } = &input.kind else {
            self.error(Diagnostic::at(
                input.span,
                "expected a drive: poisson(...), constant(...), step(...) or pulse(...)",
            ));
            return Err(Failed);
        };
        let kind = self.kind_of_pop(tgt);
        let amp_dim = amplitude_dimension(&kind);
        let amp_why = if amp_dim == Dimension::CURRENT {
            "the amplitude of a drive onto LIF neurons is an injected current"
        } else {
            "the input to rate or binary units is a plain number"
        };
        let span = input.span;
        match func.name.as_str() {
            "poisson" => {
                let b = bind_args(
                    func,
                    args,
                    &["rate", "indegree", "weight"],
                    3,
                    span,
                    &mut self.diags,
                )?;
                let [Some(rate), Some(k), Some(w)] = b[..] else {
                    return Err(Failed);
                };
                let r = self.positive(rate, Dimension::RATE, "rate", false);
                let k = self.count(k, "indegree", 0.0, MAX_INDEGREE);
                let (dim, why) = weight_dimension(&kind);
                let weight =
                    self.quantity(w, dim, "weight", &format!("the target is made of {why}"));
                let (rate, indegree, weight) = (r?, k?, weight?);
                if matches!(kind, NeuronKind::LifCond { .. }) && weight < 0.0 {
                    self.error(Diagnostic::at(
                        w.span,
                        "a conductance weight cannot be negative",
                    ));
                    return Err(Failed);
                }
                Ok(DriveKind::Poisson {
                    rate,
                    indegree,
                    weight,
                })
            }
            "constant" => {
                let b = bind_args(func, args, &["amplitude"], 1, span, &mut self.diags)?;
                let [Some(a)] = b[..] else { return Err(Failed) };
                let amplitude = self.quantity(a, amp_dim, "amplitude", amp_why)?;
                Ok(DriveKind::Current {
                    amplitude,
                    start: 0.0,
                    stop: None,
                })
            }
            "step" => {
                let b = bind_args(
                    func,
                    args,
                    &["amplitude", "start", "stop"],
                    2,
                    span,
                    &mut self.diags,
                )?;
                let [Some(a), Some(s0), stop] = b[..] else {
                    return Err(Failed);
                };
                let amplitude = self.quantity(a, amp_dim, "amplitude", amp_why);
                let start = self.positive(s0, Dimension::TIME, "start", false);
                let stop_v = stop.map(|e| self.positive(e, Dimension::TIME, "stop", false));
                let (amplitude, start) = (amplitude?, start?);
                let stop_v = stop_v.transpose()?;
                if let (Some(st), Some(e)) = (stop_v, stop)
                    && st <= start
                {
                    self.error(Diagnostic::at(e.span, "`stop` must come after `start`"));
                    return Err(Failed);
                }
                Ok(DriveKind::Current {
                    amplitude,
                    start,
                    stop: stop_v,
                })
            }
            "pulse" => {
                let b = bind_args(
                    func,
                    args,
                    &["amplitude", "width", "times"],
                    3,
                    span,
                    &mut self.diags,
                )?;
                let [Some(a), Some(w), Some(times)] = b[..] else {
                    return Err(Failed);
                };
                let amplitude = self.quantity(a, amp_dim, "amplitude", amp_why);
                let width = self.positive(w, Dimension::TIME, "width", true);
                let ExprKind::List(items) = &times.kind else {
                    self.error(Diagnostic::at(
                        times.span,
                        "`times` must be a list of times, e.g. `[100 ms, 300 ms]`",
                    ));
                    return Err(Failed);
                };
                let ts: Vec<Fallible<f64>> = items
                    .iter()
                    .map(|t| self.positive(t, Dimension::TIME, "times", false))
                    .collect();
                let times = ts.into_iter().collect::<Fallible<Vec<f64>>>()?;
                Ok(DriveKind::Pulses {
                    amplitude: amplitude?,
                    width: width?,
                    times,
                })
            }
            other => {
                self.error(
                    Diagnostic::at(func.span, format!("unknown drive `{other}`"))
                        .suggest(other, DRIVES.iter().copied())
                        .with_help("the drives are: poisson, constant, step, pulse"),
                );
                Err(Failed)
            }
        }
    }

    /// `plasticity scaling onto E [from [A, B]] { target_rate = 5 Hz, tau = 100 s }`, checked
    /// after all projections exist.
    pub fn plasticity_rule(&mut self, stmt: &Stmt) -> Fallible<SynapticScaling> {
        let StmtKind::Plasticity {
            rule,
            target,
            from,
            block,
        } = &stmt.kind
        else {
            return Err(Failed);
        };
        if rule.name != "scaling" {
            self.error(
                Diagnostic::at(
                    rule.span,
                    format!("unknown plasticity rule `{}`", rule.name),
                )
                .with_help("the rule eibal knows is `scaling` (multiplicative synaptic scaling)"),
            );
            return Err(Failed);
        }
        let tgt = self.population(target);
        let sources: Option<Vec<Fallible<PopulationId>>> = from
            .as_ref()
            .map(|l| l.iter().map(|n| self.population(n)).collect());
        let s = self.settings(
            block,
            &["target_rate", "tau"],
            &["target_rate", "tau"],
            "synaptic scaling",
        )?;
        let (Some(rate), Some(tau)) = (s.get("target_rate").copied(), s.get("tau").copied()) else {
            return Err(Failed);
        };
        let rate = self.positive(rate, Dimension::RATE, "target_rate", true);
        let tau = self.positive(tau, Dimension::TIME, "tau", true);
        let (tgt, rate, tau) = (tgt?, rate?, tau?);
        let sources = sources
            .map(|v| v.into_iter().collect::<Fallible<Vec<_>>>())
            .transpose()?;
        let projections: Vec<ProjectionId> = self
            .projections
            .iter()
            .enumerate()
            .filter(|(_, p)| p.target == tgt)
            .filter(|(_, p)| match &sources {
                Some(list) => list.contains(&p.source),
                None => self.populations[p.source.0].sign == Sign::Excitatory,
            })
            .map(|(i, _)| ProjectionId(i))
            .collect();
        if projections.is_empty() {
            let which = if from.is_some() {
                "from the listed sources"
            } else {
                "from excitatory populations"
            };
            self.error(Diagnostic::at(
                target.span,
                format!("no projections onto `{}` {which} to scale", target.name),
            ));
            return Err(Failed);
        }
        Ok(SynapticScaling {
            target: tgt,
            target_rate: rate,
            tau,
            projections,
            origin: self.origin(stmt.span),
        })
    }
}

fn sign_word(s: Sign) -> &'static str {
    match s {
        Sign::Excitatory => "excitatory",
        Sign::Inhibitory => "inhibitory",
        Sign::Mixed => "mixed",
    }
}
