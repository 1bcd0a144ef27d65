//! The checker: walks the statements in order (every name must be defined before its use),
//! evaluates expressions, enforces units, ranges and Dale's law, and assembles the
//! [`Model`]. It keeps going after an error where it sensibly can, so one run reports
//! several problems; a definition that failed is "poisoned" so that its uses are not
//! reported again.

use super::Override;
use super::ast::*;
use super::diagnostics::Diagnostic;
use super::eval::{Binding, Evaluator, Failed, Fallible, Scope, wrong_dimension};
use super::parse;
use super::source::SourceMap;
use eibal_model::*;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// Largest population accepted: beyond this no machine could hold the network.
pub const MAX_POPULATION: f64 = 1e9;

/// A motif definition, kept as syntax and expanded at each `use`.
#[derive(Debug, Clone)]
pub struct MotifDef {
    pub name: Ident,
    pub params: Vec<Ident>,
    pub body: Vec<Stmt>,
}

/// A `--set` override and whether a param used it.
pub struct PendingOverride {
    pub name: String,
    pub value: OverrideValue,
    pub used: bool,
}

pub enum OverrideValue {
    Expr(Expr),
    Value(Quantity),
}

pub struct Checker<'s> {
    pub sources: &'s mut SourceMap,
    pub diags: Vec<Diagnostic>,
    /// Legal but suspicious constructs, reported without failing the check.
    pub warnings: Vec<Diagnostic>,
    pub scope: Scope,
    pub model_name: Option<String>,
    pub main_file: FileId,
    pub params: Vec<Param>,
    pub definitions: Vec<Definition>,
    pub neurons: Vec<Neuron>,
    pub populations: Vec<Population>,
    pub projections: Vec<Projection>,
    /// Projections written without `delay`: they get the simulation step at the end.
    pub default_delay: Vec<usize>,
    /// Where each written delay is, to compare it with the time step at the end.
    pub delay_spans: Vec<(usize, Span)>,
    pub drives: Vec<Drive>,
    pub plasticity: Vec<(Stmt, Option<(Span, String)>)>,
    pub simulation: Option<Simulation>,
    /// Where `dt` is written (or the `simulate` block), for warnings about the time step.
    pub dt_span: Option<Span>,
    pub sweeps: Vec<eibal_model::Axis>,
    pub overrides: Vec<PendingOverride>,
    pub motifs: Vec<MotifDef>,
    /// Files being included (for cycle detection), outermost first.
    pub include_stack: Vec<PathBuf>,
    /// The same files as written by the user (relative to the main file), for messages.
    pub include_display: Vec<PathBuf>,
    /// Files already included once (a second include is skipped).
    pub included: HashSet<PathBuf>,
    /// While a motif is expanded: the `use` site and the motif name, for `Origin`.
    pub expansion: Option<(Span, String)>,
    pub expansion_depth: usize,
    /// Statements produced by motif expansions so far.
    pub expanded_statements: usize,
}

/// Builds a model from a parsed main program. `set` are the overrides.
pub fn check_program(
    program: &Program,
    sources: &mut SourceMap,
    set: &[Override],
    include_root: Option<PathBuf>,
) -> Result<Model, Vec<Diagnostic>> {
    check_program_warned(program, sources, set, include_root).0
}

/// Like [`check_program`], also returning the warnings (in the order of the file).
pub fn check_program_warned(
    program: &Program,
    sources: &mut SourceMap,
    set: &[Override],
    include_root: Option<PathBuf>,
) -> (Result<Model, Vec<Diagnostic>>, Vec<Diagnostic>) {
    let main_file = program.file;
    let mut checker = Checker {
        sources,
        diags: Vec::new(),
        warnings: Vec::new(),
        scope: Scope::default(),
        model_name: None,
        main_file,
        params: Vec::new(),
        definitions: Vec::new(),
        neurons: Vec::new(),
        populations: Vec::new(),
        projections: Vec::new(),
        default_delay: Vec::new(),
        delay_spans: Vec::new(),
        drives: Vec::new(),
        plasticity: Vec::new(),
        simulation: None,
        dt_span: None,
        sweeps: Vec::new(),
        overrides: Vec::new(),
        motifs: Vec::new(),
        include_stack: include_root.into_iter().collect(),
        included: HashSet::new(),
        include_display: Vec::new(),
        expansion: None,
        expansion_depth: 0,
        expanded_statements: 0,
    };
    checker.prepare_overrides(set);
    checker.collect_later_names(program);
    for stmt in &program.statements {
        checker.statement(stmt);
    }
    // A file of motifs only is a library for `include`; anything else needs populations.
    if checker.populations.is_empty() && checker.motifs.is_empty() && checker.diags.is_empty() {
        let at = program.statements.first().map_or(
            Span {
                file: main_file,
                start: 0,
                end: 0,
            },
            |s| s.span,
        );
        checker.diags.push(
            Diagnostic::at(
                at,
                "the model has no populations, so there is nothing to run",
            )
            .with_help("add one, e.g. `population E : lif, excitatory { size = 1000 }`"),
        );
    }
    checker.time_grid();
    let mut warnings = std::mem::take(&mut checker.warnings);
    dedup(&mut warnings);
    (checker.finish(), warnings)
}

impl Checker<'_> {
    fn prepare_overrides(&mut self, set: &[Override]) {
        for o in set {
            match o {
                Override::Text { name, expr } => {
                    let file = self.sources.add(format!("--set {name}"), expr.clone());
                    match parse::parse_expression(expr, file) {
                        Ok(e) => self.overrides.push(PendingOverride {
                            name: name.clone(),
                            value: OverrideValue::Expr(e),
                            used: false,
                        }),
                        Err(d) => {
                            self.diags.push(d);
                            // Still mark the name as overridden so that it is not also
                            // reported as unknown.
                            self.overrides.push(PendingOverride {
                                name: name.clone(),
                                value: OverrideValue::Value(Quantity::dimensionless(f64::NAN)),
                                used: true,
                            });
                        }
                    }
                }
                Override::Value { name, value } => self.overrides.push(PendingOverride {
                    name: name.clone(),
                    value: OverrideValue::Value(*value),
                    used: false,
                }),
            }
        }
    }

    fn collect_later_names(&mut self, program: &Program) {
        for s in &program.statements {
            let name = match &s.kind {
                StmtKind::Param { name, .. }
                | StmtKind::Let { name, .. }
                | StmtKind::Neuron { name, .. }
                | StmtKind::Population { name, .. }
                | StmtKind::Motif { name, .. } => name,
                _ => continue,
            };
            let (line, _) = self.sources.line_col(name.span.file, name.span.start);
            self.scope.later.entry(name.name.clone()).or_insert(line);
        }
    }

    pub fn error(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    pub fn warn(&mut self, d: Diagnostic) {
        self.warnings.push(d);
    }

    /// Evaluates a numeric expression in the current scope.
    pub fn eval_number(&mut self, e: &Expr) -> Fallible<Quantity> {
        Evaluator { scope: &self.scope }.number(e, &mut self.diags)
    }

    /// Evaluates and checks the dimension (`what` names the setting in messages).
    pub fn eval_expect(&mut self, e: &Expr, dim: Dimension, what: &str) -> Fallible<Quantity> {
        Evaluator { scope: &self.scope }.expect(e, dim, what, &mut self.diags)
    }

    /// Where a model element comes from: the statement, or the `use` of a motif.
    pub fn origin(&self, span: Span) -> Origin {
        let (span, motif) = match &self.expansion {
            Some((site, name)) => (*site, Some(name.clone())),
            None => (span, None),
        };
        let (line, column) = self.sources.line_col(span.file, span.start);
        Origin {
            file: self.sources.name(span.file).to_string(),
            line,
            column,
            motif,
        }
    }

    /// Defines a top-level name, reporting a duplicate.
    pub fn define(&mut self, name: &Ident, binding: Binding) {
        if let Some((_, first)) = self.scope.globals.get(&name.name) {
            let (line, _) = self.sources.line_col(first.file, first.start);
            let file = self.sources.name(first.file).to_string();
            self.diags.push(
                Diagnostic::at(name.span, format!("`{}` is already defined", name.name))
                    .with_help(format!("the first definition is at {file}:{line}")),
            );
            return;
        }
        self.scope
            .globals
            .insert(name.name.clone(), (binding, name.span));
    }

    /// Looks up a population name (also through motif parameters).
    pub fn population(&mut self, name: &Ident) -> Fallible<PopulationId> {
        match self.scope.get(&name.name) {
            Some(Binding::Population(id)) => Ok(*id),
            Some(Binding::Poisoned) => Err(Failed),
            Some(b) => {
                let what = b.what();
                self.error(Diagnostic::at(
                    name.span,
                    format!("`{}` is {what}, not a population", name.name),
                ));
                Err(Failed)
            }
            None => {
                let pops: Vec<String> = self.populations.iter().map(|p| p.name.clone()).collect();
                let mut d =
                    Diagnostic::at(name.span, format!("unknown population `{}`", name.name));
                if let Some(line) = self.scope.later.get(&name.name) {
                    d = d.with_help(format!(
                        "`{}` is defined later, on line {line}; move its definition above this use",
                        name.name
                    ));
                } else {
                    d = d.suggest(&name.name, pops.iter().map(String::as_str));
                }
                self.error(d);
                Err(Failed)
            }
        }
    }

    pub fn statement(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::Model(name) => {
                if stmt.span.file != self.main_file {
                    self.error(Diagnostic::at(
                        stmt.span,
                        "an included file cannot name the model; only the main file has `model`",
                    ));
                } else if self.model_name.is_some() {
                    self.error(Diagnostic::at(stmt.span, "the model is already named"));
                } else {
                    self.model_name = Some(name.name.clone());
                }
            }
            StmtKind::Include { path, path_span } => self.include(path, *path_span),
            StmtKind::Param { name, value } => self.param(name, value),
            StmtKind::Let { name, value } => match self.eval_number(value) {
                Ok(q) => {
                    self.definitions.push(Definition {
                        name: name.name.clone(),
                        value: q,
                        origin: self.origin(name.span),
                    });
                    self.define(name, Binding::Value(q));
                }
                Err(Failed) => self.define(name, Binding::Poisoned),
            },
            StmtKind::Neuron { name, kind, block } => self.neuron(name, kind, block),
            StmtKind::Population {
                name,
                neuron,
                sign,
                block,
            } => self.population_statement(name, neuron, sign, block),
            StmtKind::Connect {
                source,
                targets,
                block,
            } => self.connect(source, targets, block),
            StmtKind::Drive { targets, inputs } => self.drive(targets, inputs),
            StmtKind::Motif { name, params, body } => self.motif_definition(name, params, body),
            StmtKind::Use { call } => self.use_motif(call),
            StmtKind::Plasticity { .. } => {
                self.plasticity.push((stmt.clone(), self.expansion.clone()));
            }
            StmtKind::Simulate { block } => self.simulate(block, stmt.span),
            StmtKind::Sweep { axes } => self.sweep(axes),
        }
    }

    fn param(&mut self, name: &Ident, value: &Expr) {
        let default = self.eval_number(value);
        let Ok(default) = default else {
            self.define(name, Binding::Poisoned);
            return;
        };
        let mut current = default;
        // `--set g=5 --set g=6`: the last one wins (as in `ModelSource::with`); all count
        // as used, so that none is reported as naming a missing param.
        if let Some(i) = self.overrides.iter().rposition(|o| o.name == name.name) {
            for o in self.overrides.iter_mut().filter(|o| o.name == name.name) {
                o.used = true;
            }
            let set = match &self.overrides[i].value {
                OverrideValue::Value(q) if q.si.is_nan() => Err(Failed),
                OverrideValue::Value(q) => {
                    if q.dim != default.dim {
                        self.error(Diagnostic::nowhere(format!(
                            "--set {}: the value must be {}, like the default, but it is {}",
                            name.name,
                            super::units::describe(default.dim),
                            super::eval::describe_short(q.dim)
                        )));
                        Err(Failed)
                    } else {
                        Ok(*q)
                    }
                }
                OverrideValue::Expr(e) => {
                    let e = e.clone();
                    self.eval_expect(&e, default.dim, &name.name)
                }
            };
            match set {
                Ok(q) => current = q,
                Err(Failed) => {
                    self.define(name, Binding::Poisoned);
                    return;
                }
            }
        }
        self.params.push(Param {
            name: name.name.clone(),
            value: current,
            default,
            origin: self.origin(name.span),
        });
        self.define(name, Binding::Value(current));
    }

    fn population_statement(&mut self, name: &Ident, neuron: &Ident, sign: &Ident, block: &Block) {
        let neuron_id = match self.scope.get(&neuron.name) {
            Some(Binding::Neuron(id)) => Some(*id),
            Some(Binding::Poisoned) => None,
            Some(b) => {
                let what = b.what();
                self.error(Diagnostic::at(
                    neuron.span,
                    format!("`{}` is {what}, not a neuron", neuron.name),
                ));
                None
            }
            None => {
                let names: Vec<String> = self.neurons.iter().map(|n| n.name.clone()).collect();
                self.error(
                    Diagnostic::at(neuron.span, format!("unknown neuron `{}`", neuron.name))
                        .suggest(&neuron.name, names.iter().map(String::as_str))
                        .with_help("define it first: `neuron NAME = lif_delta { ... }`"),
                );
                None
            }
        };
        let sign_value = match sign.name.as_str() {
            "excitatory" => Some(Sign::Excitatory),
            "inhibitory" => Some(Sign::Inhibitory),
            "mixed" => Some(Sign::Mixed),
            other => {
                self.error(
                    Diagnostic::at(
                        sign.span,
                        format!("unknown sign `{other}`: write excitatory, inhibitory or mixed"),
                    )
                    .suggest(other, ["excitatory", "inhibitory", "mixed"]),
                );
                None
            }
        };
        if let (Some(Sign::Mixed), Some(id)) = (sign_value, neuron_id) {
            let kind = &self.neurons[id.0].kind;
            if kind.lif().is_some() {
                self.error(Diagnostic::at(
                    sign.span,
                    format!(
                        "`mixed` (no Dale's law) is only for rate and binary units, and `{}` is {}",
                        neuron.name,
                        kind.keyword()
                    ),
                ).with_help("spiking populations are excitatory or inhibitory"));
            }
        }
        let settings = self.settings(block, &["size"], &["size"], "a population");
        let size = settings
            .as_ref()
            .ok()
            .and_then(|s| s.get("size").copied())
            .map(|e| self.count(e, "size", 1.0, MAX_POPULATION));
        match (neuron_id, sign_value, size) {
            (Some(neuron), Some(sign), Some(Ok(size))) => {
                let id = PopulationId(self.populations.len());
                self.populations.push(Population {
                    name: name.name.clone(),
                    size,
                    neuron,
                    sign,
                    origin: self.origin(name.span),
                });
                self.scope.population_sizes.push(size);
                self.define(name, Binding::Population(id));
            }
            _ => self.define(name, Binding::Poisoned),
        }
    }

    /// Reads a whole number in [min, max] (a size, an in-degree, a sample count).
    pub fn count(&mut self, e: &Expr, what: &str, min: f64, max: f64) -> Fallible<usize> {
        let q = self.eval_expect(e, Dimension::NONE, what)?;
        let v = q.si;
        if v < min {
            let d = if v < 0.0 {
                Diagnostic::at(e.span, format!("`{what}` is negative ({})", fmt_number(v)))
            } else {
                Diagnostic::at(
                    e.span,
                    format!(
                        "`{what}` must be at least {min}, but it is {}",
                        fmt_number(v)
                    ),
                )
            };
            self.error(d);
            return Err(Failed);
        }
        if v > max {
            self.error(Diagnostic::at(
                e.span,
                format!(
                    "`{what}` is {}, more than the limit of {max:e}",
                    fmt_number(v)
                ),
            ));
            return Err(Failed);
        }
        if v.fract() != 0.0 {
            self.error(
                Diagnostic::at(
                    e.span,
                    format!(
                        "`{what}` must be a whole number, but it is {}",
                        fmt_number(v)
                    ),
                )
                .with_help("wrap it in `round(...)` to round to the nearest whole number"),
            );
            return Err(Failed);
        }
        Ok(v as usize)
    }

    /// The settings of a block by name. Reports unknown and repeated settings and missing
    /// required ones (`required` is a subset of `allowed`).
    pub fn settings<'b>(
        &mut self,
        block: &'b Block,
        allowed: &[&str],
        required: &[&str],
        what: &str,
    ) -> Fallible<HashMap<&'b str, &'b Expr>> {
        let mut map: HashMap<&str, &Expr> = HashMap::new();
        let mut ok = true;
        for s in &block.settings {
            if !allowed.contains(&s.key.name.as_str()) {
                self.error(
                    Diagnostic::at(
                        s.key.span,
                        format!("unknown setting `{}` for {what}", s.key.name),
                    )
                    .suggest(&s.key.name, allowed.iter().copied())
                    .or_help(format!("{what} takes: {}", allowed.join(", "))),
                );
                continue;
            }
            if map.insert(&s.key.name, &s.value).is_some() {
                self.error(Diagnostic::at(
                    s.key.span,
                    format!("`{}` is set twice", s.key.name),
                ));
                ok = false;
            }
        }
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|r| !map.contains_key(r))
            .collect();
        if !missing.is_empty() {
            let list = missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ");
            self.error(Diagnostic::at(block.span, format!("{what} needs {list}")));
            ok = false;
        }
        if ok { Ok(map) } else { Err(Failed) }
    }

    /// A `true`/`false` setting.
    pub fn boolean(&mut self, e: &Expr, what: &str) -> Fallible<bool> {
        match keyword(e) {
            Some("true") => Ok(true),
            Some("false") => Ok(false),
            _ => {
                self.error(Diagnostic::at(
                    e.span,
                    format!("`{what}` must be `true` or `false`"),
                ));
                Err(Failed)
            }
        }
    }

    /// Evaluates with a dimension check; `why` completes "must be a voltage<why>".
    pub fn quantity(&mut self, e: &Expr, dim: Dimension, what: &str, why: &str) -> Fallible<f64> {
        let q = self.eval_number(e)?;
        if q.dim != dim {
            self.error(wrong_dimension(e.span, what, dim, q.dim, why));
            return Err(Failed);
        }
        Ok(q.si)
    }

    /// A quantity that must be > 0 (`strict`) or >= 0.
    pub fn positive(
        &mut self,
        e: &Expr,
        dim: Dimension,
        what: &str,
        strict: bool,
    ) -> Fallible<f64> {
        let v = self.quantity(e, dim, what, "")?;
        if v < 0.0 || (strict && v == 0.0) {
            let bound = if strict {
                "positive"
            } else {
                "zero or positive"
            };
            self.error(Diagnostic::at(
                e.span,
                format!(
                    "`{what}` must be {bound}, but it is {}",
                    Quantity::new(v, dim)
                ),
            ));
            return Err(Failed);
        }
        Ok(v)
    }

    /// A number or a distribution (`normal(mean =, sd =)`, `lognormal(mean =, sd =)`,
    /// `uniform(low =, high =)`), every parameter of dimension `dim`.
    pub fn distribution(
        &mut self,
        e: &Expr,
        dim: Dimension,
        what: &str,
        why: &str,
    ) -> Fallible<Distribution> {
        let ExprKind::Call { func, args } = &e.kind else {
            return Ok(Distribution::fixed(self.quantity(e, dim, what, why)?));
        };
        let params: &[&str] = match func.name.as_str() {
            "normal" | "lognormal" => &["mean", "sd"],
            "uniform" => &["low", "high"],
            _ => return Ok(Distribution::fixed(self.quantity(e, dim, what, why)?)),
        };
        let bound = super::eval::bind_args(func, args, params, 2, e.span, &mut self.diags)?;
        let [Some(a), Some(b)] = bound[..] else {
            return Err(Failed);
        };
        let x = self.quantity(a, dim, &format!("{what}: {}", params[0]), why);
        let y = self.quantity(b, dim, &format!("{what}: {}", params[1]), why);
        let (x, y) = (x?, y?);
        match func.name.as_str() {
            "uniform" => {
                if x > y {
                    self.error(Diagnostic::at(e.span, "`uniform` needs `low` <= `high`"));
                    return Err(Failed);
                }
                Ok(Distribution::Uniform { low: x, high: y })
            }
            name => {
                if y < 0.0 {
                    self.error(Diagnostic::at(b.span, "`sd` must not be negative"));
                    return Err(Failed);
                }
                if name == "lognormal" {
                    if x == 0.0 {
                        self.error(Diagnostic::at(a.span, "a log-normal needs a non-zero mean"));
                        return Err(Failed);
                    }
                    Ok(Distribution::LogNormal { mean: x, sd: y })
                } else {
                    Ok(Distribution::Normal { mean: x, sd: y })
                }
            }
        }
    }

    fn finish(mut self) -> Result<Model, Vec<Diagnostic>> {
        let plasticity = std::mem::take(&mut self.plasticity);
        let mut rules = Vec::new();
        for (stmt, expansion) in &plasticity {
            self.expansion = expansion.clone();
            if let Ok(rule) = self.plasticity_rule(stmt) {
                rules.push(rule);
            }
        }
        self.expansion = None;
        let unknown: Vec<String> = self
            .overrides
            .iter()
            .filter(|o| !o.used)
            .map(|o| o.name.clone())
            .collect();
        for name in unknown {
            let params: Vec<&str> = self.params.iter().map(|p| p.name.as_str()).collect();
            let list = if params.is_empty() {
                "this model has no params".to_string()
            } else {
                format!("the params are: {}", params.join(", "))
            };
            let d = Diagnostic::nowhere(format!("--set {name}: the model has no param `{name}`"))
                .suggest(&name, params.iter().copied());
            let d = match d.help.clone() {
                Some(h) => d.with_help(format!("{h} ({list})")),
                None => d.with_help(list),
            };
            self.diags.push(d);
        }
        let simulation = self.simulation.take().unwrap_or_default();
        for &i in &self.default_delay {
            if let Some(p) = self.projections.get_mut(i) {
                p.delay = Distribution::fixed(simulation.dt);
            }
        }
        // A spike cannot arrive before the next step: delays are at least dt (as in NEST).
        let mut reported = Vec::new();
        for (i, span) in &self.delay_spans {
            let Some(p) = self.projections.get(*i) else {
                continue;
            };
            let shortest = match p.delay {
                Distribution::Fixed { value } => value,
                Distribution::Uniform { low, .. } => low,
                _ => p.delay.mean(),
            };
            // The simulator keeps spikes in flight in a ring of at most u16::MAX steps
            // (`eibal_model::network::delay_steps`); refuse here what it would refuse.
            let longest = match p.delay {
                Distribution::Fixed { value } => value,
                Distribution::Uniform { high, .. } => high,
                _ => p.delay.mean(),
            };
            if (longest / simulation.dt).round() > f64::from(u16::MAX) && !reported.contains(span) {
                reported.push(*span);
                self.diags.push(
                    Diagnostic::at(
                        *span,
                        format!(
                            "the delay {} is more than {} time steps of dt = {}",
                            Quantity::new(longest, Dimension::TIME),
                            u16::MAX,
                            Quantity::new(simulation.dt, Dimension::TIME)
                        ),
                    )
                    .with_help("the simulator holds spikes in flight for at most 65535 steps: shorten the delay or enlarge dt"),
                );
                continue;
            }
            // Tolerance for decimal steps such as 0.1 ms written in other units.
            if shortest < simulation.dt * (1.0 - 1e-9) && !reported.contains(span) {
                reported.push(*span);
                self.diags.push(
                    Diagnostic::at(
                        *span,
                        format!(
                            "the delay {} is shorter than the time step dt = {}",
                            Quantity::new(shortest, Dimension::TIME),
                            Quantity::new(simulation.dt, Dimension::TIME)
                        ),
                    )
                    .with_help("a spike cannot arrive before the next step: lengthen the delay or shorten dt"),
                );
            }
        }
        if !self.diags.is_empty() {
            let mut diags = self.diags;
            dedup(&mut diags);
            return Err(diags);
        }
        let file = self.sources.name(self.main_file).to_string();
        let name = self.model_name.take().unwrap_or_else(|| {
            std::path::Path::new(&file)
                .file_stem()
                .map_or("model".to_string(), |s| s.to_string_lossy().into_owned())
        });
        let model = Model {
            name,
            file,
            params: self.params,
            definitions: self.definitions,
            neurons: self.neurons,
            populations: self.populations,
            projections: self.projections,
            drives: self.drives,
            plasticity: rules,
            simulation,
            sweeps: self.sweeps,
        };
        // A last line of defence: the checks above should make this unreachable.
        if let Err(problems) = model.validate() {
            return Err(problems
                .into_iter()
                .map(|p| Diagnostic::nowhere(format!("internal check failed: {p}")))
                .collect());
        }
        Ok(model)
    }
}

/// Drops repeated identical diagnostics (a statement with several targets checks its
/// weight once per target).
fn dedup(diags: &mut Vec<Diagnostic>) {
    let mut seen: Vec<Diagnostic> = Vec::new();
    diags.retain(|d| {
        if seen.contains(d) {
            false
        } else {
            seen.push(d.clone());
            true
        }
    });
}

/// A bare name used as a keyword value (`tanh`, `true`, `dendrite`).
pub fn keyword(e: &Expr) -> Option<&str> {
    match &e.kind {
        ExprKind::Ref { name, field: None } => Some(&name.name),
        _ => None,
    }
}
