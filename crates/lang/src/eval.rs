//! Evaluation of expressions to dimensioned quantities, with dimension checking.
//!
//! Every operation checks dimensions (`+ -`, `min`, `max` need equal dimensions; `exp`, `ln`
//! and exponents need plain numbers; `sqrt` needs even exponents) and every result must be a
//! finite number, so division by zero or `ln` of a negative number is an error at its span
//! instead of a NaN travelling into the model.

use super::ast::{BinOp, Expr, ExprKind, Ident, Span};
use super::diagnostics::Diagnostic;
use super::units;
use eibal_model::{Dimension, Ion, NeuronId, PopulationId, Quantity, nernst};
use std::collections::HashMap;

/// Marker: the problem has been reported (or deliberately not, to avoid follow-up errors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failed;

pub type Fallible<T> = Result<T, Failed>;

/// What a name stands for.
#[derive(Debug, Clone, PartialEq)]
pub enum Binding {
    Value(Quantity),
    Neuron(NeuronId),
    Population(PopulationId),
    Motif(usize),
    /// A definition that failed to check: uses of it are not reported again.
    Poisoned,
}

impl Binding {
    pub fn what(&self) -> &'static str {
        match self {
            Binding::Value(_) => "a value",
            Binding::Neuron(_) => "a neuron",
            Binding::Population(_) => "a population",
            Binding::Motif(_) => "a motif",
            Binding::Poisoned => "a definition with errors",
        }
    }
}

/// Names visible at a point of the file, plus what references need to look into.
#[derive(Debug, Default)]
pub struct Scope {
    pub globals: HashMap<String, (Binding, Span)>,
    /// Motif parameters while a motif is expanded (innermost last).
    pub locals: Vec<HashMap<String, Binding>>,
    /// Every parameter of every neuron (after defaults), for `lif.tau_m`.
    pub neuron_fields: Vec<Vec<(String, Quantity)>>,
    pub population_sizes: Vec<usize>,
    /// Top-level names defined anywhere in the main file (name -> line), to tell a user who
    /// refers to a name too early where it is defined.
    pub later: HashMap<String, u32>,
}

impl Scope {
    pub fn get(&self, name: &str) -> Option<&Binding> {
        for frame in self.locals.iter().rev() {
            if let Some(b) = frame.get(name) {
                return Some(b);
            }
        }
        self.globals.get(name).map(|(b, _)| b)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.globals.keys().map(String::as_str).chain(
            self.locals
                .iter()
                .flat_map(|f| f.keys().map(String::as_str)),
        )
    }

    /// Reports an unknown name with the most helpful hint available.
    pub fn unknown(&self, name: &Ident, diags: &mut Vec<Diagnostic>) {
        let mut d = Diagnostic::at(name.span, format!("unknown name `{}`", name.name));
        if let Some(line) = self.later.get(&name.name) {
            d = d.with_help(format!(
                "`{}` is defined later, on line {line}; move its definition above this use",
                name.name
            ));
        } else if units::lookup(&name.name).is_some() {
            d = d.with_help(format!(
                "`{0}` is a unit; a unit must follow a number, e.g. `1 {0}`",
                name.name
            ));
        } else {
            d = d.suggest(&name.name, self.names());
        }
        diags.push(d);
    }
}

/// Built-in numeric functions.
pub const FUNCTIONS: &[&str] = &[
    "sqrt", "exp", "ln", "log10", "abs", "min", "max", "round", "floor", "ceil", "nernst",
];

pub struct Evaluator<'a> {
    pub scope: &'a Scope,
}

fn err<T>(diags: &mut Vec<Diagnostic>, d: Diagnostic) -> Fallible<T> {
    diags.push(d);
    Err(Failed)
}

impl Evaluator<'_> {
    /// Evaluates a numeric expression. `degC` literals are accepted only as the whole
    /// expression (an affine scale cannot be added or multiplied meaningfully).
    pub fn number(&self, e: &Expr, diags: &mut Vec<Diagnostic>) -> Fallible<Quantity> {
        self.eval(e, true, diags)
    }

    fn eval(&self, e: &Expr, top: bool, diags: &mut Vec<Diagnostic>) -> Fallible<Quantity> {
        let q = match &e.kind {
            ExprKind::Number { value, unit, .. } => match unit {
                None => Quantity::dimensionless(*value),
                Some(u) => match units::lookup(&u.name) {
                    Some(unit) if unit.is_affine() && !top => {
                        return err(
                            diags,
                            Diagnostic::at(
                                e.span,
                                "a temperature in degC cannot be used in arithmetic",
                            )
                            .with_help("write it on its own, or in kelvin (`310.15 K`)"),
                        );
                    }
                    Some(unit) => Quantity::new(value * unit.factor + unit.offset, unit.dim),
                    None => {
                        return err(
                            diags,
                            Diagnostic::at(u.span, format!("unknown unit `{}`", u.name))
                                .suggest_within(&u.name, units::COMMON.iter().copied(), 2),
                        );
                    }
                },
            },
            ExprKind::Ref { name, field } => return self.reference(name, field.as_ref(), diags),
            ExprKind::Paren(inner) => self.eval(inner, false, diags)?,
            // `-5 degC` on its own is a temperature below zero, not arithmetic on one.
            ExprKind::Neg(inner)
                if top
                    && let ExprKind::Number {
                        value,
                        unit: Some(u),
                        ..
                    } = &inner.kind
                    && let Some(unit) = units::lookup(&u.name).filter(|u| u.is_affine()) =>
            {
                Quantity::new(-value * unit.factor + unit.offset, unit.dim)
            }
            ExprKind::Neg(inner) => {
                let q = self.eval(inner, false, diags)?;
                Quantity::new(-q.si, q.dim)
            }
            ExprKind::Chain { first, rest } => {
                let mut acc = self.eval(first, false, diags);
                for (op, x) in rest {
                    let rhs = self.eval(x, false, diags);
                    let (Ok(a), Ok(b)) = (acc, rhs) else {
                        acc = Err(Failed);
                        continue;
                    };
                    acc = self.binary(*op, a, b, x.span, e.span, diags);
                }
                acc?
            }
            ExprKind::Power { base, exponent } => {
                let b = self.eval(base, false, diags);
                let x = self.eval(exponent, false, diags);
                let (b, x) = (b?, x?);
                if !x.dim.is_dimensionless() {
                    return err(
                        diags,
                        Diagnostic::at(
                            exponent.span,
                            format!("an exponent must be a plain number, but this is {}", x.dim),
                        ),
                    );
                }
                if b.dim.is_dimensionless() {
                    Quantity::dimensionless(b.si.powf(x.si))
                } else if x.si.fract() == 0.0 && x.si.abs() <= 8.0 {
                    Quantity::new(b.si.powi(x.si as i32), b.dim.powi(x.si as i8))
                } else {
                    return err(
                        diags,
                        Diagnostic::at(
                            exponent.span,
                            format!(
                                "a {} can only be raised to a whole power between -8 and 8",
                                b.dim
                            ),
                        ),
                    );
                }
            }
            ExprKind::Call { func, args } => self.call(func, args, e.span, diags)?,
            ExprKind::UnitAfterValue { operand, unit } => {
                let help = if units::lookup(&unit.name).is_some() {
                    let x = match &operand.kind {
                        ExprKind::Ref { name, field: None } => name.name.as_str(),
                        _ => "(...)",
                    };
                    format!(
                        "a unit may only follow a number; to give a value a unit, multiply: `{x} * 1 {}`",
                        unit.name
                    )
                } else {
                    "separate settings with commas or new lines".to_string()
                };
                return err(
                    diags,
                    Diagnostic::at(
                        unit.span,
                        format!("unexpected `{}` after a value", unit.name),
                    )
                    .with_help(help),
                );
            }
            ExprKind::List(_) => {
                return err(
                    diags,
                    Diagnostic::at(e.span, "expected a number here, found a list"),
                );
            }
            ExprKind::Str(_) => {
                return err(
                    diags,
                    Diagnostic::at(e.span, "expected a number here, found a text in quotes"),
                );
            }
        };
        if !q.si.is_finite() {
            return err(
                diags,
                Diagnostic::at(
                    e.span,
                    "this evaluates to a number that is infinite or undefined (NaN)",
                )
                .with_help(
                    "check for a division by zero, an overflow, or ln/sqrt of a negative number",
                ),
            );
        }
        Ok(q)
    }

    fn binary(
        &self,
        op: BinOp,
        a: Quantity,
        b: Quantity,
        rhs_span: Span,
        span: Span,
        diags: &mut Vec<Diagnostic>,
    ) -> Fallible<Quantity> {
        let q = match op {
            BinOp::Add | BinOp::Sub => {
                if a.dim != b.dim {
                    return err(
                        diags,
                        Diagnostic::at(
                            span,
                            format!(
                                "cannot {} {} and {}",
                                if op == BinOp::Add { "add" } else { "subtract" },
                                describe_short(a.dim),
                                describe_short(b.dim)
                            ),
                        ),
                    );
                }
                let si = if op == BinOp::Add {
                    a.si + b.si
                } else {
                    a.si - b.si
                };
                Quantity::new(si, a.dim)
            }
            BinOp::Mul => Quantity::new(a.si * b.si, a.dim * b.dim),
            BinOp::Div => {
                if b.si == 0.0 {
                    return err(diags, Diagnostic::at(rhs_span, "division by zero"));
                }
                Quantity::new(a.si / b.si, a.dim / b.dim)
            }
        };
        if !q.si.is_finite() {
            return err(
                diags,
                Diagnostic::at(span, "this evaluates to an infinite number (overflow)"),
            );
        }
        Ok(q)
    }

    fn reference(
        &self,
        name: &Ident,
        field: Option<&Ident>,
        diags: &mut Vec<Diagnostic>,
    ) -> Fallible<Quantity> {
        let Some(binding) = self.scope.get(&name.name) else {
            self.scope.unknown(name, diags);
            return Err(Failed);
        };
        match (binding, field) {
            (Binding::Poisoned, _) => Err(Failed),
            (Binding::Value(q), None) => Ok(*q),
            (Binding::Neuron(id), Some(f)) => {
                let fields = self.scope.neuron_fields.get(id.0).map_or(&[][..], |v| v);
                match fields.iter().find(|(n, _)| *n == f.name) {
                    Some((_, q)) => Ok(*q),
                    None => err(
                        diags,
                        Diagnostic::at(
                            f.span,
                            format!("neuron `{}` has no parameter `{}`", name.name, f.name),
                        )
                        .suggest(&f.name, fields.iter().map(|(n, _)| n.as_str())),
                    ),
                }
            }
            (Binding::Population(id), Some(f)) if f.name == "size" => Ok(Quantity::dimensionless(
                self.scope.population_sizes.get(id.0).copied().unwrap_or(0) as f64,
            )),
            (Binding::Population(_), Some(f)) => err(
                diags,
                Diagnostic::at(
                    f.span,
                    format!("a population has only the field `size`, not `{}`", f.name),
                ),
            ),
            (Binding::Neuron(_), None) => err(
                diags,
                Diagnostic::at(
                    name.span,
                    format!(
                        "`{0}` is a neuron, not a number; use one of its parameters, e.g. `{0}.tau_m`",
                        name.name
                    ),
                ),
            ),
            (Binding::Population(_), None) => err(
                diags,
                Diagnostic::at(
                    name.span,
                    format!(
                        "`{0}` is a population, not a number; its size is `{0}.size`",
                        name.name
                    ),
                ),
            ),
            (b, _) => err(
                diags,
                Diagnostic::at(
                    name.span,
                    format!("`{}` is {}, not a number", name.name, b.what()),
                ),
            ),
        }
    }

    fn call(
        &self,
        func: &Ident,
        args: &[super::ast::Arg],
        span: Span,
        diags: &mut Vec<Diagnostic>,
    ) -> Fallible<Quantity> {
        let f = func.name.as_str();
        if f == "nernst" {
            return self.nernst(func, args, span, diags);
        }
        if !FUNCTIONS.contains(&f) {
            let what = match f {
                "normal" | "lognormal" | "uniform" => {
                    "a distribution can only be the whole value of a weight, delay or v_init"
                }
                "poisson" | "constant" | "step" | "pulse" => {
                    "a drive can only appear inside `drive TARGETS { ... }`"
                }
                _ => "",
            };
            let d = if what.is_empty() {
                Diagnostic::at(func.span, format!("unknown function `{f}`"))
                    .suggest(f, FUNCTIONS.iter().copied())
            } else {
                Diagnostic::at(func.span, format!("`{f}` is not a number: {what}"))
            };
            return err(diags, d);
        }
        if let Some(named) = args.iter().find_map(|a| a.name.as_ref()) {
            return err(
                diags,
                Diagnostic::at(
                    named.span,
                    format!("`{f}` takes its arguments by position, without names"),
                ),
            );
        }
        let values: Vec<Fallible<Quantity>> = args
            .iter()
            .map(|a| self.eval(&a.value, false, diags))
            .collect();
        let values: Vec<Quantity> = values.into_iter().collect::<Fallible<_>>()?;
        let arity_ok = match f {
            "min" | "max" => !values.is_empty(),
            _ => values.len() == 1,
        };
        if !arity_ok {
            let wanted = if matches!(f, "min" | "max") {
                "at least one argument"
            } else {
                "exactly one argument"
            };
            return err(
                diags,
                Diagnostic::at(span, format!("`{f}` takes {wanted}, got {}", values.len())),
            );
        }
        let x = values[0];
        let plain = |diags: &mut Vec<Diagnostic>| -> Fallible<f64> {
            if x.dim.is_dimensionless() {
                Ok(x.si)
            } else {
                err(
                    diags,
                    Diagnostic::at(
                        args[0].value.span,
                        format!(
                            "`{f}` needs a plain number, but this is {}",
                            describe_short(x.dim)
                        ),
                    ),
                )
            }
        };
        let q = match f {
            "sqrt" => {
                if x.si < 0.0 {
                    return err(
                        diags,
                        Diagnostic::at(args[0].value.span, "square root of a negative number"),
                    );
                }
                match x.dim.sqrt() {
                    Some(d) => Quantity::new(x.si.sqrt(), d),
                    None => {
                        return err(
                            diags,
                            Diagnostic::at(
                                args[0].value.span,
                                format!("the square root of {} has no unit", describe_short(x.dim)),
                            ),
                        );
                    }
                }
            }
            "exp" => Quantity::dimensionless(plain(diags)?.exp()),
            "ln" | "log10" => {
                let v = plain(diags)?;
                if v <= 0.0 {
                    return err(
                        diags,
                        Diagnostic::at(
                            args[0].value.span,
                            format!("`{f}` of a number that is not positive ({v})"),
                        ),
                    );
                }
                Quantity::dimensionless(if f == "ln" { v.ln() } else { v.log10() })
            }
            "abs" => Quantity::new(x.si.abs(), x.dim),
            "round" => Quantity::dimensionless(plain(diags)?.round()),
            "floor" => Quantity::dimensionless(plain(diags)?.floor()),
            "ceil" => Quantity::dimensionless(plain(diags)?.ceil()),
            _ => {
                // min, max
                for (a, v) in args.iter().zip(&values) {
                    if v.dim != x.dim {
                        return err(
                            diags,
                            Diagnostic::at(
                                a.value.span,
                                format!(
                                    "`{f}` needs arguments of one dimension: {} and {}",
                                    describe_short(x.dim),
                                    describe_short(v.dim)
                                ),
                            ),
                        );
                    }
                }
                let pick = values.iter().map(|q| q.si);
                let si = if f == "min" {
                    pick.fold(f64::INFINITY, f64::min)
                } else {
                    pick.fold(f64::NEG_INFINITY, f64::max)
                };
                Quantity::new(si, x.dim)
            }
        };
        Ok(q)
    }

    /// `nernst(ion = Cl, inside = 7 mM, outside = 130 mM, temperature = 37 degC)`.
    fn nernst(
        &self,
        func: &Ident,
        args: &[super::ast::Arg],
        span: Span,
        diags: &mut Vec<Diagnostic>,
    ) -> Fallible<Quantity> {
        let bound = bind_args(
            func,
            args,
            &["ion", "inside", "outside", "temperature"],
            4,
            span,
            diags,
        )?;
        let [Some(ion), Some(inside), Some(outside), Some(temp)] = bound[..] else {
            return Err(Failed);
        };
        let ion_name = match &ion.kind {
            ExprKind::Ref { name, field: None } => name.name.as_str(),
            _ => "",
        };
        let ion_value = Ion::from_name(ion_name);
        if ion_value.is_none() {
            diags.push(
                Diagnostic::at(ion.span, "`ion` must be one of Na, K, Cl, Ca")
                    .suggest(ion_name, ["Na", "K", "Cl", "Ca"]),
            );
        }
        let ci = self.expect(inside, Dimension::CONCENTRATION, "inside", diags);
        let co = self.expect(outside, Dimension::CONCENTRATION, "outside", diags);
        let t = self.expect(temp, Dimension::TEMPERATURE, "temperature", diags);
        let (Some(ion), ci, co, t) = (ion_value, ci?, co?, t?) else {
            return Err(Failed);
        };
        for (q, e, what) in [
            (ci, inside, "inside"),
            (co, outside, "outside"),
            (t, temp, "temperature"),
        ] {
            if q.si <= 0.0 {
                return err(
                    diags,
                    Diagnostic::at(e.span, format!("`{what}` must be positive")),
                );
            }
        }
        Ok(Quantity::new(
            nernst(ion, ci.si, co.si, t.si),
            Dimension::VOLTAGE,
        ))
    }

    /// Evaluates at top level and checks the dimension; `what` names the setting.
    pub fn expect(
        &self,
        e: &Expr,
        dim: Dimension,
        what: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Fallible<Quantity> {
        let q = self.eval(e, true, diags)?;
        if q.dim != dim {
            return err(diags, wrong_dimension(e.span, what, dim, q.dim, ""));
        }
        Ok(q)
    }
}

/// "`weight` must be a voltage (e.g. `1 mV`), but this is a current", with `why` as help.
pub fn wrong_dimension(
    span: Span,
    what: &str,
    expected: Dimension,
    found: Dimension,
    why: &str,
) -> Diagnostic {
    let d = Diagnostic::at(
        span,
        format!(
            "`{what}` must be {}, but this is {}",
            units::describe(expected),
            describe_short(found)
        ),
    );
    if why.is_empty() { d } else { d.with_help(why) }
}

/// "a voltage", "a plain number", "a quantity of dimension m^2 kg s^-3".
pub fn describe_short(dim: Dimension) -> String {
    if dim.is_dimensionless() {
        return "a plain number".to_string();
    }
    match dim.name() {
        Some(n) => {
            let article = if n.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!("{article} {n}")
        }
        None => format!("a quantity of dimension {dim}"),
    }
}

/// Matches call arguments (by position, then by name) to `params`. The first `required`
/// params must be given. Reports unknown, repeated, missing and surplus arguments.
pub fn bind_args<'e>(
    func: &Ident,
    args: &'e [super::ast::Arg],
    params: &[&str],
    required: usize,
    span: Span,
    diags: &mut Vec<Diagnostic>,
) -> Fallible<Vec<Option<&'e Expr>>> {
    let mut bound: Vec<Option<&Expr>> = vec![None; params.len()];
    let mut ok = true;
    let mut position = 0;
    for a in args {
        let slot = match &a.name {
            Some(n) => match params.iter().position(|p| *p == n.name) {
                Some(i) => i,
                None => {
                    diags.push(
                        Diagnostic::at(
                            n.span,
                            format!("`{}` has no argument `{}`", func.name, n.name),
                        )
                        .suggest(&n.name, params.iter().copied())
                        .with_help(format!(
                            "`{}` takes: {}",
                            func.name,
                            params.join(", ")
                        )),
                    );
                    ok = false;
                    continue;
                }
            },
            None => {
                let i = position;
                position += 1;
                if i >= params.len() {
                    diags.push(Diagnostic::at(
                        a.value.span,
                        format!(
                            "too many arguments: `{}` takes at most {} ({})",
                            func.name,
                            params.len(),
                            params.join(", ")
                        ),
                    ));
                    ok = false;
                    continue;
                }
                i
            }
        };
        if bound[slot].is_some() {
            diags.push(Diagnostic::at(
                a.name.as_ref().map_or(a.value.span, |n| n.span),
                format!("argument `{}` given twice", params[slot]),
            ));
            ok = false;
            continue;
        }
        bound[slot] = Some(&a.value);
    }
    for (i, p) in params.iter().enumerate().take(required) {
        if bound[i].is_none() && ok {
            diags.push(Diagnostic::at(
                span,
                format!("`{}` needs the argument `{p}`", func.name),
            ));
            ok = false;
        }
    }
    if ok { Ok(bound) } else { Err(Failed) }
}
