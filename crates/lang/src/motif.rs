//! Motifs: reusable wiring patterns with parameters, expanded at each `use`.
//!
//! `motif ffi(src, principal, inter, w) { connect src -> principal { ... } ... }` and
//! `use ffi(X, PC, PV, 0.2 mV)`. An argument that is the bare name of a population binds a
//! population; any other argument is evaluated in the caller's scope and binds a value.
//! Elements produced by an expansion carry the `use` site and the motif name in `Origin`.

use super::ast::{Expr, ExprKind, Ident, Stmt};
use super::check::{Checker, MotifDef};
use super::diagnostics::Diagnostic;
use super::eval::{Binding, Failed};
use std::collections::HashMap;

/// Deepest chain of motifs using motifs.
const MAX_EXPANSION_DEPTH: usize = 16;
/// Most statements all expansions together may produce (motifs that use others several
/// times grow exponentially with depth).
const MAX_EXPANDED_STATEMENTS: usize = 100_000;

impl Checker<'_> {
    pub fn motif_definition(&mut self, name: &Ident, params: &[Ident], body: &[Stmt]) {
        let mut seen: Vec<&str> = Vec::new();
        for p in params {
            if seen.contains(&p.name.as_str()) {
                self.error(Diagnostic::at(
                    p.span,
                    format!("motif parameter `{}` appears twice", p.name),
                ));
            }
            seen.push(&p.name);
        }
        let id = self.motifs.len();
        self.motifs.push(MotifDef {
            name: name.clone(),
            params: params.to_vec(),
            body: body.to_vec(),
        });
        self.define(name, Binding::Motif(id));
    }

    pub fn use_motif(&mut self, call: &Expr) {
        let ExprKind::Call { func, args } = &call.kind else {
            self.error(Diagnostic::at(
                call.span,
                "expected a motif call, e.g. `use name(A, B)`",
            ));
            return;
        };
        let id = match self.scope.get(&func.name) {
            Some(Binding::Motif(id)) => *id,
            Some(Binding::Poisoned) => return,
            Some(b) => {
                let what = b.what();
                self.error(Diagnostic::at(
                    func.span,
                    format!("`{}` is {what}, not a motif", func.name),
                ));
                return;
            }
            None => {
                let motifs: Vec<String> = self.motifs.iter().map(|m| m.name.name.clone()).collect();
                self.error(
                    Diagnostic::at(func.span, format!("unknown motif `{}`", func.name))
                        .suggest(&func.name, motifs.iter().map(String::as_str))
                        .with_help("define it with `motif` or `include` the file that does"),
                );
                return;
            }
        };
        let def = self.motifs[id].clone();
        if args.len() != def.params.len() {
            let list: Vec<&str> = def.params.iter().map(|p| p.name.as_str()).collect();
            self.error(
                Diagnostic::at(
                    call.span,
                    format!(
                        "motif `{}` takes {} argument{}, but {} {} given",
                        func.name,
                        def.params.len(),
                        if def.params.len() == 1 { "" } else { "s" },
                        args.len(),
                        if args.len() == 1 { "was" } else { "were" }
                    ),
                )
                .with_help(format!("`{}({})`", func.name, list.join(", "))),
            );
            return;
        }
        if self.expansion_depth >= MAX_EXPANSION_DEPTH {
            self.error(Diagnostic::at(
                call.span,
                format!("motifs use each other more than {MAX_EXPANSION_DEPTH} levels deep (a motif that uses itself?)"),
            ));
            return;
        }
        self.expanded_statements += def.body.len();
        if self.expanded_statements > MAX_EXPANDED_STATEMENTS {
            self.error(Diagnostic::at(
                call.span,
                format!("motif expansion produces more than {MAX_EXPANDED_STATEMENTS} statements"),
            ));
            return;
        }
        let mut frame = HashMap::new();
        let mut ok = true;
        for (p, a) in def.params.iter().zip(args) {
            if let Some(n) = &a.name
                && n.name != p.name
            {
                self.error(Diagnostic::at(
                    n.span,
                    format!(
                        "motif `{}` has no parameter `{}` at this position (expected `{}`)",
                        func.name, n.name, p.name
                    ),
                ));
                ok = false;
                continue;
            }
            let binding = match &a.value.kind {
                ExprKind::Ref { name, field: None } => match self.scope.get(&name.name) {
                    Some(Binding::Population(id)) => Some(Binding::Population(*id)),
                    _ => None,
                },
                _ => None,
            };
            let binding = match binding {
                Some(b) => b,
                None => match self.eval_number(&a.value) {
                    Ok(q) => Binding::Value(q),
                    Err(Failed) => {
                        ok = false;
                        Binding::Poisoned
                    }
                },
            };
            frame.insert(p.name.clone(), binding);
        }
        if !ok {
            return;
        }
        let outer = self.expansion.take();
        self.expansion = Some(match &outer {
            // Nested expansions keep the outermost use site (what the user wrote).
            Some((site, name)) => (*site, format!("{name} > {}", func.name)),
            None => (call.span, func.name.clone()),
        });
        self.expansion_depth += 1;
        // Inside a motif only its parameters and the global names are visible.
        let saved = std::mem::take(&mut self.scope.locals);
        self.scope.locals.push(frame);
        let first_new = self.diags.len();
        for stmt in &def.body {
            self.statement(stmt);
        }
        if outer.is_none() {
            let (line, column) = self.sources.line_col(call.span.file, call.span.start);
            let note = format!(
                "in motif `{}` used at {}:{line}:{column}",
                func.name,
                self.sources.name(call.span.file)
            );
            for d in &mut self.diags[first_new..] {
                d.note.get_or_insert_with(|| note.clone());
            }
        }
        self.scope.locals = saved;
        self.expansion_depth -= 1;
        self.expansion = outer;
    }
}
